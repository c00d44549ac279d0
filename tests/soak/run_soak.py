#!/usr/bin/env python3
"""The full soak (`make soak`): every script of tests/soak/ at full length, one after the other,
each one run even when one before failed; a summary at the end, exit status 1 if any failed.

  run_soak.py BUILD/server/closurelens
"""
import os, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))


def steps(binary):
    return [
        ("10,000 edits, pulled diagnostics", ["soak_edits.py", binary, "--edits", "10000"]),
        ("2,000 edits, pushed diagnostics",
         ["soak_edits.py", binary, "--edits", "2000", "--diagnostics", "push", "--seed", "2"]),
        ("disconnects mid-message", ["disconnect_test.py", binary]),
        ("a client that never reads", ["unread_output_test.py", binary]),
        ("1,000 documents", ["many_documents_test.py", binary, "--documents", "1000"]),
    ]


def main(binary):
    results = []
    for name, (script, *args) in steps(binary):
        print(f"=== {name}: {script} {' '.join(args)}", flush=True)
        started = time.time()
        code = subprocess.call([sys.executable, os.path.join(HERE, script), *args])
        results.append((name, code, time.time() - started))
    print("=== soak summary")
    for name, code, seconds in results:
        print(f"  {'passed' if code == 0 else 'FAILED'}  {name} ({seconds:.0f} s)")
    return 0 if all(code == 0 for _, code, _ in results) else 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
