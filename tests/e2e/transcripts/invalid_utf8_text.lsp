# A didOpen whose text holds bytes that are not UTF-8: the bytes are replaced by U+FFFD with a
# warning, the document opens, and requests on it are answered.
>> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}
<< {"id":1,"result":{"capabilities":{"positionEncoding":"utf-16","textDocumentSync":{"openClose":true,"change":2}},"serverInfo":{"name":"closurelens"}}}
>> {"jsonrpc":"2.0","method":"initialized","params":{}}
>>body b'{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/b.py","languageId":"python","version":1,"text":"s = \'\xff\xfe\'\\n"}}}'
<< {"method":"window/logMessage","params":{"type":2}}
>> {"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/b.py"},"position":{"line":0,"character":5}}}
<< {"id":2,"result":"<any>"}
>> {"jsonrpc":"2.0","id":99,"method":"shutdown","params":null}
<< {"id":99,"result":null}
>> {"jsonrpc":"2.0","method":"exit"}
exit-code: 0
