#!/usr/bin/env python3
"""Clients that go away in the middle of a message: the server must exit on its own, promptly,
without a crash, with the exit code LSP asks for (1 when the input ends without shutdown, 0 after
it), also while it still has work queued and answers to write, and when the client closed the
server's output too (the writes fail: no SIGPIPE death), over stdio and over TCP.

  disconnect_test.py BUILD/server/closurelens
"""
import os, re, socket, subprocess, sys, sysconfig, threading, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from lsp_stdio_client import frame  # noqa: E402

URI = "file:///closurelens-soak/_pydecimal.py"
EXIT_TIMEOUT = 20
CRASH_SIGNS = re.compile(r"terminate called|Sanitizer|Assertion|Segmentation|core dumped")


def initialize(rid=1):
    return frame({"jsonrpc": "2.0", "id": rid, "method": "initialize",
                  "params": {"processId": os.getpid(), "rootUri": None, "capabilities": {}}})


def busy_session(text):
    """A session with work queued: the big file opened, then requests pipelined behind it."""
    data = initialize() + frame({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    data += frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": URI, "languageId": "python", "version": 1, "text": text}}})
    for i in range(200):
        data += frame({"jsonrpc": "2.0", "id": 10 + i, "method": "textDocument/hover", "params": {
            "textDocument": {"uri": URI}, "position": {"line": 100 + i * 20, "character": 8}}})
    return data


def cut_body(message: bytes, keep: float) -> bytes:
    head, body = message.split(b"\r\n\r\n", 1)
    return head + b"\r\n\r\n" + body[:int(len(body) * keep)]


def scenarios(text):
    big_open = frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": URI + "2", "languageId": "python", "version": 1,
                         "text": text * 8}}})
    shutdown = frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
    return [
        ("in a header name", initialize() + b"Content-Len", 1, False),
        ("between headers and body", initialize() + b"Content-Length: 52\r\n\r\n", 1, False),
        ("in a body, work queued", busy_session(text) + cut_body(initialize(3), 0.5), 1, False),
        ("in a 1.8 MB didOpen", busy_session(text) + cut_body(big_open, 0.5), 1, False),
        ("output closed too, work queued", busy_session(text) + b"Content-Length: 99\r\n", 1,
         True),
        ("after shutdown, in a body", initialize() + shutdown + cut_body(initialize(4), 0.3), 0,
         False),
    ]


def run_stdio(binary, name, data, expected, close_output):
    proc = subprocess.Popen([binary, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    err = []
    threading.Thread(target=lambda: err.extend(proc.stderr), daemon=True).start()
    if close_output:
        proc.stdout.close()  # the client is gone altogether: the server's writes fail
    else:
        threading.Thread(target=lambda: proc.stdout.read(), daemon=True).start()
    try:
        proc.stdin.write(data)
        proc.stdin.close()
    except BrokenPipeError:
        pass
    return finish(proc, name, expected, err)


def run_tcp(binary, text):
    proc = subprocess.Popen([binary, "--listen", "127.0.0.1:0"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    port, err = None, []
    deadline = time.time() + 20
    while port is None and time.time() < deadline:
        line = proc.stderr.readline()
        err.append(line)
        match = re.search(rb"listening on 127\.0\.0\.1:(\d+)", line)
        if match:
            port = int(match.group(1))
    threading.Thread(target=lambda: err.extend(proc.stderr), daemon=True).start()
    if port is None:
        proc.kill()
        return ["tcp: the server did not say its port"]
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(busy_session(text) + b"Content-Length: 40\r\n\r\n{\"jsonrpc\"")
        time.sleep(0.2)
    return finish(proc, "tcp: in a body, work queued, socket closed", 1, err)


def finish(proc, name, expected, err):
    started = time.time()
    try:
        code = proc.wait(EXIT_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return [f"{name}: the server did not exit within {EXIT_TIMEOUT} s"]
    time.sleep(0.1)
    log = b"".join(err).decode("utf-8", "replace")
    problems = []
    if code < 0:
        problems.append(f"{name}: the server died of signal {-code}")
    elif code != expected:
        problems.append(f"{name}: exit code {code}, expected {expected}")
    if CRASH_SIGNS.search(log):
        problems.append(f"{name}: the server's stderr shows a crash:\n{log[-2000:]}")
    print(f"  {name}: exit code {code} after {time.time() - started:.2f} s")
    return problems


def main(binary):
    with open(os.path.join(sysconfig.get_paths()["stdlib"], "_pydecimal.py"),
              encoding="utf-8") as f:
        text = f.read()
    problems = []
    print("client disconnecting mid-message:")
    for name, data, expected, close_output in scenarios(text):
        problems += run_stdio(binary, name, data, expected, close_output)
    problems += run_tcp(binary, text)
    for problem in problems:
        print("PROBLEM " + problem)
    print("disconnect: " + ("FAILED" if problems else "passed"))
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
