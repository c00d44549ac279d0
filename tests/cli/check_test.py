#!/usr/bin/env python3
"""End-to-end tests of `closurelens check`: output formats, exit codes, configuration, suppression
comments, --fix and --diff, skipped files, and SARIF 2.1.0 structure.

Usage: check_test.py CLOSURELENS_BINARY FIXTURE_DIR

The fixture (tests/cli/check_fixture) has three findings: CL102 in pkg/counter.py (5:9), CL201 in
pkg/decorators.py (5:9) and CL201 in pkg/suppressed.py (24:9); pkg/suppressed.py also holds
findings silenced by `# noqa: CL201` and `# closurelens: ignore[CL102]`, and pkg/clean.py none.
Every test works on a copy in a temporary folder.
"""
import hashlib
import json
import os
import pathlib
import re
import shutil
import stat
import subprocess
import sys
import tempfile

FAILURES = []
EXPECTED = [
    ("pkg/counter.py", 5, 9, "CL102", "error"),
    ("pkg/decorators.py", 5, 9, "CL201", "warning"),
    ("pkg/suppressed.py", 24, 9, "CL201", "warning"),
]

COUNTER_WITH_STRING = '''def make_counter():
    count = 0

    def increment():
        count += len("# noqa")
        return count

    return increment
'''


def check(condition, message):
    if not condition:
        FAILURES.append(message)
    return condition


def run(binary, cwd, *args):
    result = subprocess.run([binary, "check", *args], cwd=cwd, capture_output=True, timeout=120)
    return (result.returncode, result.stdout.decode("utf-8", "replace"),
            result.stderr.decode("utf-8", "replace"))


def copy_fixture(fixture, into):
    root = pathlib.Path(into) / "project"
    shutil.copytree(fixture, root)
    # Folders a walk must skip; they would add findings if it did not.
    bad = (fixture / "pkg" / "counter.py").read_text(encoding="utf-8")
    for folder in ("node_modules/lib", ".git/hooks", "pkg/__pycache__", ".tox/py311", "venv/lib"):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / "skipped.py").write_text(bad, encoding="utf-8")
    (root / "venv" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    # A symbolic link to a folder outside, and one to a file outside: neither is followed.
    outside = pathlib.Path(into) / "outside"
    outside.mkdir()
    (outside / "elsewhere.py").write_text(bad, encoding="utf-8")
    os.symlink(outside, root / "pkg" / "linked_dir")
    os.symlink(outside / "elsewhere.py", root / "pkg" / "linked_file.py")
    return root


def digest(root):
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        if path.is_file():
            h.update(str(path).encode() + path.read_bytes())
    return h.hexdigest()


def text_lines(out):
    return [line for line in out.splitlines() if line]


def test_text(binary, root):
    code, out, err = run(binary, root, "pkg")
    check(code == 1, f"text: exit {code}, expected 1; stderr {err!r}")
    lines = text_lines(out)
    check(len(lines) == len(EXPECTED), f"text: expected {len(EXPECTED)} findings, got {lines}")
    for line, (path, row, col, rule, _) in zip(lines, EXPECTED):
        check(line.startswith(f"{path}:{row}:{col}: {rule} "), f"text: {line!r} is not {path}:{row}:{col}: {rule}")
    check("Found 3 problems (3 fixable with --fix)." in err, f"text: summary missing: {err!r}")
    check("skipped.py" not in out and "elsewhere" not in out, f"text: walked into a skipped folder or link: {out}")

    code, out, err = run(binary, root, "pkg/clean.py")
    check(code == 0 and out == "", f"clean: exit {code}, stdout {out!r}")
    check("All checks passed." in err, f"clean: {err!r}")

    code, out, err = run(binary, root, "--quiet", "pkg")
    check(code == 1 and err == "", f"--quiet: exit {code}, stderr {err!r}")


def test_json(binary, root):
    code, out, err = run(binary, root, "--format", "json", "pkg")
    check(code == 1, f"json: exit {code}")
    try:
        items = json.loads(out)
    except json.JSONDecodeError as error:
        check(False, f"json: not JSON ({error}): {out[:200]!r}")
        return
    check(len(items) == len(EXPECTED), f"json: {len(items)} items")
    for item, (path, row, col, rule, severity) in zip(items, EXPECTED):
        for key in ("file", "code", "severity", "message", "line", "column", "endLine",
                    "endColumn", "fix", "related"):
            check(key in item, f"json: {key} missing in {item}")
        check((item.get("file"), item.get("line"), item.get("column"), item.get("code"),
               item.get("severity")) == (path, row, col, rule, severity), f"json: {item}")
        check(item.get("endLine", 0) >= row, f"json: endLine before line in {item}")
        check(isinstance(item.get("related"), list), f"json: related is not a list in {item}")
        fix = item.get("fix")
        if check(isinstance(fix, dict), f"json: {rule} has no fix"):
            check(isinstance(fix.get("title"), str) and fix.get("edits"), f"json: fix {fix}")
            for edit in fix.get("edits", []):
                check(set(edit) >= {"line", "column", "endLine", "endColumn", "newText"},
                      f"json: edit {edit}")
    wraps = [e["newText"] for i in items if i["code"] == "CL201" for e in i["fix"]["edits"]]
    check(any("functools.wraps(func)" in t for t in wraps), f"json: CL201 fix edits {wraps}")

    code, out, _ = run(binary, root, "--format", "json", "pkg/clean.py")
    check(code == 0 and json.loads(out) == [], f"json clean: exit {code}, {out!r}")


def test_github(binary, root):
    code, out, _ = run(binary, root, "--format", "github", "pkg")
    check(code == 1, f"github: exit {code}")
    lines = text_lines(out)
    check(len(lines) == len(EXPECTED), f"github: {lines}")
    for line, (path, row, col, rule, severity) in zip(lines, EXPECTED):
        pattern = (rf"^::{severity} file={re.escape(path)},line={row},col={col},"
                   rf"endLine=\d+,endColumn=\d+,title={rule}::.+$")
        check(re.match(pattern, line), f"github: {line!r} does not match {pattern}")
        check("%0A" not in line or "\n" not in line, f"github: raw newline in {line!r}")


def validate_sarif(sarif, where):
    """The SARIF 2.1.0 requirements GitHub code scanning relies on, field by field."""
    check(sarif.get("version") == "2.1.0", f"{where}: version")
    check("sarif" in sarif.get("$schema", ""), f"{where}: $schema")
    runs = sarif.get("runs")
    if not check(isinstance(runs, list) and len(runs) == 1, f"{where}: runs"):
        return
    run_ = runs[0]
    driver = run_.get("tool", {}).get("driver", {})
    check(driver.get("name") == "closurelens", f"{where}: driver.name")
    check(isinstance(driver.get("version"), str), f"{where}: driver.version")
    check(driver.get("informationUri", "").startswith("https://"), f"{where}: informationUri")
    rules = driver.get("rules", [])
    check(len(rules) == 15, f"{where}: {len(rules)} rules")
    ids = [r.get("id") for r in rules]
    check(len(set(ids)) == len(ids), f"{where}: duplicate rule ids")
    for rule in rules:
        check(re.fullmatch(r"CL\d{3}", rule.get("id", "")), f"{where}: rule id {rule.get('id')}")
        check(rule.get("name"), f"{where}: rule name")
        check(rule.get("shortDescription", {}).get("text"), f"{where}: shortDescription")
        check(rule.get("helpUri", "").endswith(f"{rule.get('id')}.md"), f"{where}: helpUri")
        check(rule.get("defaultConfiguration", {}).get("level") in ("error", "warning", "note"),
              f"{where}: defaultConfiguration.level")
    for result in run_.get("results", []):
        index = result.get("ruleIndex")
        check(isinstance(index, int) and 0 <= index < len(rules) and
              rules[index]["id"] == result.get("ruleId"), f"{where}: ruleIndex of {result}")
        check(result.get("level") in ("error", "warning", "note", "none"), f"{where}: level")
        check(result.get("message", {}).get("text"), f"{where}: message.text")
        locations = result.get("locations", [])
        check(len(locations) == 1, f"{where}: locations")
        for location in locations + result.get("relatedLocations", []):
            physical = location.get("physicalLocation", {})
            artifact = physical.get("artifactLocation", {})
            uri = artifact.get("uri", "")
            check(uri and not uri.startswith("/") and ".." not in uri.split("/"),
                  f"{where}: uri {uri!r}")
            check(artifact.get("uriBaseId") == "%SRCROOT%", f"{where}: uriBaseId")
            region = physical.get("region", {})
            for key in ("startLine", "startColumn", "endLine", "endColumn"):
                check(isinstance(region.get(key), int) and region[key] >= 1,
                      f"{where}: region.{key} in {region}")
            check((region.get("endLine"), region.get("endColumn")) >=
                  (region.get("startLine"), region.get("startColumn")), f"{where}: region order")
        for fix in result.get("fixes", []):
            check(fix.get("description", {}).get("text"), f"{where}: fix description")
            for change in fix.get("artifactChanges", []):
                check(change.get("artifactLocation", {}).get("uri"), f"{where}: change uri")
                for replacement in change.get("replacements", []):
                    check("startLine" in replacement.get("deletedRegion", {}),
                          f"{where}: deletedRegion")


# A subset of the SARIF 2.1.0 schema (https://json.schemastore.org/sarif-2.1.0.json): the parts
# closurelens writes, with the spec's types, enums and required properties.
SARIF_SUBSET_SCHEMA = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "version": {"enum": ["2.1.0"]},
        "runs": {"type": "array", "items": {"$ref": "#/definitions/run"}},
    },
    "definitions": {
        "message": {"type": "object", "properties": {"text": {"type": "string"}},
                    "anyOf": [{"required": ["text"]}, {"required": ["id"]}]},
        "region": {"type": "object", "properties": {
            "startLine": {"type": "integer", "minimum": 1},
            "startColumn": {"type": "integer", "minimum": 1},
            "endLine": {"type": "integer", "minimum": 1},
            "endColumn": {"type": "integer", "minimum": 1}}},
        "artifactLocation": {"type": "object", "properties": {
            "uri": {"type": "string", "format": "uri-reference"},
            "uriBaseId": {"type": "string"}}},
        "physicalLocation": {"type": "object", "properties": {
            "artifactLocation": {"$ref": "#/definitions/artifactLocation"},
            "region": {"$ref": "#/definitions/region"}}},
        "location": {"type": "object", "properties": {
            "id": {"type": "integer", "minimum": -1},
            "physicalLocation": {"$ref": "#/definitions/physicalLocation"},
            "message": {"$ref": "#/definitions/message"}}},
        "replacement": {"type": "object", "required": ["deletedRegion"], "properties": {
            "deletedRegion": {"$ref": "#/definitions/region"},
            "insertedContent": {"type": "object", "properties": {"text": {"type": "string"}}}}},
        "fix": {"type": "object", "required": ["artifactChanges"], "properties": {
            "description": {"$ref": "#/definitions/message"},
            "artifactChanges": {"type": "array", "minItems": 1, "items": {
                "type": "object", "required": ["artifactLocation", "replacements"],
                "properties": {
                    "artifactLocation": {"$ref": "#/definitions/artifactLocation"},
                    "replacements": {"type": "array", "minItems": 1,
                                     "items": {"$ref": "#/definitions/replacement"}}}}}}},
        "reportingDescriptor": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "string"}, "name": {"type": "string"},
            "shortDescription": {"$ref": "#/definitions/message"},
            "helpUri": {"type": "string", "format": "uri"},
            "defaultConfiguration": {"type": "object", "properties": {
                "level": {"enum": ["none", "note", "warning", "error"]}}}}},
        "result": {"type": "object", "required": ["message"], "properties": {
            "ruleId": {"type": "string"},
            "ruleIndex": {"type": "integer", "minimum": -1},
            "level": {"enum": ["none", "note", "warning", "error"]},
            "message": {"$ref": "#/definitions/message"},
            "locations": {"type": "array", "items": {"$ref": "#/definitions/location"}},
            "relatedLocations": {"type": "array", "items": {"$ref": "#/definitions/location"}},
            "fixes": {"type": "array", "items": {"$ref": "#/definitions/fix"}}}},
        "run": {"type": "object", "required": ["tool"], "properties": {
            "tool": {"type": "object", "required": ["driver"], "properties": {
                "driver": {"type": "object", "required": ["name"], "properties": {
                    "name": {"type": "string"}, "version": {"type": "string"},
                    "informationUri": {"type": "string", "format": "uri"},
                    "rules": {"type": "array",
                              "items": {"$ref": "#/definitions/reportingDescriptor"}}}}}},
            "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
            "invocations": {"type": "array", "items": {
                "type": "object", "required": ["executionSuccessful"],
                "properties": {"executionSuccessful": {"type": "boolean"}}}},
            "results": {"type": "array", "items": {"$ref": "#/definitions/result"}}}},
    },
}


def test_sarif(binary, root):
    code, out, _ = run(binary, root, "--format", "sarif", "pkg")
    check(code == 1, f"sarif: exit {code}")
    try:
        sarif = json.loads(out)
    except json.JSONDecodeError as error:
        check(False, f"sarif: not JSON ({error})")
        return
    validate_sarif(sarif, "sarif")
    results = sarif["runs"][0].get("results", [])
    got = [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"], r["ruleId"],
            r["level"]) for r in results]
    check(got == EXPECTED, f"sarif: results {got}")
    try:
        import jsonschema  # optional: Debian's python3-jsonschema, when installed
    except ImportError:
        print("check_test: jsonschema not installed; SARIF checked by structure only")
        return
    try:
        jsonschema.validate(sarif, SARIF_SUBSET_SCHEMA)
    except jsonschema.ValidationError as error:
        check(False, f"sarif: schema: {error.message} at {list(error.absolute_path)}")


def test_exit_codes_and_usage(binary, root):
    code, out, err = run(binary, root, "missing.py", "pkg/counter.py")
    check(code == 2, f"missing path: exit {code}, expected 2")
    check("missing.py: no such file or directory" in err, f"missing path: {err!r}")
    check(out.startswith("pkg/counter.py:5:9: CL102"), f"missing path: other paths not checked: {out!r}")
    for args in (["--format", "xml", "pkg"], ["--select", "CL999", "pkg"], ["--bogus", "pkg"],
                 [], ["--fix", "--diff", "pkg"], ["--format"]):
        code, out, err = run(binary, root, *args)
        check(code == 2 and out == "", f"usage {args}: exit {code}, stdout {out!r}")
        check(err, f"usage {args}: no message")
    code, out, _ = run(binary, root, "--help")
    check(code == 0 and "--format" in out and "code points" in out, f"--help: exit {code}")


def test_select_ignore(binary, root):
    code, out, _ = run(binary, root, "--select", "CL2", "pkg")
    check([l.split(": ")[1].split()[0] for l in text_lines(out)] == ["CL201", "CL201"],
          f"--select CL2: {out!r}")
    code, out, _ = run(binary, root, "--ignore", "missing-wraps", "pkg")
    check(text_lines(out) and all(": CL102 " in l for l in text_lines(out)), f"--ignore: {out!r}")
    code, out, err = run(binary, root, "--select=CL102,CL201", "--ignore", "CL1", "pkg")
    check(len(text_lines(out)) == 3, f"--select CL102 beats --ignore CL1: {out!r}")
    code, out, err = run(binary, root, "--ignore", "ALL", "pkg")
    check(code == 0 and out == "" and "All checks passed." in err, f"--ignore ALL: {code} {out!r}")


def test_config(binary, tmp):
    root = pathlib.Path(tmp) / "config"
    (root / "src").mkdir(parents=True)
    (root / "tests").mkdir()
    counter = COUNTER_WITH_STRING.replace('len("# noqa")', "1")
    (root / "src" / "a.py").write_text(counter, encoding="utf-8")
    (root / "tests" / "test_a.py").write_text(counter, encoding="utf-8")
    (root / "pyproject.toml").write_text(
        '[tool.closurelens]\nper-file-ignores = { "tests/*" = ["CL102"] }\n'
        'severity = { CL102 = "warning" }\n', encoding="utf-8")
    code, out, _ = run(binary, root, "--format", "json", ".")
    items = json.loads(out) if out.strip().startswith("[") else []
    check([(i["file"], i["severity"]) for i in items] == [("./src/a.py", "warning")],
          f"config: per-file-ignores/severity: {items}")
    # The config is found from a file's folder upward, whatever the current folder is.
    code, out, _ = run(binary, tmp, "--format", "json", str(root / "tests" / "test_a.py"))
    check(json.loads(out) == [], f"config from another cwd: {out!r}")

    (root / "pyproject.toml").write_text(
        '[tool.closurelens]\nignore = "CL102"\nseverity = { CL102 = "loud" }\n', encoding="utf-8")
    code, out, err = run(binary, root, "src")
    check(code == 1 and ": CL102 " in out, f"bad config: defaults not used: {code} {out!r}")
    check("pyproject.toml:2:10: [tool.closurelens] ignore: expected an array" in err,
          f"bad config: problem not reported with its place: {err!r}")
    check("pyproject.toml:3:22:" in err and "unknown severity 'loud'" in err,
          f"bad config: severity problem: {err!r}")

    (root / "pyproject.toml").write_text('[tool.closurelens]\nselect = ["CL2"\n', encoding="utf-8")
    code, out, err = run(binary, root, "src")
    check(code == 1 and "pyproject.toml:2:" in err and "not valid TOML" in err,
          f"broken TOML: {code} {err!r}")

    (root / "pyproject.toml").write_text('[tool.closurelens]\nignore = ["CL102"]\n', encoding="utf-8")
    code, out, err = run(binary, root, "src")
    check(code == 0 and out == "", f"config ignore: {code} {out!r}")
    code, out, err = run(binary, root, "--ignore", "CL201", "src")
    check(code == 1 and ": CL102 " in out, f"--ignore replaces the config's ignore: {code} {out!r}")


def test_suppression(binary, tmp):
    root = pathlib.Path(tmp) / "suppression"
    root.mkdir()
    (root / "string.py").write_text(COUNTER_WITH_STRING, encoding="utf-8")
    (root / "noqa.py").write_text(COUNTER_WITH_STRING.replace(
        'count += len("# noqa")', 'count += 1  # noqa: F823'), encoding="utf-8")
    (root / "whole.py").write_text("# closurelens: ignore-file\n" + COUNTER_WITH_STRING,
                                   encoding="utf-8")
    code, out, _ = run(binary, root, ".")
    check(text_lines(out) == [l for l in text_lines(out) if l.startswith("./string.py:5:9: CL102 ")]
          and len(text_lines(out)) == 1, f"suppression: {out!r}")


def test_unreadable(binary, tmp):
    root = pathlib.Path(tmp) / "encodings"
    root.mkdir()
    (root / "latin1.py").write_bytes(b"# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n")
    (root / "ok.py").write_text(COUNTER_WITH_STRING, encoding="utf-8")
    code, out, err = run(binary, root, ".")
    check("./latin1.py: not UTF-8 (byte 37), skipped" in err, f"non-UTF-8: {err!r}")
    check(code == 1 and out.startswith("./ok.py:5:9: CL102"), f"non-UTF-8: others checked: {code}")
    code, out, err = run(binary, root, "latin1.py")
    check(code == 2, f"non-UTF-8 only: exit {code}, expected 2 (nothing could be checked)")
    if os.geteuid() != 0:  # root reads everything
        (root / "ok.py").chmod(0)
        code, out, err = run(binary, root, "ok.py")
        check(code == 2 and "ok.py: cannot read" in err, f"unreadable: {code} {err!r}")


def test_fix(binary, tmp, fixture):
    root = copy_fixture(fixture, pathlib.Path(tmp) / "fix")
    target = root / "pkg" / "decorators.py"
    target.chmod(0o640)
    code, out, err = run(binary, root, "--fix", "pkg")
    check(code == 0, f"--fix: exit {code}, expected 0 (everything fixable); stdout {out!r}")
    for path in ("pkg/counter.py", "pkg/decorators.py", "pkg/suppressed.py"):
        check(f"Fixed 1 problem in {path}" in err, f"--fix: no report for {path}: {err!r}")
    check("Found 3 problems (3 fixed, 0 remaining)." in err, f"--fix: summary {err!r}")
    check("@functools.wraps(func)" in target.read_text(encoding="utf-8"), "--fix: no wraps added")
    check("nonlocal count" in (root / "pkg/counter.py").read_text(encoding="utf-8"),
          "--fix: no nonlocal added")
    check(stat.S_IMODE(target.stat().st_mode) == 0o640, "--fix: file mode not preserved")
    check(not list((root / "pkg").glob(".*closurelens*")), "--fix: temporary file left behind")
    for path in (root / "pkg").glob("*.py"):
        if path.is_symlink():
            continue
        result = subprocess.run([sys.executable, "-m", "py_compile", str(path)],
                                capture_output=True, text=True)
        check(result.returncode == 0, f"--fix: {path.name} no longer compiles: {result.stderr}")
    code, out, err = run(binary, root, "pkg")
    check(code == 0 and out == "" and "All checks passed." in err,
          f"--fix: second run not clean: {code} {out!r}")
    check((pathlib.Path(tmp) / "fix" / "outside" / "elsewhere.py").read_text(encoding="utf-8")
          == (fixture / "pkg" / "counter.py").read_text(encoding="utf-8"),
          "--fix: wrote through a link out of the root")


def test_diff(binary, tmp, fixture):
    root = copy_fixture(fixture, pathlib.Path(tmp) / "diff")
    before = digest(root)
    code, out, err = run(binary, root, "--diff", "pkg")
    check(code == 1, f"--diff: exit {code}, expected 1")
    check(digest(root) == before, "--diff: changed files")
    check(out.startswith("--- a/pkg/counter.py\n+++ b/pkg/counter.py\n@@ "), f"--diff: {out[:80]!r}")
    check("+    @functools.wraps(func)\n" in out, f"--diff: no wraps line: {out!r}")
    check("Would fix 3 problems in 3 files" in err, f"--diff: summary {err!r}")
    # The diff is the same change --fix makes: applied with patch, the trees agree.
    fixed = copy_fixture(fixture, pathlib.Path(tmp) / "diff-fixed")
    run(binary, fixed, "--fix", "pkg")
    if shutil.which("patch"):
        result = subprocess.run(["patch", "-p1", "--quiet"], cwd=root, input=out, text=True,
                                capture_output=True)
        check(result.returncode == 0, f"--diff: patch failed: {result.stdout}{result.stderr}")
        for name in ("counter.py", "decorators.py", "suppressed.py", "clean.py"):
            check((root / "pkg" / name).read_text(encoding="utf-8") ==
                  (fixed / "pkg" / name).read_text(encoding="utf-8"),
                  f"--diff: patched {name} differs from --fix's")
    code, out, err = run(binary, root, "--diff", "pkg")
    check(code == 0 and out == "" and "No safe fixes" in err, f"--diff after fixing: {code} {out!r}")


def main():
    binary = str(pathlib.Path(sys.argv[1]).resolve())
    fixture = pathlib.Path(sys.argv[2]).resolve()
    with tempfile.TemporaryDirectory(prefix="closurelens-check-") as tmp:
        root = copy_fixture(fixture, pathlib.Path(tmp) / "formats")
        for test in (test_text, test_json, test_github, test_sarif, test_exit_codes_and_usage,
                     test_select_ignore):
            test(binary, root)
        test_config(binary, tmp)
        test_suppression(binary, tmp)
        test_unreadable(binary, tmp)
        test_fix(binary, tmp, fixture)
        test_diff(binary, tmp, fixture)
    for failure in FAILURES:
        print("FAIL:", failure)
    if FAILURES:
        return 1
    print("check_test: all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
