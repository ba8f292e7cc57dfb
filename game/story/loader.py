"""YAML files -> ``Story``, with a position on everything and every error found in one run.

``load_story`` raises ``StoryError`` carrying all load errors (syntax, shape,
types, expressions, duplicate ids). Graph-level findings (unknown targets,
unreachable scenes...) are ``check.check_story``'s job.
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import replace
from types import MappingProxyType
from typing import Any

import yaml

from game.story import expr as ex
from game.story.calendar import Calendar, DateProblem, StoryDate
from game.story.errors import ExprError, Finding, FindingList, Pos, StoryError, close_matches
from game.story.errors import did_you_mean as did_you_mean  # where the tools have found it
from game.story.expr import INT_HINT, MAX_INT
from game.story.files import story_inputs
from game.story.model import (
    Act,
    Choice,
    Citation,
    Condition,
    Debrief,
    Disagreement,
    Effects,
    Ending,
    Interp,
    Perspective,
    Scene,
    Source,
    Statement,
    Story,
    Template,
    Term,
    TimelineEvent,
    Variable,
)
from game.story.schema import FILE_SHAPES, SHAPES, WORDS, Field
from game.story.text import parse_template, walk_parts
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

_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
_UNKNOWN_VARIABLE = re.compile(r"unknown variable '([^']*)'")
_SLUG = re.compile(r"[a-z][a-z0-9_-]*\Z")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")  # a year, a year and month, or a day
SPECIAL_FILES = set(FILE_SHAPES)
Fields = dict[str, yaml.Node]
_Parsed = tuple[ex.Node, ex.Compiled, ex.VarType, tuple[ex.Call, ...]]  # AST, closure, type, visits named


def story_files(root: str) -> list[str]:
    """Scene files under ``root`` (relative paths): the story's files but the special ones."""
    return [rel for rel in story_inputs(root) if rel not in SPECIAL_FILES]


def load_story(root: str) -> Story:
    """Load the story folder ``root``; raise StoryError with every error found.

    The cyclic garbage collector is paused while loading: the nodes and model
    objects form no cycles, and its passes over a growing heap made loading
    time grow faster than the story (10x the scenes took 20x the time).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _Loader(root).load()
    finally:
        if enabled:
            gc.enable()


class FileReader:
    """Reads files that sit beside a story (its tests) with the loader's shapes, positions and hints.

    The public face of the loader's reading for the tools: one file at a time,
    checked against ``SHAPES``, its findings collected in ``findings``.
    """

    def __init__(self, folder: str):
        self._loader = _Loader(folder)

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


class _Loader:
    def __init__(self, root: str):
        self.root = root
        self.findings = FindingList()
        self.types: dict[str, ex.VarType] = {}
        self.readonly = frozenset({"perspective"})
        self.hasher = hashlib.sha256()
        self.files: list[str] = []
        self._expr_cache: dict[str, _Parsed | ExprError] = {}
        self._effects_cache: dict[str, tuple[tuple[ex.Assign, ...], tuple[ex.Compiled, ...], tuple[ex.Call, ...]] | ExprError] = {}
        # Scenes named by visited()/visits(), checked once every scene is known;
        # the position is worked out only for the ones that turn out unknown.
        self.visit_refs: list[tuple[str, SourceFile, yaml.Node, int]] = []
        self.ids: dict[str, Pos] = {}
        self.calendar = Calendar()  # story.yaml's, read before any date
        self.broken: set[str] = set()  # variables whose declaration has an error
        self.named: dict[str, ex.Node] = {}  # story.yaml's named conditions, inlined where they are used
        # story.yaml's ``debrief:`` notes, appended to every ending's debrief
        self.shared_notes: tuple[tuple[Disagreement, ...], tuple[Disagreement, ...]] = ((), ())
        self.renames: list[tuple[str, SourceFile, yaml.Node]] = []  # ("scenes" | "variables", file, new id)

    # --- plumbing ----------------------------------------------------------

    def shown(self, rel: str) -> str:
        return os.path.join(self.root, rel) if self.root not in ("", ".") else rel

    def error(self, pos: Pos, code: str, message: str, hint: str = "") -> None:
        unknown = _UNKNOWN_VARIABLE.match(message) if self.broken else None
        if unknown and unknown.group(1) in self.broken:
            return  # its declaration has the one error; every use of it would only repeat it
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
            self.error(source.pos(node), "E010", f"{what} must be a mapping of keys, not {_kind(node)}")
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
            named = named or _named(what, node)
            if found is None:
                shown_key = key if isinstance(key_node, yaml.ScalarNode) else _kind(key_node)
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
                named = named or _named(what, node)
                self.error(source.pos(node), "E014", f"{named} has no '{key}'", f"add '{key}:' ({field.doc or field.kind})")
        return out

    def check_kind(self, source: SourceFile, node: yaml.Node, field: Field, key: str, what: str) -> bool:
        kind = field.kind
        want_list = kind.startswith("list:") or kind in ("strlist", "idlist")
        want_map = kind.startswith(("map:", "shape:"))
        if want_list and not isinstance(node, yaml.SequenceNode):
            self.error(source.pos(node), "E015", f"'{key}' of {what} must be a list, not {_kind(node)}")
            return False
        if want_map and not isinstance(node, yaml.MappingNode):
            self.error(source.pos(node), "E015", f"'{key}' of {what} must be a mapping, not {_kind(node)}")
            return False
        if not want_list and not want_map and kind != "effects" and not isinstance(node, yaml.ScalarNode):
            self.error(source.pos(node), "E015", f"'{key}' of {what} must be a single value, not {_kind(node)}")
            return False
        if kind == "int" and not self.check_int(source, node, key, what):
            return False
        if kind == "bool" and bool_value(node) is None:
            self.error(source.pos(node), "E016", f"'{key}' of {what} must be true or false, not '{node.value}'", truth_hint(str(node.value)))
            return False
        if kind in ("text", "expr") and not node.tag.endswith(":str"):
            self.error(source.pos(node), "E016", f"'{key}' of {what} must be text, not '{node.value}'")
            return False
        if kind == "id" and not _ID.match(str(node.value)):
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
        if kind == "date" and not _DATE.match(str(node.value)):
            self.error(source.pos(node), "E018", f"'{node.value}' is not a date",
                       "write dates as YYYY-MM-DD in the story's calendar, or YYYY-MM or \"YYYY\" when the day is not known")
            return False
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
        if kind == "default" and isinstance(node, yaml.SequenceNode):
            return all(isinstance(item, yaml.ScalarNode) for item in node.value)
        if kind in ("scalar", "default") and not isinstance(node, yaml.ScalarNode):
            self.error(source.pos(node), "E015", f"'{key}' of {what} must be a single value (or a list, for a set)")
            return False
        if kind in ("scalar", "default") and node.tag.endswith((":float", ":timestamp")):
            self.error(source.pos(node), "E016", f"'{key}' of {what} must be a number, true/false or text")
            return False
        if kind == "scalar" and node.tag == INT_TAG and not self.check_int(source, node, key, what):
            return False
        if kind.startswith("map:") and not kind.startswith("map:shape:"):
            return self.check_map_items(source, node, Field(kind[4:]), key)
        if kind in ("strlist", "idlist"):
            for item in node.value:
                if not isinstance(item, yaml.ScalarNode) or item.tag.endswith(":null"):
                    self.error(source.pos(item), "E015", f"items of '{key}' must be single values")
                    return False
                if kind == "idlist" and not _ID.match(item.value):
                    self.error(source.pos(item), "E017", f"'{item.value}' is not a valid id in '{key}'")
                    return False
        if kind == "effects" and isinstance(node, yaml.SequenceNode):
            for item in node.value:
                if not isinstance(item, yaml.ScalarNode):
                    self.error(source.pos(item), "E015", f"items of '{key}' must be effects like 'x += 1'")
                    return False
        elif kind == "effects" and not isinstance(node, yaml.ScalarNode):
            self.error(source.pos(node), "E015", f"'{key}' must be effects like 'x += 1', not {_kind(node)}")
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
                f"'{key}' of {what} is too large: {node.value}",
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
                self.error(source.pos(name_node), "E015", f"names in '{key}' must be text, not {_kind(name_node)}")
                ok = False
            elif item.kind == "id" and not _ID.match(name):
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

    # --- expressions and text -----------------------------------------------

    def parse_cached(self, text: str) -> _Parsed:
        """Parse, type and compile an expression once per distinct text (authors repeat them)."""
        cached = self._expr_cache.get(text)
        if cached is None:
            try:
                node = self.inline(ex.parse(text))
                kind = ex.type_of(node, self.types)
                cached = (node, ex.compile_expr(node), kind, tuple(ex.scenes_named(node)))
            except ExprError as exc:
                cached = exc
            self._expr_cache[text] = cached
        if isinstance(cached, ExprError):
            raise cached
        return cached

    def inline(self, node: ex.Node) -> ex.Node:
        """The expression with each named condition of story.yaml (``conditions:``) put in its place:
        a rule written once, checked, explained and explored as if written out."""
        if not self.named:
            return node
        if isinstance(node, ex.Name):
            return self.named.get(node.name, node)
        if isinstance(node, ex.Unary):
            return replace(node, operand=self.inline(node.operand))
        if isinstance(node, ex.Binary):
            return replace(node, left=self.inline(node.left), right=self.inline(node.right))
        return node

    def named_conditions(self, source: SourceFile, node: yaml.Node | None) -> None:
        """``conditions:`` of story.yaml, in order (a condition may use the ones above it)."""
        for key_node, value_node in node.value if node is not None else ():
            name = str(key_node.value)
            if not _ID.match(name) or name in self.types or name in ex.KEYWORDS or name in ex.FUNCTIONS or name == "player":
                self.error(source.pos(key_node), "E041", f"'{name}' cannot name a condition: it is a variable or a reserved word",
                           "choose another name")
                continue
            if not isinstance(value_node, yaml.ScalarNode) or not value_node.tag.endswith(":str"):
                self.error(source.pos(value_node), "E016", f"condition '{name}' must be text, like 'coins >= 2'")
                continue
            try:
                parsed = self.bool_expr(str(value_node.value))
            except ExprError as exc:
                self.error(source.offset_pos(value_node, exc.offset), "E030", exc.message, exc.hint)
                continue
            self.named[name] = parsed[0]

    def bool_expr(self, text: str) -> _Parsed:
        parsed = self.parse_cached(text)
        drawn = ex.draws(parsed[0])
        if drawn:
            raise ExprError(f"{drawn[0].func}() draws only in effects ('set:', 'on_enter:'): a condition must not change as it is read",
                            drawn[0].offset, "store the draw in a variable and test that: set: roll = random(1, 6)")
        if parsed[2].kind != "bool":
            raise ExprError(f"a condition must be true or false, but this is {parsed[2]}", 0)
        return parsed

    def condition(self, source: SourceFile, node: yaml.Node, base: int = 0, text: str | None = None) -> Condition | None:
        src = node.value if text is None else text
        try:
            parsed, test, _kind, calls = self.bool_expr(src)
        except ExprError as exc:
            self.error(source.offset_pos(node, base + exc.offset), "E030", exc.message, exc.hint)
            return None
        for call in calls:
            self.visit_refs.append((call.arg, source, node, base + call.offset))
        return Condition(src, parsed, test, source.offset_pos(node, base))

    def parse_effects_cached(self, text: str) -> tuple[tuple[ex.Assign, ...], tuple[ex.Compiled, ...], tuple[ex.Call, ...]]:
        cached = self._effects_cache.get(text)
        if cached is None:
            try:
                found = tuple(replace(a, value=self.inline(a.value)) for a in ex.parse_effects(text))
                ex.check_effects(found, self.types, self.readonly)
                calls = tuple(call for assign in found for call in ex.scenes_named(assign.value))
                cached = (found, tuple(ex.compile_expr(a.value) for a in found), calls)
            except ExprError as exc:
                cached = exc
            self._effects_cache[text] = cached
        if isinstance(cached, ExprError):
            raise cached
        return cached

    def effects(self, source: SourceFile, node: yaml.Node) -> Effects | None:
        parts = node.value if isinstance(node, yaml.SequenceNode) else [node]
        assigns: list[ex.Assign] = []
        values: list[ex.Compiled] = []
        texts: list[str] = []
        ok = True
        for part in parts:
            try:
                found, compiled, calls = self.parse_effects_cached(part.value)
            except ExprError as exc:
                self.error(source.offset_pos(part, exc.offset), "E031", exc.message, exc.hint)
                ok = False
                continue
            for call in calls:
                self.visit_refs.append((call.arg, source, part, call.offset))
            assigns.extend(found)
            values.extend(compiled)
            texts.append(part.value)
        if not ok:
            return None
        return Effects("; ".join(texts), tuple(assigns), source.pos(node), tuple(values))

    def template(self, source: SourceFile, node: yaml.Node) -> Template:
        text = str(node.value)

        def make_condition(cond: str, offset: int) -> Condition:
            try:
                parsed, test, _kind, calls = self.bool_expr(cond)
            except ExprError as exc:
                raise ExprError(exc.message, offset + exc.offset, exc.hint) from None
            for call in calls:
                self.visit_refs.append((call.arg, source, node, offset + call.offset))
            return Condition(cond, parsed, test, source.offset_pos(node, offset))

        def make_value(expression: str, offset: int) -> Condition:
            try:
                parsed, test, _kind, calls = self.parse_cached(expression)
                if ex.draws(parsed):
                    raise ExprError("random() and chance() draw only in effects, not in text", 0,
                                    "store the draw in a variable and show that: {roll}")
            except ExprError as exc:
                raise ExprError(exc.message, offset + exc.offset, exc.hint) from None
            for call in calls:
                self.visit_refs.append((call.arg, source, node, offset + call.offset))
            return Condition(expression, parsed, test, source.offset_pos(node, offset))

        def to_pos(offset: int) -> Pos:
            return source.offset_pos(node, offset)

        try:
            parts = parse_template(text, make_condition, to_pos, make_value)
        except ExprError as exc:
            self.error(source.offset_pos(node, exc.offset), "E032", exc.message, exc.hint)
            parts = ()
        tpl = Template(text, parts, source.pos(node))
        for part in walk_parts(parts):
            if isinstance(part, Interp) and part.expr is None and part.name not in self.types and part.name != "player":
                self.error(
                    part.pos,
                    "E033",
                    f"unknown variable '{part.name}' in text",
                    did_you_mean(part.name, list(self.types)) or "write '{{' for a literal brace",
                )
        return tpl

    def text_of(self, node: yaml.Node | None) -> str:
        if node is None:
            return ""
        return str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""

    def citations(self, source: SourceFile, node: yaml.Node | None) -> tuple[Citation, ...]:
        out = []
        for item, f in self.items(source, node, "citation", "a citation"):
            if "source" in f and "quote" in f:
                out.append(Citation(str(f["source"].value), str(f["quote"].value), self.text_of(f.get("note")), source.pos(item)))
        return tuple(out)

    def statement(self, source: SourceFile, item: yaml.Node, f: Fields, with_condition: bool = False) -> Statement | None:
        if "text" not in f:
            return None
        condition = self.condition(source, f["if"]) if with_condition and "if" in f else None
        return Statement(
            self.template(source, f["text"]),
            str(f["tag"].value) if "tag" in f else "invented",
            self.citations(source, f.get("cite")),
            condition,
            source.pos(item),
        )

    def date(self, node: yaml.Node | None, source: SourceFile) -> StoryDate | None:
        if node is None:
            return None
        match = _DATE.match(str(node.value))
        if not match:
            return None
        try:
            return self.calendar.date(*(int(g) if g else 0 for g in match.groups()))
        except DateProblem as problem:
            self.error(source.pos(node), "E018", problem.message, problem.hint)
            return None

    def claim_id(self, node_id: str, pos: Pos, what: str) -> bool:
        first = self.ids.get(node_id)
        if first is not None:
            self.error(pos, "E040", f"duplicate {what} id '{node_id}' (first defined at {first})", "ids must be unique across the story")
            return False
        self.ids[node_id] = pos
        return True

    # --- files ---------------------------------------------------------------

    def load(self) -> Story:
        if not os.path.isdir(self.root):
            raise StoryError([Finding(Pos(self.root), "E000", "no story folder here", "give the folder that holds story.yaml")])
        if not os.path.isfile(os.path.join(self.root, "story.yaml")):
            raise StoryError([Finding(Pos(self.shown("story.yaml")), "E000", "the story has no story.yaml", "every story folder needs a story.yaml")])
        meta = self.load_meta()
        sources = self.load_sources()
        glossary, lookup = self.load_glossary()
        timeline = list(meta.pop("timeline", ()))
        if os.path.isfile(os.path.join(self.root, "timeline.yaml")):
            timeline.extend(self.load_timeline("timeline.yaml"))
        scenes: dict[str, Scene] = {}
        endings: dict[str, Ending] = {}
        for rel in story_files(self.root):
            self.load_scene_file(rel, scenes, endings)
        for name, source, node, offset in self.visit_refs:
            if name not in scenes and name not in endings:
                self.error(source.offset_pos(node, offset), "E034", f"visited() names unknown scene '{name}'", did_you_mean(name, [*scenes, *endings]))
        for key, source, node in self.renames:
            known = [*scenes, *endings] if key == "scenes" else list(self.types)
            if str(node.value) not in known:
                what = "scene or ending" if key == "scenes" else "variable"
                self.error(
                    source.pos(node),
                    "E047",
                    f"'renamed:' maps to '{node.value}', which is no {what} of the story",
                    did_you_mean(str(node.value), known) or f"name the {what} that took the old id's place",
                )
        if self.findings.has_errors:
            raise StoryError(self.sorted_findings())
        return Story(
            scenes=MappingProxyType(scenes),
            endings=MappingProxyType(endings),
            sources=MappingProxyType(sources),
            glossary=MappingProxyType(glossary),
            lookup=MappingProxyType(lookup),
            timeline=tuple(timeline),
            root=self.root,
            files=tuple(self.files),
            content_hash=self.hasher.hexdigest()[:16],
            **meta,
        )

    def sorted_findings(self) -> list[Finding]:
        """Findings by file (in load order), then line and column, as a compiler lists them."""
        order: dict[str, int] = {}
        for finding in self.findings.items:
            order.setdefault(finding.pos.file, len(order))
        return sorted(self.findings.items, key=lambda f: (order[f.pos.file], f.pos.line, f.pos.column))

    def load_meta(self) -> dict[str, Any]:
        got = self.read("story.yaml")
        if got is None:
            raise StoryError(self.findings.items)
        source, node = got
        f = self.fields(source, node, "story", "story.yaml")
        if f is None:  # without story.yaml's variables every other file would only cascade
            raise StoryError(self.findings.items)
        meta: dict[str, Any] = {"pos": source.pos(node)}
        meta["id"] = str(f["id"].value) if "id" in f else ""
        meta["title"] = self.text_of(f.get("title"))
        meta["subtitle"] = self.text_of(f.get("subtitle"))
        meta["version"] = int_value(f["version"]) if "version" in f else 1
        meta["undo"] = _bool(f["undo"]) if "undo" in f else True
        meta["primer"] = self.text_of(f.get("primer"))
        meta["start"] = str(f["start"].value) if "start" in f else ""
        meta["start_pos"] = source.pos(f["start"]) if "start" in f else source.pos(node)
        meta["calendar"] = self.calendar = self.story_calendar(source, f)
        perspectives_raw = self.items(source, f.get("perspectives"), "perspective", "a perspective")
        ids = [str(p["id"].value) for _, p in perspectives_raw if "id" in p]
        if ids:
            self.types["perspective"] = ex.VarType("enum", tuple(ids))
        variables = self.load_variables(source, f.get("variables"))
        self.named_conditions(source, f.get("conditions"))
        perspectives = []
        seen: dict[str, Pos] = {}
        for item, p in perspectives_raw:
            if "id" not in p:
                continue
            pid = str(p["id"].value)
            if pid in seen:
                self.error(source.pos(item), "E040", f"duplicate perspective id '{pid}' (first defined at {seen[pid]})")
                continue
            seen[pid] = source.pos(item)
            perspectives.append(
                Perspective(
                    pid,
                    self.text_of(p.get("title")),
                    self.text_of(p.get("description")),
                    str(p["start"].value) if "start" in p else "",
                    self.effects(source, p["set"]) if "set" in p else None,
                    source.pos(item),
                    source.pos(p["start"]) if "start" in p else source.pos(item),
                )
            )
        if not perspectives and not meta["start"]:
            self.error(source.pos(node), "E014", "story.yaml has neither 'start' nor 'perspectives'", "add 'start: FIRST_SCENE_ID'")
        meta["perspectives"] = tuple(perspectives)
        meta["variables"] = MappingProxyType(variables)
        acts = []
        for item, a in self.items(source, f.get("acts"), "act", "an act"):
            if "id" in a:
                acts.append(Act(str(a["id"].value), self.text_of(a.get("title")), self.text_of(a.get("summary")), source.pos(item)))
        meta["acts"] = tuple(acts)
        meta["timeline"] = self.events(source, f.get("timeline"))
        if "debrief" in f:  # notes every ending's debrief shares, declared once
            shared = self.fields(source, f["debrief"], "shared_debrief", "the shared debrief of story.yaml")
            if shared is not None:
                self.shared_notes = self.notes(source, shared)
        renamed_scenes: dict[str, str] = {}
        renamed_vars: dict[str, str] = {}
        if "renamed" in f:
            r = self.fields(source, f["renamed"], "renamed", "renamed")
            for key, target in (("scenes", renamed_scenes), ("variables", renamed_vars)):
                if r and key in r:
                    for k, v in r[key].value:
                        target[str(k.value)] = str(v.value)
                        self.renames.append((key, source, v))
        meta["renamed_scenes"] = MappingProxyType(renamed_scenes)
        meta["renamed_variables"] = MappingProxyType(renamed_vars)
        return meta

    def story_calendar(self, source: SourceFile, f: Fields) -> Calendar:
        """``calendar:`` and ``gregorian_from:`` of story.yaml (the rule is game.story.calendar's)."""
        kind = str(f["calendar"].value) if "calendar" in f else "gregorian"
        if "gregorian_from" not in f:
            return Calendar(kind)
        node = f["gregorian_from"]
        if kind != "julian":
            self.error(source.pos(node), "E042", f"'gregorian_from' is only for 'calendar: julian', and this story is {kind}",
                       "remove it, or declare 'calendar: julian'")
            return Calendar(kind)
        match = _DATE.match(str(node.value))
        if match is None:  # check_kind has said so
            return Calendar(kind)
        y, m, d = (int(g) for g in match.groups())
        try:
            Calendar().date(y, m, d)
        except DateProblem as problem:
            self.error(source.pos(node), "E018", problem.message, problem.hint)
            return Calendar(kind)
        return Calendar(kind, (y, m, d))

    def load_variables(self, source: SourceFile, node: yaml.Node | None) -> dict[str, Variable]:
        out: dict[str, Variable] = {}
        if node is None:
            return out
        pending: list[tuple[str, yaml.Node, Fields]] = []
        for key_node, value_node in node.value:
            name = str(key_node.value)
            pos = source.pos(key_node)
            if not _ID.match(name):
                self.error(pos, "E017", f"'{name}' is not a valid variable name", "use lower case letters, digits and '_'")
                continue
            if name == "perspective" or name == "player" or name in ex.KEYWORDS or name in ex.FUNCTIONS:
                self.error(pos, "E041", f"'{name}' is a reserved name", "choose another variable name")
                continue
            f = self.fields(source, value_node, "variable", f"variable '{name}'")
            if f is None or "type" not in f or "default" not in f:
                self.broken.add(name)
                continue
            kind = str(f["type"].value)
            values: tuple[str, ...] = ()
            if "labels" in f and kind not in ("enum", "set"):
                self.error(source.pos(f["labels"]), "E042", f"'labels' is only for enum variables, and '{name}' is {kind}")
            if kind in ("enum", "set"):
                if "values" not in f:
                    self.error(source.pos(value_node), "E014", f"{kind} variable '{name}' has no 'values'", "add 'values: [a, b]'")
                    self.broken.add(name)
                    continue
                values = tuple(str(v.value) for v in f["values"].value)
            elif "values" in f:
                self.error(source.pos(f["values"]), "E042", f"'values' is only for enum and set variables, and '{name}' is {kind}")
            var_type = ex.VarType(kind, values)
            self.types[name] = var_type
            pending.append((name, value_node, f))
        for name, value_node, f in pending:
            var_type = self.types[name]
            default_node = f["default"]
            default = scalar_value(default_node) if var_type.kind != "set" else self.set_default(source, default_node, name, var_type)
            if default is None and var_type.kind == "set":
                continue
            ok = var_type.kind == "set" or (
                (var_type.kind == "int" and isinstance(default, int) and not isinstance(default, bool))
                or (var_type.kind == "bool" and isinstance(default, bool))
                or (var_type.kind == "enum" and isinstance(default, str) and default in var_type.values)
            )
            if not ok:
                self.error(source.pos(default_node), "E043", f"default '{default_node.value}' of '{name}' is not {var_type}")
                continue
            minimum = int_value(f["min"]) if "min" in f else None
            maximum = int_value(f["max"]) if "max" in f else None
            if (minimum is not None or maximum is not None) and var_type.kind != "int":
                self.error(source.pos(value_node), "E042", f"'min'/'max' are only for int variables, and '{name}' is {var_type.kind}")
            if minimum is not None and maximum is not None and minimum > maximum:
                self.error(source.pos(f["min"]), "E044", f"min {minimum} is above max {maximum} for '{name}'")
            elif isinstance(default, int) and not isinstance(default, bool) and (
                (minimum is not None and default < minimum) or (maximum is not None and default > maximum)
            ):
                self.error(source.pos(default_node), "E044", f"default {default} of '{name}' is outside min/max")
            assert isinstance(default, (int, bool, str))
            out[name] = Variable(
                name,
                var_type,
                default,
                minimum,
                maximum,
                self.text_of(f.get("label")),
                _bool(f["visible"]) if "visible" in f else False,
                self.text_of(f.get("description")),
                source.pos(value_node),
                MappingProxyType(self.value_labels(source, f.get("labels"), name, var_type)),
            )
        return out

    def set_default(self, source: SourceFile, node: yaml.Node, name: str, var_type: ex.VarType) -> str | None:
        """A set's ``default:``: a list of its values (or one value), stored as the engine holds sets."""
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for item in items:
            if not isinstance(item, yaml.ScalarNode) or str(item.value) not in var_type.values:
                shown = item.value if isinstance(item, yaml.ScalarNode) else _kind(item)
                self.error(source.pos(item), "E043", f"'{shown}' in the default of '{name}' is not one of {', '.join(var_type.values)}",
                           did_you_mean(str(shown), list(var_type.values)))
                return None
        held = {str(item.value) for item in items}
        return ",".join(v for v in var_type.values if v in held)

    def value_labels(self, source: SourceFile, node: yaml.Node | None, name: str, var_type: ex.VarType) -> dict[str, str]:
        """``labels:`` of an enum variable: each key one of its values."""
        out: dict[str, str] = {}
        if node is None or var_type.kind not in ("enum", "set"):
            return out
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key not in var_type.values:
                self.error(source.pos(key_node), "E019", f"'{key}' is not a value of '{name}'",
                           did_you_mean(key, list(var_type.values)) or f"its values: {', '.join(var_type.values)}")
                continue
            out[key] = self.text_of(value_node)
        return out

    def events(self, source: SourceFile, node: yaml.Node | None) -> list[TimelineEvent]:
        out = []
        for item, e in self.items(source, node, "event", "a timeline event"):
            date = self.date(e.get("date"), source)
            if date is None or "event" not in e:
                continue
            out.append(
                TimelineEvent(
                    date,
                    self.text_of(e["event"]),
                    str(e["tag"].value) if "tag" in e else "general",
                    self.citations(source, e.get("cite")),
                    source.pos(item),
                )
            )
        return out

    def load_timeline(self, rel: str) -> list[TimelineEvent]:
        got = self.read(rel)
        if got is None:
            return []
        source, node = got
        f = self.fields(source, node, "timeline_file", rel)
        return self.events(source, f.get("timeline")) if f else []

    def load_sources(self) -> dict[str, Source]:
        out: dict[str, Source] = {}
        if not os.path.isfile(os.path.join(self.root, "sources.yaml")):
            return out
        got = self.read("sources.yaml")
        if got is None:
            return out
        source, node = got
        f = self.fields(source, node, "sources_file", "sources.yaml")
        if not f:
            return out
        for item, s in self.items(source, f.get("sources"), "source", "a source"):
            if "key" not in s:
                continue
            key = str(s["key"].value)
            if key in out:
                self.error(source.pos(item), "E040", f"duplicate source key '{key}' (first defined at {out[key].pos})")
                continue
            out[key] = Source(
                key,
                self.text_of(s.get("title")),
                self.text_of(s.get("author")),
                self.text_of(s.get("kind")),
                int_value(s["year"]) if "year" in s else None,
                self.text_of(s.get("file")),
                self.text_of(s.get("reliability")),
                source.pos(item),
            )
        return out

    def load_glossary(self) -> tuple[dict[str, Term], dict[str, str]]:
        glossary: dict[str, Term] = {}
        lookup: dict[str, str] = {}
        if not os.path.isfile(os.path.join(self.root, "glossary.yaml")):
            return glossary, lookup
        got = self.read("glossary.yaml")
        if got is None:
            return glossary, lookup
        source, node = got
        f = self.fields(source, node, "glossary_file", "glossary.yaml")
        if not f:
            return glossary, lookup
        entries: list[Term] = []
        for item, t in self.items(source, f.get("terms"), "term", "a glossary term"):
            if "term" in t and "text" in t:
                entries.append(
                    Term(
                        self.text_of(t["term"]).lower(),
                        self.text_of(t["term"]),
                        self.text_of(t["text"]),
                        "term",
                        tuple(str(a.value) for a in t["aliases"].value) if "aliases" in t else (),
                        pos=source.pos(item),
                    )
                )
        for item, p in self.items(source, f.get("people"), "person", "a person"):
            if "name" in p and "role" in p:
                entries.append(
                    Term(
                        self.text_of(p["name"]).lower(),
                        self.text_of(p["name"]),
                        self.text_of(p.get("text")),
                        "person",
                        tuple(str(a.value) for a in p["aliases"].value) if "aliases" in p else (),
                        self.text_of(p["role"]),
                        self.text_of(p.get("later")),
                        str(p["tag"].value) if "tag" in p else "",
                        self.citations(source, p.get("cite")),
                        source.pos(item),
                    )
                )
        for term in entries:
            for name in (term.name, *term.aliases):
                key = name.strip().lower()
                if key in lookup and lookup[key] != term.key:
                    self.error(term.pos, "E045", f"glossary name '{name}' is used by two entries (also {glossary[lookup[key]].pos})")
                    continue
                lookup[key] = term.key
            glossary[term.key] = term
        return glossary, lookup

    def load_scene_file(self, rel: str, scenes: dict[str, Scene], endings: dict[str, Ending]) -> None:
        got = self.read(rel)
        if got is None:
            return
        source, node = got
        f = self.fields(source, node, "scene_file", rel)
        if f is None:
            return
        file_act = str(f["act"].value) if "act" in f else ""
        if "scenes" not in f and "endings" not in f:
            self.error(source.pos(node), "E014", f"{rel} has neither 'scenes' nor 'endings'")
        for item, s in self.items(source, f.get("scenes"), "scene", "a scene"):
            scene = self.scene(source, item, s, file_act)
            if scene is not None and self.claim_id(scene.id, scene.pos, "scene"):
                scenes[scene.id] = scene
        for item, e in self.items(source, f.get("endings"), "ending", "an ending"):
            ending = self.ending(source, item, e, file_act)
            if ending is not None and self.claim_id(ending.id, ending.pos, "ending"):
                endings[ending.id] = ending

    def scene(self, source: SourceFile, item: yaml.Node, s: Fields, file_act: str) -> Scene | None:
        if "id" not in s:
            return None
        scene_id = str(s["id"].value)
        choices: list[Choice] = []
        seen: dict[str, Pos] = {}
        for c_item, c in self.items(source, s.get("choices"), "choice", f"a choice of '{scene_id}'"):
            choice = self.choice(source, c_item, c)
            if choice is None:
                continue
            if choice.id in seen:
                hint = "give each choice its own 'id:'" if not choice.explicit_id else "choice ids must be unique in a scene"
                self.error(choice.pos, "E046", f"duplicate choice id '{choice.id}' in scene '{scene_id}' (first at {seen[choice.id]})", hint)
                continue
            seen[choice.id] = choice.pos
            choices.append(choice)
        history = None
        if "history" in s:
            h = self.fields(source, s["history"], "statement", f"the history of '{scene_id}'")
            if h:
                history = self.statement(source, s["history"], h)
        return Scene(
            id=scene_id,
            title=self.text_of(s.get("title")),
            text=self.template(source, s["text"]) if "text" in s else Template("", ()),
            act=str(s["act"].value) if "act" in s else file_act,
            place=self.text_of(s.get("place")),
            date=self.date(s.get("date"), source),
            perspectives=tuple(str(p.value) for p in s["perspectives"].value) if "perspectives" in s else (),
            history=history,
            on_enter=self.effects(source, s["on_enter"]) if "on_enter" in s else None,
            choices=tuple(choices),
            personal=_bool(s["personal"]) if "personal" in s else False,
            pos=source.pos(item),
        )

    def choice(self, source: SourceFile, item: yaml.Node, c: Fields) -> Choice | None:
        if "to" not in c or "text" not in c:
            return None
        target = str(c["to"].value)
        explicit = "id" in c
        templated = "{" in str(c["text"].value) or "[[" in str(c["text"].value)
        return Choice(
            id=str(c["id"].value) if explicit else target,
            text=self.text_of(c["text"]),
            target=target,
            condition=self.condition(source, c["if"]) if "if" in c else None,
            reason=self.text_of(c.get("reason")),
            show_disabled=_bool(c["show_disabled"]) if "show_disabled" in c else False,
            effects=self.effects(source, c["set"]) if "set" in c else None,
            once=_bool(c["once"]) if "once" in c else False,
            historical=_bool(c["historical"]) if "historical" in c else False,
            explicit_id=explicit,
            pos=source.pos(item),
            target_pos=source.pos(c["to"]),
            shown=self.template(source, c["text"]) if templated else None,
            reason_shown=self.template(source, c["reason"]) if "reason" in c and "{" in str(c["reason"].value) else None,
        )

    def ending(self, source: SourceFile, item: yaml.Node, e: Fields, file_act: str) -> Ending | None:
        if "id" not in e:
            return None
        ending_id = str(e["id"].value)
        debrief = None
        if "debrief" in e:
            d = self.fields(source, e["debrief"], "debrief", f"the debrief of '{ending_id}'")
            if d is not None:
                debrief = self.debrief(source, e["debrief"], d)
        return Ending(
            id=ending_id,
            title=self.text_of(e.get("title")),
            text=self.template(source, e["text"]) if "text" in e else Template("", ()),
            kind=str(e["kind"].value) if "kind" in e else "historical",
            summary=self.text_of(e.get("summary")),
            act=str(e["act"].value) if "act" in e else file_act,
            place=self.text_of(e.get("place")),
            date=self.date(e.get("date"), source),
            perspectives=tuple(str(p.value) for p in e["perspectives"].value) if "perspectives" in e else (),
            debrief=debrief,
            pos=source.pos(item),
        )

    def debrief(self, source: SourceFile, node: yaml.Node, d: Fields) -> Debrief:
        what = [self.statement(source, i, f) for i, f in self.items(source, d.get("what_happened"), "statement", "a statement")]
        epilogue = [
            self.statement(source, i, f, with_condition=True)
            for i, f in self.items(source, d.get("epilogue"), "epilogue", "an epilogue entry")
        ]
        disagree, historians = self.notes(source, d)
        questions = tuple(str(q.value).strip() for q in d["questions"].value) if "questions" in d else ()
        shared_disagree, shared_historians = self.shared_notes
        return Debrief(
            tuple(s for s in what if s),
            (*disagree, *shared_disagree),
            tuple(s for s in epilogue if s),
            questions,
            source.pos(node),
            (*historians, *shared_historians),
        )

    def notes(self, source: SourceFile, d: Fields) -> tuple[tuple[Disagreement, ...], tuple[Disagreement, ...]]:
        """A debrief's (or story.yaml's shared) 'sources disagree' and 'historians disagree' notes."""
        disagree = tuple(
            Disagreement(self.text_of(f.get("title")), self.template(source, f["text"]), self.citations(source, f.get("cite")), source.pos(i))
            for i, f in self.items(source, d.get("disagree"), "disagreement", "a 'sources disagree' note")
            if "text" in f
        )
        historians = tuple(
            Disagreement(
                self.text_of(f.get("title")),
                self.template(source, f["text"]),
                self.citations(source, f.get("cite")),
                source.pos(i),
                str(f["tag"].value) if "tag" in f else "general",
            )
            for i, f in self.items(source, d.get("historians"), "historians_note", "a 'historians disagree' note")
            if "text" in f
        )
        return disagree, historians


def _named(what: str, node: yaml.MappingNode) -> str:
    """'a scene' -> "scene 'hall'" when the mapping names itself, so messages say which."""
    if not what.startswith(("a ", "an ")):
        return what
    for key_node, value_node in node.value:
        if key_node.value in ("id", "key", "term", "name") and isinstance(value_node, yaml.ScalarNode) and value_node.value:
            return f"{what.split(' ', 1)[1]} '{value_node.value}'"
    return what


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag.endswith(":null"):
        return "nothing"
    return f"'{node.value}'"


def _bool(node: yaml.Node) -> bool:
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
        match = {"id": _ID, "slug": _SLUG, "date": _DATE}[kind].match
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
        return lambda n: type(n) is seq and all(type(i) is scalar and _ID.match(i.value) for i in n.value)
    if kind == "effects":
        return lambda n: (type(n) is scalar and not n.tag.endswith(":null")) or (
            type(n) is seq and all(type(i) is scalar for i in n.value)
        )
    return lambda n: False  # unknown kinds always take the careful path


_FAST = {shape: {key: _fast_check(f.kind) for key, f in spec.items()} for shape, spec in SHAPES.items()}
_REQUIRED = {shape: tuple(key for key, f in spec.items() if f.required) for shape, spec in SHAPES.items()}
