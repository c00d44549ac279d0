"""The client's copy of a document: lines of text, edited in code points and addressed in UTF-16
code units the way LSP 3.17 sends positions by default."""


def u16_len(text):
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


def u16_of(line, cp):
    """The UTF-16 column of code point `cp` in `line`."""
    return cp if line.isascii() else u16_len(line[:cp])


def split_lines(text):
    # The soak never writes "\r", so "\n" is the only line terminator to split on.
    return text.split("\n")


class Snapshot:
    """One version of the text, kept while requests about it are in flight. Line lengths and
    code-point boundaries are computed on demand."""
    __slots__ = ("version", "lines", "_lengths")

    def __init__(self, version, lines):
        self.version, self.lines, self._lengths = version, lines, {}

    def text(self):
        return "\n".join(self.lines)

    def line_u16(self, line):
        length = self._lengths.get(line)
        if length is None:
            length = self._lengths[line] = u16_len(self.lines[line])
        return length

    def splits_surrogate_pair(self, line, character):
        text = self.lines[line]
        if text.isascii():
            return False
        units = 0
        for ch in text:
            if units >= character:
                return False
            if ord(ch) > 0xFFFF:
                if units + 1 == character:
                    return True
                units += 2
            else:
                units += 1
        return False


class TextModel:
    def __init__(self, text):
        self.lines = split_lines(text)
        self.version = 0
        self.size = len(text)          # code points, newlines included
        self._snapshot = None

    def text(self):
        return "\n".join(self.lines)

    def snapshot(self):
        if self._snapshot is None or self._snapshot.version != self.version:
            self._snapshot = Snapshot(self.version, list(self.lines))
        return self._snapshot

    def position(self, line, cp):
        return {"line": line, "character": u16_of(self.lines[line], cp)}

    def end_of_text(self):
        return len(self.lines) - 1, len(self.lines[-1])

    def replace(self, start, end, text):
        """Replaces the code points between `start` and `end` ((line, column) pairs) with `text`.
        Returns the LSP content change, with its range computed on the text before the edit."""
        (sl, sc), (el, ec) = start, end
        change = {"range": {"start": self.position(sl, sc), "end": self.position(el, ec)},
                  "text": text}
        removed = sum(len(line) for line in self.lines[sl:el + 1]) + (el - sl)
        removed -= sc + (len(self.lines[el]) - ec)
        inserted = split_lines(self.lines[sl][:sc] + text + self.lines[el][ec:])
        self.lines[sl:el + 1] = inserted
        self.size += len(text) - removed
        return change

    def after(self, start, text):
        """The (line, column) just after `text` inserted at `start`."""
        parts = split_lines(text)
        if len(parts) == 1:
            return start[0], start[1] + len(text)
        return start[0] + len(parts) - 1, len(parts[-1])
