#!/usr/bin/env python3
"""Client-observed LSP measurements of closurelens, pyright and basedpyright (stdlib only).

    lsp_bench.py edit-latency  --server NAME [--file F] [--edits 200] [--gap-ms 100]
    lsp_bench.py startup       --server NAME [--file F] [--runs 5]
    lsp_bench.py workspace     --server NAME [--root DIR] [--open-all] [--timeout 1800]

Servers (--server): closurelens (--closurelens PATH), pyright and basedpyright (--peers DIR, the
folder run_peer_benchmarks.sh installed them in: DIR/pyright/node_modules/.bin/pyright-langserver,
DIR/basedpyright/node_modules/.bin/basedpyright-langserver), each spawned with --stdio. Each runs
with its default settings (pyright: typeCheckingMode "standard", diagnosticMode "openFilesOnly";
basedpyright: "recommended"), except where a mode below says otherwise.

edit-latency: copies the file (default: the running Python's _pydecimal.py) into an empty
temporary folder, opens that folder as the workspace and the file in it, waits for the first
publishDiagnostics and then for the server to be idle (every $/progress ended, 1 s without a
message). Then makes --edits edits, one at a time: edit k (version k+1) inserts "x" before
`other = _convert_other(other)` in the body of Decimal.__add__ when k is odd and deletes it again
when k is even, so the text returns to the original after every second edit. The latency of an edit
is the time from writing its didChange to reading the publishDiagnostics of that document that
carries its version (all three servers send `version`; a publish without one would be matched by
order: the first publish read after the didChange). It also reports the CPU time the server used
over the edit loop, per edit (from /proc; steadier than latencies on a loaded machine). --gap-ms passes between receiving an edit's
diagnostics and sending the next edit (an editor's typing pause; it keeps edits from queuing).

startup: spawn -> initialize -> initialized -> didOpen of the file -> first publishDiagnostics
of the file, --runs times with a fresh process each time (same copy of the file as above).

workspace: opens --root (default: the running Python's standard library) as the workspace folder
and waits until the server is idle: every $/progress that began has ended (this is how a server
that indexes the workspace on `initialized` says it is done), and for the last 5 s (--quiet) no
message arrived and the server's processes used under 5% of a core.
pyright and basedpyright run with diagnosticMode "workspace" here, so they analyse every file
of the folder, their own form of indexing it (with site-packages excluded, like everywhere else). With --open-all every *.py file under the root is
also opened with didOpen (same order as closurelens check's walk) and the wait is for one
publishDiagnostics per file. Then it reads VmRSS and VmHWM (peak) of the server process from /proc.

Every mode prints one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "..", "..", "support")]
from lsp_client import LspClient  # noqa: E402
from proc_stats import descendants, memory_kib, tree_cpu_seconds  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
STDLIB = sysconfig.get_paths()["stdlib"]
EDIT_ANCHOR_DEF = "def __add__(self, other, context=None):"
EDIT_ANCHOR_LINE = "other = _convert_other(other)"


def server_command(args) -> tuple[list[str], dict]:
    """The command line and the client settings (workspace/configuration sections)."""
    if args.server == "closurelens":
        return [os.path.abspath(args.closurelens), "--stdio"], {"closurelens": {}}
    exe = os.path.join(args.peers, args.server, "node_modules", ".bin", f"{args.server}-langserver")
    if not os.path.exists(exe):
        sys.exit(f"{exe} missing: install the peers first (run_peer_benchmarks.sh does)")
    analysis = {"diagnosticMode": "workspace" if args.mode == "workspace" else "openFilesOnly"}
    if args.mode == "workspace":
        # The same files as closurelens and the batch runs see: site-packages left out.
        analysis["exclude"] = ["**/site-packages", "**/node_modules", "**/__pycache__", "**/.*"]
    section = "basedpyright" if args.server == "basedpyright" else "python"
    return [exe, "--stdio"], {"python": {"analysis": dict(analysis)} if section == "python" else {},
                              section: {"analysis": dict(analysis)}}


def is_publish(uri):
    return lambda m: (m.get("method") == "textDocument/publishDiagnostics"
                      and m["params"]["uri"] == uri)


def copy_to_workspace(path: str) -> tuple[str, str]:
    folder = tempfile.mkdtemp(prefix="closurelens-lsp-bench-")
    target = os.path.join(folder, os.path.basename(path))
    shutil.copyfile(path, target)
    return folder, target


def percentile(values, p):
    s = sorted(values)
    k = (len(s) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def edit_latency(args):
    cmd, settings = server_command(args)
    folder, path = copy_to_workspace(args.file)
    text = Path(path).read_text(encoding="utf-8")
    at = text.find(EDIT_ANCHOR_LINE, text.find(EDIT_ANCHOR_DEF))
    if at < 0 or text.find(EDIT_ANCHOR_DEF) < 0:
        sys.exit(f"{args.file}: no Decimal.__add__ body to edit")
    line = text.count("\n", 0, at)
    character = at - (text.rfind("\n", 0, at) + 1)  # the line is ASCII: UTF-16 = bytes
    client = LspClient(cmd, settings, cwd=folder, stderr_path=args.stderr)
    try:
        client.initialize(folder)
        uri, opened = client.open(path, text)
        first = client.wait_notification(is_publish(uri), timeout=args.timeout)
        if first is None:
            sys.exit(f"{args.server}: no diagnostics {args.timeout} s after didOpen")
        if not client.wait_settled(quiet=1.0, timeout=args.timeout):
            sys.exit(f"{args.server}: never idle after opening")
        latencies, matched_by_version, missing = [], 0, 0
        cpu_before = tree_cpu_seconds(client.proc.pid)
        for k in range(1, args.edits + 1):
            version = k + 1
            insert = k % 2 == 1
            change = {"range": {"start": {"line": line, "character": character},
                                "end": {"line": line, "character": character + (0 if insert else 1)}},
                      "text": "x" if insert else ""}
            start = client.inbox_size()
            sent = client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})

            def ours(m, version=version):
                if not is_publish(uri)(m):
                    return False
                v = m["params"].get("version")
                return v is None or v == version
            got = client.wait_notification(ours, start=start, timeout=args.timeout)
            if got is None:
                missing += 1
                continue
            _, received, msg = got
            if msg["params"].get("version") == version:
                matched_by_version += 1
            latencies.append((received - sent) * 1000)
            if args.gap_ms:
                time.sleep(args.gap_ms / 1000)
        cpu_used = tree_cpu_seconds(client.proc.pid) - cpu_before
        mem = memory_kib(client.proc.pid)
    finally:
        client.shutdown()
        shutil.rmtree(folder, ignore_errors=True)
    return {"mode": "edit-latency", "server": args.server, "file": args.file,
            "edits": args.edits, "received": len(latencies), "missing": missing,
            "matched_by_version": matched_by_version, "gap_ms": args.gap_ms,
            "first_diagnostics_ms": round((first[1] - opened) * 1000, 1),
            "p50_ms": round(percentile(latencies, 50), 2) if latencies else None,
            "p99_ms": round(percentile(latencies, 99), 2) if latencies else None,
            "mean_ms": round(statistics.fmean(latencies), 2) if latencies else None,
            "min_ms": round(min(latencies), 2) if latencies else None,
            "max_ms": round(max(latencies), 2) if latencies else None,
            # CPU time the server's processes used over the edit loop, per edit: what the load of
            # a shared machine disturbs least.
            "server_cpu_ms_per_edit": round(cpu_used * 1000 / args.edits, 2),
            "rss_kib": mem.get("VmRSS"), "peak_rss_kib": mem.get("VmHWM")}


def startup(args):
    cmd, settings = server_command(args)
    folder, path = copy_to_workspace(args.file)
    text = Path(path).read_text(encoding="utf-8")
    runs = []
    try:
        for _ in range(args.runs):
            client = LspClient(cmd, settings, cwd=folder, stderr_path=args.stderr)
            try:
                init_started = time.perf_counter()
                client.initialize(folder)
                initialized = time.perf_counter()
                uri, _ = client.open(path, text)
                got = client.wait_notification(is_publish(uri), timeout=args.timeout)
                if got is None:
                    sys.exit(f"{args.server}: no diagnostics {args.timeout} s after didOpen")
                runs.append({"spawn_to_diagnostics_ms": round((got[1] - client.spawned_at) * 1000, 1),
                             "initialize_ms": round((initialized - init_started) * 1000, 1)})
            finally:
                client.shutdown()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    values = [r["spawn_to_diagnostics_ms"] for r in runs]
    return {"mode": "startup", "server": args.server, "file": args.file, "runs": runs,
            "median_ms": round(statistics.median(values), 1)}


def python_files(root: str) -> list[str]:
    out = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in ("site-packages", "__pycache__", ".git"))
        out += [os.path.join(folder, n) for n in sorted(names) if n.endswith(".py")]
    return sorted(out)


def workspace(args):
    cmd, settings = server_command(args)
    # Not the root as working folder: pyright runs `python` there to find the search paths, and
    # inside the standard library's folder that interpreter cannot start.
    client = LspClient(cmd, settings, cwd=tempfile.gettempdir(), stderr_path=args.stderr)
    opened = 0
    timed_out = False
    peak_sampled = 0
    try:
        t0 = time.perf_counter()
        client.initialize(args.root)
        if args.open_all:
            uris = set()
            for path in python_files(args.root):
                try:
                    text = Path(path).read_text(encoding="utf-8")
                except (UnicodeDecodeError, OSError):
                    continue
                uris.add(client.open(path, text)[0])
                opened += 1
            published = set()
            deadline = time.perf_counter() + args.timeout
            index = 0
            while published < uris and time.perf_counter() < deadline:
                got = client.wait_notification(
                    lambda m: m.get("method") == "textDocument/publishDiagnostics", start=index,
                    timeout=max(0.0, deadline - time.perf_counter()))
                if got is None:
                    break
                index = got[0] + 1
                published.add(got[2]["params"]["uri"])
            timed_out = not published >= uris
        # Idle: progress ended and quiet; a progress may start a little after `initialized`.
        settled = client.wait_settled(quiet=args.quiet, timeout=args.timeout, progress_grace=2.0,
                                      idle_cpu=0.05)
        timed_out = timed_out or not settled
        elapsed = time.perf_counter() - t0 - (args.quiet if settled else 0)
        procs = descendants(client.proc.pid)
        mem = memory_kib(client.proc.pid)
        tree_rss = sum(memory_kib(p).get("VmRSS", 0) for p in procs)
        peak_sampled = mem.get("VmHWM")
    finally:
        client.shutdown()
    return {"mode": "workspace", "server": args.server, "root": args.root,
            "open_all": args.open_all, "opened": opened, "timed_out": timed_out,
            "progress_tokens": client.progress_seen, "seconds_to_idle": round(elapsed, 1),
            "rss_kib": mem.get("VmRSS"), "peak_rss_kib": peak_sampled,
            "process_tree_rss_kib": tree_rss}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=["edit-latency", "startup", "workspace"])
    ap.add_argument("--server", required=True, choices=["closurelens", "pyright", "basedpyright"])
    ap.add_argument("--closurelens", default=os.path.join(ROOT, "build", "server", "closurelens"))
    ap.add_argument("--peers", default=os.environ.get("CLOSURELENS_PEERS_DIR", ""))
    ap.add_argument("--file", default=os.path.join(STDLIB, "_pydecimal.py"))
    ap.add_argument("--root", default=STDLIB)
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--gap-ms", type=float, default=100)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--open-all", action="store_true")
    ap.add_argument("--quiet", type=float, default=5.0, help="workspace: seconds of silence = idle")
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--stderr", default=None, help="file for the server's stderr")
    args = ap.parse_args()
    result = {"edit-latency": edit_latency, "startup": startup, "workspace": workspace}[args.mode](args)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
