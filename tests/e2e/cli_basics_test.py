#!/usr/bin/env python3
"""--version, --help, and what a mistyped command line gets: a message and exit code 2."""
import subprocess, sys


def run(binary, *args):
    return subprocess.run([binary, *args], capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL)


def main(binary):
    version = run(binary, "--version")
    assert version.returncode == 0 and version.stdout.startswith("closurelens "), version
    assert version.stdout.split()[1][0].isdigit(), version.stdout
    usage = run(binary, "--help")
    assert usage.returncode == 0 and "closurelens check PATH" in usage.stdout, usage
    for bad in (["frobnicate"], ["--frobnicate"], ["--log-level", "loud"], ["--listen", "nonsense"]):
        result = run(binary, *bad)
        assert result.returncode == 2, (bad, result)
        assert result.stderr.strip(), (bad, "no message on stderr")
    # Serving stdio with stdin at end of file: exits 1, as there was no shutdown.
    eof = run(binary, "--stdio")
    assert eof.returncode == 1, eof
    print("cli basics: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
