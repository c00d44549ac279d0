# Requests before initialize get ServerNotInitialized, a second initialize InvalidRequest,
# unknown requests MethodNotFound, unknown notifications are ignored, requests after shutdown
# InvalidRequest, and exit after shutdown exits 0.
>> {"jsonrpc":"2.0","id":"early","method":"textDocument/hover","params":{}}
<< {"id":"early","error":{"code":-32002}}
>> {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/a.py","languageId":"python","version":1,"text":"x = 1\n"}}}
>> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}
<< {"id":1,"result":{"capabilities":{"positionEncoding":"utf-16","textDocumentSync":{"openClose":true,"change":2}},"serverInfo":{"name":"closurelens"}}}
>> {"jsonrpc":"2.0","method":"initialized","params":{}}
>> {"jsonrpc":"2.0","id":2,"method":"initialize","params":{"processId":null,"capabilities":{}}}
<< {"id":2,"error":{"code":-32600}}
>> {"jsonrpc":"2.0","id":3,"method":"workspace/frobnicate","params":{}}
<< {"id":3,"error":{"code":-32601}}
>> {"jsonrpc":"2.0","method":"workspace/frobnicated","params":{}}
>> {"jsonrpc":"2.0","method":"$/someExtension","params":{}}
>> {"jsonrpc":"2.0","id":4,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/a.py"},"position":{"line":0,"character":0}}}
<< {"id":4,"error":{"code":-32602}}
>> {"jsonrpc":"2.0","id":5,"method":"shutdown"}
<< {"id":5,"result":null}
>> {"jsonrpc":"2.0","id":6,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/a.py"},"position":{"line":0,"character":0}}}
<< {"id":6,"error":{"code":-32600}}
>> {"jsonrpc":"2.0","method":"exit"}
exit-code: 0
