"""Someone editing a Python file, one didChange per keystroke or editor command: code typed
character by character at statement boundaries (closures, decorators, non-ASCII text and
identifiers outside the BMP), typos corrected with backspace, completions accepted, methods pasted
and deleted, names renamed (also with several cursors in one change), blank lines added, lines
deleted, and syntax broken for a few keystrokes, then repaired (an opened bracket or string, a lost
colon, a dedented line), as it is while one types.

The text is valid Python most of the time, as in an editor: breakage is local and transient. The
size stays near where it started, so that memory measured early and late compares like with
like."""
import keyword, re

SNIPPETS = [
    "def make_counter(start):\n    count = start\n\n    def bump(step=1):\n        nonlocal count\n"
    "        count += step\n        return count\n    return bump",
    "handlers = [lambda event: print(name, event) for name in ('a', 'b')]",
    "for i in range(3):\n    callbacks.append(lambda: i)",
    "def log_calls(func):\n    @functools.wraps(func)\n    def wrapper(*args, **kwargs):\n"
    "        return func(*args, **kwargs)\n    return wrapper",
    "π = 3.14159  # naïve approximation",
    "label = 'héllo 😀 wörld'",
    "𝒻 = lambda 𝓍: 𝓍 + offset  # 🐍",
    "result = compute(value, context=ctx)",
    "total = len(digits) * 10 ** exp",
    "def outer():\n    seen = []\n\n    def inner(item):\n        seen.append(item)\n"
    "    return inner",
    "class Box:\n    def __init__(self):\n        self.items = []\n\n    def add(self, x):\n"
    "        return lambda: self.items.append(x)",
    "if value:\n    pass",
    "adders = [lambda x: x + n for n in range(4)]  # late-bound n",
]
# Typed, then removed a few keystrokes later.
BREAKERS = ["(", "[", "{", "'", "\"", "'''", "def ", "lambda", "@", "\\", " = =", ":", "):"]
NAMES = ["value", "ctx", "context", "result", "tmp", "rounding", "prec", "é_name", "x𝟙", "𝓎"]
TYPOS = "qzjx;"
WORD = re.compile(r"[^\W\d]\w*")
METHOD = re.compile(r"    def \w")


def indent_of(line):
    return line[:len(line) - len(line.lstrip(" "))]


def method_spans(lines):
    """(first, end) line spans of undecorated class-level methods followed by another method
    (end exclusive), each preceded by a blank line."""
    spans = []
    for first, text in enumerate(lines):
        if not METHOD.match(text) or first == 0 or lines[first - 1].strip():
            continue
        end = first + 1
        while end < len(lines) and (not lines[end].strip() or lines[end].startswith("        ")):
            end += 1
        if end < len(lines) and METHOD.match(lines[end]) and not lines[end - 1].strip():
            spans.append((first, end))
    return spans


class Damage:
    """Text that replaced `original` at column `col` of a line starting with `prefix` (and
    continuing with `after`), to be put back after `keystrokes` more edits."""
    __slots__ = ("line", "col", "prefix", "broken", "original", "after", "keystrokes")

    def __init__(self, line, text, col, original, broken, keystrokes):
        self.line, self.col, self.prefix = line, col, text[:col]
        self.original, self.broken, self.keystrokes = original, broken, keystrokes
        self.after = text[col + len(original):][:20]

    def find(self, lines):
        for distance in range(0, 80):
            for line in (self.line - distance, self.line + distance):
                if 0 <= line < len(lines):
                    text = lines[line]
                    if text.startswith(self.prefix) and \
                            text[self.col:].startswith(self.broken + self.after):
                        return line
        return None


class Typist:
    def __init__(self, model, rng, clipboard):
        self.model, self.rng = model, rng
        self.clipboard = [clipboard[a:b] for a, b in method_spans(clipboard) if b - a <= 60]
        self.target_size = model.size
        self.cursor = (0, 0)
        self.pending = ""     # the rest of the code being typed
        self.base_indent = ""
        self.damages = []
        self.snippet = ""     # the code being typed, whole
        self.typed_blocks = []  # the lines of the code typed so far, to delete some again
        self.unrepaired = 0   # damages whose place could not be found again

    def next_change(self):
        """Edits the model; returns the content changes of one didChange."""
        self.clamp_cursor()
        for damage in self.damages:
            damage.keystrokes -= 1
        due = [d for d in self.damages if d.keystrokes < 0]
        if due:
            self.damages.remove(due[0])
            changes = self._repair(due[0])
            if changes:
                return changes
        if self.pending:
            roll = self.rng.random()
            if roll < 0.04:
                return self._damage_at_cursor(self.rng.choice(TYPOS), 0)
            if roll < 0.07:
                return self._damage_at_cursor(self.rng.choice(BREAKERS), self.rng.randint(1, 8))
            return self._type()
        # As much typed code is deleted again as is typed, once some is there: the text keeps
        # its size and the density of functions and closures it started with.
        weights = {self._start_snippet: 30, self._rename: 12, self._multi_cursor: 4,
                   self._blank_line: 6, self._delete_line: 8, self._paste_method: 3,
                   self._delete_method: 3, self._break_line: 5,
                   self._delete_typed: (0, 30, 90)[(len(self.typed_blocks) > 8) +
                                                   (len(self.typed_blocks) > 16)]}
        if self.model.size > 1.03 * self.target_size:
            weights[self._paste_method] = weights[self._start_snippet] = 0
            weights[self._delete_method] = 30
        elif self.model.size < 0.97 * self.target_size:
            weights[self._delete_method] = weights[self._delete_line] = 0
            weights[self._paste_method] = 20
        op = self.rng.choices(list(weights), list(weights.values()))[0]
        return op() or self._blank_line()

    # ----- helpers

    def _replace(self, start, end, text):
        """model.replace, keeping the lines of the damages awaiting repair current."""
        change = self.model.replace(start, end, text)
        shift = text.count("\n") - (end[0] - start[0])
        for damage in self.damages:
            if damage.line > end[0] or (damage.line == end[0] and end[0] > start[0]):
                damage.line += shift
            elif damage.line > start[0]:
                damage.line = start[0]  # its line was removed or merged; search from here
        return change

    def _busy(self, first, last=None):
        """Whether a damage awaiting repair lies on lines first..last."""
        last = first if last is None else last
        return any(first - 1 <= d.line <= last + 1 for d in self.damages)

    def clamp_cursor(self):
        """Keeps the cursor inside the text after edits away from it removed lines."""
        lines = self.model.lines
        line = min(self.cursor[0], len(lines) - 1)
        self.cursor = (line, min(self.cursor[1], len(lines[line])))

    def _insert(self, text):
        change = self._replace(self.cursor, self.cursor, text)
        self.cursor = self.model.after(self.cursor, text)
        return [change]

    def _statement_line(self):
        """A line after which a statement at its indentation may follow."""
        lines = self.model.lines
        for _ in range(50):
            line = self.rng.randrange(len(lines) - 1)
            text, following = lines[line], lines[line + 1]
            stripped = text.strip()
            if self._busy(line):
                continue
            if not stripped or stripped[-1] in ":,\\([{" or stripped.startswith(("@", "#")):
                continue
            if '"' in text or "'" in text or text.count("(") != text.count(")"):
                continue
            if following.strip() and len(indent_of(following)) > len(indent_of(text)):
                continue
            return line
        return None

    # ----- damage and repair

    def _damage(self, line, col, original, broken, keystrokes):
        text = self.model.lines[line]
        self.damages.append(Damage(line, text, col, original, broken, keystrokes))
        return [self._replace((line, col), (line, col + len(original)), broken)]

    def _damage_at_cursor(self, broken, keystrokes):
        line, col = self.cursor
        changes = self._damage(line, col, "", broken, keystrokes)
        self.cursor = (line, col + len(broken))
        return changes

    def _repair(self, damage):
        line = damage.find(self.model.lines)
        if line is None:
            self.unrepaired += 1
            return []
        col, width = damage.col, len(damage.broken)
        change = self._replace((line, col), (line, col + width), damage.original)
        for other in self.damages:  # later damages on that line moved with the repair
            if other.line == line and other.col >= col + width:
                other.col += len(damage.original) - width
                other.prefix = other.prefix[:col] + damage.original + other.prefix[col + width:]
        cursor_line, cursor_col = self.cursor
        if cursor_line == line and cursor_col >= col + width:
            self.cursor = (line, cursor_col - width + len(damage.original))
        return [change]

    def _break_line(self):
        lines = self.model.lines
        line = self.rng.randrange(len(lines))
        text = lines[line]
        if self._busy(line):
            return []
        keystrokes = self.rng.randint(2, 15)
        if text.rstrip().endswith(":") and self.rng.random() < 0.5:
            col = len(text.rstrip()) - 1
            return self._damage(line, col, ":", "", keystrokes)
        if text.startswith("        ") and text.strip() and self.rng.random() < 0.5:
            return self._damage(line, 0, "    ", "", keystrokes)
        return self._damage(line, len(text), "", self.rng.choice(BREAKERS), keystrokes)

    # ----- typing

    def _start_snippet(self):
        line = self._statement_line()
        if line is None:
            return []
        self.cursor = (line, len(self.model.lines[line]))
        self.base_indent = indent_of(self.model.lines[line])
        self.snippet = self.rng.choice(SNIPPETS)
        self.pending = "\n" + self.snippet
        return self._type()

    def _type(self):
        changes = self._keystroke()
        if not self.pending:
            self.typed_blocks.append([self.base_indent + line for line in self.snippet.split("\n")])
        return changes

    def _keystroke(self):
        match = WORD.match(self.pending)
        if match and len(match.group()) > 2 and self.rng.random() < 0.3:
            word = match.group()
            self.pending = self.pending[len(word):]
            return self._insert(word)  # a completion accepted
        ch, self.pending = self.pending[0], self.pending[1:]
        if ch == "\n":
            return self._insert("\n" + self.base_indent)
        if ch == " " and self.pending.startswith("   ") and \
                self.model.lines[self.cursor[0]].strip() == "":
            self.pending = self.pending[3:]
            return self._insert("    ")  # a tab
        return self._insert(ch)

    def _blank_line(self):
        line = self._statement_line()
        if line is None:
            return []
        self.cursor = (line, len(self.model.lines[line]))
        return self._insert("\n")

    # ----- editor commands

    def _words(self, line):
        return [m for m in WORD.finditer(self.model.lines[line])
                if not keyword.iskeyword(m.group())]

    def _rename(self):
        line = self.rng.randrange(len(self.model.lines))
        words = self._words(line)
        if not words or self._busy(line):
            return []
        word = self.rng.choice(words)
        return [self._replace((line, word.start()), (line, word.end()),
                                   self.rng.choice(NAMES))]

    def _multi_cursor(self):
        """One didChange with several changes: a name replaced on a few nearby lines, bottom up
        (each change's range is in the text left by the changes before it)."""
        first = self.rng.randrange(len(self.model.lines))
        words = self._words(first)
        if not words or self._busy(first, first + 30):
            return []
        name, new = self.rng.choice(words).group(), self.rng.choice(NAMES)
        spots = [(line, m.start(), m.end())
                 for line in range(first, min(first + 30, len(self.model.lines)))
                 for m in self._words(line) if m.group() == name][:4]
        return [self._replace((line, start), (line, end), new)
                for line, start, end in reversed(spots)]

    def _delete_line(self):
        """A simple statement that is not alone in its block."""
        lines = self.model.lines
        for _ in range(50):
            line = self.rng.randrange(1, len(lines) - 1)
            text = lines[line]
            stripped = text.strip()
            if self._busy(line):
                continue
            if not stripped or stripped[-1] in ":,\\([{" or stripped.startswith("@"):
                continue
            if '"' in text or "'" in text or text.count("(") != text.count(")"):
                continue
            if indent_of(lines[line + 1]) != indent_of(text) or not lines[line + 1].strip():
                continue
            return [self._replace((line, 0), (line + 1, 0), "")]
        return []

    def _delete_typed(self):
        """Code typed earlier, deleted whole if it is still there as typed: the latest first, as
        code may have been typed inside earlier code."""
        block = self.typed_blocks.pop()
        lines, size = self.model.lines, len(block)
        for first in range(1, len(lines) - size):
            if lines[first] == block[0] and lines[first:first + size] == block:
                if self._busy(first, first + size):
                    return []
                return [self._replace((first, 0), (first + size, 0), "")]
        return []

    def _paste_method(self):
        targets = method_spans(self.model.lines)
        if not targets or not self.clipboard:
            return []
        first, _ = self.rng.choice(targets)
        block = "\n".join(self.rng.choice(self.clipboard)) + "\n"
        return [self._replace((first, 0), (first, 0), block)]

    def _delete_method(self):
        spans = method_spans(self.model.lines)
        if not spans:
            return []
        first, end = self.rng.choice(spans)
        if self._busy(first, end):
            return []
        return [self._replace((first, 0), (end, 0), "")]
