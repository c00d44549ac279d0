#!/usr/bin/env python3
"""Runs the closurelens binary over stdio against a transcript and checks what it answers.

A transcript is a text file of directives, one per line (lines starting with '#' are comments):

  args: --log-level debug         extra command-line arguments (before anything is sent)
  >> {json}                       send this JSON-RPC message, framed with Content-Length
  >>raw <python bytes literal>    send these exact bytes (e.g. b"Content-Length: 3\\r\\n\\r\\n{}x")
  >>body <python bytes literal>   send these bytes as one body, framed with Content-Length
  >>big <n> <id>                  send a request of id <id> whose body is <n> bytes long
  << {json}                       expect a message that contains this JSON (objects match as
                                  subsets, lists element by element, "<any>" matches anything,
                                  also inside a string);
                                  responses are looked up by id, notifications in order; the
                                  server's window/logMessage notifications are skipped unless
                                  the expectation is one
  <<none-for <id>                 expect no response with this id so far (a notification's silence)
  <<never <method>                expect no notification of this method so far
  <<order <id> <id>...            expect responses with these ids, arriving in this order
  >>reply <json>                  answer the server's last request (seen with `<< {"method": ...}`,
                                  which matches requests of the server like notifications)
  wait <ms>                       sleep, e.g. to let a delayed request start
  close                           close the server's stdin
  exit-code: <n>                  expect the process to exit with <n> (closes stdin first)

At the end it checks that every request sent got exactly one response.
"""
import ast, json, os, re, subprocess, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from lsp_stdio_client import KEEP, StdioServer, frame, frame_bytes  # noqa: E402

TIMEOUT = float(os.environ.get("TRANSCRIPT_TIMEOUT", "20"))


def send(server, data: bytes):
    try:
        server.send_bytes(data)
    except BrokenPipeError:
        pass


def matches(expected, actual):
    if expected == "<any>":
        return True
    if isinstance(expected, str) and "<any>" in expected:
        pattern = ".*".join(re.escape(part) for part in expected.split("<any>"))
        return isinstance(actual, str) and re.fullmatch(pattern, actual, re.S) is not None
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and matches(v, actual[k])
                                                for k, v in expected.items())
    if isinstance(expected, list):
        return (isinstance(actual, list) and len(expected) == len(actual)
                and all(matches(e, a) for e, a in zip(expected, actual)))
    return expected == actual


def is_response(m):
    return "id" in m and "method" not in m


def run(binary, path):
    lines = open(path, encoding="utf-8").read().splitlines()
    args = []
    for line in lines:
        if line.startswith("args:"):
            args += line[len("args:"):].split()
    server = StdioServer([binary] + args, stderr=KEEP)
    sent_ids = []
    consumed = set()      # indices of server messages already matched
    next_notification = 0  # notifications are matched in order, from here on
    last_server_request = None
    failures = []

    def fail(lineno, text):
        failures.append(f"{path}:{lineno}: {text}")

    def wait_for(predicate):
        deadline = time.time() + TIMEOUT
        with server.cond:
            while True:
                for i, m in enumerate(server.messages):
                    if i not in consumed and predicate(i, m):
                        return i
                remaining = deadline - time.time()
                if remaining <= 0 or server.output_ended:
                    return None
                server.cond.wait(min(remaining, 0.1))

    for lineno, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#") or line.startswith("args:"):
            continue
        if line.startswith(">>body "):
            send(server, frame_bytes(ast.literal_eval(line[len(">>body "):])))
        elif line.startswith(">>raw "):
            send(server, ast.literal_eval(line[len(">>raw "):]))
        elif line.startswith(">>big "):
            size, rid = line[len(">>big "):].split()
            head = b'{"jsonrpc":"2.0","id":%s,"method":"textDocument/hover","params":{"pad":"' % rid.encode()
            tail = b'"}}'
            pad = int(size) - len(head) - len(tail)
            send(server, b"Content-Length: %d\r\n\r\n" % int(size) + head)
            chunk = b"x" * (1 << 20)
            while pad > 0:
                send(server, chunk[:min(pad, len(chunk))])
                pad -= len(chunk)
            send(server, tail)
            sent_ids.append(json.loads(rid))
        elif line.startswith(">>reply "):
            if last_server_request is None:
                fail(lineno, "no request of the server to reply to")
                break
            reply = {"jsonrpc": "2.0", "id": last_server_request["id"],
                     "result": json.loads(line[len(">>reply "):])}
            send(server, frame(reply))
        elif line.startswith(">> "):
            message = json.loads(line[3:])
            if "id" in message and "method" in message:
                sent_ids.append(message["id"])
            send(server, frame(message))
        elif line.startswith("<<none-for "):
            rid = json.loads(line[len("<<none-for "):])
            time.sleep(0.2)
            with server.cond:
                if any(is_response(m) and m.get("id") == rid for m in server.messages):
                    fail(lineno, f"unexpected response for id {rid}")
        elif line.startswith("<<order "):
            ids = [json.loads(token) for token in line[len("<<order "):].split()]
            found = [wait_for(lambda i, m, rid=rid: is_response(m) and m.get("id") == rid)
                     for rid in ids]
            if None in found:
                fail(lineno, f"no response for id {ids[found.index(None)]}")
                break
            if found != sorted(found):
                arrived = [rid for _, rid in sorted(zip(found, ids))]
                fail(lineno, f"responses arrived in the order {arrived}, expected {ids}")
        elif line.startswith("<<never "):
            method = line[len("<<never "):].strip()
            time.sleep(0.2)
            with server.cond:
                if any(m.get("method") == method for m in server.messages):
                    fail(lineno, f"unexpected {method} notification")
        elif line.startswith("<< "):
            expected = json.loads(line[3:])
            if "id" in expected and "method" not in expected:
                found = wait_for(lambda i, m: is_response(m) and m.get("id") == expected["id"])
            else:
                want_log = expected.get("method") == "window/logMessage"

                def pred(i, m):
                    if is_response(m) or i < next_notification:
                        return False
                    if m.get("method") == "window/logMessage" and not want_log:
                        return False
                    return matches(expected, m)
                found = wait_for(pred)
            if found is None:
                with server.cond:
                    seen = [m for i, m in enumerate(server.messages) if i not in consumed]
                fail(lineno, f"expected {json.dumps(expected)}\n  unmatched messages: "
                             f"{json.dumps(seen)[:3000]}")
                break
            actual = server.messages[found]
            if not matches(expected, actual):
                fail(lineno, f"expected {json.dumps(expected)}\n  got {json.dumps(actual)[:3000]}")
            consumed.add(found)
            if not is_response(actual):
                next_notification = found + 1
                if "id" in actual:
                    last_server_request = actual
        elif line.startswith("wait "):
            time.sleep(int(line.split()[1]) / 1000)
        elif line == "close":
            server.close_input()
        elif line.startswith("exit-code:"):
            want = int(line.split(":")[1])
            server.close_input()
            try:
                code = server.proc.wait(TIMEOUT)
            except subprocess.TimeoutExpired:
                server.proc.kill()
                fail(lineno, "server did not exit")
                break
            if code != want:
                fail(lineno, f"exit code {code}, expected {want}")
        else:
            fail(lineno, f"unknown directive: {line}")
            break

    server.close_input()
    try:
        server.proc.wait(TIMEOUT)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        fail(0, "server did not exit after its input closed")
    server.reader.join(5)
    if server.read_error is not None:
        fail(0, f"server wrote {server.read_error}")
    if server.proc.returncode is not None and server.proc.returncode < 0:
        fail(0, f"server died of signal {-server.proc.returncode}")

    answered = {}
    for m in server.messages:
        if is_response(m) and m.get("id") is not None:
            key = json.dumps(m["id"])
            answered[key] = answered.get(key, 0) + 1
    for rid in sent_ids:
        n = answered.get(json.dumps(rid), 0)
        if n != 1 and not failures:
            fail(0, f"request {rid} was answered {n} times")

    if failures:
        print("\n".join(failures))
        print("--- server stderr ---")
        print("".join(server.stderr_tail)[-6000:])
        return 1
    print(f"{os.path.basename(path)}: ok ({len(server.messages)} messages received)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(run(sys.argv[1], sys.argv[2]))
