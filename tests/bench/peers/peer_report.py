#!/usr/bin/env python3
"""Prints the Markdown tables of a run_peer_benchmarks.sh results folder (its *.json files and
machine.txt), and the issue's targets checked against them.

    peer_report.py RESULTS_DIR
"""

from __future__ import annotations

import json
import os
import sys

SERVERS = ["closurelens", "pyright", "basedpyright"]


def load(folder, name):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return None
    with open(path) as fh:
        text = fh.read().strip()
    return json.loads(text.splitlines()[-1]) if text else None


def mib(kib):
    return f"{kib / 1024:.0f} MB" if kib else "—"


def ms(value):
    if value is None:
        return "—"
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def verdict(ok):
    return "met" if ok else "NOT met"


def main(folder):
    machine = {}
    if os.path.exists(os.path.join(folder, "machine.txt")):
        for line in open(os.path.join(folder, "machine.txt")):
            key, _, value = line.rstrip("\n").partition("=")
            machine[key] = value
    print(f"Machine: {machine.get('cpu', '?')}, {machine.get('cores', '?')} cores, "
          f"{machine.get('memory_gib', '?')} GiB, {machine.get('os', '?')}; load average "
          f"{machine.get('load_before', '?')} before, {machine.get('load_after', '?')} after; "
          f"{machine.get('date', '')}")
    for key in ("closurelens", "pyright", "basedpyright", "ruff_wasm", "pylint", "node", "python"):
        if key in machine:
            print(f"- {key}: {machine[key]}")

    lat = {s: load(folder, f"latency-{s}.json") for s in SERVERS}
    start = {s: load(folder, f"startup-{s}.json") for s in SERVERS}
    ws = {s: load(folder, f"workspace-{s}.json") for s in SERVERS}
    allopen = {s: load(folder, f"open-all-{s}.json") for s in SERVERS}
    print("\n| server | edit→diagnostics p50 | p99 | startup→first diagnostics (median) "
          "| RSS, stdlib as workspace | RSS, every stdlib file open |")
    print("|---|---|---|---|---|---|")
    for s in SERVERS:
        if not any((lat[s], start[s], ws[s], allopen[s])):
            continue
        l, st, w, a = lat[s] or {}, start[s] or {}, ws[s] or {}, allopen[s] or {}
        edits = f" ({l['received']}/{l['edits']})" if l and l["received"] != l["edits"] else ""

        def rss(r):
            if not r:
                return "—"
            text = f"{mib(r.get('rss_kib'))} (peak {mib(r.get('peak_rss_kib'))}, " \
                   f"{r.get('seconds_to_idle')} s)"
            return text + (" timed out" if r.get("timed_out") else "")
        print(f"| {s} | {ms(l.get('p50_ms'))}{edits} | {ms(l.get('p99_ms'))} "
              f"| {ms(st.get('median_ms'))} | {rss(w)} | {rss(a)} |")

    batch = load(folder, "batch.json")
    if batch:
        print(f"\nBatch over {batch['files']} files ({batch['bytes'] / 1e6:.1f} MB) of "
              f"{batch['stdlib']}; best of the runs by wall time:\n")
        print("| tool | processes × threads | wall | CPU (user+sys) | files/s | MB/s | peak RSS |")
        print("|---|---|---|---|---|---|---|")
        for r in batch["rows"]:
            par = f"{r.get('processes', 1)} × {r.get('threads', 1)}"
            files = "" if r["files"] == batch["files"] else f" ({r['files']} files)"
            print(f"| {r['tool']}{files} | {par} | {r['wall_s']:.2f} s | {r['cpu_s']:.2f} s "
                  f"| {r['files_per_s']:.0f} | {r['mb_per_s']:.2f} | {mib(r['peak_rss_kib'])} |")

    print("\nTargets (issue 7):")
    if lat["closurelens"] and lat["pyright"]:
        c, p = lat["closurelens"], lat["pyright"]
        r50, r99 = p["p50_ms"] / c["p50_ms"], p["p99_ms"] / c["p99_ms"]
        print(f"- edit→diagnostics ≥50x lower than pyright's: p50 {r50:.0f}x, p99 {r99:.0f}x: "
              f"{verdict(min(r50, r99) >= 50)}")
        if lat["basedpyright"]:
            b = lat["basedpyright"]
            print(f"  (basedpyright: p50 {b['p50_ms'] / c['p50_ms']:.0f}x, "
                  f"p99 {b['p99_ms'] / c['p99_ms']:.0f}x)")
    if batch:
        q = batch["ratios"]
        print(f"- batch throughput ≥1.5x ruff-wasm's: {q['check_throughput_vs_ruff_wasm']}x "
              f"(ruff-wasm one process, as it runs): "
              f"{verdict(q['check_throughput_vs_ruff_wasm'] >= 1.5)}; "
              f"{q['check_throughput_vs_ruff_wasm_x2']}x against two ruff-wasm processes; "
              f"per CPU-second {q.get('check_cpu_efficiency_vs_ruff_wasm', '?')}x")
        print(f"- closurelens check within 1.3x of tree-sitter parse-only (same files, same "
              f"threads): wall {q['check_vs_parse_only_wall']}x, CPU "
              f"{q['check_vs_parse_only_cpu']}x: "
              f"{verdict(max(q['check_vs_parse_only_wall'], q['check_vs_parse_only_cpu']) <= 1.3)}")
        if "check_throughput_vs_pylint" in q:
            print(f"  (pylint: closurelens check has {q['check_throughput_vs_pylint']}x its "
                  f"throughput)")
    for label, runs in (("stdlib as workspace", ws), ("every stdlib file open", allopen)):
        r = runs.get("closurelens")
        if r:
            peak = r.get("peak_rss_kib") or 0
            print(f"- closurelens resident memory < 200 MB, {label}: peak {mib(peak)}: "
                  f"{verdict(peak < 200 * 1024)}"
                  + ("" if r.get("progress_tokens") else
                     " (no $/progress: the server indexes nothing yet)" if label.endswith("workspace") else ""))


if __name__ == "__main__":
    main(sys.argv[1])
