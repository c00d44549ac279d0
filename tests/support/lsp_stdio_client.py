"""The LSP base protocol for the test and benchmark scripts: Content-Length framing of JSON-RPC
messages, and a language server run as a child process and spoken to over its stdio (standard
library only). Nothing here knows closurelens: the peer benchmarks drive other servers with it.

`frame` and `read_frame` work on any byte stream (a pipe, a socket's file). `StdioServer` runs
one reader thread that hands every message the server writes to `_on_message`; by default it is
kept in `messages`, which `wait` searches. Clients with their own bookkeeping (matching answers to
requests, timing them) override `_on_message`.
"""
import collections, json, subprocess, threading, time

# As `stderr` of StdioServer: the server's stderr is read into `stderr_tail`.
KEEP = "keep"


class FramingError(Exception):
    """What the server wrote is not a Content-Length framed JSON message."""


def frame_bytes(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def frame(message) -> bytes:
    """One JSON-RPC message framed: compact JSON, non-ASCII text written as UTF-8."""
    body = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return frame_bytes(body)


def _complain(report, text):
    if report is None:
        raise FramingError(text)
    report(text)


def read_frame(stream, report=None):
    """The body of the next message on `stream` (a buffered binary reader), or None where the
    stream ends first. A malformed header line, a header block without Content-Length and a body
    cut short raise FramingError; given `report`, their description is passed to it instead and
    reading goes on past the line or the block (a body cut short ends the stream)."""
    while True:
        length = None
        while True:
            line = stream.readline()
            if not line:
                return None
            if line == b"\r\n":
                break
            if not line.endswith(b"\r\n") or b":" not in line:
                _complain(report, f"malformed header line {line[:80]!r}")
                continue
            name, value = line[:-2].split(b":", 1)
            if name.strip().lower() == b"content-length":
                length = int(value)
        if length is None:
            _complain(report, "a message without Content-Length")
            continue
        body = stream.read(length)
        if len(body) != length:
            _complain(report, "the output ended inside a message body")
            return None
        return body


class StdioServer:
    """A language server child process. `send` may be called from any thread (a lock keeps
    messages whole); the reader thread calls `_on_message(message, received)` for each message,
    `received` being time.perf_counter() when its last byte was read, then sets `output_ended`
    when the output closes. `cond` guards `messages` and is notified at each message and at the
    end. `stderr`: where the server's stderr goes (a file, subprocess.DEVNULL), or KEEP to keep
    its last `stderr_lines` lines (all when None) in `stderr_tail`. `timeout`: how many seconds
    `wait` waits unless told otherwise."""

    def __init__(self, command, stderr=subprocess.DEVNULL, stderr_lines=None, cwd=None,
                 timeout=30.0):
        self.timeout = timeout
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE if stderr == KEEP else stderr,
                                     cwd=cwd)
        self.cond = threading.Condition()
        self.messages = []
        self.output_ended = False
        self.read_error = None  # the FramingError that stopped the reader, if one did
        self.stderr_tail = collections.deque(maxlen=stderr_lines)
        self._write_lock = threading.Lock()
        self.reader = threading.Thread(target=self._read_loop, daemon=True)
        self.reader.start()
        if stderr == KEEP:
            threading.Thread(target=self._drain_stderr, daemon=True).start()

    # ----- sending

    def send_bytes(self, data: bytes) -> float:
        """Writes `data` as is; returns time.perf_counter() when the write began."""
        with self._write_lock:
            began = time.perf_counter()
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        return began

    def send(self, *messages) -> float:
        """Writes the messages, framed, in one write; returns when the write began."""
        return self.send_bytes(b"".join(frame(m) for m in messages))

    def notify(self, method, params) -> float:
        return self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def close_input(self):
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass

    # ----- reading

    def framing_problem(self, text):
        """Output that is not framed JSON: raised by default, which stops the reader (and is
        kept in `read_error`)."""
        raise FramingError(text)

    def _on_message(self, message, received):
        with self.cond:
            self.messages.append(message)
            self.cond.notify_all()

    def mark(self):
        """The index the next message will have, for `wait(..., start=)`."""
        with self.cond:
            return len(self.messages)

    def wait(self, predicate, what, start=0, timeout=None):
        """The first message from index `start` on that satisfies `predicate`. AssertionError
        naming `what` when none has come within `timeout` seconds or the output has ended."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        with self.cond:
            while True:
                for message in self.messages[start:]:
                    if predicate(message):
                        return message
                left = deadline - time.monotonic()
                if left <= 0 or self.output_ended:
                    why = ("timed out" if not self.output_ended else
                           f"the server wrote {self.read_error}" if self.read_error else
                           "the server's output ended")
                    raise AssertionError(f"{why} waiting for {what}; got:\n" + "\n".join(
                        json.dumps(m)[:300] for m in self.messages))
                self.cond.wait(left)

    def _read_loop(self):
        try:
            while True:
                body = read_frame(self.proc.stdout, self.framing_problem)
                if body is None:
                    return
                received = time.perf_counter()
                try:
                    message = json.loads(body.decode("utf-8"))
                except ValueError as error:  # UnicodeDecodeError and JSONDecodeError
                    self.framing_problem(f"a body that is not JSON in UTF-8: {error}")
                    continue
                self._on_message(message, received)
        except FramingError as error:
            self.read_error = error
        finally:
            with self.cond:
                self.output_ended = True
                self.cond.notify_all()

    def _drain_stderr(self):
        for line in self.proc.stderr:
            self.stderr_tail.append(line.decode("utf-8", "replace"))
