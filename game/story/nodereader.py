"""Reading a story's YAML files and checking each mapping against the schema, with a position on every finding.

The first of the loader's three jobs (then ``exprreader``: expressions and text;
``sections``: each part of the story as model objects; ``loader``: the whole story, linked).
Well-formed values are accepted by one fast test per key; everything else takes
``check_kind``, which words the error.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable

import yaml

from game.story.errors import Finding, FindingList, Pos, close_matches, did_you_mean
from game.story.expr import INT_HINT, MAX_INT
from game.story.schema import SHAPES, WORDS, Field
from game.story.yamlnodes import (
    BOOL_TAG,
    INT_TAG,
    SourceFile,
    YamlProblem,
    bool_value,
    check_node,
    int_value,
    needs_node_check,
    number_hint,
    read_file,
    truth_hint,
    unsafe_characters,
)

ID = re.compile(r"[a-z][a-z0-9_]*\Z")
_SLUG = re.compile(r"[a-z][a-z0-9_-]*\Z")
DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")  # a year, a year and month, or a day
Fields = dict[str, yaml.Node]


class NodeReader:
    """Reads the files of one folder, checks each mapping against ``SHAPES`` and collects findings.

    Every reader of the loader builds on it; ``FileReader`` is its public face for the tools.
    """

    def __init__(self, root: str):
        self.root = root
        self.findings = FindingList()
        self.hasher = hashlib.sha256()  # the content hash of every file read, in order
        self.files: list[str] = []


    def shown(self, rel: str) -> str:
        return os.path.join(self.root, rel) if self.root not in ("", ".") else rel

    def error(self, pos: Pos, code: str, message: str, hint: str = "") -> None:
        self.findings.error(pos, code, message, hint)

    def read(self, rel: str) -> tuple[SourceFile, yaml.Node] | None:
        full = os.path.join(self.root, rel)
        shown = self.shown(rel)
        try:
            source, node = read_file(full, shown)
            if node is None:
                self.error(Pos(shown, 1, 1), "E008", "the file is empty", "add the keys this file needs")
                return None
            if needs_node_check(source.text):
                check_node(node, source, set())
        except YamlProblem as problem:
            self.error(problem.pos, problem.code, problem.message, problem.hint)
            return None
        for pos, char in unsafe_characters(node, source):
            self.error(
                pos,
                "E020",
                f"the text holds {char}",
                "remove it: story text cannot hold control or bidi characters, which YAML escapes such as \\e, \\x1b or \\0 write",
            )
        self.hasher.update(rel.replace(os.sep, "/").encode() + b"\0" + source.text.encode() + b"\0")
        self.files.append(shown)
        return source, node

    def fields(self, source: SourceFile, node: yaml.Node, shape: str, what: str) -> Fields | None:
        """Check a mapping's keys against SHAPES[shape]; return key -> value node.

        The common case (a known key with a value of the right kind) costs one
        dict lookup and one small test; everything else goes the slow way,
        which words the error.
        """
        spec = SHAPES[shape]
        if not isinstance(node, yaml.MappingNode):
            self.error(source.pos(node), "E010", f"{what} must be a mapping of keys, not {kind_of(node)}")
            return None
        fast = _FAST[shape]
        out: Fields = {}
        named = ""
        suggested: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            found = fast.get(key) if key_node.tag == _STR_TAG else None
            if found is not None and key not in out and found(value_node):
                out[key] = value_node
                continue
            named = named or named_in(what, node)
            if found is None:
                shown_key = key if isinstance(key_node, yaml.ScalarNode) else kind_of(key_node)
                close = close_matches(str(shown_key), list(spec))
                suggested.update(close)
                self.error(
                    source.pos(key_node),
                    "E011",
                    f"unknown key '{shown_key}' in {named}",
                    f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(spec)}",
                )
                continue
            if key in out:
                self.error(source.pos(key_node), "E012", f"key '{key}' appears twice in {named}")
                continue
            if isinstance(value_node, yaml.ScalarNode) and value_node.tag.endswith(":null"):
                # Empty is no value of any kind (the schema refuses null too): say so, even for optional keys.
                self.error(source.pos(value_node), "E013", f"'{key}' of {named} is empty", "" if spec[key].required else f"give it a value or remove '{key}:'")
                continue
            if self.check_kind(source, value_node, spec[key], key, named):
                out[key] = value_node
        for key in _REQUIRED[shape]:
            if key not in out and key not in suggested and not any(
                isinstance(k, yaml.ScalarNode) and k.value == key for k, _ in node.value
            ):
                field = spec[key]
                named = named or named_in(what, node)
                self.error(source.pos(node), "E014", f"{named} has no '{key}'", f"add '{key}:' ({field.doc or field.kind})")
        return out

    def check_kind(self, source: SourceFile, node: yaml.Node, field: Field, key: str, what: str) -> bool:
        """Whether ``node`` is a value of ``field.kind``; when not, one finding says why.

        The careful path of ``fields``, in four steps: the node's shape (list, mapping,
        single value), the word it holds, the single values of ``scalar``/``default``,
        then the members of a list or map.
        """
        kind = field.kind
        if not self.check_shape(source, node, kind, key, what) or not self.check_word(source, node, kind, key, what):
            return False
        if kind == "default" and isinstance(node, yaml.SequenceNode):  # a set's items
            for item in node.value:
                if not isinstance(item, yaml.ScalarNode) or item.tag.endswith(":null"):
                    self.error(source.pos(item), "E015", f"items of '{key}' of {what} must be single values, not {kind_of(item)}")
                    return False
            return True
        if kind in ("scalar", "default") and not self.check_single_value(source, node, kind, key, what):
            return False
        return self.check_members(source, node, kind, key)

    def check_shape(self, source: SourceFile, node: yaml.Node, kind: str, key: str, what: str) -> bool:
        """A list where the kind wants a list, a mapping where it wants a mapping, else a single value."""
        want_list = kind.startswith("list:") or kind in ("strlist", "idlist")
        want_map = kind.startswith(("map:", "shape:"))
        if want_list and not isinstance(node, yaml.SequenceNode):
            self.error(source.pos(node), "E015", f"'{key}' of {what} must be a list, not {kind_of(node)}")
            return False
        if want_map and not isinstance(node, yaml.MappingNode):
            self.error(source.pos(node), "E015", f"'{key}' of {what} must be a mapping, not {kind_of(node)}")
            return False
        if not want_list and not want_map and kind not in ("effects", "default") and not isinstance(node, yaml.ScalarNode):
            self.error(source.pos(node), "E015", f"'{key}' of {what} must be a single value, not {kind_of(node)}")
            return False
        return True

    def check_word(self, source: SourceFile, node: yaml.Node, kind: str, key: str, what: str) -> bool:
        """The value a single-valued kind holds: a number, true/false, text, or one of its words."""
        if kind == "int" and not self.check_int(source, node, key, what):
            return False
        if kind == "bool" and bool_value(node) is None:
            self.error(source.pos(node), "E016", f"'{key}' of {what} must be true or false, not '{node.value}'", truth_hint(str(node.value)))
            return False
        if kind in ("text", "expr") and not node.tag.endswith(":str"):
            self.error(source.pos(node), "E016", f"'{key}' of {what} must be text, not '{node.value}'")
            return False
        if kind in ("id", "slug", "date"):
            return self.check_pattern(source, node, kind, key)
        if kind in WORDS:
            allowed = WORDS[kind]
            if node.value not in allowed:
                self.error(
                    source.pos(node),
                    "E019",
                    f"'{node.value}' is not a valid {key}",
                    did_you_mean(str(node.value), list(allowed)) or f"use one of: {', '.join(allowed)}",
                )
                return False
        return True

    def check_pattern(self, source: SourceFile, node: yaml.Node, kind: str, key: str) -> bool:
        """An id, a slug or a date: text of a fixed form."""
        if kind == "id" and not ID.match(str(node.value)):
            self.error(
                source.pos(node),
                "E017",
                f"'{node.value}' is not a valid id" + (f" for '{key}'" if key != "id" else ""),
                "ids are lower case letters, digits and '_', starting with a letter",
            )
            return False
        if kind == "slug" and not _SLUG.match(str(node.value)):
            self.error(source.pos(node), "E017", f"'{node.value}' is not a valid id", "use lower case letters, digits, '-' and '_'")
            return False
        if kind == "date" and not DATE.match(str(node.value)):
            self.error(source.pos(node), "E018", f"'{node.value}' is not a date",
                       "write dates as YYYY-MM-DD in the story's calendar, or YYYY-MM or \"YYYY\" when the day is not known")
            return False
        return True

    def check_single_value(self, source: SourceFile, node: yaml.Node, kind: str, key: str, what: str) -> bool:
        """A ``scalar`` or a ``default``: a whole number, true/false or text (a set's list is checked before)."""
        if not isinstance(node, yaml.ScalarNode):
            self.error(source.pos(node), "E015", f"'{key}' of {what} must be a single value (or a list, for a set)")
            return False
        if node.tag.endswith((":float", ":timestamp")):
            self.error(source.pos(node), "E016", f"'{key}' of {what} must be a number, true/false or text")
            return False
        return not (kind == "scalar" and node.tag == INT_TAG and not self.check_int(source, node, key, what))

    def check_members(self, source: SourceFile, node: yaml.Node, kind: str, key: str) -> bool:
        """Each name and value of a map of single values, each item of a list of values or of effects."""
        if kind.startswith("map:") and not kind.startswith("map:shape:"):
            return self.check_map_items(source, node, Field(kind[4:]), key)
        if kind in ("strlist", "idlist"):
            for item in node.value:
                if not isinstance(item, yaml.ScalarNode) or item.tag.endswith(":null"):
                    self.error(source.pos(item), "E015", f"items of '{key}' must be single values")
                    return False
                if kind == "idlist" and not ID.match(item.value):
                    self.error(source.pos(item), "E017", f"'{item.value}' is not a valid id in '{key}'")
                    return False
        if kind == "effects" and isinstance(node, yaml.SequenceNode):
            for item in node.value:
                if not isinstance(item, yaml.ScalarNode):
                    self.error(source.pos(item), "E015", f"items of '{key}' must be effects like 'x += 1'")
                    return False
        elif kind == "effects" and not isinstance(node, yaml.ScalarNode):
            self.error(source.pos(node), "E015", f"'{key}' must be effects like 'x += 1', not {kind_of(node)}")
            return False
        return True

    def check_int(self, source: SourceFile, node: yaml.Node, key: str, what: str) -> bool:
        """A whole number the core schema reads, within ``MAX_INT`` (saves and the cache hold 64 bits)."""
        number = int_value(node)
        if number is None:
            self.error(source.pos(node), "E016", f"'{key}' of {what} must be a whole number, not '{node.value}'", number_hint(str(node.value)))
            return False
        if abs(number) > MAX_INT:
            self.error(
                source.pos(node),
                "E016",
                f"'{key}' of {what} is too large: {_cut(str(node.value))}",
                INT_HINT,
            )
            return False
        return True

    def check_map_items(self, source: SourceFile, node: yaml.Node, item: Field, key: str) -> bool:
        """Each name and value of a map of single values (``renamed:``, a story test's ``vars:``)."""
        ok = True
        seen: set[str] = set()
        for name_node, value_node in node.value:
            name = str(name_node.value) if isinstance(name_node, yaml.ScalarNode) else ""
            if not isinstance(name_node, yaml.ScalarNode) or name_node.tag != _STR_TAG:
                self.error(source.pos(name_node), "E015", f"names in '{key}' must be text, not {kind_of(name_node)}")
                ok = False
            elif item.kind == "id" and not ID.match(name):
                self.error(source.pos(name_node), "E017", f"'{name}' is not a valid id in '{key}'", "ids are lower case letters, digits and '_', starting with a letter")
                ok = False
            elif name in seen:
                self.error(source.pos(name_node), "E012", f"'{name}' appears twice in '{key}'")
                ok = False
            seen.add(name)
            if isinstance(value_node, yaml.ScalarNode) and value_node.tag.endswith(":null"):
                self.error(source.pos(value_node), "E013", f"'{name}' of '{key}' is empty")
                ok = False
            elif not self.check_kind(source, value_node, item, name, f"'{key}'"):
                ok = False
        return ok

    def items(self, source: SourceFile, node: yaml.Node | None, shape: str, what: str) -> list[tuple[yaml.Node, Fields]]:
        if node is None:
            return []
        out = []
        for item in node.value:
            got = self.fields(source, item, shape, what)
            if got is not None:
                out.append((item, got))
        return out

    def text_of(self, node: yaml.Node | None) -> str:
        if node is None:
            return ""
        return str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""



class FileReader:
    """Reads files that sit beside a story (its tests) with the loader's shapes, positions and hints.

    The public face of the loader's reading for the tools: one file at a time,
    checked against ``SHAPES``, its findings collected in ``findings``.
    """

    def __init__(self, folder: str):
        self._loader = NodeReader(folder)

    def read(self, rel: str) -> tuple[SourceFile, yaml.Node] | None:
        """Compose ``rel`` (relative to the folder); None, with a finding, when it cannot be read."""
        return self._loader.read(rel)

    def fields(self, source: SourceFile, node: yaml.Node, shape: str, what: str) -> Fields | None:
        """A mapping's values by key, checked against ``SHAPES[shape]``."""
        return self._loader.fields(source, node, shape, what)

    def items(self, source: SourceFile, node: yaml.Node | None, shape: str, what: str) -> list[tuple[yaml.Node, Fields]]:
        """The checked mappings of a list."""
        return self._loader.items(source, node, shape, what)

    @property
    def findings(self) -> list[Finding]:
        return self._loader.findings.items


def named_in(what: str, node: yaml.MappingNode) -> str:
    """'a scene' -> "scene 'hall'" when the mapping names itself, so messages say which."""
    if not what.startswith(("a ", "an ")):
        return what
    for key_node, value_node in node.value:
        if key_node.value in ("id", "key", "term", "name") and isinstance(value_node, yaml.ScalarNode) and value_node.value:
            return f"{what.split(' ', 1)[1]} '{value_node.value}'"
    return what


def kind_of(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag.endswith(":null"):
        return "nothing"
    return f"'{node.value}'"


def is_true(node: yaml.Node) -> bool:
    return bool_value(node) is True


def scalar_value(node: yaml.Node) -> int | bool | str | None:
    """A single value as the story reads it: a whole number, true/false or text (None for others)."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    if node.tag == INT_TAG:
        return int_value(node)
    if node.tag == BOOL_TAG:
        return bool_value(node)
    return str(node.value)


# --- fast acceptance of well-formed values (errors are worded by check_kind) ---

_STR_TAG = "tag:yaml.org,2002:str"
_SMALL_INT = re.compile(r"[-+]?[0-9]{1,15}\Z")  # surely within MAX_INT
_TRUTHS = frozenset(("true", "false", "True", "False", "TRUE", "FALSE"))
_ENUMS = {kind: frozenset(words) for kind, words in WORDS.items()}


def _fast_check(kind: str) -> Callable[[yaml.Node], bool]:
    """A test that is true only for values ``check_kind`` would accept without a word."""
    scalar, seq, mapping = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
    if kind.startswith("list:"):
        return lambda n: type(n) is seq
    if kind.startswith("map:") and not kind.startswith("map:shape:"):
        return lambda n: False  # rare (renamed:, a test's vars:): each name and value is checked
    if kind.startswith(("map:", "shape:")):
        return lambda n: type(n) is mapping
    if kind in ("str", "srckey"):
        return lambda n: type(n) is scalar and not n.tag.endswith(":null")
    if kind in ("text", "expr"):
        return lambda n: type(n) is scalar and n.tag == _STR_TAG
    if kind == "int":
        return lambda n: type(n) is scalar and n.tag == INT_TAG and _SMALL_INT.match(n.value) is not None
    if kind == "bool":
        return lambda n: type(n) is scalar and n.value in _TRUTHS and n.tag == BOOL_TAG
    if kind in ("id", "slug", "date"):
        match = {"id": ID, "slug": _SLUG, "date": DATE}[kind].match
        return lambda n: type(n) is scalar and match(n.value) is not None
    if kind in _ENUMS:
        allowed = _ENUMS[kind]
        return lambda n: type(n) is scalar and n.value in allowed
    if kind == "default":
        return lambda n: (type(n) is scalar and not n.tag.endswith((":float", ":timestamp", ":null"))) or (
            type(n) is seq and all(type(i) is scalar for i in n.value))
    if kind == "scalar":
        return lambda n: type(n) is scalar and (
            n.tag == _STR_TAG or (n.tag == INT_TAG and _SMALL_INT.match(n.value) is not None) or n.value in _TRUTHS
        )
    if kind == "strlist":
        return lambda n: type(n) is seq and all(type(i) is scalar and not i.tag.endswith(":null") for i in n.value)
    if kind == "idlist":
        return lambda n: type(n) is seq and all(type(i) is scalar and ID.match(i.value) for i in n.value)
    if kind == "effects":
        return lambda n: (type(n) is scalar and not n.tag.endswith(":null")) or (
            type(n) is seq and all(type(i) is scalar for i in n.value)
        )
    return lambda n: False  # unknown kinds always take the careful path


_FAST = {shape: {key: _fast_check(f.kind) for key, f in spec.items()} for shape, spec in SHAPES.items()}
_REQUIRED = {shape: tuple(key for key, f in spec.items() if f.required) for shape, spec in SHAPES.items()}


def _cut(number: str, most: int = 24) -> str:
    """A number as an error shows it: a 5,000-digit one would fill the terminal."""
    return number if len(number) <= most else f"{number[:most]}… ({len(number.lstrip('+-'))} digits)"
