# `shutdown` is answered only after every request read before it (which may finish in either
# order), so a client that waits for its answer before sending `exit` loses nothing (work still
# queued at `exit` itself is skipped).
args: --test-request-delay-ms 400
>> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}
<< {"id":1,"result":"<any>"}
>> {"jsonrpc":"2.0","method":"initialized","params":{}}
>> {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/a.py","languageId":"python","version":1,"text":"def outer(n):\n    def inner():\n        return n\n    return inner\n"}}}
>> {"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/a.py"},"position":{"line":1,"character":9}}}
>> {"jsonrpc":"2.0","id":3,"method":"textDocument/documentHighlight","params":{"textDocument":{"uri":"file:///w/a.py"},"position":{"line":2,"character":15}}}
>> {"jsonrpc":"2.0","id":4,"method":"shutdown","params":null}
>> {"jsonrpc":"2.0","id":5,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/a.py"},"position":{"line":1,"character":9}}}
<< {"id":5,"error":{"code":-32600}}
<<order 2 4
<<order 3 4
<< {"id":2,"result":{"contents":"<any>"}}
<< {"id":4,"result":null}
>> {"jsonrpc":"2.0","method":"exit"}
exit-code: 0
