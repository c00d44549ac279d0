#!/usr/bin/env python3
"""Runs the examples of docs/rules/*.md so that the documentation cannot drift from Python.

A fenced block whose info string is `python run` is executed with this interpreter, alone, in an
empty temporary folder. What it must do is written in the block itself, as comments:

    print(x)  # prints: [20, 20, 20]      one line of stdout, in order (also as a whole-line comment)
    f()       # raises: NameError: ...    the last line of stderr; the run must then fail

Without `# raises:` the run must exit 0 with an empty stderr. Every stdout line must be announced,
so a block that starts printing something new fails too. Each page's Example and Fix sections must
hold at least one runnable block: a page without a checked example is exactly what rots.

The outputs are CPython 3.11's (the reference version of closurelens); other versions word some
errors differently, so on another version the check is skipped (exit 77) rather than failed.
"""
import argparse
import pathlib
import re
import subprocess
import sys
import tempfile

SKIP = 77
PRINTS = re.compile(r"(?:^|\s)#\s*prints:(?: (.*))?$")
RAISES = re.compile(r"(?:^|\s)#\s*raises: (.*)$")
FENCE = re.compile(r"^(`{3,})(.*)$")


class Block:
    def __init__(self, page, line, section, info):
        self.page, self.line, self.section, self.info = page, line, section, info
        self.lines = []

    @property
    def where(self):
        return f"{self.page.name}:{self.line} ({self.section})"


def parse_blocks(page):
    """Every fenced block of a page with the `## ` section it sits in."""
    blocks, current, fence, section = [], None, None, None
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        if current is None:
            match = FENCE.match(line)
            if match:
                fence = match.group(1)
                current = Block(page, number, section, match.group(2).split())
            elif line.startswith("## "):
                section = line[3:].strip()
        elif line.strip() == fence:
            blocks.append(current)
            current = None
        else:
            current.lines.append(line)
    if current is not None:
        raise SystemExit(f"{page.name}:{current.line}: unterminated code block")
    return blocks


def expectations(block):
    printed, raised = [], []
    for line in block.lines:
        match = PRINTS.search(line)
        if match:
            printed.append(match.group(1) or "")
        match = RAISES.search(line)
        if match:
            raised.append(match.group(1).strip())
    return printed, raised


def run_block(block, python, workdir):
    printed, raised = expectations(block)
    if not printed and not raised:
        return ["states no `# prints:` or `# raises:` expectation"]
    if len(raised) > 1:
        return ["has more than one `# raises:`"]
    script = workdir / "example.py"
    script.write_text("\n".join(block.lines) + "\n", encoding="utf-8")
    try:
        result = subprocess.run([python, "-I", str(script)], cwd=workdir, capture_output=True,
                                text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return ["did not finish within 120 s"]
    problems = []
    stdout = result.stdout.splitlines()
    stderr = [line for line in result.stderr.splitlines() if line.strip()]
    if stdout != printed:
        problems.append(f"stdout was {stdout!r}, the block announces {printed!r}")
    if raised:
        if result.returncode == 0:
            problems.append(f"exited 0, the block announces `{raised[0]}`")
        elif not stderr or stderr[-1] != raised[0]:
            last = stderr[-1] if stderr else "(nothing)"
            problems.append(f"stderr ended with `{last}`, the block announces `{raised[0]}`")
    elif result.returncode != 0 or stderr:
        problems.append(f"exit code {result.returncode}, stderr: {result.stderr.strip()!r}")
    return problems


def main():
    default_docs = pathlib.Path(__file__).resolve().parents[2] / "docs" / "rules"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", nargs="?", type=pathlib.Path, default=default_docs)
    parser.add_argument("--python", default=sys.executable, help="interpreter for the examples")
    args = parser.parse_args()

    version = subprocess.run([args.python, "-c", "import sys; print(sys.version_info[:2])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    if version != "(3, 11)":
        print(f"skipped: the examples document CPython 3.11; {args.python} is {version}")
        return SKIP

    pages = sorted(args.docs.glob("CL*.md"))
    if not pages:
        print(f"no rule pages in {args.docs}")
        return 1
    failures, ran = [], 0
    for page in pages:
        blocks = parse_blocks(page)
        runnable = [b for b in blocks if b.info[:2] == ["python", "run"]]
        for section in ("Example", "Fix"):
            if not any(b.section == section for b in runnable):
                failures.append(f"{page.name}: no `python run` block in section {section}")
        for block in runnable:
            with tempfile.TemporaryDirectory(prefix="closurelens-doc-") as tmp:
                problems = run_block(block, args.python, pathlib.Path(tmp))
            ran += 1
            failures.extend(f"{block.where}: {problem}" for problem in problems)
    for failure in failures:
        print(failure)
    print(f"{ran} examples in {len(pages)} pages, {len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
