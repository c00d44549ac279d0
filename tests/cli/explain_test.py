#!/usr/bin/env python3
"""End-to-end test of `closurelens explain`: the real binary, its stdout, stderr and exit codes.

Usage: explain_test.py CLOSURELENS_BINARY DOCS_RULES_DIR
"""
import pathlib
import re
import subprocess
import sys


def run(binary, *args):
    result = subprocess.run([binary, "explain", *args], capture_output=True, text=True, timeout=60)
    return result.returncode, result.stdout, result.stderr


def readme_rows(docs):
    """(code, name, severity, summary) of each row of docs/rules/README.md's index table."""
    rows = []
    for line in (docs / "README.md").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| \[(CL\d{3})\]\(\1\.md\) \| (.+?) \| (.+?) \| (.+) \|$", line)
        if match:
            rows.append(match.groups())
    return rows


def main():
    binary, docs = sys.argv[1], pathlib.Path(sys.argv[2])
    failures = []

    def check(condition, message):
        if not condition:
            failures.append(message)

    pages = {page.stem: page.read_text(encoding="utf-8") for page in docs.glob("CL*.md")}
    check(len(pages) == 15, f"expected 15 rule pages in {docs}, found {len(pages)}")

    # A code prints its page exactly as written, whatever its case.
    for spelling in ("CL201", "cl201", "missing-wraps"):
        code, out, err = run(binary, spelling)
        check(code == 0, f"explain {spelling}: exit {code}, stderr {err!r}")
        check(out == pages.get("CL201"), f"explain {spelling}: stdout is not docs/rules/CL201.md")

    # Another tool's code leads to ours.
    for alias, expected in (("B023", "CL101"), ("cell-var-from-loop", "CL101"), ("B019", "CL207")):
        code, out, err = run(binary, alias)
        check(code == 0, f"explain {alias}: exit {code}, stderr {err!r}")
        check(out == pages.get(expected), f"explain {alias}: stdout is not {expected}.md")

    # Every page is served, as written.
    for page_code, text in sorted(pages.items()):
        code, out, _ = run(binary, page_code)
        check(code == 0 and out == text, f"explain {page_code}: not the page as written")

    # Unknown codes: nothing on stdout, the valid codes on stderr, exit 2.
    for unknown in ("CL999", "nonsense"):
        code, out, err = run(binary, unknown)
        check(code == 2, f"explain {unknown}: exit {code}, expected 2")
        check(out == "", f"explain {unknown}: printed {out!r} on stdout")
        check(unknown in err and all(c in err for c in pages),
              f"explain {unknown}: stderr does not name it and list the valid codes: {err!r}")
    code, out, _ = run(binary, "CL201", "CL999")
    check(code == 2 and out == "", "explain CL201 CL999: must fail before printing anything")

    # The index (no argument or --list) agrees with docs/rules/README.md.
    rows = readme_rows(docs)
    check(len(rows) == 15, f"README.md index has {len(rows)} rows, expected 15")
    for args in ((), ("--list",)):
        code, out, err = run(binary, *args)
        check(code == 0, f"explain {' '.join(args)}: exit {code}, stderr {err!r}")
        listed = [re.split(r"\s{2,}", line, maxsplit=3) for line in out.splitlines()]
        check(listed == [list(row) for row in rows],
              f"explain {' '.join(args)}: index differs from README.md:\n{out}")

    code, _, _ = run(binary, "--bogus")
    check(code == 2, f"explain --bogus: exit {code}, expected 2")

    for failure in failures:
        print(failure)
    print(f"{len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
