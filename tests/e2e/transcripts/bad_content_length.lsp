# A header block without Content-Length, and one with a non-numeric value: both are parse errors
# and the stream resynchronises on the next Content-Length header.
>>raw b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}"
<< {"id":null,"error":{"code":-32700}}
>>raw b"Content-Length: twelve\r\n\r\n{}"
<< {"id":null,"error":{"code":-32700}}
>>raw b"content-length: 999999999999999999999999\r\n\r\n"
<< {"id":null,"error":{"code":-32700}}
>> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}
<< {"id":1,"result":{"capabilities":{"positionEncoding":"utf-16","textDocumentSync":{"openClose":true,"change":2}},"serverInfo":{"name":"closurelens"}}}
>> {"jsonrpc":"2.0","method":"initialized","params":{}}
>> {"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/none.py"},"position":{"line":0,"character":0}}}
<< {"id":2,"error":{"code":-32602}}
>> {"jsonrpc":"2.0","id":99,"method":"shutdown","params":null}
<< {"id":99,"result":null}
>> {"jsonrpc":"2.0","method":"exit"}
exit-code: 0
