# A didChange for a document never opened is logged and ignored; the server keeps answering.
>> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}
<< {"id":1,"result":{"capabilities":{"positionEncoding":"utf-16","textDocumentSync":{"openClose":true,"change":2}},"serverInfo":{"name":"closurelens"}}}
>> {"jsonrpc":"2.0","method":"initialized","params":{}}
>> {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///w/never.py","version":2},"contentChanges":[{"text":"x = 1\n"}]}}
<< {"method":"window/logMessage","params":{"type":1}}
>> {"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/never.py"},"position":{"line":0,"character":0}}}
<< {"id":2,"error":{"code":-32602}}
>> {"jsonrpc":"2.0","id":99,"method":"shutdown","params":null}
<< {"id":99,"result":null}
>> {"jsonrpc":"2.0","method":"exit"}
exit-code: 0
