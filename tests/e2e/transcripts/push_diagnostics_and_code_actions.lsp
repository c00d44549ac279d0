# Push diagnostics: published after didOpen and after each change, with the document version;
# code actions at a diagnostic carry its fix; source.fixAll.closurelens applies the safe fixes.
>> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}
<< {"id":1,"result":{"capabilities":{"codeActionProvider":"<any>","diagnosticProvider":"<any>"}}}
>> {"jsonrpc":"2.0","method":"initialized","params":{}}
>> {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/deco.py","languageId":"python","version":1,"text":"import functools\n\n\ndef timed(func):\n    def wrapper(*args, **kwargs):\n        return func(*args, **kwargs)\n    return wrapper\n"}}}
<< {"method":"textDocument/publishDiagnostics","params":{"uri":"file:///w/deco.py","version":1,"diagnostics":[{"code":"CL201","severity":2,"source":"closurelens","range":{"start":{"line":4,"character":8},"end":{"line":4,"character":15}},"codeDescription":{"href":"<any>/CL201.md"},"message":"<any>wrapper<any>"}]}}
>> {"jsonrpc":"2.0","id":2,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///w/deco.py"},"range":{"start":{"line":4,"character":9},"end":{"line":4,"character":9}},"context":{"diagnostics":[]}}}
<< {"id":2,"result":[{"kind":"quickfix","isPreferred":true,"title":"<any>","diagnostics":[{"code":"CL201"}],"edit":{"changes":{"file:///w/deco.py":"<any>"}}}]}
>> {"jsonrpc":"2.0","id":3,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///w/deco.py"},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"context":{"diagnostics":[],"only":["source.fixAll"]}}}
<< {"id":3,"result":[{"kind":"source.fixAll.closurelens","title":"<any>","edit":"<any>"}]}
>> {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///w/deco.py","version":2},"contentChanges":[{"range":{"start":{"line":4,"character":0},"end":{"line":4,"character":0}},"text":"    @functools.wraps(func)\n"}]}}
<< {"method":"textDocument/publishDiagnostics","params":{"uri":"file:///w/deco.py","version":2,"diagnostics":[]}}
>> {"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"file:///w/deco.py"}}}
<< {"method":"textDocument/publishDiagnostics","params":{"uri":"file:///w/deco.py","diagnostics":[]}}
>> {"jsonrpc":"2.0","id":99,"method":"shutdown","params":null}
<< {"id":99,"result":null}
>> {"jsonrpc":"2.0","method":"exit"}
exit-code: 0
