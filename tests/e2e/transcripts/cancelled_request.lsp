# A request cancelled while it waits is answered once, with RequestCancelled; a cancel for an
# unknown or finished request changes nothing.
args: --test-request-delay-ms 400
>> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}
<< {"id":1,"result":{"capabilities":{"positionEncoding":"utf-16","textDocumentSync":{"openClose":true,"change":2}},"serverInfo":{"name":"closurelens"}}}
>> {"jsonrpc":"2.0","method":"initialized","params":{}}
>> {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/a.py","languageId":"python","version":1,"text":"def outer(n):\n    def inner():\n        return n\n    return inner\n"}}}
>> {"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/a.py"},"position":{"line":1,"character":9}}}
>> {"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":2}}
<< {"id":2,"error":{"code":-32800}}
>> {"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":12345}}
>> {"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/a.py"},"position":{"line":1,"character":9}}}
<< {"id":3,"result":"<any>"}
>> {"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":3}}
wait 600
>> {"jsonrpc":"2.0","id":99,"method":"shutdown","params":null}
<< {"id":99,"result":null}
>> {"jsonrpc":"2.0","method":"exit"}
exit-code: 0
