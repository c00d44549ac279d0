# Header names are case-insensitive and headers other than Content-Length are ignored.
>>raw b'CONTENT-type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-LENGTH: 92\r\n\r\n{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"capabilities":{}}}'
<< {"id":1,"result":{"capabilities":"<any>"}}
>> {"jsonrpc":"2.0","id":99,"method":"shutdown","params":null}
<< {"id":99,"result":null}
>> {"jsonrpc":"2.0","method":"exit"}
exit-code: 0
