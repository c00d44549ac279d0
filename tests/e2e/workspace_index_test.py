#!/usr/bin/env python3
"""The workspace index through the real binary, over stdio.

A copy of tests/data/workspace_index/ (plus folders the index must skip) is the workspace folder.
The client advertises window.workDoneProgress and dynamic file watching, so the server asks to
create a progress token and to watch files, then reports begin/end. Decorators imported from
other modules are classified: hover on `@timed` names its shape and where it is defined, and
`@timed()` is CL205 because `timed` is a plain decorator. Rewriting `timed` as a factory on disk
and sending didChangeWatchedFiles changes both answers."""
import os, shutil, sys, tempfile
from pathlib import Path

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from lsp_stdio_client import StdioServer  # noqa: E402

TIMEOUT = 30
FIXTURE = Path(__file__).resolve().parent.parent / "data" / "workspace_index"


class Client(StdioServer):
    def __init__(self, binary):
        super().__init__([binary], timeout=TIMEOUT)
        self.next_id = 1

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        reply = self.wait(lambda m: m.get("id") == rid and "method" not in m, f"reply to {method}")
        assert "error" not in reply, reply
        return reply["result"]


def codes_by_line(params):
    return sorted((d["range"]["start"]["line"], d["code"]) for d in params["diagnostics"])


def diagnostics_for(client, uri, start, expected):
    """The first diagnostics published for `uri` since `start` with these (line, code) pairs: an
    index change may republish what was already shown before the expected ones arrive."""
    return client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                       and m["params"]["uri"] == uri
                       and codes_by_line(m["params"]) == expected,
                       f"diagnostics {expected} of {uri}", start)["params"]


def hover(client, uri, line, character):
    result = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                   "position": {"line": line,
                                                                "character": character}})
    assert result, f"no hover at {line}:{character}"
    return result["contents"]["value"]


def expect_in(text, *pieces):
    for piece in pieces:
        assert piece in text, f"missing {piece!r} in:\n{text}"


def main(binary):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "workspace"
        shutil.copytree(FIXTURE, root)
        # What the index must leave out: a virtual environment, node_modules, a hidden folder,
        # __pycache__, a file over the size limit, and a link to a folder outside the workspace.
        for skipped in ["venv/lib/shadow.py", ".hidden/shadow.py", "node_modules/pkg/shadow.py",
                        "app/__pycache__/shadow.py", "site/.git/shadow.py"]:
            path = root / skipped
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("def timed(fn):\n    return fn\n")
        (root / "venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
        (root / "app" / "huge.py").write_text("x = 1\n" * 4000)  # 24 KB, over the 16 KB limit
        outside = Path(tmp) / "outside"
        outside.mkdir()
        (outside / "elsewhere.py").write_text("def timed(fn):\n    return fn\n")
        os.symlink(outside, root / "linked")

        client = Client(binary)
        client.request("initialize", {
            "processId": None,
            "rootUri": root.as_uri(),
            "workspaceFolders": [{"uri": root.as_uri(), "name": "workspace"}],
            "capabilities": {"window": {"workDoneProgress": True},
                             "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}},
            "initializationOptions": {"closurelens": {"index": {"maxFileBytes": 16384}}},
        })
        client.notify("initialized", {})

        create = client.wait(lambda m: m.get("method") == "window/workDoneProgress/create",
                             "window/workDoneProgress/create")
        token = create["params"]["token"]
        register = client.wait(lambda m: m.get("method") == "client/registerCapability",
                               "client/registerCapability")
        globs = [w["globPattern"] for w in
                 register["params"]["registrations"][0]["registerOptions"]["watchers"]]
        assert "**/*.py" in globs, register
        client.send({"jsonrpc": "2.0", "id": register["id"], "result": None})
        client.send({"jsonrpc": "2.0", "id": create["id"], "result": None})

        def progress(kind):
            return client.wait(lambda m: m.get("method") == "$/progress"
                               and m["params"]["token"] == token
                               and m["params"]["value"]["kind"] == kind, f"$/progress {kind}")
        begin = progress("begin")
        assert begin["params"]["value"]["title"] == "closurelens: indexing", begin
        end = progress("end")
        # app/__init__, factories, util, views and scripts/report: nothing of the skipped parts.
        assert end["params"]["value"]["message"].startswith("5 files, 2 decorators"), end
        assert client.messages.index(begin) < client.messages.index(end)

        views = root / "app" / "views.py"
        uri = views.as_uri()
        mark = client.mark()
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": views.read_text()}})
        first = diagnostics_for(client, uri, mark, [(11, "CL205")])
        message = first["diagnostics"][0]["message"]
        expect_in(message, "calls decorator `timed` (`app/util.py` line 4)")

        # `@timed` (line 5): the shape and the definition site of the imported decorator.
        text = hover(client, uri, 5, 2)
        expect_in(text, "decorator returning wrapper `wrapper`",
                  "`app/util.py` line 4 (module `app.util`)")
        # `contact` (line 18): `@util.timed` through `from . import util`, and `@retrying(3)`
        # re-exported by the package's __init__ under another name.
        text = hover(client, uri, 18, 5)
        expect_in(text, "contact = util.timed(retrying(3)(contact))",
                  "`app/util.py` line 4 (module `app.util`)",
                  "`app/factories.py` line 4 (module `app.factories`)",
                  "`contact.__name__`: `'wrapper'` (set by `@util.timed`)")

        # `timed` becomes a factory on disk; the watched-file event reaches the index.
        (root / "app" / "util.py").write_text(
            "def timed(label):\n"
            "    def decorate(fn):\n"
            "        def wrapper(*args, **kwargs):\n"
            "            return fn(*args, **kwargs)\n"
            "        return wrapper\n"
            "    return decorate\n")
        mark = client.mark()
        client.notify("workspace/didChangeWatchedFiles", {"changes": [
            {"uri": (root / "app" / "util.py").as_uri(), "type": 2}]})
        second = diagnostics_for(client, uri, mark, [(5, "CL205"), (16, "CL205")])
        expect_in(second["diagnostics"][0]["message"],
                  "uses factory `timed` (`app/util.py` line 1) without calling it")
        text = hover(client, uri, 5, 2)
        expect_in(text, "decorator factory returning wrapper `wrapper`",
                  "`app/util.py` line 1 (module `app.util`)")

        # An open document's text stands for its file: edited back to a plain decorator (not
        # saved), views.py sees a plain decorator again; closed, the disk's factory is back.
        util_uri = (root / "app" / "util.py").as_uri()
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": util_uri, "languageId": "python", "version": 1,
            "text": (root / "app" / "util.py").read_text()}})
        mark = client.mark()
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": util_uri, "version": 2},
            "contentChanges": [{"text": (FIXTURE / "app" / "util.py").read_text()}]})
        diagnostics_for(client, uri, mark, [(11, "CL205")])
        mark = client.mark()
        client.notify("textDocument/didClose", {"textDocument": {"uri": util_uri}})
        diagnostics_for(client, uri, mark, [(5, "CL205"), (16, "CL205")])

        # A deleted module is forgotten: the layer is imported, not resolved.
        (root / "app" / "util.py").unlink()
        mark = client.mark()
        client.notify("workspace/didChangeWatchedFiles", {"changes": [
            {"uri": (root / "app" / "util.py").as_uri(), "type": 3}]})
        diagnostics_for(client, uri, mark, [])
        expect_in(hover(client, uri, 5, 2), "imported from `.util`")

        client.request("shutdown", None)
        client.notify("exit", None)
        code = client.proc.wait(TIMEOUT)
        assert code == 0, f"exit code {code}"
    print("workspace index: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
