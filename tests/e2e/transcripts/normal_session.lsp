# A whole normal session: initialize, open, edit incrementally, hover, close, shutdown, exit 0.
>> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}
<< {"id":1,"result":{"capabilities":{"positionEncoding":"utf-16","textDocumentSync":{"openClose":true,"change":2}},"serverInfo":{"name":"closurelens"}}}
>> {"jsonrpc":"2.0","method":"initialized","params":{}}
>> {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/a.py","languageId":"python","version":1,"text":"def outer(n):\n    def inner():\n        return n\n    return inner\n"}}}
>> {"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/a.py"},"position":{"line":1,"character":9}}}
<< {"id":2,"result":"<any>"}
>> {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///w/a.py","version":2},"contentChanges":[{"range":{"start":{"line":2,"character":15},"end":{"line":2,"character":16}},"text":"n + 1"}]}}
>> {"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/a.py"},"position":{"line":1,"character":9}}}
<< {"id":3,"result":"<any>"}
>> {"jsonrpc":"2.0","method":"textDocument/didSave","params":{"textDocument":{"uri":"file:///w/a.py"}}}
>> {"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"file:///w/a.py"}}}
>> {"jsonrpc":"2.0","id":4,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/a.py"},"position":{"line":1,"character":9}}}
<< {"id":4,"error":{"code":-32602}}
>> {"jsonrpc":"2.0","id":99,"method":"shutdown","params":null}
<< {"id":99,"result":null}
>> {"jsonrpc":"2.0","method":"exit"}
exit-code: 0
