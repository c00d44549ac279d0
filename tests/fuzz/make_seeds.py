#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (tests/fuzz/) into OUT/<target>/.

  fuzz_analysis   the machine's standard library (sysconfig's stdlib folder), cut at top-level
                  statements into pieces of at most --max-bytes, plus broken variants of some
                  (cut mid-line, a line dropped, a line re-indented): half-typed code; and the
                  corpus test's hand-written cases (tests/corpus/cases*/)
  fuzz_edits      pieces of at most 2 KiB of the same files, each followed by random edits in the
                  target's input layout (see fuzz_edits.cpp)
  fuzz_transport  the end-to-end transcripts (tests/e2e/transcripts/*.lsp) as raw byte streams and
                  as message sequences, and synthetic sessions asking every request of a file
                  after the target's prologue, of its own file or of standard-library code
                  (see fuzz_transport.cpp)

--sample N keeps every k-th standard-library file so that about N remain (the short runs of the
test suite); without it every file is used. The output is deterministic: files are named by the
SHA-1 of their content, as libFuzzer names what it finds, and randomness is seeded by path.
"""
import argparse, ast, hashlib, json, os, pathlib, random, struct, sys, sysconfig

SEPARATOR = b"\x1e"
SKIPPED_DIRS = {"site-packages", "dist-packages", "__pycache__", "idlelib", "turtledemo"}


def write(folder, data):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def stdlib_root():
    return pathlib.Path(sysconfig.get_paths()["stdlib"])


def stdlib_files():
    root = stdlib_root()
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS)
        files += [pathlib.Path(dirpath) / f for f in sorted(filenames) if f.endswith(".py")]
    return files


def corpus_cases():
    """The corpus test's hand-written cases (3.12 syntax included), which the library lacks."""
    corpus = pathlib.Path(__file__).resolve().parent.parent / "corpus"
    return sorted(corpus.glob("cases*/*.py"))


def pieces(source, max_bytes):
    """Consecutive runs of whole top-level statements (lines that start at column 0), each at most
    max_bytes; a single statement longer than that is cut at a line break."""
    out, current = [], b""
    for line in source.splitlines(keepends=True):
        starts_statement = line[:1] not in (b" ", b"\t", b"\n", b"\r", b")", b"]", b"}", b"")
        if current and (len(current) + len(line) > max_bytes or
                        (starts_statement and len(current) > max_bytes // 2)):
            out.append(current)
            current = b""
        current += line
    if current:
        out.append(current)
    return [p[:max_bytes] for p in out if p.strip()]


def broken_variants(piece, rng):
    lines = piece.splitlines(keepends=True)
    if len(lines) < 3:
        return []
    i = rng.randrange(1, len(lines))
    cut = sum(len(l) for l in lines[:i]) + len(lines[i]) // 2
    dropped = b"".join(lines[:i] + lines[i + 1:])
    reindented = b"".join(lines[:i] + [b"  " + lines[i].lstrip(b" \t")] + lines[i + 1:])
    return [piece[:cut], dropped, reindented]


def random_edits(rng, count):
    out = b""
    for _ in range(count):
        op = rng.randrange(256)
        out += struct.pack("<BHHB", op, rng.randrange(65536), rng.randrange(65536), rng.randrange(256))
        if op % 7 in (0, 2, 5):
            out += bytes(rng.randrange(256) for _ in range(8))
        elif op % 7 == 3:
            out += b"x = (lambda: y)\n"
    return out


def python_seeds(out, max_bytes, sample):
    """Writes the Python seeds; returns a few small pieces for the transport's documents."""
    root, files = stdlib_root(), stdlib_files()
    if sample:
        files = files[::max(1, len(files) // sample)]
    cases = corpus_cases()
    small = []
    for path in files + cases:
        try:
            source = path.read_bytes()
        except OSError:
            continue
        rng = random.Random(str(path.relative_to(root) if path.is_relative_to(root) else path.name))
        for piece in pieces(source, max_bytes):
            write(out / "fuzz_analysis", piece)
            if rng.random() < 0.3:
                for variant in broken_variants(piece, rng):
                    write(out / "fuzz_analysis", variant)
        if len(small) < (10 if sample else 60) and rng.random() < 0.2:
            small += pieces(source, 3072)[:1]
        for piece in pieces(source, 2048)[:3]:
            flags = rng.randrange(2)
            seed = struct.pack("<BH", flags, len(piece)) + piece + random_edits(rng, rng.randrange(1, 12))
            write(out / "fuzz_edits", seed)
    return small


def transcript_messages(path):
    """The bytes a transcript sends: ('body', bytes) for messages, ('raw', bytes) for raw bytes."""
    out, outgoing = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(">> "):
            out.append(("body", json.dumps(json.loads(line[3:]), separators=(",", ":")).encode()))
        elif line.startswith(">>body "):
            out.append(("body", ast.literal_eval(line[7:])))
        elif line.startswith(">>raw "):
            out.append(("raw", ast.literal_eval(line[6:])))
        elif line.startswith(">>reply "):
            outgoing += 1
            reply = {"jsonrpc": "2.0", "id": f"closurelens-{outgoing}", "result": json.loads(line[8:])}
            out.append(("body", json.dumps(reply, separators=(",", ":")).encode()))
    return out


def frame(body):
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def session_requests(uri):
    """Every request and notification of an open document, as the prologue leaves it."""
    doc = {"uri": uri}
    def position(line, character):  # lines of the Python code, below the file's 3 opening lines
        return {"line": line + 3, "character": character}
    whole = {"start": position(-3, 0), "end": position(20, 0)}
    messages = []
    for i, (line, character) in enumerate([(3, 8), (5, 12), (10, 8), (11, 17), (16, 1), (19, 20)]):
        params = {"textDocument": doc, "position": position(line, character)}
        messages.append({"id": 10 + i, "method": "textDocument/hover", "params": params})
        messages.append({"id": 20 + i, "method": "textDocument/definition", "params": params})
        messages.append({"id": 30 + i, "method": "textDocument/references",
                         "params": dict(params, context={"includeDeclaration": True})})
        messages.append({"id": 40 + i, "method": "textDocument/documentHighlight", "params": params})
    messages += [
        {"id": 50, "method": "textDocument/inlayHint", "params": {"textDocument": doc, "range": whole}},
        {"id": 51, "method": "textDocument/semanticTokens/full", "params": {"textDocument": doc}},
        {"id": 52, "method": "textDocument/semanticTokens/range",
         "params": {"textDocument": doc, "range": whole}},
        {"id": 53, "method": "textDocument/codeAction",
         "params": {"textDocument": doc, "range": whole, "context": {"diagnostics": []}}},
        {"id": 54, "method": "textDocument/diagnostic", "params": {"textDocument": doc}},
        {"id": 55, "method": "inlayHint/resolve",
         "params": {"position": position(3, 32), "label": "x", "data": {"uri": uri}}},
        {"method": "textDocument/didChange",
         "params": {"textDocument": {"uri": uri, "version": 2},
                    "contentChanges": [{"range": {"start": position(11, 8), "end": position(11, 18)},
                                        "text": "count = 1"}]}},
        {"id": 56, "method": "textDocument/hover",
         "params": {"textDocument": doc, "position": position(11, 9)}},
        {"method": "$/cancelRequest", "params": {"id": 56}},
        {"method": "workspace/didChangeConfiguration",
         "params": {"settings": {"closurelens": {"ignore": ["CL101"]}}}},
        {"id": "closurelens-1", "result": [{"inlayHints": {"maxLength": 5}}]},
        {"method": "textDocument/didClose", "params": {"textDocument": doc}},
        {"id": 57, "method": "shutdown"},
        {"method": "exit"},
    ]
    return [json.dumps(dict({"jsonrpc": "2.0"}, **m), separators=(",", ":")).encode()
            for m in messages]


def transport_seeds(out, transcripts, sample, python_pieces):
    folder = out / "fuzz_transport"
    for index, path in enumerate(sorted(transcripts.glob("*.lsp"))):
        sent = transcript_messages(path)
        chunk_bits = (index % 8) << 4
        raw = b"".join(frame(data) if kind == "body" else data for kind, data in sent)
        write(folder, bytes([chunk_bits]) + raw)
        bodies = [data for kind, data in sent if kind == "body"]
        write(folder, bytes([chunk_bits | 1]) + SEPARATOR.join(bodies))
    requests = session_requests("file:///fuzz/a.py")
    for flags in (0x03, 0x07, 0x0B, 0x0F, 0x53, 0x27):
        write(folder, bytes([flags]) + SEPARATOR.join(requests))
    # Standard-library code as the prologue's document (flag 0x80), asked every request.
    for piece in python_pieces:
        write(folder, bytes([0x83]) + piece + SEPARATOR + SEPARATOR.join(requests))
    # One request at a time after the prologue, so that each handler has a short seed of its own.
    for body in requests[:: 1 if not sample else 3]:
        write(folder, bytes([0x03]) + body)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument("--transcripts", required=True, type=pathlib.Path)
    parser.add_argument("--sample", type=int, default=0,
                        help="use about this many standard-library files (0: all)")
    parser.add_argument("--max-bytes", type=int, default=12 << 10,
                        help="largest fuzz_analysis seed (stay below the target's -max_len)")
    args = parser.parse_args()
    small = python_seeds(args.out, args.max_bytes, args.sample)
    transport_seeds(args.out, args.transcripts, args.sample, small)
    for target in ("fuzz_analysis", "fuzz_edits", "fuzz_transport"):
        count = len(list((args.out / target).iterdir()))
        print(f"make_seeds: {count} seeds in {args.out / target}", file=sys.stderr)


if __name__ == "__main__":
    main()
