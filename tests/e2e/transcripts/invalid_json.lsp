# A body that is not JSON is answered with ParseError (id null); one that is JSON but not
# JSON-RPC with InvalidRequest; the session goes on.
>> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}
<< {"id":1,"result":{"capabilities":{"positionEncoding":"utf-16","textDocumentSync":{"openClose":true,"change":2}},"serverInfo":{"name":"closurelens"}}}
>> {"jsonrpc":"2.0","method":"initialized","params":{}}
>>body b'{"jsonrpc":'
<< {"id":null,"error":{"code":-32700}}
>>body b'{"id":7,"method":"ping"}'
<< {"id":7,"error":{"code":-32600}}
>>body b'[]'
<< {"id":null,"error":{"code":-32600}}
>> {"jsonrpc":"2.0","id":8,"method":"shutdown"}
<< {"id":8,"result":null}
>> {"jsonrpc":"2.0","method":"exit"}
exit-code: 0
