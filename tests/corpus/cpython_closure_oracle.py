#!/usr/bin/env python3
"""Compares `closurelens facts` with what this machine's CPython compiles.

For every .py file under the given paths (default: this interpreter's stdlib, site-packages
included) CPython's compiler is the ground truth: each function, lambda and class code object's
co_qualname, co_firstlineno, co_freevars and co_cellvars. closurelens must agree exactly on every
file that tree-sitter parses without error; files CPython compiles but the grammar cannot parse
are listed and may number at most --max-unparsable.

  cpython_closure_oracle.py --closurelens BUILD/server/closurelens [--jobs N] [PATH...]
  cpython_closure_oracle.py --facts [--relative-to DIR] PATH...  # CPython's records, JSON lines
  cpython_closure_oracle.py --closurelens BIN --recorded FILE --python-version X.Y PATH...

With --recorded, CPython's records are read from FILE (written by --facts --relative-to the
FILE's folder, under the CPython it names) instead of compiled here: how the cases that need a
newer CPython than the machine's are checked everywhere.

Exit status: 0 on agreement, 1 on any disagreement or too many unparsable files, 2 on usage error.
"""
import argparse
import collections
import json
import multiprocessing
import os
import subprocess
import sys
import sysconfig
import time
import types
import warnings

COMPREHENSIONS = {"<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>"}
CO_NEWLOCALS = 0x2


def python_files(paths):
    """The files os.walk visits, in its order (the same order closurelens facts uses)."""
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    if name.endswith(".py"):
                        yield os.path.join(root, name)
        else:
            yield path


def kind_of(code):
    if code.co_name == "<lambda>":
        return "lambda"
    if code.co_name in COMPREHENSIONS or code.co_name == "<module>":
        return None  # comprehensions are version-dependent (PEP 709 inlines them in 3.12)
    return "function" if code.co_flags & CO_NEWLOCALS else "class"


def cpython_records(path):
    """CPython's records for one file, or None when CPython does not compile it."""
    warnings.simplefilter("ignore")
    try:
        with open(path, "rb") as f:
            source = f.read()
        top = compile(source, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError, UnicodeDecodeError, RecursionError, MemoryError, OSError):
        return None
    records = []
    stack = [top]
    while stack:
        code = stack.pop()
        kind = kind_of(code)
        if kind:
            records.append({"kind": kind, "qualname": code.co_qualname,
                            "firstlineno": code.co_firstlineno,
                            "freevars": list(code.co_freevars), "cellvars": list(code.co_cellvars)})
        stack.extend(c for c in reversed(code.co_consts) if isinstance(c, types.CodeType))
    return records


def read_recorded(path):
    """(CPython version, {real path: records}) from a file --facts --relative-to wrote."""
    version = None
    records = collections.defaultdict(list)
    base = os.path.dirname(os.path.abspath(path))
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            if "cpython" in r:
                version = r["cpython"]
                continue
            records[os.path.realpath(os.path.join(base, r.pop("file")))].append(r)
    if version is None:
        raise SystemExit(f"{path}: no {{\"cpython\": VERSION}} line")
    return version, dict(records)


def cpython_chunk(paths):
    return [(p, cpython_records(p)) for p in paths]


def closurelens_chunk(args):
    binary, version, paths = args
    run = subprocess.run([binary, "facts", "--python-version", version, *paths],
                         capture_output=True)
    records = collections.defaultdict(list)
    unparsable = {}
    for line in run.stdout.decode("utf-8", "replace").splitlines():
        if not line.startswith("{"):
            continue
        record = json.loads(line)
        if record.get("kind") == "parse-error":
            unparsable[record["file"]] = record.get("line")
        elif record.get("kind") in ("function", "lambda", "class"):
            records[record["file"]].append(record)
    return run.returncode, run.stderr.decode("utf-8", "replace"), dict(records), unparsable


def chunks(items, size):
    return [items[i:i + size] for i in range(0, len(items), size)]


def key(r):
    return (r["qualname"], r["firstlineno"])


def value(r):
    return (tuple(r["freevars"]), tuple(r["cellvars"]))


def compare_file(path, truth, ours, samples, limit):
    """Returns (scopes, exact, wrong, missing, extra) for one file."""
    expected = collections.defaultdict(list)
    for r in truth:
        expected[key(r)].append(value(r))
    got = collections.defaultdict(list)
    for r in ours:
        got[key(r)].append(value(r))
    scopes = exact = wrong = missing = extra = 0
    for k, values in expected.items():
        candidates = list(got.get(k, []))
        for v in values:
            scopes += 1
            if v in candidates:
                exact += 1
                candidates.remove(v)
            elif candidates:
                wrong += 1
                w = candidates.pop(0)
                if len(samples) < limit:
                    samples.append(f"WRONG   {path}:{k[1]} {k[0]}\n"
                                   f"        cpython freevars={v[0]} cellvars={v[1]}\n"
                                   f"        ours    freevars={w[0]} cellvars={w[1]}")
            else:
                missing += 1
                if len(samples) < limit:
                    samples.append(f"MISSING {path}:{k[1]} {k[0]} "
                                   f"cpython freevars={v[0]} cellvars={v[1]}")
    for k, values in got.items():
        surplus = len(values) - len(expected.get(k, []))
        if surplus > 0:
            extra += surplus
            if len(samples) < limit:
                samples.append(f"EXTRA   {path}:{k[1]} {k[0]} (CPython has no such code object)")
    return scopes, exact, wrong, missing, extra


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--closurelens", help="the closurelens binary")
    parser.add_argument("--facts", action="store_true", help="print CPython's records and exit")
    parser.add_argument("--relative-to", help="with --facts: print file paths relative to this")
    parser.add_argument("--recorded", help="read CPython's records from this file (see above)")
    parser.add_argument("--python-version", default="3.11",
                        help="the rules closurelens applies; must be this interpreter's version")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--max-unparsable", type=int, default=2)
    parser.add_argument("--samples", type=int, default=20, help="disagreements to print")
    parser.add_argument("--all-compile", action="store_true",
                        help="fail when CPython does not compile one of the files")
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args()
    paths = args.paths or [sysconfig.get_paths()["stdlib"]]

    if args.facts:
        print(json.dumps({"cpython": sys.version.split()[0]}))
        for path in python_files(paths):
            for r in cpython_records(path) or []:
                r["file"] = os.path.relpath(path, args.relative_to) if args.relative_to else path
                print(json.dumps(r))
        return 0
    if not args.closurelens:
        parser.error("--closurelens is required")
    wanted = tuple(int(part) for part in args.python_version.split("."))
    recorded = read_recorded(args.recorded) if args.recorded else None
    if recorded is not None:
        version, _ = recorded
        if tuple(int(part) for part in version.split(".")[:2]) != wanted:
            print(f"FAIL: {args.recorded} holds CPython {version}'s records, not "
                  f"{args.python_version}'s")
            return 1
    elif sys.version_info[:2] != wanted:
        # closurelens reproduces one version's rules; another compiler is not the oracle.
        print(f"FAIL: the oracle must be CPython {args.python_version}, this is "
              f"{sys.version.split()[0]} ({sys.executable})")
        return 1
    if not os.access(args.closurelens, os.X_OK):
        parser.error(f"not an executable: {args.closurelens}")

    started = time.monotonic()
    files = list(python_files(paths))
    jobs = max(1, args.jobs)
    with multiprocessing.Pool(jobs) as pool:
        # Both sides run at once: the compiler in the pool, closurelens in child processes.
        ours_async = pool.map_async(closurelens_chunk,
                                    [(args.closurelens, args.python_version, c)
                                     for c in chunks(files, 400)])
        if recorded is None:
            truth = dict(item for part in pool.map(cpython_chunk, chunks(files, 100))
                         for item in part)
        else:
            # A file the recording lacks counts as one CPython did not compile.
            truth = {p: recorded[1].get(os.path.realpath(p)) for p in files}
        ours_parts = ours_async.get()

    ours = {}
    unparsable = {}
    for returncode, stderr, records, bad in ours_parts:
        if returncode != 0:
            print(f"closurelens facts exited with {returncode}:\n{stderr}", file=sys.stderr)
            return 1
        ours.update(records)
        unparsable.update(bad)

    compiled = [p for p in files if truth.get(p) is not None]
    not_compiled = [p for p in files if truth.get(p) is None]
    if args.all_compile and not_compiled:
        for p in not_compiled:
            print(f"FAIL: CPython does not compile {p}")
        return 1
    unparsable_compiled = sorted(p for p in compiled if p in unparsable)
    samples = []
    totals = [0, 0, 0, 0, 0]
    for path in compiled:
        if path in unparsable:
            continue
        result = compare_file(path, truth[path], ours.get(path, []), samples, args.samples)
        totals = [a + b for a, b in zip(totals, result)]
    scopes, exact, wrong, missing, extra = totals

    for s in samples:
        print(s)
    if unparsable_compiled:
        print("Files CPython compiles but tree-sitter cannot parse without error:")
        for p in unparsable_compiled:
            print(f"  {p} (first problem at line {unparsable[p]})")
    agreement = 100.0 * exact / scopes if scopes else 0.0
    print(f"files={len(files)} compiled={len(compiled)} "
          f"parsed={len(compiled) - len(unparsable_compiled)} "
          f"unparsable={len(unparsable_compiled)} scopes={scopes} exact={exact} wrong={wrong} "
          f"missing={missing} extra={extra} agreement={agreement:.3f}% "
          f"seconds={time.monotonic() - started:.1f}")
    ok = (scopes > 0 and exact == scopes and extra == 0
          and len(unparsable_compiled) <= args.max_unparsable)
    if len(unparsable_compiled) > args.max_unparsable:
        print(f"FAIL: {len(unparsable_compiled)} unparsable files, at most "
              f"{args.max_unparsable} allowed")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
