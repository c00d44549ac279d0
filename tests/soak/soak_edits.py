#!/usr/bin/env python3
"""Soak: one client session on a large file (the machine's CPython `_pydecimal.py`) with thousands
of incremental edits interleaved with hover, inlay hints (+ resolve), semantic tokens (full and
range), code actions, document highlights, pulled diagnostics and cancellations, all pipelined.

Checked: every message is well-formed JSON-RPC, every request is answered exactly once (a
cancelled one with RequestCancelled or its result), every result is well-formed LSP 3.17 and lies
inside the text of the version it was asked about; at checkpoints and at the end, a set of probe
requests answered by the soaked server equals the answers of a fresh server opened on the same
text (order independence); and the server's resident memory at the end is within --rss-growth of
its level after the warm-up edits. Memory is sampled after a quiet spell (the server releases
freed memory after 1 s of quiet), every --quiet-every edits; a level is the median of the samples
in a window (warm-up: the second half of the warm-up edits; end: the last 10% of the edits), as
one sample moves by several percent with where the allocator holds live blocks. The server runs at
debug log level, where each memory release logs the allocator's bytes in use and free: printed next
to the samples, they tell growth of what is kept (in use) from fragmentation (resident but free).
Prints a summary: edits/s, client-observed latencies per request kind (p50/p99), memory samples.

  soak_edits.py BUILD/server/closurelens [--edits 10000] [--seed 1] [--window 16]
"""
import argparse, json, os, random, re, sys, sysconfig, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lsp_checks  # noqa: E402
from lsp_client import LspClient, percentile  # noqa: E402
from proc_stats import add_memory_unchecked_argument  # noqa: E402
from text_model import TextModel  # noqa: E402
from typing_model import Typist  # noqa: E402

# Not a real folder: no pyproject.toml above it can change the settings between servers.
URI = "file:///closurelens-soak/_pydecimal.py"


def capabilities(pull):
    text_document = {
        "hover": {"contentFormat": ["markdown", "plaintext"]},
        "inlayHint": {"resolveSupport": {"properties": ["tooltip"]}},
        "semanticTokens": {"requests": {"full": True, "range": True}, "formats": ["relative"],
                           "tokenTypes": [], "tokenModifiers": []},
        "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": [
            "quickfix", "refactor", "source"]}}},
    }
    if pull:
        text_document["diagnostic"] = {"dynamicRegistration": False}
    return {"general": {"positionEncodings": ["utf-16"]}, "textDocument": text_document}


def start_server(binary, pull, window, on_notification=None, args=()):
    client = LspClient(binary, args, window=window, on_notification=on_notification)
    result = client.call("initialize", {"processId": os.getpid(), "rootUri": None,
                                        "capabilities": capabilities(pull)})
    encoding = (result or {}).get("capabilities", {}).get("positionEncoding")
    if encoding != "utf-16":
        client.problem(f"negotiated position encoding {encoding!r}, expected utf-16")
    client.notify("initialized", {})
    return client


def viewport(model, line, height=60):
    first = max(0, line - height // 3)
    last = min(len(model.lines) - 1, first + height)
    return {"start": {"line": first, "character": 0},
            "end": model.position(last, len(model.lines[last]))}


def word_positions(snapshot, rng, count):
    """Positions on identifiers, preferring lines that define or capture something."""
    lines = snapshot.lines
    interesting = [i for i, text in enumerate(lines)
                   if "def " in text or "lambda" in text or "nonlocal" in text or "@" in text]
    out = []
    for _ in range(count):
        pool = interesting if interesting and rng.random() < 0.7 else range(len(lines))
        line = rng.choice(pool)
        text = lines[line]
        starts = [i for i, ch in enumerate(text) if (ch.isalpha() or ch == "_")
                  and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_"))]
        cp = rng.choice(starts) + 1 if starts else 0
        cp = min(cp, len(text))
        out.append({"line": line, "character": len(text[:cp].encode("utf-16-le")) // 2})
    return out


def probes(snapshot, seed, pull):
    """The requests whose answers must not depend on the edits that led to this text."""
    rng = random.Random(seed)
    doc = {"uri": URI}
    last = len(snapshot.lines) - 1
    whole = {"start": {"line": 0, "character": 0},
             "end": {"line": last, "character": snapshot.line_u16(last)}}
    out = [("textDocument/semanticTokens/full", {"textDocument": doc}),
           ("textDocument/inlayHint", {"textDocument": doc, "range": whole}),
           ("textDocument/codeAction", {"textDocument": doc, "range": whole,
                                        "context": {"diagnostics": [],
                                                    "only": ["source.fixAll.closurelens"]}})]
    if pull:
        out.append(("textDocument/diagnostic", {"textDocument": doc}))
    for position in word_positions(snapshot, rng, 40):
        out.append(("textDocument/hover", {"textDocument": doc, "position": position}))
    for position in word_positions(snapshot, rng, 10):
        out.append(("textDocument/documentHighlight", {"textDocument": doc, "position": position}))
        line = position["line"]
        out.append(("textDocument/codeAction", {
            "textDocument": doc,
            "range": {"start": {"line": line, "character": 0}, "end": position},
            "context": {"diagnostics": []}}))
    return out


class Soak:
    def __init__(self, args):
        self.args = args
        # Separate streams: the edits depend on the seed alone, whatever the answers' timing.
        self.rng = random.Random(args.seed)
        edit_rng = random.Random(args.seed * 1000003 + 1)
        path = args.file or os.path.join(sysconfig.get_paths()["stdlib"], "_pydecimal.py")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        self.path = path
        self.model = TextModel(text)
        self.typist = Typist(self.model, edit_rng, text.split("\n"))
        self.pull = args.diagnostics == "pull"
        self.hints = []              # inlay hints seen, to resolve some of them
        self.result_id = None        # the last pulled diagnostics' resultId
        self.recent = {}             # version -> snapshot, for pushed diagnostics (push mode)
        self.published = {}          # version -> diagnostics pushed for it
        self.last_published_version = -1
        self.pushes = {"checked": 0, "unchecked": 0}
        self.checkpoints = []        # (snapshot, [(method, params, result)])
        self.busy = []               # (edits, KiB): resident memory while requests fly
        self.quiet = []              # (edits, KiB): the same after a quiet spell
        self.quiet_split = []        # (edits, RssAnon KiB, RssFile KiB) of those
        self.heap = []               # (edits, KiB in use, KiB free): the allocator's, at those
        self.last_release = None     # (KiB in use, KiB free, rebuilds) of the last release logged
        self.releases = []           # (KiB in use, KiB free) at each memory release logged
        self.paused = 0.0            # seconds spent waiting for quiet, not editing
        self.cancels = []            # [messages still to send before the cancel, id]
        self.sent_requests = 0
        self.client = None

    # ----- requests with their checks

    def request(self, method, params, check, cancellable=True):
        rid = self.client.request(method, params, check)
        self.sent_requests += 1
        if cancellable and self.rng.random() < self.args.cancel_rate:
            self.cancels.append([self.rng.randint(0, 3), rid])
        return rid

    def tick_cancels(self):
        due = [c for c in self.cancels if c[0] <= 0]
        self.cancels = [c for c in self.cancels if c[0] > 0]
        for c in self.cancels:
            c[0] -= 1
        for _, rid in due:
            self.client.cancel(rid)

    def send_requests(self):
        model, rng, snap = self.model, self.rng, self.model.snapshot()
        doc = {"uri": URI}
        self.typist.clamp_cursor()
        line, cp = self.typist.cursor
        if rng.random() < 0.30:
            position = model.position(line, cp)
            self.request("textDocument/hover", {"textDocument": doc, "position": position},
                         lambda r, p: lsp_checks.hover(r, snap, URI))
        if rng.random() < 0.10:
            rng_ = viewport(model, line)

            def check_hints(result, pending, snap=snap, rng_=rng_):
                problems = lsp_checks.inlay_hints(result, snap, URI, rng_)
                if isinstance(result, list) and result and len(self.hints) < 200:
                    self.hints.append(result[len(result) // 2])
                return problems
            self.request("textDocument/inlayHint", {"textDocument": doc, "range": rng_},
                         check_hints)
        if rng.random() < 0.10:
            rng_ = viewport(model, line)
            self.request("textDocument/semanticTokens/range", {"textDocument": doc, "range": rng_},
                         lambda r, p: lsp_checks.semantic_tokens(r, snap, rng_))
        if rng.random() < 0.02:
            self.request("textDocument/semanticTokens/full", {"textDocument": doc},
                         lambda r, p: lsp_checks.semantic_tokens(r, snap))
        if rng.random() < 0.08:
            start = model.position(max(0, line - rng.randint(0, 3)), 0)
            only = rng.choice([None, None, ["quickfix"], ["source.fixAll.closurelens"]])
            context = {"diagnostics": []}
            if only:
                context["only"] = only
            self.request("textDocument/codeAction",
                         {"textDocument": doc, "range": {"start": start,
                                                         "end": model.position(line, cp)},
                          "context": context},
                         lambda r, p: lsp_checks.code_actions(r, snap, URI, only))
        if rng.random() < 0.03:
            self.request("textDocument/documentHighlight",
                         {"textDocument": doc, "position": model.position(line, cp)},
                         lambda r, p: self.check_highlights(r, snap))
        if self.pull and rng.random() < 0.08:
            previous = self.result_id
            params = {"textDocument": doc}
            if previous:
                params["previousResultId"] = previous

            def check_report(result, pending, snap=snap, previous=previous):
                if isinstance(result, dict) and isinstance(result.get("resultId"), str):
                    self.result_id = result["resultId"]
                return lsp_checks.diagnostic_report(result, snap, URI, previous)
            self.request("textDocument/diagnostic", params, check_report)
        if rng.random() < 0.02 and self.hints:
            hint = self.hints.pop(0)
            self.request("inlayHint/resolve", hint,
                         lambda r, p: lsp_checks.inlay_hint(r, snap, URI, check_ranges=False))

    @staticmethod
    def check_highlights(result, snap):
        if result is None:
            return []
        if not isinstance(result, list):
            return [f"not a DocumentHighlight[]: {str(result)[:200]}"]
        problems = []
        for item in result:
            problems += lsp_checks.range_problems(item.get("range"), snap, "highlight range")
            if item.get("kind", 1) not in (1, 2, 3):
                problems.append(f"highlight kind {item.get('kind')!r}")
        return problems

    # ----- pushed diagnostics (push mode)

    RELEASE_LOG = re.compile(r"memory released after (\d+) document rebuilds; heap: (\d+) KiB in "
                             r"use, (\d+) KiB free")

    def on_notification(self, message):
        if message["method"] == "window/logMessage":
            found = self.RELEASE_LOG.match((message.get("params") or {}).get("message", ""))
            if found:
                rebuilds, in_use, free = (int(n) for n in found.groups())
                self.last_release = (in_use, free, rebuilds)
                self.releases.append((in_use, free))
            return []
        if message["method"] != "textDocument/publishDiagnostics":
            return []
        params = message.get("params") or {}
        if params.get("uri") != URI:
            return [f"diagnostics for an unknown document {params.get('uri')!r}"]
        version = params.get("version")
        if not isinstance(version, int) or not isinstance(params.get("diagnostics"), list):
            return [f"malformed publishDiagnostics: {str(params)[:200]}"]
        problems = []
        if version < self.last_published_version:
            problems.append(f"diagnostics for version {version} after version "
                            f"{self.last_published_version}")
        self.last_published_version = version
        self.published = {version: params["diagnostics"]}
        snap = self.recent.get(version)
        if snap is None:
            self.pushes["unchecked"] += 1
            return problems
        self.pushes["checked"] += 1
        return problems + lsp_checks.publish_diagnostics(params, snap, URI)

    def remember_version(self):
        if self.pull:
            return
        snap = self.model.snapshot()
        self.recent[snap.version] = snap
        self.recent.pop(snap.version - self.args.push_history, None)

    # ----- probes and memory

    def record_probes(self, label):
        snap = self.model.snapshot()
        results = []
        for method, params in probes(snap, self.args.seed + snap.version, self.pull):
            slot = [method, params, None]
            results.append(slot)

            def keep(result, pending, slot=slot):
                slot[2] = result
                return []
            self.client.request(method, params, keep, context="probe")
        self.checkpoints.append((label, snap, results))

    def sample_busy(self, edit):
        self.busy.append((edit, self.client.rss_kib()))

    def sample_quiet(self, edit):
        """Resident memory in the same state each time: the current text analysed (an edit
        drops the analysis, the next request rebuilds it), nothing in flight, then quiet long
        enough for debounced diagnostics and for the server to release freed memory (1 s)."""
        self.client.call("textDocument/semanticTokens/full", {"textDocument": {"uri": URI}})
        if not self.client.wait_idle():
            self.client.problem(f"requests still unanswered after {edit} edits")
        paused = time.perf_counter()
        time.sleep(self.args.settle)
        memory = self.client.memory_kib()
        self.quiet.append((edit, memory.get("VmRSS")))
        self.quiet_split.append((edit, memory.get("RssAnon"), memory.get("RssFile")))
        if self.last_release:
            self.heap.append((edit, *self.last_release))
        self.last_release = None
        self.paused += time.perf_counter() - paused

    def level(self, first, last):
        """The median of the quiet samples taken between edits `first` and `last`: one sample
        moves by several percent with where the allocator happens to hold live blocks."""
        values = sorted(kib for edit, kib in self.quiet if first <= edit <= last and kib)
        if not values:
            return None
        middle = len(values) // 2
        return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2

    # ----- the session

    def run(self):
        args = self.args
        # At debug level the server logs what the allocator holds after each memory release.
        self.client = start_server(args.binary, self.pull, args.window, self.on_notification,
                                   ["--log-level", "debug"])
        self.client.notify("textDocument/didOpen", {"textDocument": {
            "uri": URI, "languageId": "python", "version": self.model.version,
            "text": self.model.text()}})
        self.remember_version()
        self.sample_quiet(0)
        started, self.paused = time.perf_counter(), 0.0
        for edit in range(1, args.edits + 1):
            changes = self.typist.next_change()
            self.model.version += 1
            self.client.notify("textDocument/didChange", {
                "textDocument": {"uri": URI, "version": self.model.version},
                "contentChanges": changes})
            self.remember_version()
            self.tick_cancels()
            self.send_requests()
            if edit != args.edits and (edit == args.warmup or edit % args.quiet_every == 0):
                self.sample_quiet(edit)
            elif edit % args.sample_every == 0:
                self.sample_busy(edit)
            if args.checkpoint_every and edit % args.checkpoint_every == 0 and edit != args.edits:
                self.record_probes(f"edit {edit}")
        for _, rid in self.cancels:
            self.client.cancel(rid)
        self.cancels = []
        if not self.client.wait_idle(300):
            self.client.problem("requests unanswered 300 s after the last edit")
        elapsed = time.perf_counter() - started - self.paused
        self.sample_busy(args.edits)
        self.sample_quiet(args.edits)
        self.record_probes("final text")
        self.client.wait_idle()
        if not self.pull:
            self.wait_for_publish(self.model.version)
        final_published = self.published.get(self.model.version)
        self.server_cpu = self.client.cpu_seconds()
        self.client_cpu = time.process_time()
        exit_code = self.client.close()
        fresh_mismatches = self.compare_with_fresh_server(final_published)
        return self.report(elapsed, exit_code, fresh_mismatches)

    def wait_for_publish(self, version, timeout=10):
        deadline = time.time() + timeout
        while version not in self.published and time.time() < deadline:
            time.sleep(0.05)
        if version not in self.published:
            self.client.problem(f"no diagnostics were pushed for the final version {version}")

    def compare_with_fresh_server(self, final_published):
        """Each checkpoint's text opened in a fresh server, as its own document version: the
        answers must equal those the soaked server gave."""
        published = {}

        def keep_published(message):
            if message["method"] == "textDocument/publishDiagnostics":
                params = message["params"]
                published[params.get("version")] = params.get("diagnostics")
            return []
        fresh = start_server(self.args.binary, self.pull, 0, keep_published)
        mismatches = []
        for label, snap, soaked in self.checkpoints:
            fresh.notify("textDocument/didOpen", {"textDocument": {
                "uri": URI, "languageId": "python", "version": snap.version, "text": snap.text()}})
            for method, params, result in soaked:
                again = fresh.call(method, params)
                if again != result:
                    mismatches.append(f"{label} (version {snap.version}): {method} "
                                      f"{json.dumps(params)[:160]}\n    soaked: "
                                      f"{json.dumps(result)[:300]}\n    fresh:  "
                                      f"{json.dumps(again)[:300]}")
            fresh.notify("textDocument/didClose", {"textDocument": {"uri": URI}})
        if not self.pull:
            deadline = time.time() + 10
            while self.model.version not in published and time.time() < deadline:
                time.sleep(0.05)
            if published.get(self.model.version) != final_published:
                mismatches.append("final text: pushed diagnostics differ\n    soaked: "
                                  f"{json.dumps(final_published)[:300]}\n    fresh:  "
                                  f"{json.dumps(published.get(self.model.version))[:300]}")
        fresh.close()
        for text in fresh.problems:
            mismatches.append(f"fresh server: {text}")
        return mismatches

    def report(self, elapsed, exit_code, mismatches):
        client, args = self.client, self.args
        print(f"soak: {args.edits} edits on {self.path} ({self.model.size} characters at the end,"
              f" {len(self.model.lines)} lines), seed {args.seed}, window {args.window}, "
              f"{args.diagnostics} diagnostics")
        print(f"  {args.edits / elapsed:.0f} edits/s ({elapsed:.1f} s), {self.sent_requests} "
              f"requests, {sum(client.cancelled_counts.values())} cancelled "
              f"({sum(n for (m, k), n in client.cancelled_counts.items() if k == 'cancelled')} "
              f"answered RequestCancelled)")
        print(f"  CPU time: server {self.server_cpu:.1f} s, this client {self.client_cpu:.1f} s")
        print(f"  {'request':36} {'count':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
        for method in sorted(client.latencies):
            values = client.latencies[method]
            print(f"  {method:36} {len(values):6} {percentile(values, .5) * 1e3:8.1f} "
                  f"{percentile(values, .99) * 1e3:8.1f} {max(values) * 1e3:8.1f}")
        if not self.pull:
            print(f"  pushed diagnostics: {self.pushes['checked']} checked against their version,"
                  f" {self.pushes['unchecked']} for versions no longer kept")
        print("  resident memory (VmRSS, MiB) after a quiet spell, by edits: " + " ".join(
            f"{edit}:{kib / 1024:.1f}" for edit, kib in self.quiet if kib))
        print("  ... of which anonymous / mapped from files: " + " ".join(
            f"{edit}:{anon / 1024:.1f}/{file / 1024:.1f}" for edit, anon, file in self.quiet_split
            if anon is not None and file is not None))
        if self.heap:
            print("  ... the allocator's bytes in use / free (MiB) and documents rebuilt, at the "
                  "last memory release before each: " + " ".join(
                      f"{edit}:{used / 1024:.1f}/{free / 1024:.1f}/{rebuilds}"
                      for edit, used, free, rebuilds in self.heap))
        print("  ... and while busy: " + " ".join(
            f"{edit}:{kib / 1024:.1f}" for edit, kib in self.busy if kib) + " (peak "
            f"{max(kib or 0 for _, kib in self.busy + self.quiet) / 1024:.1f})")
        if self.releases:
            used = [u for u, _ in self.releases]
            free = [f for _, f in self.releases]
            print(f"  memory releases logged by the server (quiet or busy): {len(self.releases)}; "
                  f"heap in use {min(used) / 1024:.1f}-{max(used) / 1024:.1f} MiB, free "
                  f"{min(free) / 1024:.1f}-{max(free) / 1024:.1f} MiB")
        warm = self.level(args.warmup // 2, args.warmup)
        end = self.level(args.edits - args.edits // 10, args.edits)
        failed = False
        if warm is None or end is None or args.warmup >= args.edits:
            print("  memory growth: not measured (warm-up point not reached)")
        else:
            growth = (end - warm) / warm
            verdict = "ok" if growth <= args.rss_growth else "TOO MUCH"
            print(f"  memory level after warm-up (median of edits {args.warmup // 2}-"
                  f"{args.warmup}) {warm / 1024:.1f} MiB, at the end (median of edits "
                  f"{args.edits - args.edits // 10}-{args.edits}) {end / 1024:.1f} MiB: "
                  f"{growth * 100:+.1f}% (limit +{args.rss_growth * 100:.0f}%): {verdict}")
            if args.memory_unchecked:
                print("  memory growth: reported only (--memory-unchecked)")
            else:
                failed |= growth > args.rss_growth
        checked = sum(len(results) for _, _, results in self.checkpoints)
        print(f"  order independence: {checked} probe answers at {len(self.checkpoints)} "
              f"checkpoints compared with a fresh server: {len(mismatches)} differ")
        if client.log_messages:
            print("  server log messages by type: " + ", ".join(
                f"{t}: {n}" for t, n in sorted(client.log_messages.items(), key=str)))
        for text in mismatches[:10]:
            print("  MISMATCH " + text)
        failed |= bool(mismatches)
        if client.problem_count:
            failed = True
            print(f"  {client.problem_count} problems, the first ones:")
            for text in client.problems:
                print("    " + text)
            print("--- server stderr (tail) ---\n" + "".join(client.stderr_tail)[-4000:])
        if exit_code != 0:
            failed = True
        print("soak: " + ("FAILED" if failed else "passed"))
        return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary")
    parser.add_argument("--edits", type=int, default=10000)
    parser.add_argument("--warmup", type=int, default=1000,
                        help="edits after which the reference memory level is taken")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--window", type=int, default=16,
                        help="requests in flight at most (the edits are not limited)")
    parser.add_argument("--cancel-rate", type=float, default=0.1)
    parser.add_argument("--diagnostics", choices=["pull", "push"], default="pull")
    parser.add_argument("--checkpoint-every", type=int, default=2500)
    parser.add_argument("--sample-every", type=int, default=500,
                        help="edits between two memory samples taken while busy")
    parser.add_argument("--quiet-every", type=int, default=500,
                        help="edits between two memory samples taken after a quiet spell")
    parser.add_argument("--rss-growth", type=float, default=0.10)
    parser.add_argument("--push-history", type=int, default=500,
                        help="versions kept to check pushed diagnostics against")
    parser.add_argument("--settle", type=float, default=2.5,
                        help="seconds of quiet before memory is sampled at warm-up and end")
    parser.add_argument("--file", help="the file to edit (default: the stdlib's _pydecimal.py)")
    add_memory_unchecked_argument(parser)
    args = parser.parse_args()
    soak = Soak(args)
    try:
        return soak.run()
    finally:
        if soak.client:
            soak.client.kill()


if __name__ == "__main__":
    sys.exit(main())
