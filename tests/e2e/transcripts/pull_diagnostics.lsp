# A client that pulls diagnostics gets them from textDocument/diagnostic (full, then unchanged
# for the same version) and is sent no publishDiagnostics.
>> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{"textDocument":{"diagnostic":{"dynamicRegistration":false}}}}}
<< {"id":1,"result":"<any>"}
>> {"jsonrpc":"2.0","method":"initialized","params":{}}
>> {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/deco.py","languageId":"python","version":7,"text":"import functools\n\n\ndef timed(func):\n    def wrapper(*args, **kwargs):\n        return func(*args, **kwargs)\n    return wrapper\n"}}}
>> {"jsonrpc":"2.0","id":2,"method":"textDocument/diagnostic","params":{"textDocument":{"uri":"file:///w/deco.py"}}}
<< {"id":2,"result":{"kind":"full","resultId":"<any>","items":[{"code":"CL201","range":{"start":{"line":4,"character":8},"end":{"line":4,"character":15}}}]}}
>> {"jsonrpc":"2.0","id":3,"method":"textDocument/diagnostic","params":{"textDocument":{"uri":"file:///w/deco.py"},"previousResultId":"7.0"}}
<< {"id":3,"result":{"kind":"unchanged","resultId":"7.0"}}
>> {"jsonrpc":"2.0","id":4,"method":"textDocument/diagnostic","params":{"textDocument":{"uri":"file:///w/deco.py"},"previousResultId":"6.0"}}
<< {"id":4,"result":{"kind":"full","resultId":"7.0"}}
<<never textDocument/publishDiagnostics
>> {"jsonrpc":"2.0","id":99,"method":"shutdown","params":null}
<< {"id":99,"result":null}
>> {"jsonrpc":"2.0","method":"exit"}
exit-code: 0
