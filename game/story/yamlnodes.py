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

from game.story.errors import ExprError, Pos

_IMPLICIT = {first: tuple(found) for first, found in Resolver.yaml_implicit_resolvers.items()}
_STR: str = Resolver.DEFAULT_SCALAR_TAG
_SEQ: str = Resolver.DEFAULT_SEQUENCE_TAG
_MAP: str = Resolver.DEFAULT_MAPPING_TAG
# Tags of plain scalars that an implicit type might match, by value: keys such as
# "text", "tag" and "to" recur thousands of times in a story, and matching each
# against the resolvers' patterns again was a tenth of composing. Short values
# only, and a bounded number, so that no file can grow it without limit.
_PLAIN_TAGS: dict[str, str] = {}


def _plain_tag(value: str) -> str:
    tag = _STR
    for found, regexp in _IMPLICIT[value[:1]]:
        if regexp.match(value):
            tag = str(found)
            break
    if len(value) <= 40 and len(_PLAIN_TAGS) < 2048:
        _PLAIN_TAGS[value] = tag
    return tag


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
            if kind is ScalarNode:
                if implicit[0] and value[:1] in _IMPLICIT:
                    tag = _PLAIN_TAGS.get(value)
                    return tag if tag is not None else _plain_tag(value)
                return _STR
            return _SEQ if kind is SequenceNode else _MAP

except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

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

    def pos(self, node: yaml.Node) -> Pos:
        mark = node.start_mark
        return Pos(self.path, mark.line + 1, mark.column + 1)

    def offset_pos(self, node: yaml.Node, offset: int) -> Pos:
        """The file position of character ``offset`` inside a scalar's value.

        Single-line plain and quoted scalars without escapes, and literal
        blocks, map by arithmetic; folded, multi-line and escaped scalars are
        aligned character by character against the raw text (errors only).
        """
        mark = node.start_mark
        value = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
        style = getattr(node, "style", None)
        if style == "|":
            before = value[:offset]
            newlines = before.count("\n")
            col = offset - (before.rfind("\n") + 1)
            first = mark.line + 1
            indent = self.block_indent.get(first)
            if indent is None:
                indent = 0
                for raw in self.lines[first : first + 50]:
                    if raw.strip():
                        indent = len(raw) - len(raw.lstrip(" "))
                        break
                self.block_indent[first] = indent
            return Pos(self.path, first + 1 + newlines, indent + col + 1)
        if style in (None, "", '"', "'") and node.end_mark.line == mark.line:
            raw = self.text[mark.index : node.end_mark.index]
            if not ((style == '"' and "\\" in raw) or (style == "'" and "''" in raw)):
                quote = 1 if style else 0
                return Pos(self.path, mark.line + 1, mark.column + 1 + quote + min(offset, len(value)))
        return self._aligned_pos(node, value, offset)

    def _aligned_pos(self, node: yaml.Node, value: str, offset: int) -> Pos:
        start = node.start_mark
        raw = self.text[start.index : node.end_mark.index]
        line, col, j = start.line, start.column, 0
        if getattr(node, "style", None) in ("|", ">"):  # the value starts on the line after the header
            j = raw.find("\n") + 1
            if j == 0:
                return Pos(self.path, line + 1, col + 1)
            line, col = line + 1, 0

        def skip_to(char: str) -> None:
            nonlocal j, line, col
            while j < len(raw) and raw[j] != char and raw[j] in _LAYOUT:
                line, col = (line + 1, 0) if raw[j] == "\n" else (line, col + 1)
                j += 1

        for char in value[:offset]:
            skip_to(char)
            if j < len(raw):  # matched, or an escape's letter: consume it
                line, col = (line + 1, 0) if raw[j] == "\n" else (line, col + 1)
                j += 1
        if offset < len(value):
            skip_to(value[offset])
        return Pos(self.path, line + 1, col + 1)


_LAYOUT = frozenset(" \t\r\n\\\"'")


def read_file(path: str, shown: str) -> tuple[SourceFile, yaml.Node | None]:
    """Read and compose one file; raise YamlProblem for anything unreadable."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
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


def expr_pos(source: SourceFile, node: yaml.Node, exc: ExprError, base: int = 0) -> Pos:
    if isinstance(node, yaml.ScalarNode):
        return source.offset_pos(node, base + exc.offset)
    return source.pos(node)
