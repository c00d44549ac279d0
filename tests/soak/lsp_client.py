"""A pipelined LSP client over a child process's stdio, for the soak tests.

Requests are sent without waiting for their answers; a reader thread matches every response to
its request by id, times it, and hands it to the request's check. Everything that goes wrong
(malformed JSON-RPC, an id answered twice or never, a failed check) is collected in `problems`.
"""
import collections, os, subprocess, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from lsp_stdio_client import KEEP, StdioServer  # noqa: E402
from proc_stats import cpu_seconds, memory_kib, rss_kib  # noqa: E402

REQUEST_CANCELLED = -32800


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class Pending:
    __slots__ = ("method", "params", "sent_at", "check", "cancelled", "context")

    def __init__(self, method, params, sent_at, check, context):
        self.method, self.params, self.sent_at = method, params, sent_at
        self.check, self.cancelled, self.context = check, False, context


class LspClient(StdioServer):
    """One server process. `send_*` may be called from one sender thread; checks run on the
    reader thread. `window` bounds the requests in flight (0: unbounded)."""

    MAX_PROBLEMS_KEPT = 40

    def __init__(self, binary, args=(), window=0, on_notification=None):
        self.window = window
        self.on_notification = on_notification
        self.pending = {}                # id -> Pending
        self.answered = set()            # ids answered so far
        self.next_id = 1
        self.latencies = collections.defaultdict(list)  # method -> seconds, uncancelled answers
        self.cancelled_counts = collections.Counter()   # method -> (answered with error, result)
        self.problem_count = 0
        self.problems = []
        self.log_messages = collections.Counter()       # window/logMessage type -> count
        super().__init__([binary, "--stdio", *args], stderr=KEEP, stderr_lines=200)

    # ----- problems

    def problem(self, text):
        with self.cond:
            self.problem_count += 1
            if len(self.problems) < self.MAX_PROBLEMS_KEPT:
                self.problems.append(text)

    def framing_problem(self, text):
        self.problem(text)

    # ----- sending

    def request(self, method, params, check=None, context=None):
        """Sends a request; `check(result, pending) -> [problem]` validates its result."""
        with self.cond:
            while self.window and len(self.pending) >= self.window:
                if not self.cond.wait(60):
                    raise TimeoutError(f"no answer for 60 s; {len(self.pending)} in flight")
            rid = self.next_id
            self.next_id += 1
            self.pending[rid] = Pending(method, params, time.perf_counter(), check, context)
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        return rid

    def cancel(self, rid):
        with self.cond:
            entry = self.pending.get(rid)
            if entry is not None:
                entry.cancelled = True
        self.notify("$/cancelRequest", {"id": rid})

    def wait_idle(self, timeout=120):
        """Waits until every request sent so far is answered."""
        deadline = time.time() + timeout
        with self.cond:
            while self.pending:
                remaining = deadline - time.time()
                if remaining <= 0 or self.output_ended:
                    return False
                self.cond.wait(min(remaining, 0.5))
        return True

    def call(self, method, params, timeout=120):
        """Sends a request and waits for its answer; returns the whole response message."""
        box = {}

        def keep(result, pending):
            box["result"] = result
            return []
        rid = self.request(method, params, keep, context="call")
        deadline = time.time() + timeout
        with self.cond:
            while rid not in self.answered:
                remaining = deadline - time.time()
                if remaining <= 0 or self.output_ended:
                    raise TimeoutError(f"{method}: no answer")
                self.cond.wait(min(remaining, 0.5))
        return box.get("result")

    def rss_kib(self):
        return rss_kib(self.proc.pid)

    def memory_kib(self):
        return memory_kib(self.proc.pid)

    def cpu_seconds(self):
        return cpu_seconds(self.proc.pid)

    def close(self, timeout=30):
        """shutdown, exit; returns the exit code (None if it did not exit in time)."""
        try:
            self.call("shutdown", None, timeout)
            self.notify("exit", None)
            self.proc.stdin.close()
        except (BrokenPipeError, TimeoutError) as error:
            self.problem(f"shutdown/exit failed: {error!r}")
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.problem("the server did not exit after shutdown/exit")
            self.proc.kill()
            self.proc.wait()
            return None
        self.reader.join(10)
        with self.cond:
            for rid, entry in self.pending.items():
                self.problem(f"request {rid} ({entry.method}) was never answered")
            self.pending.clear()
        if code != 0:
            self.problem(f"exit code {code} after shutdown/exit (expected 0)")
        return code

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    # ----- reading

    def _on_message(self, message, received):
        if not isinstance(message, dict) or message.get("jsonrpc") != "2.0":
            self.problem(f"not a JSON-RPC 2.0 message: {str(message)[:200]}")
            return
        if "method" in message:
            if not isinstance(message["method"], str):
                self.problem(f"method is not a string: {str(message)[:200]}")
            elif "id" in message:
                self.problem(f"unexpected request from the server: {message['method']}")
            else:
                if message["method"] == "window/logMessage":
                    params = message.get("params") or {}
                    self.log_messages[params.get("type")] += 1
                    if params.get("type") == 1:
                        self.problem(f"server logged an error: {params.get('message')}")
                if self.on_notification:
                    for text in self.on_notification(message) or ():
                        self.problem(text)
            return
        rid = message.get("id")
        has_result, has_error = "result" in message, "error" in message
        if has_result == has_error:
            self.problem(f"a response needs exactly one of result and error: {str(message)[:200]}")
            return
        with self.cond:
            entry = self.pending.pop(rid, None) if isinstance(rid, int) else None
            duplicate = rid in self.answered
            if entry is not None:
                self.answered.add(rid)
            self.cond.notify_all()
        if entry is None:
            self.problem(f"response to id {rid!r}, which is "
                         f"{'answered already' if duplicate else 'not a request of ours'}")
            return
        if has_error:
            error = message["error"]
            if (not isinstance(error, dict) or not isinstance(error.get("code"), int)
                    or not isinstance(error.get("message"), str)):
                self.problem(f"malformed error object: {str(error)[:200]}")
                return
            if entry.cancelled and error["code"] == REQUEST_CANCELLED:
                self.cancelled_counts[(entry.method, "cancelled")] += 1
                return
            self.problem(f"{entry.method} (id {rid}) failed: {error['code']} {error['message']}")
            return
        if entry.cancelled:
            self.cancelled_counts[(entry.method, "answered")] += 1
        elif entry.context is None:  # probes and calls are not part of the traffic measured
            self.latencies[entry.method].append(received - entry.sent_at)
        if entry.check:
            try:
                errors = entry.check(message["result"], entry)
            except Exception as error:  # a check that trips on a malformed result is a finding
                errors = [f"check raised {error!r}"]
            for text in errors or ():
                self.problem(f"{entry.method} (id {rid}): {text}")
