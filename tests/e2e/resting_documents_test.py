#!/usr/bin/env python3
"""Documents beyond the server's awake budget (2 MiB of source) rest as plain text and come back
when used: 32 documents of about 100 KB are opened, then the first one, which has rested since,
answers a hover as it did before, takes an edit, and publishes what a fresh copy of its new text
publishes."""
import os, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from lsp_stdio_client import StdioServer  # noqa: E402

HEAD = ("import functools\n\n\ndef timed(func):\n"
        "    def wrapper(*args, **kwargs):\n        return func(*args, **kwargs)\n"
        "    return wrapper\n")


def filler(tag, size=100_000):
    parts, i = [], 0
    while sum(map(len, parts)) < size:
        parts.append(f"\n\ndef {tag}_{i}(a, b):\n    total = a + b\n    return total * {i}\n")
        i += 1
    return "".join(parts)


def publish_for(uri, version=None):
    return lambda m: (m.get("method") == "textDocument/publishDiagnostics"
                      and m["params"]["uri"] == uri
                      and (version is None or m["params"].get("version") == version))


def main(binary):
    server = StdioServer([binary, "--stdio"])
    server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                 "params": {"processId": None, "rootUri": None, "capabilities": {}}})
    server.wait(lambda m: m.get("id") == 1, "initialize")
    server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

    first = "file:///w/doc0.py"
    text = HEAD + filler("f0")
    server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": first, "languageId": "python", "version": 1, "text": text}}})
    opened = server.wait(publish_for(first), "doc0's diagnostics")["params"]
    assert [d["code"] for d in opened["diagnostics"]] == ["CL201"], opened
    hover = {"textDocument": {"uri": first}, "position": {"line": 5, "character": 16}}
    server.send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": hover})
    awake_hover = server.wait(lambda m: m.get("id") == 2, "hover while awake")
    assert awake_hover.get("result"), awake_hover

    others = [f"file:///w/doc{k}.py" for k in range(1, 32)]
    server.send(*[{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "python", "version": 1, "text": filler(f"g{k}")}}}
        for k, uri in enumerate(others)])
    for uri in others:
        server.wait(publish_for(uri), f"{uri}'s diagnostics")

    server.send({"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": hover})
    rested_hover = server.wait(lambda m: m.get("id") == 3, "hover after resting")
    assert rested_hover["result"] == awake_hover["result"], (rested_hover, awake_hover)

    server.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": first, "version": 2}, "contentChanges": [{
            "range": {"start": {"line": 4, "character": 0}, "end": {"line": 4, "character": 0}},
            "text": "    @functools.wraps(func)\n"}]}})
    edited = server.wait(publish_for(first, 2), "doc0's diagnostics after the edit")["params"]
    lines = text.split("\n")
    lines[4:4] = ["    @functools.wraps(func)"]
    fresh_uri = "file:///w/doc0_fresh.py"
    server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": fresh_uri, "languageId": "python", "version": 1, "text": "\n".join(lines)}}})
    fresh = server.wait(publish_for(fresh_uri), "the fresh copy's diagnostics")["params"]
    assert edited["diagnostics"] == fresh["diagnostics"] == [], (edited, fresh)

    server.send({"jsonrpc": "2.0", "id": 9, "method": "shutdown", "params": None},
                {"jsonrpc": "2.0", "method": "exit"})
    assert server.proc.wait(timeout=30) == 0
    print(f"many documents: ok ({1 + len(others)} open)")


if __name__ == "__main__":
    main(sys.argv[1])
