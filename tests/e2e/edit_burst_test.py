#!/usr/bin/env python3
"""Push diagnostics under a burst of edits: 60 didChange messages written at once on a large file.

Whatever the server coalesces, what the client sees must stay right: the published versions only
grow, the last edit's version is published, and its diagnostics are those of the final text
opened afresh. Then one edit on an idle server is published by itself (no later edit needed)."""
import os, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from lsp_stdio_client import StdioServer  # noqa: E402

TIMEOUT = 30


def publishes(server, uri):
    with server.cond:
        return [m["params"] for m in server.messages
                if m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri]


def source():
    head = ("import functools\n\n\ndef timed(func):\n"
            "    def wrapper(*args, **kwargs):\n        return func(*args, **kwargs)\n"
            "    return wrapper\n")
    filler = "".join(f"\n\ndef f{i}(a, b):\n    total = a + b\n    return total * {i}\n"
                     for i in range(3000))
    return head + filler


def main(binary):
    server = StdioServer([binary, "--stdio"], timeout=TIMEOUT)
    uri, fresh_uri = "file:///w/burst.py", "file:///w/burst_final.py"
    text = source()
    server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                 "params": {"processId": None, "rootUri": None, "capabilities": {}}})
    server.wait(lambda m: m.get("id") == 1, "initialize")
    server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}},
                {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                    "uri": uri, "languageId": "python", "version": 1, "text": text}}})
    first = server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics",
                        "the diagnostics of didOpen")["params"]
    assert [d["code"] for d in first["diagnostics"]] == ["CL201"], first

    # 59 one-character edits in filler bodies (`a` becomes `ax` in `total = a + b`), then the fix
    # of CL201; all in one write.
    edits = []
    lines = text.split("\n")
    bodies = [i for i, line in enumerate(lines) if line.startswith("    total = a")]
    for line in bodies[:59]:
        edits.append({"range": {"start": {"line": line, "character": 13},
                                "end": {"line": line, "character": 13}}, "text": "x"})
        lines[line] = lines[line][:13] + "x" + lines[line][13:]
    edits.append({"range": {"start": {"line": 4, "character": 0},
                            "end": {"line": 4, "character": 0}},
                  "text": "    @functools.wraps(func)\n"})
    lines[4:4] = ["    @functools.wraps(func)"]
    final = "\n".join(lines)
    last_version = 1 + len(edits)
    server.send(*[{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 2 + k}, "contentChanges": [edit]}}
        for k, edit in enumerate(edits)])
    server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri and m["params"].get("version") == last_version,
                f"the diagnostics of version {last_version}")

    server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": fresh_uri, "languageId": "python", "version": 1, "text": final}}})
    fresh = server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                        and m["params"]["uri"] == fresh_uri, "the fresh document's diagnostics")
    time.sleep(0.3)  # anything published late would show up here

    published = publishes(server, uri)
    versions = [p["version"] for p in published]
    assert versions == sorted(set(versions)), f"versions not increasing: {versions}"
    assert versions[-1] == last_version, versions
    assert published[-1]["diagnostics"] == fresh["params"]["diagnostics"], published[-1]
    assert published[-1]["diagnostics"] == [], published[-1]
    print(f"burst of {len(edits)} edits: {len(versions) - 1} publishes after didOpen")

    # One edit on an idle server: published without any later edit to push it out.
    server.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": last_version + 1}, "contentChanges": [{
            "range": {"start": {"line": 4, "character": 0}, "end": {"line": 5, "character": 0}},
            "text": ""}]}})
    again = server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                        and m["params"]["uri"] == uri
                        and m["params"].get("version") == last_version + 1,
                        "the diagnostics of a lone edit")["params"]
    assert [d["code"] for d in again["diagnostics"]] == ["CL201"], again

    server.send({"jsonrpc": "2.0", "id": 9, "method": "shutdown", "params": None},
                {"jsonrpc": "2.0", "method": "exit"})
    assert server.proc.wait(timeout=TIMEOUT) == 0
    print("edit burst: ok")


if __name__ == "__main__":
    main(sys.argv[1])
