# The `pythonVersion` setting selects the scoping rules of open documents: under 3.12 a list
# comprehension is inlined into its function (PEP 709), so its iteration variable, captured by a
# lambda, becomes a cell of the function itself; under 3.11 (the default) it is the listcomp's.
>> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{"textDocument":{"hover":{"contentFormat":["plaintext"]}}}}}
<< {"id":1,"result":"<any>"}
>> {"jsonrpc":"2.0","method":"initialized","params":{}}
>> {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/comp.py","languageId":"python","version":1,"text":"def f():\n    return [lambda: y for y in range(3)]\n"}}}
>> {"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/comp.py"},"position":{"line":0,"character":4}}}
<< {"id":2,"result":{"contents":{"kind":"plaintext","value":"<any>is not a closure<any>"}}}
>> {"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":{"closurelens":{"pythonVersion":"3.12"}}}}
>> {"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/comp.py"},"position":{"line":0,"character":4}}}
<< {"id":3,"result":{"contents":{"kind":"plaintext","value":"<any>co_cellvars == ('y',)<any>"}}}
>> {"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":{"closurelens":{}}}}
>> {"jsonrpc":"2.0","id":4,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/comp.py"},"position":{"line":0,"character":4}}}
<< {"id":4,"result":{"contents":{"kind":"plaintext","value":"<any>is not a closure<any>"}}}
>> {"jsonrpc":"2.0","id":99,"method":"shutdown","params":null}
<< {"id":99,"result":null}
>> {"jsonrpc":"2.0","method":"exit"}
exit-code: 0
