#!/usr/bin/env python3
"""Many documents open at once (standard-library files): open them all, hover in each, change
each, close them all, everything pipelined, twice over in one session.

Checked: every request answered once with a well-formed result inside its document; pushed
diagnostics well-formed, for the version they name; after didClose, the last diagnostics of every
document are empty (no late publication for a closed file), also for documents closed right after
they were opened, and those closed and opened again keep the diagnostics of their new version;
and what closing frees is reused, not lost: the resident memory after the second round's close
exceeds that after the first round's by at most --leak-fraction of the documents' footprint (all
open minus before).

  many_documents_test.py BUILD/server/closurelens [--documents 1000]
"""
import argparse, os, re, sys, sysconfig, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lsp_checks  # noqa: E402
from lsp_client import LspClient, percentile  # noqa: E402
from proc_stats import add_memory_unchecked_argument  # noqa: E402
from text_model import Snapshot, split_lines, u16_of  # noqa: E402

DEF = re.compile(r"^\s*(?:async\s+)?def\s+(\w+)")
EDIT = ("def _soak_wrap(func):\n    def inner(*args):\n        return func(*args)\n"
        "    return inner\n")
# Reported (a loop variable captured late): its diagnostics are not empty.
FLAGGED = ("def make():\n    fs = []\n    for i in range(3):\n        fs.append(lambda: i)\n"
           "    return fs\n")


def stdlib_files(count, max_bytes):
    root = sysconfig.get_paths()["stdlib"]
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in ("site-packages", "__pycache__"))
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            path = os.path.join(folder, name)
            if os.path.getsize(path) > max_bytes:
                continue
            try:
                with open(path, encoding="utf-8") as f:
                    text = f.read()
            except (UnicodeDecodeError, OSError):
                continue
            if "\r" in text:
                continue  # the checks here split lines on "\n" only
            found.append((path, text))
            if len(found) == count:
                return found
    return found


def hover_position(lines):
    for number, line in enumerate(lines):
        match = DEF.match(line)
        if match:
            return {"line": number, "character": u16_of(line, match.start(1))}
    return {"line": 0, "character": 0}


class Round:
    def __init__(self, client, files, round_number):
        self.client, self.files, self.round = client, files, round_number

    def uri(self, index):
        return f"file:///closurelens-soak/docs/{self.round}/{index}.py"

    def run(self):
        client = self.client
        for i, (_, text) in enumerate(self.files):
            client.notify("textDocument/didOpen", {"textDocument": {
                "uri": self.uri(i), "languageId": "python", "version": 1, "text": text}})
        for i, (_, text) in enumerate(self.files):
            snap = Snapshot(1, split_lines(text))
            client.request("textDocument/hover", {"textDocument": {"uri": self.uri(i)},
                                                  "position": hover_position(snap.lines)},
                           lambda r, p, snap=snap, uri=self.uri(i): lsp_checks.hover(r, snap, uri))
        for i, (_, text) in enumerate(self.files):
            client.notify("textDocument/didChange", {
                "textDocument": {"uri": self.uri(i), "version": 2},
                "contentChanges": [{"range": {"start": {"line": 0, "character": 0},
                                              "end": {"line": 0, "character": 0}},
                                    "text": EDIT}]})
            snap = Snapshot(2, split_lines(EDIT + text))
            client.request("textDocument/inlayHint", {
                "textDocument": {"uri": self.uri(i)},
                "range": {"start": {"line": 0, "character": 0},
                          "end": {"line": 5, "character": 0}}},
                lambda r, p, snap=snap, uri=self.uri(i): lsp_checks.inlay_hints(
                    r, snap, uri, p.params["range"]))
        if not client.wait_idle(600):
            client.problem(f"round {self.round}: {len(client.pending)} requests unanswered")

    def close(self):
        for i in range(len(self.files)):
            self.client.notify("textDocument/didClose", {"textDocument": {"uri": self.uri(i)}})


class Diagnostics:
    """Pushed diagnostics: checked against the version they name; the last per document kept."""

    def __init__(self):
        self.texts = {}   # (uri, version) -> Snapshot
        self.last = {}    # uri -> diagnostics
        self.count = 0

    def expect(self, uri, version, text):
        self.texts[(uri, version)] = Snapshot(version, split_lines(text))

    def on_notification(self, message):
        if message["method"] != "textDocument/publishDiagnostics":
            return []
        params = message["params"]
        uri, version = params.get("uri"), params.get("version")
        self.count += 1
        self.last[uri] = params.get("diagnostics")
        if version is None:
            return [] if params.get("diagnostics") == [] else [
                f"diagnostics without a version for {uri}"]
        snap = self.texts.get((uri, version))
        if snap is None:
            return [f"diagnostics for {uri} version {version}, which was never sent"]
        return lsp_checks.publish_diagnostics(params, snap, uri)


def flash(client, diagnostics, count, settle):
    """Documents closed right after they were opened, and closed then opened again, without
    waiting: the last diagnostics of a closed document are empty, those of the reopened one
    belong to its new version (no publication of the old one arrives late)."""
    closed = [f"file:///closurelens-soak/flash/{i}.py" for i in range(count)]
    reopened = [f"file:///closurelens-soak/reopen/{i}.py" for i in range(count)]
    for uri in closed + reopened:
        diagnostics.expect(uri, 1, FLAGGED)
        diagnostics.expect(uri, 2, FLAGGED + "\n")
    for uri in closed:
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": FLAGGED}})
        client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    for uri in reopened:
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": FLAGGED}})
        client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": 2, "text": FLAGGED + "\n"}})
    client.call("textDocument/hover", {"textDocument": {"uri": reopened[-1]},
                                       "position": {"line": 3, "character": 26}})
    time.sleep(settle)
    stale = [uri for uri in closed if diagnostics.last.get(uri) != []]
    if stale:
        client.problem(f"{len(stale)} of {count} documents closed right after opening keep "
                       f"diagnostics, e.g. {stale[0]}: {str(diagnostics.last.get(stale[0]))[:200]}")
    wrong = [uri for uri in reopened if not diagnostics.last.get(uri)]
    if wrong:
        client.problem(f"{len(wrong)} of {count} documents closed and opened again have no "
                       f"diagnostics at the end, e.g. {wrong[0]}")
    for uri in reopened:
        client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    print(f"  {count} documents opened and closed at once, {count} closed and opened again: "
          f"{len(stale)} keep diagnostics, {len(wrong)} lost theirs")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary")
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--max-bytes", type=int, default=200_000)
    parser.add_argument("--leak-fraction", type=float, default=0.05)
    parser.add_argument("--settle", type=float, default=2.5)
    add_memory_unchecked_argument(parser)
    args = parser.parse_args()
    files = stdlib_files(args.documents, args.max_bytes)
    if len(files) < args.documents:
        print(f"only {len(files)} standard-library files qualify; using them all")
    diagnostics = Diagnostics()
    client = LspClient(args.binary, on_notification=diagnostics.on_notification)
    client.call("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {}})
    client.notify("initialized", {})
    time.sleep(args.settle)
    rss = [("start", client.rss_kib())]
    started = time.perf_counter()
    for number in (1, 2):
        round_ = Round(client, files, number)
        for i, (_, text) in enumerate(files):
            diagnostics.expect(round_.uri(i), 1, text)
            diagnostics.expect(round_.uri(i), 2, EDIT + text)
        round_.run()
        rss.append((f"round {number} all open", client.rss_kib()))
        round_.close()
        client.wait_idle()
        time.sleep(args.settle)
        rss.append((f"round {number} closed", client.rss_kib()))
        stale = [uri for uri in (round_.uri(i) for i in range(len(files)))
                 if diagnostics.last.get(uri) != []]
        if stale:
            client.problem(f"round {number}: {len(stale)} closed documents keep diagnostics, "
                           f"e.g. {stale[0]}: {str(diagnostics.last.get(stale[0]))[:200]}")
    elapsed = time.perf_counter() - started
    flash(client, diagnostics, len(files), args.settle)
    peak_note = f"{client.cpu_seconds():.1f} s server CPU"
    code = client.close()
    footprint = rss[1][1] - rss[0][1]
    first, second = rss[2][1], rss[4][1]
    growth = (second - first) / footprint
    print(f"{len(files)} documents ({sum(len(t) for _, t in files) / 1e6:.1f} MB) opened, hovered, "
          f"changed and closed, twice, in {elapsed:.1f} s ({peak_note}); "
          f"{diagnostics.count} diagnostics notifications")
    for method, values in sorted(client.latencies.items()):
        print(f"  {method}: {len(values)} answers, p50 {percentile(values, .5) * 1e3:.0f} ms, "
              f"p99 {percentile(values, .99) * 1e3:.0f} ms")
    print("  resident memory: " + ", ".join(f"{label} {kib / 1024:.1f} MiB" for label, kib in rss)
          + f"; after closing, round 2 minus round 1: {(second - first) / 1024:+.1f} MiB = "
          f"{growth * 100:+.1f}% of the documents' footprint (limit "
          f"{args.leak_fraction * 100:.0f}%)")
    failed = bool(client.problem_count) or code != 0
    failed |= growth > args.leak_fraction and not args.memory_unchecked
    for text in client.problems:
        print("PROBLEM " + text)
    if client.problem_count:
        print("--- server stderr (tail) ---\n" + "".join(client.stderr_tail)[-3000:])
    print("many documents: " + ("FAILED" if failed else "passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
