# A 100 MB message is over the limit: it is discarded while it streams in, answered with an
# error naming its id, and the server answers the next request.
>> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}
<< {"id":1,"result":{"capabilities":{"positionEncoding":"utf-16","textDocumentSync":{"openClose":true,"change":2}},"serverInfo":{"name":"closurelens"}}}
>> {"jsonrpc":"2.0","method":"initialized","params":{}}
>>big 100000000 7
<< {"id":7,"error":{"code":-32600}}
>> {"jsonrpc":"2.0","id":8,"method":"workspace/frobnicate","params":{}}
<< {"id":8,"error":{"code":-32601}}
>> {"jsonrpc":"2.0","id":99,"method":"shutdown","params":null}
<< {"id":99,"result":null}
>> {"jsonrpc":"2.0","method":"exit"}
exit-code: 0
