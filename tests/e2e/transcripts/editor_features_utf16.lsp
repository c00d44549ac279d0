# Hover, inlay hints, semantic tokens, definition, references and highlights in utf-16, on a file
# with non-ASCII identifiers and an astral-plane character before the names on the same line.
>> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{"general":{"positionEncodings":["utf-16"]}}}}
<< {"id":1,"result":{"capabilities":{"positionEncoding":"utf-16","semanticTokensProvider":{"legend":{"tokenTypes":["variable","parameter","function","decorator"],"tokenModifiers":["freeVariable","cellVariable","rebound"]}}}}}
>> {"jsonrpc":"2.0","method":"initialized","params":{}}
>> {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/u.py","languageId":"python","version":1,"text":"def zähler(start):\n    gesamt = start\n    def erhöhe(schritt):\n        nonlocal gesamt\n        s = \"😀ü\"; gesamt += schritt; return gesamt\n    return erhöhe\n"}}}
>> {"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/u.py"},"position":{"line":2,"character":9}}}
<< {"id":2,"result":{"contents":{"kind":"markdown","value":"<any>`erhöhe.__code__.co_freevars == ('gesamt',)`<any>"},"range":{"start":{"line":2,"character":8},"end":{"line":2,"character":14}}}}
>> {"jsonrpc":"2.0","id":3,"method":"textDocument/inlayHint","params":{"textDocument":{"uri":"file:///w/u.py"},"range":{"start":{"line":0,"character":0},"end":{"line":6,"character":0}}}}
<< {"id":3,"result":[{"position":{"line":2,"character":24},"label":[{"value":"captures: "},{"value":"gesamt","location":{"uri":"file:///w/u.py","range":{"start":{"line":1,"character":4},"end":{"line":1,"character":10}}}}],"paddingLeft":true,"data":"<any>"}]}
>> {"jsonrpc":"2.0","id":4,"method":"inlayHint/resolve","params":{"position":{"line":2,"character":24},"label":"captures: gesamt","data":{"uri":"file:///w/u.py","version":1,"offset":64,"kind":"captures"}}}
<< {"id":4,"result":{"tooltip":{"kind":"markdown","value":"<any>`gesamt`<any>line 2<any>"}}}
# A hint whose data lacks the version and the kind (the fuzzer's find) comes back as it went.
>> {"jsonrpc":"2.0","id":40,"method":"inlayHint/resolve","params":{"position":{"line":2,"character":24},"label":"x","data":{"uri":"file:///w/u.py","offset":64}}}
<< {"id":40,"result":{"label":"x","data":{"uri":"file:///w/u.py","offset":64}}}
>> {"jsonrpc":"2.0","id":41,"method":"inlayHint/resolve","params":{"position":{"line":2,"character":24},"label":"x","data":{"uri":"file:///w/u.py","version":1,"offset":64}}}
<< {"id":41,"result":{"label":"x","data":{"uri":"file:///w/u.py","version":1,"offset":64}}}
>> {"jsonrpc":"2.0","id":5,"method":"textDocument/semanticTokens/full","params":{"textDocument":{"uri":"file:///w/u.py"}}}
<< {"id":5,"result":{"data":[1,4,6,0,2,2,17,6,0,5,1,19,6,0,5,0,26,6,0,5]}}
>> {"jsonrpc":"2.0","id":6,"method":"textDocument/definition","params":{"textDocument":{"uri":"file:///w/u.py"},"position":{"line":4,"character":46}}}
<< {"id":6,"result":[{"uri":"file:///w/u.py","range":{"start":{"line":1,"character":4},"end":{"line":1,"character":10}}}]}
>> {"jsonrpc":"2.0","id":7,"method":"textDocument/references","params":{"textDocument":{"uri":"file:///w/u.py"},"position":{"line":4,"character":46},"context":{"includeDeclaration":true}}}
<< {"id":7,"result":[{"range":{"start":{"line":1,"character":4}}},{"range":{"start":{"line":3,"character":17}}},{"range":{"start":{"line":4,"character":19},"end":{"line":4,"character":25}}},{"range":{"start":{"line":4,"character":45},"end":{"line":4,"character":51}}}]}
>> {"jsonrpc":"2.0","id":8,"method":"textDocument/documentHighlight","params":{"textDocument":{"uri":"file:///w/u.py"},"position":{"line":1,"character":5}}}
<< {"id":8,"result":[{"kind":3},{"kind":2},{"kind":3},{"kind":2}]}
>> {"jsonrpc":"2.0","id":99,"method":"shutdown","params":null}
<< {"id":99,"result":null}
>> {"jsonrpc":"2.0","method":"exit"}
exit-code: 0
