# Settings: a client that supports workspace/configuration is asked for the `closurelens` section
# after initialized; its answer (CL201 ignored) drops the diagnostic; a later
# didChangeConfiguration makes the server ask again, and severity overrides apply.
>> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"file:///nonexistent-root","capabilities":{"workspace":{"configuration":true}}}}
<< {"id":1,"result":"<any>"}
>> {"jsonrpc":"2.0","method":"initialized","params":{}}
<< {"method":"workspace/configuration","params":{"items":[{"section":"closurelens"}]}}
>>reply [{"ignore":["CL201"]}]
>> {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///nonexistent-root/deco.py","languageId":"python","version":1,"text":"import functools\n\n\ndef timed(func):\n    def wrapper(*args, **kwargs):\n        return func(*args, **kwargs)\n    return wrapper\n"}}}
<< {"method":"textDocument/publishDiagnostics","params":{"uri":"file:///nonexistent-root/deco.py","version":1,"diagnostics":[]}}
>> {"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":null}}
<< {"method":"workspace/configuration","params":{"items":[{"section":"closurelens"}]}}
>>reply [{"severity":{"CL201":"error"}}]
<< {"method":"textDocument/publishDiagnostics","params":{"uri":"file:///nonexistent-root/deco.py","version":1,"diagnostics":[{"code":"CL201","severity":1}]}}
>> {"jsonrpc":"2.0","id":99,"method":"shutdown","params":null}
<< {"id":99,"result":null}
>> {"jsonrpc":"2.0","method":"exit"}
exit-code: 0
