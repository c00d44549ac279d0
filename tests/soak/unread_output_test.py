#!/usr/bin/env python3
"""A client that never reads what the server writes, while it sends many requests with large
answers, until the server gives its output up; then edits and requests again, `shutdown` and
`exit`.

The server must keep reading its input (the client's writes never stall for long), keep its memory
bounded (the answers it cannot deliver are not queued without end: past --max-queued-output-bytes
it gives the output up, says so on stderr, and goes on reading), and exit promptly with code 0
after shutdown/exit although its last writes can never complete.

Then a client that stops reading for a while and then reads again: every request is answered
exactly once (a pause below the limit loses nothing).

  unread_output_test.py BUILD/server/closurelens [--queue-limit BYTES]
"""
import argparse, os, subprocess, sys, threading, time

here = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [here, os.path.join(here, "..", "support")]
from lsp_client import LspClient  # noqa: E402
from lsp_stdio_client import frame  # noqa: E402
from proc_stats import add_memory_unchecked_argument, rss_kib  # noqa: E402

URI = "file:///closurelens-soak/closures.py"


def closure_heavy_module(functions):
    """Many closures: inlay hints and semantic tokens for the whole file are large."""
    parts = []
    for i in range(functions):
        parts.append(f"def outer_{i}(alpha, beta, gamma):\n"
                     f"    delta = alpha * {i}\n\n"
                     f"    def inner(x):\n"
                     f"        return alpha + beta + gamma + delta + x\n"
                     f"    return inner\n\n")
    return "".join(parts)


def whole(text):
    lines = text.split("\n")
    return {"start": {"line": 0, "character": 0},
            "end": {"line": len(lines) - 1, "character": len(lines[-1])}}


def request(rid, text, hints=False):
    params = {"textDocument": {"uri": URI}}
    if hints:
        params["range"] = whole(text)
    method = "textDocument/inlayHint" if hints else "textDocument/semanticTokens/full"
    return {"jsonrpc": "2.0", "id": rid, "method": method, "params": params}


def never_reads(binary, args, text, problems):
    extra = ["--max-queued-output-bytes", str(args.queue_limit)] if args.queue_limit else []
    proc = subprocess.Popen([binary, "--stdio", *extra], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stderr = []
    threading.Thread(target=lambda: stderr.extend(proc.stderr), daemon=True).start()

    def gave_up():
        return any(b"not reading" in line for line in list(stderr))
    state = {"bytes": 0, "phase": "starting", "requests": 0, "after_give_up": 0, "error": None}
    measured = threading.Event()

    def send(message):
        data = frame(message)
        proc.stdin.write(data)
        proc.stdin.flush()
        state["bytes"] += len(data)

    def write_all():
        """Requests until the server gives its output up, as many again after that, then
        shutdown and exit; nothing is ever read."""
        try:
            send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
                "processId": os.getpid(), "rootUri": None, "capabilities": {}}})
            send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
            send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": URI, "languageId": "python", "version": 1, "text": text}}})
            state["phase"] = "opened"
            measured.wait(60)
            state["phase"] = "requests"
            deadline = time.time() + args.give_up_timeout
            rid = 100
            while not gave_up() and time.time() < deadline:
                send(request(rid, text))
                rid += 1
                time.sleep(args.pace)
            state["requests"] = rid - 100
            state["phase"] = "after give-up"
            for version in range(2, 2 + args.after):
                send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                    "textDocument": {"uri": URI, "version": version},
                    "contentChanges": [{"range": {"start": {"line": 0, "character": 0},
                                                  "end": {"line": 0, "character": 0}},
                                        "text": "#"}]}})
                send(request(rid, text))
                rid += 1
                state["after_give_up"] += 1
            send({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
            send({"jsonrpc": "2.0", "method": "exit", "params": None})
            proc.stdin.close()
            state["phase"] = "done"
        except OSError as error:
            state["error"] = error
            state["phase"] = "done"
    writer = threading.Thread(target=write_all, daemon=True)
    writer.start()
    while state["phase"] == "starting" and proc.poll() is None:
        time.sleep(0.05)
    time.sleep(1.0)  # the document analysed: the level before any answer waits
    base = rss_kib(proc.pid) or 0
    measured.set()
    samples = []
    peak, last_bytes, last_progress = base, 0, time.time()
    sent_in = exit_deadline = None
    started = time.time()
    while proc.poll() is None:
        time.sleep(0.1)
        kib = rss_kib(proc.pid) or 0
        peak = max(peak, kib)
        if len(samples) < 400:
            samples.append((round(time.time() - started, 1), kib // 1024, state["phase"]))
        if state["phase"] == "done":
            if sent_in is None:
                sent_in = time.time() - started
                exit_deadline = time.time() + args.exit_timeout
            elif time.time() > exit_deadline:
                problems.append(f"the server did not exit within {args.exit_timeout:.0f} s of "
                                f"shutdown/exit")
                proc.kill()
                break
        elif state["bytes"] != last_bytes:
            last_bytes, last_progress = state["bytes"], time.time()
        elif time.time() - last_progress > args.stall_timeout:
            problems.append(f"the server stopped reading its input: nothing taken for "
                            f"{args.stall_timeout:.0f} s ({state['phase']}, {last_bytes} bytes)")
            proc.kill()
            break
    code = proc.wait()
    if state["error"] is not None and not problems:
        problems.append(f"writing to the server failed: {state['error']!r}")
    if code < 0 and not problems:
        problems.append(f"the server died of signal {-code}")
    elif code > 0:
        problems.append(f"exit code {code} after shutdown/exit, expected 0")
    if not gave_up():
        problems.append(f"the server did not give its output up within "
                        f"{args.give_up_timeout:.0f} s of requests")
    limit = args.queue_limit or 64 << 20
    # The queue, plus the working set of a few answers being built (a reading client sees that
    # too), plus room for the allocator.
    allowed = base + (limit + (limit >> 2)) // 1024 + 48 * 1024
    if peak > allowed and not args.memory_unchecked:
        problems.append(f"resident memory reached {peak / 1024:.1f} MiB, above the "
                        f"{allowed / 1024:.1f} MiB allowed (start {base / 1024:.1f} MiB + queue "
                        f"limit {limit / 1048576:.0f} MiB + 25% + 48 MiB)")
    log = b"".join(stderr).decode("utf-8", "replace")
    print(f"never-reading client: {state['requests']} requests until the server gave its output "
          f"up, {state['after_give_up']} edits and requests after that, "
          f"{state['bytes'] / 1e6:.1f} MB sent in {sent_in or 0:.1f} s; queue limit "
          f"{limit / 1048576:.0f} MiB; exit code {code}; resident memory "
          f"{base / 1024:.1f} MiB at the start, {peak / 1024:.1f} MiB at the peak")
    if problems:
        print("resident memory (s, MiB, phase): " + " ".join(map(str, samples[::5])))
        print("--- server stderr (tail) ---\n" + log[-3000:])


def pauses_reading(binary, args, text, problems):
    """Requests answered while the client does not read are delivered once it reads again."""
    client = LspClient(binary)
    reader_paused = threading.Event()
    # Hold the reader thread: the answers pile up in the pipe and in the server's queue.
    original = client._on_message

    def slow(message, received):
        reader_paused.wait()
        original(message, received)
    client._on_message = slow
    client.request("initialize", {"processId": os.getpid(), "rootUri": None,
                                  "capabilities": {}})
    client.notify("initialized", {})
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": URI, "languageId": "python", "version": 1, "text": text}})
    count = args.reads_paused
    for i in range(count):
        client.request("textDocument/inlayHint", {"textDocument": {"uri": URI},
                                                  "range": whole(text)})
    time.sleep(2)
    reader_paused.set()
    if not client.wait_idle(120):
        problems.append(f"{len(client.pending)} requests unanswered after the client read again")
    code = client.close()
    problems.extend(client.problems)
    print(f"client pausing its reads: {count + 1} requests, all answered once: "
          f"{not client.problems}, exit code {code}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary")
    parser.add_argument("--pace", type=float, default=0.005,
                        help="seconds between two requests until the output is given up")
    parser.add_argument("--give-up-timeout", type=float, default=300)
    parser.add_argument("--after", type=int, default=500,
                        help="edits and requests sent after the output was given up")
    parser.add_argument("--reads-paused", type=int, default=60,
                        help="requests sent while the second client does not read")
    parser.add_argument("--functions", type=int, default=2000)
    parser.add_argument("--queue-limit", type=int, default=0,
                        help="--max-queued-output-bytes for the server (0: its default)")
    parser.add_argument("--stall-timeout", type=float, default=30)
    parser.add_argument("--exit-timeout", type=float, default=30)
    add_memory_unchecked_argument(parser)
    args = parser.parse_args()
    text = closure_heavy_module(args.functions)
    problems = []
    never_reads(args.binary, args, text, problems)
    pauses_reading(args.binary, args, text, problems)
    for text in problems:
        print("PROBLEM " + text)
    print("unread output: " + ("FAILED" if problems else "passed"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
