"""Reading YAML safely into nodes that keep their positions.

We compose (never construct) with libyaml's C loader when present, so no tag can
build a Python object; then the loader reads the nodes itself against
``schema.SHAPES``. Aliases are refused outright, which also defuses "billion
laughs" expansion bombs; files over ``MAX_FILE_BYTES`` are refused unread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from yaml.nodes import ScalarNode, SequenceNode
from yaml.resolver import Resolver

from game.story.errors import Pos
from game.story.files import NotAFile, read_bytes

_STR: str = Resolver.DEFAULT_SCALAR_TAG
_SEQ: str = Resolver.DEFAULT_SEQUENCE_TAG
_MAP: str = Resolver.DEFAULT_MAPPING_TAG
INT_TAG = "tag:yaml.org,2002:int"
BOOL_TAG = "tag:yaml.org,2002:bool"

# The implicit types of YAML 1.2's core schema (spec 10.3.2), as editors and
# the YAML language server read a file: only true/false are booleans ("yes",
# "on" are text), integers are decimal, 0o octal or 0x hex ("0b101", "1:30",
# "1_000" are text). PyYAML's YAML 1.1 table read them otherwise, so the loader
# and the JSON Schema disagreed on what a file says.
_CORE: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (BOOL_TAG, re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z"), "tTfF"),
    (INT_TAG, re.compile(r"(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\Z"), "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        re.compile(r"(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z"),
        "-+.0123456789",
    ),
    ("tag:yaml.org,2002:null", re.compile(r"(?:~|null|Null|NULL|)\Z"), "~nN"),
)
_IMPLICIT: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {"": (("tag:yaml.org,2002:null", _CORE[3][1]),)}
for _tag, _regexp, _firsts in _CORE:
    for _first in _firsts:
        _IMPLICIT[_first] = (*_IMPLICIT.get(_first, ()), (_tag, _regexp))
# Tags of plain scalars that an implicit type might match, by value: keys such as
# "text", "tag" and "to" recur thousands of times in a story, and matching each
# against the resolvers' patterns again was a tenth of composing. Short values
# only, and a bounded number, so that no file can grow it without limit.
_PLAIN_TAGS: dict[str, str] = {}


def _plain_tag(value: str) -> str:
    tag = _STR
    for found, regexp in _IMPLICIT[value[:1]]:
        if regexp.match(value):
            tag = found
            break
    if len(value) <= 40 and len(_PLAIN_TAGS) < 2048:
        _PLAIN_TAGS[value] = tag
    return tag


def _resolve(kind: type, value: str, implicit: tuple[bool, bool]) -> str:
    if kind is ScalarNode:
        if implicit[0] and value[:1] in _IMPLICIT:
            tag = _PLAIN_TAGS.get(value)
            return tag if tag is not None else _plain_tag(value)
        return _STR
    return _SEQ if kind is SequenceNode else _MAP


_CORE_INT = _CORE[1][1]
_CORE_BOOL = _CORE[0][1]


def int_value(node: yaml.Node) -> int | None:
    """A whole number as the core schema reads it (decimal, ``0o`` octal, ``0x`` hex), else None.

    None too for a value an explicit ``!!int`` tag put on text that is no number.
    """
    if not isinstance(node, ScalarNode) or node.tag != INT_TAG or not _CORE_INT.match(node.value):
        return None
    text = node.value
    if len(text) > _LONGEST_INT:  # far past any bound a story may use; int() would refuse 4,300+ digits anyway
        return -_TOO_BIG if text.startswith("-") else _TOO_BIG
    if text[:2] == "0o":
        return int(text[2:], 8)
    if text[:2] == "0x":
        return int(text[2:], 16)
    return int(text, 10)


_LONGEST_INT = 64  # characters: every number the loader accepts (|n| <= 10^18) is far shorter
_TOO_BIG = 10**64  # what a longer number reads as, so the caller's bound check names it "too large"


def bool_value(node: yaml.Node) -> bool | None:
    """true or false as the core schema reads them, else None."""
    if not isinstance(node, ScalarNode) or node.tag != BOOL_TAG or not _CORE_BOOL.match(node.value):
        return None
    return str(node.value).lower() == "true"


# What YAML 1.1 read as numbers and booleans and YAML 1.2 reads as text: named in hints.
_OLD_INT = re.compile(r"[-+]?(?:0b[01_]+|0[0-7_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+|[0-9][0-9_]*|0x[0-9a-fA-F_]+)\Z")
_OLD_BOOL = frozenset(("yes", "no", "on", "off", "y", "n"))


def number_hint(text: str) -> str:
    """Why a value written as a YAML 1.1 number is text here, and what to write."""
    if _OLD_INT.match(text) and ("_" in text or ":" in text or text.lstrip("+-")[:2] == "0b"):
        return "write whole numbers in plain decimal digits (YAML 1.2 reads 0b…, 1:30 and 1_000 as text)"
    return ""


def truth_hint(text: str) -> str:
    if text.lower() in _OLD_BOOL:
        return "write true or false (YAML 1.2 reads yes, no, on and off as text)"
    return ""


try:
    from yaml._yaml import CParser

    class _Loader(CParser, Resolver):
        """libyaml's composer with the resolver trimmed to what safe YAML needs.

        The C composer calls these three Python methods for every node; without
        path resolvers two of them do nothing, and ``resolve`` only needs the
        implicit scalar types. Composing only: no constructor, so no objects.
        """

        def __init__(self, stream: str):
            CParser.__init__(self, stream)

        def descend_resolver(self, current_node: object, current_index: object) -> None:
            return None

        def ascend_resolver(self) -> None:
            return None

        def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
            return _resolve(kind, value, implicit)

except ImportError:  # pragma: no cover - depends on how PyYAML was built

    class _Loader(yaml.SafeLoader):  # type: ignore[no-redef]
        """The pure-Python composer with the same core-schema types."""

        def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
            return _resolve(kind, value, implicit)

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 64
STANDARD_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}
# Signs that a file may hold deep nesting: many compact "- " or "? " on one
# line, or three flow openings on a line before any closes. Each pattern starts
# with a literal character so that the search skips ahead in C.
_MAYBE_DEEP = (
    re.compile(r"- (?:[ \t]*[-?][ \t]){7}"),
    re.compile(r"\? (?:[ \t]*[-?][ \t]){7}"),
    re.compile(r"\[[^\]\n\[{]*[\[{][^\]}\n\[{]*[\[{]"),
    re.compile(r"\{[^}\n\[{]*[\[{][^\]}\n\[{]*[\[{]"),
)
_DEEP_INDENT = "\n" + " " * MAX_DEPTH
# A tag or anchor starts a token; "!=" is a comparison inside an expression.
_TAG_OR_ANCHOR = (re.compile(r"&(?=\S)"), re.compile(r"!(?=[^\s=])"))


class YamlProblem(Exception):
    """A file that cannot be read as YAML at all; one per file."""

    def __init__(self, pos: Pos, message: str, hint: str = "", code: str = "E001"):
        super().__init__(message)
        self.pos = pos
        self.message = message
        self.hint = hint
        self.code = code


@dataclass
class SourceFile:
    path: str  # as shown in messages
    text: str
    lines: list[str]
    block_indent: dict[int, int] = field(default_factory=dict)  # first line of a block -> its indentation
    _cursors: dict[int, _Cursor] = field(default_factory=dict, repr=False)  # by id of the scalar node

    def pos(self, node: yaml.Node) -> Pos:
        mark = node.start_mark
        return Pos(self.path, mark.line + 1, mark.column + 1)

    def offset_pos(self, node: yaml.Node, offset: int) -> Pos:
        """The file position of character ``offset`` inside a scalar's value.

        Single-line plain and quoted scalars without escapes map by arithmetic;
        literal blocks by counting lines; folded, multi-line and escaped scalars
        are aligned against the raw text. A long text asks for the positions of
        its links and ``{var}``s in order, so each scalar keeps a cursor
        (``_Cursor``) where the last answer left off: the work for all of a
        text's positions is linear in its length, not its length times its links.
        """
        mark = node.start_mark
        if not isinstance(node, ScalarNode):
            return Pos(self.path, mark.line + 1, mark.column + 1)
        style = node.style
        if style in (None, "", '"', "'") and node.end_mark.line == mark.line:
            value = str(node.value)
            raw = self.text[mark.index : node.end_mark.index]
            if not ((style == '"' and "\\" in raw) or (style == "'" and "''" in raw)):
                quote = 1 if style else 0
                return Pos(self.path, mark.line + 1, mark.column + 1 + quote + min(offset, len(value)))
        cursor = self._cursors.get(id(node))
        if cursor is None or cursor.node is not node:
            cursor = self._cursors[id(node)] = _Cursor(self, node)
        line, col = cursor.locate(offset)
        return Pos(self.path, line + 1, col + 1)

    def block_indent_of(self, first: int) -> int:
        """The indentation of a literal block whose text starts on line index ``first``."""
        indent = self.block_indent.get(first)
        if indent is None:
            indent = 0
            for raw in self.lines[first : first + 50]:
                if raw.strip():
                    indent = len(raw) - len(raw.lstrip(" "))
                    break
            self.block_indent[first] = indent
        return indent


# Characters that a scalar's value and its raw text may differ in: layout and quoting.
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r", "e": "\x1b",
            "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}  # the rest write their own letter
_HEX = re.compile(r"[0-9a-fA-F]+")
_WORD = re.compile(r"[^ \t\r\n]+")


def _solid(text: str) -> int:
    """How many characters of ``text`` are not layout (space, tab, line break)."""
    return len(text) - text.count(" ") - text.count("\n") - text.count("\t") - text.count("\r")


class _Cursor:
    """Maps offsets of one scalar's value to (line, column) of the file, resuming where it stopped.

    Two ways, by how the value was written: a literal block (``|``) maps line
    for line; any other scalar differs from its raw text only in layout and
    escapes, so the n-th solid (not layout) character of the value is the n-th
    solid character the raw text writes: whole lines are counted in C, then
    the words of the line that holds the answer; only a word with an escape
    (``\\x1b``, ``''``) is read character by character, and an escape's
    characters are placed at its backslash (or first quote). Each keeps where
    the last answer was, so ascending offsets cost one pass.
    """

    def __init__(self, source: SourceFile, node: yaml.Node):
        self.node = node
        self.value = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
        start = node.start_mark
        self.line0, self.col0 = start.line, start.column
        self.raw = source.text[start.index : node.end_mark.index]
        style = getattr(node, "style", None)
        self.style = style
        if style == "|":
            self.indent = source.block_indent_of(start.line + 1)
            self.mode = "lines"
        else:
            self.mode = "solid"
        # The mark of an escape in a word of this scalar, if it has any.
        self.escape = "\\" if style == '"' and "\\" in self.raw else "''" if style == "'" and "''" in self.raw else ""
        self.reset()

    def reset(self) -> None:
        self.done = 0  # value offset answered last
        self.count = 0  # lines: line breaks before it; solid: solid characters before it
        self.last_break = -1  # value index (lines) or raw index (solid) of the last line break passed
        self.j = 0  # raw index of the word the cursor stands on
        self.line, self.col = self.line0, self.col0
        self.raw_line_at = 0  # raw index up to which ``line`` counts line breaks
        self.j_solid = 0  # solid characters of the raw text before ``j`` (solid)
        if self.mode == "solid":
            if self.style == ">":
                first = self.raw.find("\n") + 1
                self.j = first
                if first:
                    self.line, self.col, self.raw_line_at, self.last_break = self.line0 + 1, 0, first, first - 1
            elif self.style in ('"', "'"):
                self.j = 1
            self.last_end = self.j
            self._segment()

    def locate(self, offset: int) -> tuple[int, int]:
        if offset < self.done:
            self.reset()
        if self.mode == "lines":
            return self._lines(offset)
        return self._solid(offset)

    def _lines(self, offset: int) -> tuple[int, int]:
        value = self.value
        self.count += value.count("\n", self.done, offset)
        found = value.rfind("\n", self.done, offset)
        if found >= 0:
            self.last_break = found
        self.done = offset
        return self.line0 + 1 + self.count, self.indent + offset - (self.last_break + 1)

    def _solid(self, offset: int) -> tuple[int, int]:
        if self.style == ">" and self.raw.find("\n") < 0:
            return self.line0, self.col0
        self.count += _solid(self.value[self.done : offset])
        self.done = offset
        want, raw = self.count, self.raw
        # Whole lines first (counted in C), then the words of the line that holds the answer.
        while self.j_solid + self.seg_left <= want and self.seg_end < len(raw):
            self.j_solid += self.seg_left
            if self.seg_left:
                self.last_end = len(raw[self.j : self.seg_end].rstrip(" \t\r")) + self.j
            self.j = self.seg_end + 1
            self._segment()
        have, index = self.j_solid, -1
        for word in _WORD.finditer(raw, self.j, self.seg_end):
            size = word.end() - word.start()
            if self.escape and self.escape in word.group():
                places = self._solid_places(word.group())
                size = len(places)
                if have + size > want:
                    index = word.start() + places[want - have]
                    break
            elif have + size > want:
                index = word.start() + (want - have)
                break
            have += size
            self.j, self.j_solid, self.last_end = word.end(), have, word.end()
            self.seg_left -= size
        if index < 0:  # past the last solid character: just after it
            index = self.last_end
        elif offset < len(self.value) and self.value[offset] in " \t":
            # A space of the value: the raw one after the previous word, when on its line.
            before = index
            while before > 0 and raw[before - 1] in " \t\r\n":
                before -= 1
            if before < index and raw[before] in " \t" and "\n" not in raw[before:index]:
                index = before
        return self._raw_pos(index)

    def _segment(self) -> None:
        """Where the raw line at ``j`` ends and how many solid characters it writes from ``j``."""
        end = self.raw.find("\n", self.j)
        self.seg_end = end if end >= 0 else len(self.raw)
        segment = self.raw[self.j : self.seg_end]
        if self.escape and self.escape in segment:
            self.seg_left = sum(len(self._solid_places(word)) for word in _WORD.findall(segment))
        else:
            self.seg_left = _solid(segment)

    def _solid_places(self, word: str) -> list[int]:
        """Offsets in a raw word of the solid characters it writes, escapes decoded."""
        places: list[int] = []
        i = 0
        while i < len(word):
            if self.escape == "''":
                places.append(i)
                i += 2 if word.startswith("''", i) else 1
                continue
            if word[i] != "\\":
                places.append(i)
                i += 1
                continue
            letter = word[i + 1 : i + 2]
            if letter and letter not in " \t":  # an escaped space, tab or line break writes no solid character
                digits = {"x": 2, "u": 4, "U": 8}.get(letter, 0)
                code = word[i + 2 : i + 2 + digits]
                written = _ESCAPES.get(letter, letter) if not digits else chr(int(code, 16)) if _HEX.fullmatch(code) else "?"
                if written not in " \t\r\n":
                    places.append(i)
                i += 2 + digits
            else:
                i += 2
        return places

    def _raw_pos(self, index: int) -> tuple[int, int]:
        raw = self.raw
        self.line += raw.count("\n", self.raw_line_at, index)
        found = raw.rfind("\n", self.raw_line_at, index)
        if found >= 0:
            self.last_break = found
        self.raw_line_at = index
        if self.last_break < 0:
            return self.line, self.col0 + index
        return self.line, index - self.last_break - 1


def read_file(path: str, shown: str) -> tuple[SourceFile, yaml.Node | None]:
    """Read and compose one file; raise YamlProblem for anything unreadable."""
    try:
        data = read_bytes(path, MAX_FILE_BYTES + 1)
    except NotAFile as exc:
        raise YamlProblem(
            Pos(shown),
            f"the file is {exc.kind}, not a regular file",
            "remove it, or rename it so that its name does not end in .yaml",
            code="E002",
        ) from None
    except OSError as exc:
        raise YamlProblem(Pos(shown), f"cannot read the file: {exc.strerror or exc}", code="E002") from None
    if len(data) > MAX_FILE_BYTES:
        raise YamlProblem(
            Pos(shown),
            f"the file is larger than {MAX_FILE_BYTES // 1024} KiB",
            "split it into several scene files",
            code="E003",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        raise YamlProblem(Pos(shown, line, col), "the file is not UTF-8 text", "save it as UTF-8", "E004") from None
    return compose_text(text, shown)


def compose_text(text: str, shown: str) -> tuple[SourceFile, yaml.Node | None]:
    source = SourceFile(shown, text, text.split("\n"))
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))  # type: ignore[arg-type]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = Pos(shown, mark.line + 1, mark.column + 1) if mark else Pos(shown)
        message = (exc.problem or exc.context or "invalid YAML").strip()
        if "nesting depth" in message:  # libyaml stops at 1,000 levels, before any recursion
            raise YamlProblem(pos, f"nesting deeper than {MAX_DEPTH} levels", code="E005") from None
        hint = _yaml_hint(message)
        raise YamlProblem(pos, f"YAML syntax: {message}", hint) from None
    except yaml.reader.ReaderError as exc:
        # libyaml counts UTF-8 bytes here, the pure-Python reader characters.
        index = exc.position
        if not (0 <= index < len(text) and ord(text[index]) == _code(exc.character)):
            index = len(text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "replace"))
        line = text.count("\n", 0, index)
        col = index - (text.rfind("\n", 0, index) + 1)
        raise YamlProblem(
            Pos(shown, line + 1, col + 1),
            f"YAML: the character U+{_code(exc.character):04X} is not allowed ({exc.reason})",
            "remove it; control characters cannot appear in YAML files",
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Pos(shown, 1, 1), f"YAML: {exc}".splitlines()[0]) from None
    except RecursionError:
        raise YamlProblem(Pos(shown), f"nesting deeper than {MAX_DEPTH} levels", code="E005") from None
    if len(nodes) > 1:
        line = nodes[1].start_mark.line
        while line > 0 and not source.lines[line].startswith("---"):
            line -= 1
        raise YamlProblem(
            Pos(shown, line + 1, 1), "more than one YAML document in a file", "remove the '---' line", "E009"
        )
    return source, (nodes[0] if nodes else None)


def _code(character: object) -> int:
    """libyaml reports a code point, the pure-Python reader a character."""
    return ord(character) if isinstance(character, str) and len(character) == 1 else int(str(character) or 0)


def _yaml_hint(message: str) -> str:
    if "mapping values are not allowed" in message:
        return "quote text that contains ': ' or indent it as a block with '|'"
    if "tab" in message:
        return "indent with spaces, not tabs"
    if "could not find expected ':'" in message:
        return "a key needs ':' after it; quote text that spans lines"
    if "found character '@'" in message or "found character '`'" in message:
        return "quote text that starts with @ or `"
    return ""


def needs_node_check(text: str) -> bool:
    """Whether ``check_node`` must walk this file: only if it may hold tags, anchors or deep nesting.

    Tags and anchors can only start a token (after a space, a line start or a
    flow indicator); without them every tag is a standard one and no node is
    shared. Most story files hold neither, and skip a walk of every node.
    """
    for pattern in _TAG_OR_ANCHOR:
        for found in pattern.finditer(text):
            start = found.start()
            if start == 0 or text[start - 1] in " \t\r\n[{,":
                return True
    if _DEEP_INDENT in text:
        return True
    return any(pattern.search(text) for pattern in _MAYBE_DEEP)


def check_node(node: yaml.Node, source: SourceFile, seen: set[int], depth: int = 0) -> None:
    """Refuse aliases, non-standard tags and deep nesting before anything reads the tree."""
    if depth > MAX_DEPTH:
        raise YamlProblem(source.pos(node), f"nesting deeper than {MAX_DEPTH} levels", code="E005")
    if id(node) in seen:
        raise YamlProblem(alias_pos(source, node), "YAML aliases (*name) are not allowed", "write the value out in full", "E006")
    seen.add(id(node))
    if node.tag not in STANDARD_TAGS:
        raise YamlProblem(
            source.pos(node),
            f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed",
            "remove the tag; story files hold plain text, numbers, lists and mappings",
            "E007",
        )
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            check_node(key, source, seen, depth + 1)
            check_node(value, source, seen, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            check_node(item, source, seen, depth + 1)


# Characters no story text may hold: C0 and C1 controls but tab and line feed, and
# the bidirectional controls (they can hide or reorder what a terminal shows).
# YAML refuses most of them raw, but a double-quoted escape ("\e", "\x1b", "\0")
# writes any of them, and the bidi marks are printable to YAML.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_MAYBE_UNSAFE = re.compile(f"[\\\\{_BIDI}]")  # an escape, or a bidi mark written raw


def unsafe_characters(node: yaml.Node, source: SourceFile) -> list[tuple[Pos, str]]:
    """Where the file's keys and values hold a control or bidi character, and which ("U+001B, a control character")."""
    if _MAYBE_UNSAFE.search(source.text) is None:
        return []
    found: list[tuple[Pos, str]] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            bad = _UNSAFE.search(str(current.value))
            if bad is not None:
                pos = source.offset_pos(current, bad.start())  # an escape's: at its backslash
                code = ord(bad.group())
                found.append((pos, f"U+{code:04X}, a {'bidi ' if code > 0x9F else ''}control character"))
        elif isinstance(current, yaml.MappingNode):
            stack.extend(item for pair in reversed(current.value) for item in reversed(pair))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(reversed(current.value))
    return found


_ANCHOR = re.compile(r"&([^\s,\[\]{}]+)")


def alias_pos(source: SourceFile, node: yaml.Node) -> Pos:
    """Where the anchor of a repeated node is first used as ``*name`` (else the anchor)."""
    mark = node.start_mark
    found = _ANCHOR.match(source.lines[mark.line], mark.column)
    if found:
        use = source.text.find("*" + found.group(1), mark.index)
        if use >= 0:
            line = source.text.count("\n", 0, use)
            return Pos(source.path, line + 1, use - (source.text.rfind("\n", 0, use) + 1) + 1)
    return source.pos(node)
