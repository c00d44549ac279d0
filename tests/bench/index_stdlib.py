#!/usr/bin/env python3
"""Whole-process benchmark of the workspace index: the server indexes a folder (by default the
machine's standard library) as its workspace folder, and this prints how long it took from
`initialized` to the `$/progress` end, and the server's resident memory then (VmHWM is the peak,
VmRSS the current), read from /proc. Measures only; asserts nothing about time.

    tests/bench/index_stdlib.py build/server/closurelens [FOLDER] [--runs N]
"""
import argparse, os, pathlib, sys, sysconfig, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from lsp_stdio_client import StdioServer  # noqa: E402
from proc_stats import cpu_seconds, memory_kib  # noqa: E402


def run_once(binary, folder):
    server = StdioServer([binary], timeout=300)

    uri = pathlib.Path(folder).resolve().as_uri()
    server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": None, "rootUri": uri,
        "workspaceFolders": [{"uri": uri, "name": "bench"}],
        "capabilities": {"window": {"workDoneProgress": True}}}})
    server.wait(lambda m: m.get("id") == 1, "the answer to initialize")
    pid = server.proc.pid
    baseline = memory_kib(pid)
    cpu_before = cpu_seconds(pid)
    start = time.perf_counter()
    server.notify("initialized", {})
    create = server.wait(lambda m: m.get("method") == "window/workDoneProgress/create",
                         "window/workDoneProgress/create")
    server.send({"jsonrpc": "2.0", "id": create["id"], "result": None})
    end = server.wait(lambda m: m.get("method") == "$/progress"
                      and m["params"]["value"]["kind"] == "end", "the end of indexing")
    elapsed = time.perf_counter() - start
    memory = memory_kib(pid)
    cpu = cpu_seconds(pid) - cpu_before
    server.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
    server.wait(lambda m: m.get("id") == 2, "the answer to shutdown")
    server.send({"jsonrpc": "2.0", "method": "exit"})
    server.proc.wait(30)
    return elapsed, cpu, memory, baseline, end["params"]["value"]["message"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("folder", nargs="?", default=sysconfig.get_paths()["stdlib"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"== workspace index of {args.folder}")
    for run in range(args.runs):
        elapsed, cpu, memory, baseline, message = run_once(args.binary, args.folder)
        print(f"run {run + 1}: {elapsed:.2f} s wall to $/progress end, {cpu:.2f} s CPU; "
              f"peak RSS {memory['VmHWM'] / 1024:.1f} MB, RSS {memory['VmRSS'] / 1024:.1f} MB "
              f"(before indexing {baseline['VmRSS'] / 1024:.1f} MB); server: {message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
