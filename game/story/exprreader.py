"""Expressions, effects, templates and statements found in story text, read into the model.

The loader's second job: each distinct text is parsed, typed against the declared
variables and compiled once (authors repeat them); an error names the column in the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar, cast

import yaml

from game.story import expr as ex
from game.story.errors import ExprError, Pos, did_you_mean
from game.story.model import Citation, Condition, Effects, Interp, Statement, Template
from game.story.nodereader import ID, Fields, NodeReader
from game.story.text import parse_template, walk_parts
from game.story.yamlnodes import SourceFile

_UNKNOWN_VARIABLE = re.compile(r"unknown variable '([^']*)'")
T = TypeVar("T")
_Parsed = tuple[ex.Node, ex.Compiled, ex.VarType, tuple[ex.Call, ...]]  # AST, closure, type, visits named


class ExprReader(NodeReader):
    """Conditions, effects, templates and statements: each text parsed, typed and compiled once.

    ``types`` holds the declared variables (``sections`` fills it from story.yaml before any
    expression is read); ``visit_refs`` the scenes that visited()/visits() name, for the loader to link.
    """

    def __init__(self, root: str):
        super().__init__(root)
        self.types: dict[str, ex.VarType] = {}
        self.readonly = frozenset({"perspective"})
        self._expr_cache: dict[str, _Parsed | ExprError] = {}
        self._effects_cache: dict[str, tuple[tuple[ex.Assign, ...], tuple[ex.Compiled, ...], tuple[ex.Call, ...]] | ExprError] = {}
        # Scenes named by visited()/visits(), checked once every scene is known;
        # the position is worked out only for the ones that turn out unknown.
        self.visit_refs: list[tuple[str, SourceFile, yaml.Node, int]] = []
        self.broken: set[str] = set()  # variables whose declaration has an error
        self.named: dict[str, ex.Node] = {}  # story.yaml's named conditions, inlined where they are used

    def error(self, pos: Pos, code: str, message: str, hint: str = "") -> None:
        unknown = _UNKNOWN_VARIABLE.match(message) if self.broken else None
        if unknown and unknown.group(1) in self.broken:
            return  # its declaration has the one error; every use of it would only repeat it
        self.findings.error(pos, code, message, hint)

    def parse_cached(self, text: str) -> _Parsed:
        """Parse, type and compile an expression once per distinct text (authors repeat them)."""

        def build() -> _Parsed:
            node = self.inline(ex.parse(text))
            kind = ex.type_of(node, self.types)
            return node, ex.compile_expr(node), kind, tuple(ex.scenes_named(node))

        return _once(self._expr_cache, text, build)

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
            if not ID.match(name) or name in self.types or name in ex.KEYWORDS or name in ex.FUNCTIONS or name == "player":
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
        def build() -> tuple[tuple[ex.Assign, ...], tuple[ex.Compiled, ...], tuple[ex.Call, ...]]:
            found = tuple(replace(a, value=self.inline(a.value)) for a in ex.parse_effects(text))
            ex.check_effects(found, self.types, self.readonly)
            found = ex.as_applied(found, self.types)
            calls = tuple(call for assign in found for call in ex.scenes_named(assign.value))
            return found, tuple(ex.compile_expr(a.value) for a in found), calls

        return _once(self._effects_cache, text, build)

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

    def template_if_any(self, source: SourceFile, node: yaml.Node | None) -> Template | None:
        """A short text the player reads (a title, a status label, a choice) as a template when it
        has ``{…}`` or ``[[…]]`` in it; None for plain words, which a game shows as they are."""
        if not isinstance(node, yaml.ScalarNode):
            return None
        text = str(node.value)
        return self.template(source, node) if "{" in text or "[[" in text else None

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


def _once(cache: dict[str, Any], text: str, build: Callable[[], T]) -> T:
    """``build()`` once per distinct text, its ExprError kept too, so a repeated bad text is reported alike."""
    cached = cache.get(text)
    if cached is None:
        try:
            cached = build()
        except ExprError as exc:
            cached = exc
        cache[text] = cached
    if isinstance(cached, ExprError):
        raise cached
    return cast(T, cached)
