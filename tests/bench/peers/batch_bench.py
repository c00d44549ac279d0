#!/usr/bin/env python3
"""Batch throughput over one file list: closurelens check, tree-sitter parse-only, ruff-wasm
(B023+B019) and pylint (cell-var-from-loop). Development-only; prints one JSON object.

    batch_bench.py --peers DIR [--closurelens PATH] [--parse-only PATH] [--stdlib DIR]
                   [--repeat 3] [--skip-pylint]

The file list: every *.py under the standard library of the running python3, site-packages
excluded, sorted by path (the corpus of `make bench`). Each tool gets all of it:

  closurelens   `closurelens check --quiet FILE...`, all rules, one thread per core (its default)
  parse-only    `closurelens_parse_only FILE...` (tests/bench/parse_only_main.cpp): read + tree-sitter
                parse of each file, nothing else, one thread per core, the same grammar and library
  ruff-wasm     `node ruff_check.mjs` (@astral-sh/ruff-wasm-nodejs, B023,B019, one Workspace,
                file by file); wasm runs on one thread, so it is also run as 2 processes, each
                given every other file ("ruff-wasm x2")
  pylint        Debian's pylint, `--disable=all --enable=cell-var-from-loop --persistent=n`, in
                batches of 100 files, two batches at a time (both cores). pylint 2.16 aborts a
                whole run on a module astroid cannot build; such a batch is left out of the timing
                and the files that checked in it are not counted (its files are listed)

Each command is timed as a child process with os.wait4: wall time, user+system CPU time and peak
RSS (ru_maxrss; for several processes, the largest). --repeat runs the fast tools that many
rounds, each tool once per round, and keeps each tool's run with the lowest wall time (the machine
is shared; the minimum is the least disturbed run); pylint runs once.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import sysconfig
import threading
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def stdlib_files(stdlib: str) -> list[str]:
    out = []
    for folder, dirs, names in os.walk(stdlib):
        dirs[:] = [d for d in dirs if not (folder == stdlib and d == "site-packages")]
        out += [os.path.join(folder, n) for n in names if n.endswith(".py")]
    return sorted(out)


def run_measured(cmd, stdin_text=None, env=None) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin_text is not None else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    data = stdin_text.encode() if stdin_text is not None else b""
    out_chunks, err_chunks = [], []

    # Threads keep both pipes drained while stdin is written; wait4 then reaps the child and
    # returns its resource usage.
    def drain(pipe, sink):
        for chunk in iter(lambda: pipe.read(1 << 16), b""):
            sink.append(chunk)
    readers = [threading.Thread(target=drain, args=(proc.stdout, out_chunks)),
               threading.Thread(target=drain, args=(proc.stderr, err_chunks))]
    for r in readers:
        r.start()
    if stdin_text is not None:
        proc.stdin.write(data)
        proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    for r in readers:
        r.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "user": usage.ru_utime,
            "peak_rss_kib": usage.ru_maxrss, "code": proc.returncode,
            "stdout": b"".join(out_chunks), "stderr": b"".join(err_chunks)}


def in_parallel(jobs) -> dict:
    """jobs: [(cmd, stdin_text, env)], run at once; wall = until the last ends."""
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        results = list(pool.map(lambda j: run_measured(*j), jobs))
    return {"wall": time.perf_counter() - t0, "cpu": sum(r["cpu"] for r in results),
            "peak_rss_kib": max(r["peak_rss_kib"] for r in results),
            "code": max(r["code"] for r in results), "parts": results}


def best_of(runs):
    best = min(runs, key=lambda r: r["wall"])
    best["walls"] = [round(r["wall"], 3) for r in runs]
    return best


def summary(name, r, files, size, extra=None):
    row = {"tool": name, "files": files, "bytes": size, "wall_s": round(r["wall"], 3),
           "cpu_s": round(r["cpu"], 3), "peak_rss_kib": r["peak_rss_kib"],
           "files_per_s": round(files / r["wall"], 1), "mb_per_s": round(size / r["wall"] / 1e6, 2)}
    if "walls" in r:
        row["walls"] = r["walls"]
    row.update(extra or {})
    return row


def pylint_batches(files, batch=100):
    exe = "pylint"
    args = ["--persistent=n", "--disable=all", "--enable=cell-var-from-loop",
            "--output-format=json", "--jobs=1"]
    batches = [files[i:i + batch] for i in range(0, len(files), batch)]
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda b: run_measured([exe, *args, *b]), batches))
    wall = time.perf_counter() - t0
    crashed = [r["code"] & 32 or b"Traceback" in r["stderr"] for r in results]
    ok = [b for b, bad in zip(batches, crashed) if not bad]
    return {"wall": wall, "cpu": sum(r["cpu"] for r in results),
            "peak_rss_kib": max(r["peak_rss_kib"] for r in results), "code": 0,
            "checked": [f for b in ok for f in b],
            "crashed_batches": [b for b, bad in zip(batches, crashed) if bad]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--closurelens", default=os.path.join(ROOT, "build", "server", "closurelens"))
    ap.add_argument("--parse-only",
                    default=os.path.join(ROOT, "build", "tests", "bench", "closurelens_parse_only"))
    ap.add_argument("--peers", required=True, help="folder holding ruff-wasm-nodejs/")
    ap.add_argument("--stdlib", default=sysconfig.get_paths()["stdlib"])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-pylint", action="store_true")
    args = ap.parse_args()

    files = stdlib_files(args.stdlib)
    size = sum(os.path.getsize(f) for f in files)
    listing = "\n".join(files)
    ruff_pkg = os.path.join(args.peers, "ruff-wasm-nodejs", "node_modules", "@astral-sh",
                            "ruff-wasm-nodejs")
    ruff_env = {**os.environ, "RUFF_WASM": ruff_pkg, "RUFF_SELECT": "B023,B019"}
    ruff_script = os.path.join(HERE, "ruff_check.mjs")
    rows = []
    print(f"corpus: {len(files)} files, {size} bytes under {args.stdlib}", file=sys.stderr)

    halves = ["\n".join(files[0::2]), "\n".join(files[1::2])]
    tools = {
        "parse-only": lambda: run_measured([args.parse_only, *files]),
        "check": lambda: run_measured([args.closurelens, "check", "--quiet", *files]),
        "ruff": lambda: run_measured(["node", ruff_script], listing, ruff_env),
        "ruff x2": lambda: in_parallel([(["node", ruff_script], h, ruff_env) for h in halves]),
    }
    # Round robin, every tool once per round: the machine's drift (other tenants, its own state)
    # then falls on all of them alike instead of on whichever ran last.
    runs = {name: [] for name in tools}
    for _ in range(args.repeat):
        for name, run in tools.items():
            runs[name].append(run())
    best = {name: best_of(results) for name, results in runs.items()}

    r = best["parse-only"]
    rows.append(summary("tree-sitter parse-only", r, len(files), size,
                        {"threads": os.cpu_count(), "note": r["stderr"].decode().strip()}))
    r = best["check"]
    if r["code"] not in (0, 1, 2):
        sys.exit(f"closurelens check failed ({r['code']}): {r['stderr'][-2000:]}")
    findings = len(r["stdout"].decode().splitlines())
    rows.append(summary("closurelens check", r, len(files), size,
                        {"threads": os.cpu_count(), "findings": findings}))
    r = best["ruff"]
    if r["code"] != 0:
        sys.exit(f"ruff_check.mjs failed: {r['stderr'][-2000:]}")
    rows.append(summary("ruff-wasm B023,B019", r, len(files), size,
                        {"threads": 1, "findings": len(json.loads(r["stdout"])),
                         "note": r["stderr"].decode().strip()}))
    r = best["ruff x2"]
    rows.append(summary("ruff-wasm B023,B019 x2", r, len(files), size,
                        {"threads": 1, "processes": 2,
                         "findings": sum(len(json.loads(p["stdout"])) for p in r["parts"])}))
    if not args.skip_pylint:
        r = pylint_batches(files)
        checked = r["checked"]
        rows.append(summary("pylint cell-var-from-loop", r, len(checked),
                            sum(os.path.getsize(f) for f in checked),
                            {"processes": 2, "left_out_batches": len(r["crashed_batches"]),
                             "left_out_files": len(files) - len(checked)}))

    by = {row["tool"]: row for row in rows}
    cl, po = by["closurelens check"], by["tree-sitter parse-only"]
    ratios = {
        "check_vs_parse_only_wall": round(cl["wall_s"] / po["wall_s"], 2),
        "check_vs_parse_only_cpu": round(cl["cpu_s"] / po["cpu_s"], 2),
        "check_throughput_vs_ruff_wasm": round(cl["files_per_s"] / by["ruff-wasm B023,B019"]["files_per_s"], 2),
        "check_throughput_vs_ruff_wasm_x2": round(cl["files_per_s"] / by["ruff-wasm B023,B019 x2"]["files_per_s"], 2),
        # CPU time is what load on a shared machine disturbs least: files per CPU-second.
        "check_cpu_efficiency_vs_ruff_wasm": round(by["ruff-wasm B023,B019"]["cpu_s"] / cl["cpu_s"], 2),
    }
    # Each round ran every tool once, side by side in time: the median of the rounds' own ratios
    # is steadier than a ratio of bests, which one lucky run of either tool moves.
    def round_median(numerator, denominator):
        per_round = sorted(n["wall"] / d["wall"] for n, d in zip(runs[numerator], runs[denominator]))
        middle = len(per_round) // 2
        value = per_round[middle] if len(per_round) % 2 else (per_round[middle - 1] + per_round[middle]) / 2
        return round(value, 2)
    ratios["check_vs_parse_only_wall_median_of_rounds"] = round_median("check", "parse-only")
    ratios["check_throughput_vs_ruff_wasm_median_of_rounds"] = round_median("ruff", "check")
    if "pylint cell-var-from-loop" in by:
        ratios["check_throughput_vs_pylint"] = round(
            cl["files_per_s"] / by["pylint cell-var-from-loop"]["files_per_s"], 1)
    print(json.dumps({"mode": "batch", "stdlib": args.stdlib, "files": len(files), "bytes": size,
                      "rows": rows, "ratios": ratios}))


if __name__ == "__main__":
    main()
