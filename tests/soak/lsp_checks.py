"""Checks that results are well formed per LSP 3.17 and lie inside the text they were computed
for. Each check returns a list of problems (empty when the result is fine)."""

TOKEN_TYPES = 4       # the server's legend: variable, parameter, function, decorator
TOKEN_MODIFIERS = 3   # freeVariable, cellVariable, rebound


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def position_problems(pos, snap, what="position"):
    if not isinstance(pos, dict) or not _is_int(pos.get("line")) \
            or not _is_int(pos.get("character")):
        return [f"{what} is not a Position: {pos!r}"]
    line, character = pos["line"], pos["character"]
    if line < 0 or character < 0:
        return [f"{what} {line}:{character} is negative"]
    if line >= len(snap.lines):
        return [f"{what} {line}:{character} is past the last line ({len(snap.lines)} lines, "
                f"version {snap.version})"]
    if character > snap.line_u16(line):
        return [f"{what} {line}:{character} is past the end of its line "
                f"({snap.line_u16(line)} UTF-16 units, version {snap.version})"]
    if snap.splits_surrogate_pair(line, character):
        return [f"{what} {line}:{character} splits a surrogate pair"]
    return []


def _key(pos):
    return pos["line"], pos["character"]


def range_problems(rng, snap, what="range"):
    if not isinstance(rng, dict) or "start" not in rng or "end" not in rng:
        return [f"{what} is not a Range: {rng!r}"]
    problems = position_problems(rng["start"], snap, what + ".start")
    problems += position_problems(rng["end"], snap, what + ".end")
    if not problems and _key(rng["end"]) < _key(rng["start"]):
        problems.append(f"{what} ends before it starts: {rng!r}")
    return problems


def location_problems(location, snap, uri, what="location"):
    if not isinstance(location, dict) or not isinstance(location.get("uri"), str):
        return [f"{what} is not a Location: {location!r}"]
    if location["uri"] != uri:
        return []  # another document: nothing to check it against
    return range_problems(location.get("range"), snap, what + ".range")


def _markup_problems(value, what):
    if isinstance(value, str):
        return []
    if isinstance(value, dict) and value.get("kind") in ("markdown", "plaintext") \
            and isinstance(value.get("value"), str):
        return []
    return [f"{what} is neither a string nor MarkupContent: {str(value)[:200]}"]


def hover(result, snap, uri):
    if result is None:
        return []
    if not isinstance(result, dict) or "contents" not in result:
        return [f"not a Hover: {str(result)[:200]}"]
    contents = result["contents"]
    items = contents if isinstance(contents, list) else [contents]
    problems = []
    for item in items:
        if isinstance(item, dict) and "language" in item:
            if not isinstance(item.get("value"), str):
                problems.append(f"MarkedString without a value: {item!r}")
        else:
            problems += _markup_problems(item, "hover contents")
    if "range" in result:
        problems += range_problems(result["range"], snap, "hover range")
    return problems


def inlay_hints(result, snap, uri, requested):
    if result is None:
        return []
    if not isinstance(result, list):
        return [f"not an InlayHint[]: {str(result)[:200]}"]
    problems = []
    for hint in result:
        problems += inlay_hint(hint, snap, uri)
        if "position" in hint and not position_problems(hint["position"], snap):
            if not (_key(requested["start"]) <= _key(hint["position"]) <= _key(requested["end"])):
                problems.append(f"hint at {hint['position']} outside the requested range "
                                f"{requested}")
        if problems:
            break
    return problems


def inlay_hint(hint, snap, uri, check_ranges=True):
    if not isinstance(hint, dict) or "position" not in hint or "label" not in hint:
        return [f"not an InlayHint: {str(hint)[:200]}"]
    problems = position_problems(hint["position"], snap, "hint position") if check_ranges else []
    label = hint["label"]
    if isinstance(label, list):
        if not label:
            problems.append("empty label part list")
        for part in label:
            if not isinstance(part, dict) or not isinstance(part.get("value"), str):
                problems.append(f"not an InlayHintLabelPart: {part!r}")
            elif "location" in part and check_ranges:
                problems += location_problems(part["location"], snap, uri, "label part location")
            if isinstance(part, dict) and "tooltip" in part:
                problems += _markup_problems(part["tooltip"], "label part tooltip")
    elif not isinstance(label, str):
        problems.append(f"label is neither a string nor parts: {label!r}")
    if "kind" in hint and hint["kind"] not in (1, 2):
        problems.append(f"hint kind {hint['kind']!r}")
    if "tooltip" in hint:
        problems += _markup_problems(hint["tooltip"], "hint tooltip")
    for flag in ("paddingLeft", "paddingRight"):
        if flag in hint and not isinstance(hint[flag], bool):
            problems.append(f"{flag} is not a boolean")
    for edit in hint.get("textEdits", []) if check_ranges else []:
        problems += text_edit(edit, snap)
    return problems


def semantic_tokens(result, snap, requested=None):
    if not isinstance(result, dict) or not isinstance(result.get("data"), list):
        return [f"not SemanticTokens: {str(result)[:200]}"]
    if "resultId" in result and not isinstance(result["resultId"], str):
        return ["resultId is not a string"]
    data = result["data"]
    if len(data) % 5:
        return [f"data has {len(data)} integers, not a multiple of 5"]
    if not all(_is_int(x) and x >= 0 for x in data):
        return ["data holds something other than unsigned integers"]
    line = character = 0
    previous_end = (-1, -1)
    for i in range(0, len(data), 5):
        delta_line, delta_start, length, token_type, modifiers = data[i:i + 5]
        line += delta_line
        character = character + delta_start if delta_line == 0 else delta_start
        where = f"token {i // 5} at {line}:{character}"
        if line >= len(snap.lines):
            return [f"{where} is past the last line (version {snap.version})"]
        if length == 0:
            return [f"{where} is empty"]
        if character + length > snap.line_u16(line):
            return [f"{where} of length {length} runs past its line "
                    f"({snap.line_u16(line)} units, version {snap.version})"]
        if snap.splits_surrogate_pair(line, character) or \
                snap.splits_surrogate_pair(line, character + length):
            return [f"{where} splits a surrogate pair"]
        if (line, character) < previous_end:
            return [f"{where} overlaps the token before it"]
        if token_type >= TOKEN_TYPES or modifiers >= 1 << TOKEN_MODIFIERS:
            return [f"{where} has type {token_type} / modifiers {modifiers} outside the legend"]
        if requested is not None and not (
                requested["start"]["line"] <= line <= requested["end"]["line"]):
            return [f"{where} is outside the requested range {requested}"]
        previous_end = (line, character + length)
    return []


def text_edit(edit, snap):
    if not isinstance(edit, dict) or not isinstance(edit.get("newText"), str):
        return [f"not a TextEdit: {str(edit)[:200]}"]
    return range_problems(edit.get("range"), snap, "edit range")


def _edits_problems(edits, snap):
    problems = []
    if not isinstance(edits, list):
        return [f"edits is not a list: {str(edits)[:200]}"]
    for edit in edits:
        problems += text_edit(edit, snap)
    if problems:
        return problems
    spans = sorted((_key(e["range"]["start"]), _key(e["range"]["end"])) for e in edits)
    for (_, end), (start, _) in zip(spans, spans[1:]):
        if start < end:
            problems.append(f"overlapping edits in one TextDocumentEdit: {spans}")
            break
    return problems


def workspace_edit(edit, snap, uri):
    if not isinstance(edit, dict):
        return [f"not a WorkspaceEdit: {str(edit)[:200]}"]
    problems = []
    for changed_uri, edits in (edit.get("changes") or {}).items():
        if changed_uri == uri:
            problems += _edits_problems(edits, snap)
    for change in edit.get("documentChanges") or []:
        if "kind" in change:
            continue  # create / rename / delete: nothing in this document to check
        document = change.get("textDocument", {})
        if document.get("uri") != uri:
            continue
        if document.get("version") not in (None, snap.version):
            problems.append(f"edit for version {document.get('version')}, computed on version "
                            f"{snap.version}")
        problems += _edits_problems(change.get("edits"), snap)
    return problems


def diagnostic(item, snap, uri):
    if not isinstance(item, dict) or not isinstance(item.get("message"), str):
        return [f"not a Diagnostic: {str(item)[:200]}"]
    problems = range_problems(item.get("range"), snap, "diagnostic range")
    if "severity" in item and item["severity"] not in (1, 2, 3, 4):
        problems.append(f"severity {item['severity']!r}")
    if "code" in item and not (isinstance(item["code"], str) or _is_int(item["code"])):
        problems.append(f"code {item['code']!r}")
    if "codeDescription" in item and not isinstance(item["codeDescription"].get("href"), str):
        problems.append("codeDescription without href")
    if "tags" in item and not all(tag in (1, 2) for tag in item["tags"]):
        problems.append(f"tags {item['tags']!r}")
    for related in item.get("relatedInformation", []):
        problems += location_problems(related.get("location"), snap, uri, "related location")
        if not isinstance(related.get("message"), str):
            problems.append("related information without a message")
    return problems


def code_actions(result, snap, uri, only=None):
    if result is None:
        return []
    if not isinstance(result, list):
        return [f"not a (Command | CodeAction)[]: {str(result)[:200]}"]
    problems = []
    for action in result:
        if not isinstance(action, dict) or not isinstance(action.get("title"), str):
            problems.append(f"not a CodeAction or Command: {str(action)[:200]}")
            continue
        if isinstance(action.get("command"), str):
            continue  # a Command
        kind = action.get("kind")
        if kind is not None and only and not any(kind == k or kind.startswith(k + ".")
                                                 for k in only):
            problems.append(f"kind {kind} not among the requested {only}")
        for item in action.get("diagnostics", []):
            problems += diagnostic(item, snap, uri)
        if "edit" in action:
            problems += workspace_edit(action["edit"], snap, uri)
        if "command" in action and not isinstance(action["command"].get("command"), str):
            problems.append("command without a command name")
    return problems


def diagnostic_report(result, snap, uri, previous_result_id=None):
    if not isinstance(result, dict) or result.get("kind") not in ("full", "unchanged"):
        return [f"not a DocumentDiagnosticReport: {str(result)[:200]}"]
    if result["kind"] == "unchanged":
        if result.get("resultId") != previous_result_id or previous_result_id is None:
            return [f"unchanged report with resultId {result.get('resultId')!r} for previous "
                    f"{previous_result_id!r}"]
        return []
    if "resultId" in result and not isinstance(result["resultId"], str):
        return ["resultId is not a string"]
    if not isinstance(result.get("items"), list):
        return ["a full report without items"]
    problems = []
    for item in result["items"]:
        problems += diagnostic(item, snap, uri)
    return problems


def publish_diagnostics(params, snap, uri):
    problems = []
    for item in params.get("diagnostics", []):
        problems += diagnostic(item, snap, uri)
    return problems
