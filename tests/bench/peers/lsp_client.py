"""A minimal LSP client over a child process's stdio, for the peer benchmarks (stdlib only).

Every message the server sends is stamped with time.perf_counter() by the reader thread the
moment its last byte has been read, so latencies are what a client observes. The client answers
the server's own requests itself: workspace/configuration from the `settings` it was given
(section -> value, null for an unknown section), window/workDoneProgress/create and
client/registerCapability with null. $/progress notifications are tracked per token, so a caller
can wait until every progress that began has ended.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "support"))
from lsp_stdio_client import StdioServer  # noqa: E402
from proc_stats import tree_cpu_seconds  # noqa: E402


class ServerExited(RuntimeError):
    pass


class LspClient(StdioServer):
    def __init__(self, cmd: list[str], settings: dict | None = None, cwd: str | None = None,
                 stderr_path: str | None = None):
        self.settings = settings or {}
        self.stderr_file = open(stderr_path or os.devnull, "wb")
        # The server's window/logMessage and showMessage texts, beside its stderr.
        self.log_file = open(stderr_path + ".log" if stderr_path else os.devnull, "w", buffering=1)
        self.spawned_at = time.perf_counter()
        self.inbox: list[tuple[float, dict]] = []   # notifications, in arrival order
        self.responses: dict = {}                     # id -> (time, message)
        self.progress_open: set = set()               # tokens begun and not ended
        self.progress_seen = 0                        # tokens that ever began
        self.last_message_at = self.spawned_at
        self.next_id = 1
        super().__init__(cmd, stderr=self.stderr_file, cwd=cwd)

    # ---- wire ---------------------------------------------------------------------------------

    def _on_message(self, msg: dict, t: float):
        if "method" in msg and "id" in msg:
            self._answer(msg)
            with self.cond:
                self.last_message_at = t
            return
        with self.cond:
            self.last_message_at = t
            if "method" not in msg:
                self.responses[msg.get("id")] = (t, msg)
            else:
                if msg["method"] == "$/progress":
                    token = json.dumps(msg["params"].get("token"))
                    kind = (msg["params"].get("value") or {}).get("kind")
                    if kind == "begin":
                        self.progress_open.add(token)
                        self.progress_seen += 1
                    elif kind == "end":
                        self.progress_open.discard(token)
                elif msg["method"] in ("window/logMessage", "window/showMessage"):
                    self.log_file.write(f"{t - self.spawned_at:9.3f} {msg['params'].get('message')}\n")
                self.inbox.append((t, msg))
            self.cond.notify_all()

    def _answer(self, msg: dict):
        method, params = msg["method"], msg.get("params") or {}
        result = None
        if method == "workspace/configuration":
            result = [self._section(item.get("section")) for item in params.get("items", [])]
        self.send({"jsonrpc": "2.0", "id": msg["id"], "result": result})

    def _section(self, section):
        if section is None:
            return self.settings
        if section in self.settings:
            return self.settings[section]
        value = self.settings
        for part in section.split("."):
            if not isinstance(value, dict) or part not in value:
                return None
            value = value[part]
        return value

    # ---- API ----------------------------------------------------------------------------------

    def request(self, method: str, params, timeout: float = 120.0):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        deadline = time.perf_counter() + timeout
        with self.cond:
            while rid not in self.responses:
                if self.output_ended:
                    raise ServerExited(f"server exited waiting for {method}")
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise TimeoutError(f"no response to {method} in {timeout} s")
                self.cond.wait(left)
            t, msg = self.responses.pop(rid)
        if "error" in msg:
            raise RuntimeError(f"{method}: {msg['error']}")
        return msg.get("result")

    def wait_notification(self, predicate, start: int = 0, timeout: float = 120.0):
        """The first notification at index >= start of the inbox that satisfies predicate:
        (index, time, message), or None after timeout."""
        deadline = time.perf_counter() + timeout
        with self.cond:
            i = start
            while True:
                while i < len(self.inbox):
                    t, msg = self.inbox[i]
                    if predicate(msg):
                        return i, t, msg
                    i += 1
                if self.output_ended:
                    raise ServerExited("server exited")
                left = deadline - time.perf_counter()
                if left <= 0:
                    return None
                self.cond.wait(left)

    def inbox_size(self) -> int:
        with self.cond:
            return len(self.inbox)

    def wait_settled(self, quiet: float, timeout: float, progress_grace: float = 0.0,
                     idle_cpu: float | None = None) -> bool:
        """Waits until every $/progress that began has ended and nothing arrived for `quiet`
        seconds. progress_grace: at least this long after the call, in case a progress begins
        late. idle_cpu: also require the server's process tree to have used at most this
        fraction of one core over the last `quiet` seconds (a server can work silently for long,
        e.g. pyright listing a large workspace). Returns False on timeout."""
        start = time.perf_counter()
        deadline = start + timeout
        samples = []  # (time, cpu seconds of the process tree)
        while True:
            now = time.perf_counter()
            if now > deadline:
                return False
            cpu_idle = True
            if idle_cpu is not None:
                samples.append((now, tree_cpu_seconds(self.proc.pid)))
                old = [s for s in samples if now - s[0] >= quiet]
                if old:
                    samples = samples[samples.index(old[-1]):]
                    t_old, c_old = old[-1]
                    cpu_idle = (samples[-1][1] - c_old) <= idle_cpu * (now - t_old)
                else:
                    cpu_idle = False
            with self.cond:
                if self.output_ended:
                    raise ServerExited("server exited")
                if (cpu_idle and not self.progress_open and now - self.last_message_at >= quiet
                        and now - start >= progress_grace):
                    return True
                self.cond.wait(min(0.25, max(0.0, deadline - now)))

    def initialize(self, root: str | None, capabilities: dict | None = None,
                   initialization_options=None):
        caps = capabilities or {
            "general": {"positionEncodings": ["utf-16"]},
            "window": {"workDoneProgress": True},
            "workspace": {"configuration": True, "workspaceFolders": True,
                          "didChangeConfiguration": {"dynamicRegistration": True}},
            "textDocument": {
                "synchronization": {"didSave": True, "dynamicRegistration": True},
                "publishDiagnostics": {"versionSupport": True, "relatedInformation": True,
                                       "tagSupport": {"valueSet": [1, 2]}},
                "hover": {"contentFormat": ["markdown", "plaintext"]},
            },
        }
        params = {"processId": os.getpid(), "capabilities": caps,
                  "rootUri": Path(root).as_uri() if root else None,
                  "workspaceFolders": ([{"uri": Path(root).as_uri(), "name": Path(root).name}]
                                       if root else None)}
        if initialization_options is not None:
            params["initializationOptions"] = initialization_options
        result = self.request("initialize", params)
        self.notify("initialized", {})
        if self.settings:
            self.notify("workspace/didChangeConfiguration", {"settings": self.settings})
        return result

    def open(self, path: str, text: str, version: int = 1) -> tuple[str, float]:
        uri = Path(path).as_uri()
        t = self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": version, "text": text}})
        return uri, t

    def shutdown(self, timeout: float = 20.0):
        try:
            if not self.output_ended:
                self.request("shutdown", None, timeout=timeout)
                self.notify("exit", None)
        except (OSError, TimeoutError, ServerExited, RuntimeError):
            pass
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.stderr_file.close()
        self.log_file.close()
