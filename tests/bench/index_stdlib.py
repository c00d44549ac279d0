#!/usr/bin/env python3
"""Whole-process benchmark of the workspace index: the server indexes a folder (by default the
machine's standard library) as its workspace folder, and this prints how long it took from
`initialized` to the `$/progress` end, and the server's resident memory then (VmHWM is the peak,
VmRSS the current), read from /proc. Measures only; asserts nothing about time.

    tests/bench/index_stdlib.py build/server/closurelens [FOLDER] [--runs N]
"""
import argparse, json, os, pathlib, subprocess, sys, sysconfig, threading, time


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_messages(stream, sink, cond):
    while True:
        length = None
        while True:
            line = stream.readline()
            if not line:
                with cond:
                    cond.notify_all()
                return
            if line == b"\r\n":
                break
            name, value = line.decode().split(":", 1)
            if name.strip().lower() == "content-length":
                length = int(value)
        message = json.loads(stream.read(length))
        with cond:
            sink.append(message)
            cond.notify_all()


def memory_kib(pid):
    fields = {}
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmHWM", "VmRSS"):
            fields[name] = int(value.split()[0])
    return fields


def cpu_seconds(pid):
    """User + system CPU time of the process so far."""
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def run_once(binary, folder):
    proc = subprocess.Popen([binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    messages, cond = [], threading.Condition()
    threading.Thread(target=read_messages, args=(proc.stdout, messages, cond), daemon=True).start()

    def send(message):
        proc.stdin.write(frame(message))
        proc.stdin.flush()

    def wait_for(predicate, timeout=300):
        deadline = time.time() + timeout
        with cond:
            while True:
                for message in messages:
                    if predicate(message):
                        return message
                if time.time() > deadline or proc.poll() is not None:
                    raise SystemExit("the server did not finish indexing")
                cond.wait(deadline - time.time())

    uri = pathlib.Path(folder).resolve().as_uri()
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": None, "rootUri": uri,
        "workspaceFolders": [{"uri": uri, "name": "bench"}],
        "capabilities": {"window": {"workDoneProgress": True}}}})
    wait_for(lambda m: m.get("id") == 1)
    baseline = memory_kib(proc.pid)
    cpu_before = cpu_seconds(proc.pid)
    start = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    create = wait_for(lambda m: m.get("method") == "window/workDoneProgress/create")
    send({"jsonrpc": "2.0", "id": create["id"], "result": None})
    end = wait_for(lambda m: m.get("method") == "$/progress"
                   and m["params"]["value"]["kind"] == "end")
    elapsed = time.perf_counter() - start
    memory = memory_kib(proc.pid)
    cpu = cpu_seconds(proc.pid) - cpu_before
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
    wait_for(lambda m: m.get("id") == 2)
    send({"jsonrpc": "2.0", "method": "exit"})
    proc.wait(30)
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
