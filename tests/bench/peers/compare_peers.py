#!/usr/bin/env python3
"""Compare closurelens with its peers on the CPython standard library.

    python3 tests/bench/peers/compare_peers.py [--closurelens PATH] [--stdlib DIR]
                                               [--out DIR] [--keep] [--top-level-only]

Families compared (closurelens code -> peer rules):

    loop-closure   CL101, CL104 <-> pylint W0640 cell-var-from-loop, ruff B023
    cached-method  CL207        <-> pylint W1518 method-cache-max-size-none, ruff B019
    unbound-local  CL102        <-> pylint E0601 used-before-assignment

Peers are development-only and are installed into a temporary folder (or taken from the system):

  * pylint: the Debian package (`apt-get install -y pylint`, 2.16 on Debian 12) when `pylint` is not
    on PATH. It runs on the Debian python3, not on the Python whose standard library is checked.
  * ruff: the npm package @astral-sh/ruff-wasm-nodejs (pinned below), installed with
    `npm install --prefix $tmp`, driven by ruff_check.mjs through its Workspace API.

Corpus: every *.py under the standard library of the running python3 (sysconfig "stdlib"), test
suite included, skipping the folders site-packages/, lib-dynload/ and config-*/. With --no-tests,
also skipping test/, tests/ and idle_test/; with --top-level-only, only stdlib/*.py. Files that
do not parse (lib2to3's Python 2 test data) produce no finding from any tool.

Every finding is normalised to (file, line, family). For each family, findings of two tools agree
when they are on the same line of the same file ("line"), or, failing that, when both lie in the
same outermost `def` of the file ("function"; module-level code counts as one unit). The script
prints a table and writes the raw outputs, the normalised findings and the per-family
disagreement lists (with the source line) as JSON in --out.
"""

from __future__ import annotations

import argparse
import ast
import collections
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time

RUFF_WASM_VERSION = "0.17.3"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

FAMILY = {
    "CL101": "loop-closure", "CL104": "loop-closure",
    "cell-var-from-loop": "loop-closure", "B023": "loop-closure",
    "CL207": "cached-method",
    "method-cache-max-size-none": "cached-method", "B019": "cached-method",
    "CL102": "unbound-local",
    "used-before-assignment": "unbound-local",
}
FAMILIES = ["loop-closure", "cached-method", "unbound-local"]
TOOLS = ["closurelens", "pylint", "ruff"]
SKIP_DIRS = {"site-packages", "__pycache__"}
TEST_DIRS = {"test", "tests", "idle_test"}


def corpus(stdlib: str, top_level_only: bool, no_tests: bool) -> list[str]:
    if top_level_only:
        return sorted(os.path.join(stdlib, f) for f in os.listdir(stdlib) if f.endswith(".py"))
    files = []
    for root, dirs, names in os.walk(stdlib):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS
                         and not (no_tests and d in TEST_DIRS)
                         and not d.startswith(("lib-dynload", "config-")))
        files += [os.path.join(root, n) for n in sorted(names) if n.endswith(".py")]
    return files


def run(cmd, **kw):
    t0 = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    return proc, time.monotonic() - t0


def ensure_pylint() -> str:
    exe = shutil.which("pylint")
    if exe:
        return exe
    print("pylint not found: apt-get install -y pylint", file=sys.stderr)
    subprocess.run(["apt-get", "install", "-y", "pylint"], check=True,
                   stdout=subprocess.DEVNULL)
    return shutil.which("pylint") or sys.exit("pylint still missing")


def ensure_ruff_wasm(tmp: str) -> str:
    subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", tmp,
                    f"@astral-sh/ruff-wasm-nodejs@{RUFF_WASM_VERSION}"], check=True)
    return os.path.join(tmp, "node_modules", "@astral-sh", "ruff-wasm-nodejs")


def run_closurelens(exe, files):
    proc, secs = run([exe, "check", "--format", "json", "--quiet",
                      "--select", "CL101,CL104,CL102,CL207", *files])
    if proc.returncode not in (0, 1):
        sys.exit(f"closurelens failed ({proc.returncode}): {proc.stderr[-2000:]}")
    raw = json.loads(proc.stdout)
    return raw, [(f["file"], f["line"], f["code"], f["message"]) for f in raw], secs


PYLINT_ARGS = ["--persistent=n", "--disable=all",
               "--enable=cell-var-from-loop,used-before-assignment,method-cache-max-size-none",
               "--output-format=json"]


def _pylint_batch(exe, files):
    """Messages for files, or None when pylint crashed (it aborts the whole run on one module
    astroid cannot build, e.g. test/test_except_star.py with the Debian pylint 2.16)."""
    proc = subprocess.run([exe, *PYLINT_ARGS, *files], capture_output=True, text=True)
    if proc.returncode & 32 or "Traceback" in proc.stderr:
        return None
    try:
        return json.loads(proc.stdout or "[]")
    except json.JSONDecodeError:
        return None


def run_pylint(exe, files, batch=40):
    """pylint in batches of `batch` files, two at a time; a batch that crashes is rerun file by
    file and the files that still crash are left out (and listed)."""
    from concurrent.futures import ThreadPoolExecutor
    t0 = time.monotonic()
    batches = [files[i:i + batch] for i in range(0, len(files), batch)]
    raw, crashed = [], []
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda b: _pylint_batch(exe, b), batches))
        retry = [f for b, r in zip(batches, results) if r is None for f in b]
        raw += [m for r in results if r is not None for m in r]
        for f, r in zip(retry, pool.map(lambda f: _pylint_batch(exe, [f]), retry)):
            if r is None:
                crashed.append(f)
            else:
                raw += r
    return raw, [(os.path.abspath(m["path"]), m["line"], m["symbol"], m["message"])
                 for m in raw], time.monotonic() - t0, crashed


def run_ruff(pkg, files):
    t0 = time.monotonic()
    proc = subprocess.run(["node", os.path.join(HERE, "ruff_check.mjs")],
                          input="\n".join(files), capture_output=True, text=True,
                          env={**os.environ, "RUFF_WASM": pkg, "RUFF_SELECT": "B023,B019"})
    secs = time.monotonic() - t0
    if proc.returncode != 0:
        sys.exit(f"ruff_check.mjs failed: {proc.stderr[-2000:]}")
    print(proc.stderr.strip(), file=sys.stderr)
    raw = json.loads(proc.stdout)
    return raw, [(f["file"], f["line"], f["code"], f["message"]) for f in raw], secs


class Units:
    """Maps (file, line) to the outermost `def` that contains it (None: module level)."""

    def __init__(self):
        self.cache = {}

    def spans(self, path):
        if path not in self.cache:
            spans = []
            try:
                with open(path, encoding="utf-8") as fh:
                    tree = ast.parse(fh.read())
            except (SyntaxError, UnicodeDecodeError, OSError):
                tree = None

            def visit(node, inside):
                for child in ast.iter_child_nodes(node):
                    if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) and not inside:
                        start = min([d.lineno for d in child.decorator_list] + [child.lineno])
                        spans.append((start, child.end_lineno, child.name))
                        visit(child, True)
                    else:
                        visit(child, inside)
            if tree is not None:
                visit(tree, False)
            self.cache[path] = spans
        return self.cache[path]

    def unit(self, path, line):
        for start, end, name in self.spans(path):
            if start <= line <= end:
                return (path, start, name)
        return (path, 0, "<module>")


def source_line(path, line):
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read().splitlines()[line - 1].strip()
    except (OSError, IndexError, UnicodeDecodeError):
        return ""


def compare(findings, units, stdlib):
    """findings: tool -> [(file, line, code, message)]. Returns the report dict."""
    report = {}
    for fam in FAMILIES:
        per = {t: [f for f in findings[t] if FAMILY.get(f[2]) == fam] for t in TOOLS}
        lines = {t: {(f[0], f[1]) for f in per[t]} for t in TOOLS}
        funcs = {t: {units.unit(*k) for k in lines[t]} for t in TOOLS}
        fam_rep = {"findings": {t: len(per[t]) for t in TOOLS},
                   "lines": {t: len(lines[t]) for t in TOOLS}, "pairs": {}}
        for peer in ("pylint", "ruff"):
            if not per[peer] and fam == "unbound-local" and peer == "ruff":
                continue  # ruff has no counterpart rule in this comparison
            same_line = lines["closurelens"] & lines[peer]
            rows = {}
            for side, other in (("closurelens", peer), (peer, "closurelens")):
                only_line = lines[side] - lines[other]
                same_func = {k for k in only_line if units.unit(*k) in funcs[other]}
                only = sorted(only_line - same_func)
                rows[side] = {"same_function_only": len(same_func), "only": len(only),
                              "only_list": [
                                  {"where": f"{os.path.relpath(k[0], stdlib)}:{k[1]}",
                                   "code": sorted({f[2] for f in per[side] if (f[0], f[1]) == k}),
                                   "message": next(f[3] for f in per[side]
                                                   if (f[0], f[1]) == k),
                                   "source": source_line(*k)} for k in only],
                              "same_function_list": [
                                  f"{os.path.relpath(k[0], stdlib)}:{k[1]}"
                                  for k in sorted(same_func)]}
            fam_rep["pairs"][peer] = {"same_line": len(same_line), **{
                f"{s}": rows[s] for s in rows}}
        report[fam] = fam_rep
    return report


def print_table(report):
    for fam in FAMILIES:
        r = report[fam]
        print(f"\n== {fam}")
        print("  findings (distinct lines): " + ", ".join(
            f"{t} {r['findings'][t]} ({r['lines'][t]})" for t in TOOLS))
        for peer, p in r["pairs"].items():
            cl, pe = p["closurelens"], p[peer]
            print(f"  vs {peer}: same line {p['same_line']}, same function "
                  f"{cl['same_function_only']} (closurelens) / {pe['same_function_only']} "
                  f"({peer}), closurelens-only {cl['only']}, {peer}-only {pe['only']}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--closurelens", default=os.path.join(ROOT, "build", "server", "closurelens"))
    ap.add_argument("--stdlib", default=sysconfig.get_paths()["stdlib"])
    ap.add_argument("--out", default=None, help="folder for the JSON outputs (default: the temporary folder, kept)")
    ap.add_argument("--keep", action="store_true",
                    help="with --out, keep the temporary folder holding the peers")
    ap.add_argument("--top-level-only", action="store_true", help="only stdlib/*.py")
    ap.add_argument("--no-tests", action="store_true",
                    help="skip the folders test/, tests/ and idle_test/")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="closurelens-peers-")
    out = args.out or tmp
    os.makedirs(out, exist_ok=True)
    try:
        files = corpus(args.stdlib, args.top_level_only, args.no_tests)
        print(f"corpus: {len(files)} files under {args.stdlib}", file=sys.stderr)
        pylint = ensure_pylint()
        ruff_pkg = ensure_ruff_wasm(tmp)
        raw, findings, secs = {}, {}, {}
        raw["closurelens"], findings["closurelens"], secs["closurelens"] = \
            run_closurelens(args.closurelens, files)
        raw["ruff"], findings["ruff"], secs["ruff"] = run_ruff(ruff_pkg, files)
        raw["pylint"], findings["pylint"], secs["pylint"], crashed = run_pylint(pylint, files)
        pyl_ver = subprocess.run([pylint, "--version"], capture_output=True,
                                 text=True).stdout.split("\n")[0]
        report = compare(findings, Units(), args.stdlib)
        meta = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cpus",
                "stdlib": args.stdlib, "python": platform.python_version(),
                "files": len(files), "pylint": pyl_ver,
                "ruff_wasm": RUFF_WASM_VERSION,
                "pylint_crashed_on": [os.path.relpath(f, args.stdlib) for f in crashed],
                "seconds": {k: round(v, 1) for k, v in secs.items()}}
        print(json.dumps(meta, indent=1))
        print_table(report)
        for tool in TOOLS:
            with open(os.path.join(out, f"{tool}.json"), "w") as fh:
                json.dump(raw[tool], fh, indent=1)
        with open(os.path.join(out, "report.json"), "w") as fh:
            json.dump({"meta": meta, "report": report}, fh, indent=1)
        print(f"\noutputs in {out}", file=sys.stderr)
    finally:
        # The peers live in tmp; without --out the outputs do too, so it is kept.
        if args.out is not None and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
