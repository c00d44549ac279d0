#!/usr/bin/env python3
"""`closurelens --listen 127.0.0.1:0` serves one client over TCP with the same protocol as stdio:
it says the port it got on stderr, answers initialize and hover, and exits 0 after shutdown/exit.
A non-loopback address is refused."""
import json, os, re, socket, subprocess, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from lsp_stdio_client import frame, read_frame  # noqa: E402


def read_message(sock_file):
    body = read_frame(sock_file)
    if body is None:
        raise SystemExit("connection closed while reading a header")
    return json.loads(body)


def main(binary):
    refused = subprocess.run([binary, "--listen", "0.0.0.0:0"], capture_output=True, text=True,
                             timeout=20)
    assert refused.returncode == 2 and "loopback" in refused.stderr, refused

    server = subprocess.Popen([binary, "--listen", "127.0.0.1:0"], stderr=subprocess.PIPE,
                              text=True)
    try:
        port = None
        deadline = time.time() + 20
        while port is None and time.time() < deadline:
            line = server.stderr.readline()
            match = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
            if match:
                port = int(match.group(1))
        assert port, "the server did not say which port it listens on"
        with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
            f = sock.makefile("rb")
            sock.sendall(frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                                "params": {"processId": None, "rootUri": None, "capabilities": {}}}))
            reply = read_message(f)
            while "id" not in reply:
                reply = read_message(f)
            assert reply["id"] == 1 and "capabilities" in reply["result"], reply
            sock.sendall(frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
            sock.sendall(frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
                "textDocument": {"uri": "file:///w/t.py", "languageId": "python", "version": 1,
                                 "text": "def outer(n):\n    def inner():\n        return n\n"}}}))
            sock.sendall(frame({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover",
                                "params": {"textDocument": {"uri": "file:///w/t.py"},
                                           "position": {"line": 1, "character": 9}}}))
            reply = read_message(f)
            while reply.get("id") != 2:
                reply = read_message(f)
            assert "co_freevars == ('n',)" in reply["result"]["contents"]["value"], reply
            sock.sendall(frame({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}))
            reply = read_message(f)
            while reply.get("id") != 3:
                reply = read_message(f)
            sock.sendall(frame({"jsonrpc": "2.0", "method": "exit"}))
        code = server.wait(20)
        assert code == 0, f"exit code {code}"
    finally:
        if server.poll() is None:
            server.kill()
    print("tcp listen: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
