"""The condition and effect language: parsed once by a whitelist grammar, never ``eval``.

Grammar (lowest precedence first)::

    expr    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := sum (("=="|"!="|"<"|"<="|">"|">=") sum)?
    sum     := product (("+"|"-") product)*
    product := unary (("*"|"//"|"%") unary)*
    unary   := "-" unary | atom
    atom    := INT | "true" | "false" | STRING | NAME | NAME "(" NAME ")" | "(" expr ")" | set
    set     := "[" (STRING ("," STRING)*)? "]"
    effects := assign (";" assign)*
    assign  := NAME ("="|"+="|"-=") expr

Parsing gives a small frozen AST; ``compile_expr`` turns it into nested closures
so that evaluation in the explorer's hot loop costs a few Python calls.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Protocol, Union

from game.story.errors import ExprError, did_you_mean

Value = Union[int, bool, str]
Env = Mapping[str, Value]
Visits = Mapping[str, int]
Compiled = Callable[[Env, Visits], Value]

SCENE_FUNCTIONS = ("visited", "visits")  # take a scene id
FUNCTIONS = (*SCENE_FUNCTIONS, "random", "chance", "size")
MAX_OUTCOMES = 100  # a random(a, b) has at most this many outcomes: explore follows each one
KEYWORDS = ("and", "or", "not", "true", "false", "in")
COMPARE_OPS = ("==", "!=", "<=", ">=", "<", ">")
# How deep an expression may nest: brackets, 'not' and '-' nest, and so does each
# operator of a chain (a + b + c is (a + b) + c). Checking, compiling and printing
# walk the tree recursively; the limit keeps them far from Python's stack limit
# (docs/authoring.md, "Limits").
MAX_DEPTH = 50
# The largest whole number a story holds, in its files and its expressions, and
# what play lets a sum grow to: well inside 64 bits, so saves and the cache hold it.
MAX_INT = 10**18
INT_HINT = "whole numbers in a story lie between -10^18 and 10^18"
_DEPTH_HINT = "split it: set a variable in one effect and use it in the next"
_SET_HINT = 'a set is written in square brackets with its items in quotes: ["lantern", "rope"], or [] for none'
ASSIGN_OPS = ("=", "+=", "-=")


# --- AST -------------------------------------------------------------------


@dataclass(frozen=True)
class Lit:
    """A literal: number, true/false or quoted text."""

    value: Value
    offset: int = 0


@dataclass(frozen=True)
class Name:
    """A variable read."""

    name: str
    offset: int = 0


@dataclass(frozen=True)
class Call:
    """``visited(scene)`` or ``visits(scene)``."""

    func: str  # "visited" | "visits"
    arg: str  # a scene id
    offset: int = 0


@dataclass(frozen=True)
class Unary:
    """``not x``, ``-x`` or ``size(pack)`` (how many items a set variable holds).

    ``size`` is an operator on its operand, not a ``Call``: a ``Call`` names a
    scene, and every walk over an expression then still meets the set's ``Name``.
    """

    op: str  # "not" | "-" | "size"
    operand: Node
    offset: int = 0


@dataclass(frozen=True)
class Binary:
    """An operator between two operands."""

    op: str
    left: Node
    right: Node
    offset: int = 0


@dataclass(frozen=True)
class Draw:
    """``random(low, high)`` (a whole number from low to high) or ``chance(percent)`` (true that often).

    The draw comes from the game's seed (``drawing``), so a save's game replays
    exactly; the explorer follows every outcome as a branch.
    """

    func: str  # "random" | "chance"
    low: int  # random: the lowest; chance: the percent
    high: int  # random: the highest; chance: 100
    offset: int = 0

    @property
    def outcomes(self) -> int:
        return self.high - self.low + 1 if self.func == "random" else 2


@dataclass(frozen=True)
class SetLit:
    """``["lantern", "rope"]`` or ``[]``: the items a set variable is given (``pack = [...]``), adds,
    takes out, or is compared with. Items are quoted, as everywhere an item is named."""

    items: tuple[str, ...]
    offsets: tuple[int, ...] = ()  # each item's offset, for an unknown item's position
    offset: int = 0


Node = Union[Lit, Name, Call, Unary, Binary, Draw, SetLit]


@dataclass(frozen=True)
class Assign:
    """One assignment of a ``set:`` block."""

    name: str
    op: str  # "=" | "+=" | "-="
    value: Node
    offset: int = 0


# --- tokens ----------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<int>\d+)
  | (?P<str>"[^"\\\n]*"|'[^'\\\n]*')
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|\+=|-=|//|[-+*%<>=();,\[\]])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    """One token of an expression, with its offset for error positions."""

    kind: str  # int | str | name | op | end
    text: str
    offset: int


def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if match is None:
            char = source[pos]
            hint = ""
            if char in "&|!":
                hint = "write 'and', 'or' and 'not'"
            elif char in "\"'":
                hint = "close the string with the same quote on the same line"
            elif char == "/":
                hint = "integer division is '//'"
            raise ExprError(f"unexpected character {char!r}", pos, hint)
        kind = match.lastgroup or ""
        if kind != "ws":
            tokens.append(Token(kind, match.group(), pos))
        pos = match.end()
    tokens.append(Token("end", "", len(source)))
    return tokens


# --- parser ----------------------------------------------------------------


class _Parser:
    def __init__(self, source: str):
        self.source = source
        self.tokens = tokenize(source)
        self.index = 0
        self.depth = 0  # brackets, 'not' and '-' open around the current token

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def at(self, *texts: str) -> bool:
        token = self.token
        return token.kind in ("op", "name") and token.text in texts

    def expect(self, text: str) -> Token:
        if not self.at(text):
            raise ExprError(f"expected '{text}' but found {describe(self.token)}", self.token.offset)
        return self.advance()

    def expect_end(self) -> None:
        if self.token.kind != "end":
            hint = "join conditions with 'and' or 'or'" if self.token.kind in ("name", "int", "str") else ""
            raise ExprError(f"unexpected {describe(self.token)}", self.token.offset, hint)

    def expr(self) -> Node:
        return self.or_()

    def or_(self) -> Node:
        node = self.and_()
        while self.at("or"):
            offset = self.advance().offset
            node = Binary("or", node, self.and_(), offset)
        return node

    def and_(self) -> Node:
        node = self.not_()
        while self.at("and"):
            offset = self.advance().offset
            node = Binary("and", node, self.not_(), offset)
        return node

    def nest(self, offset: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"the expression nests deeper than {MAX_DEPTH} levels", offset, _DEPTH_HINT)

    def not_(self) -> Node:
        if self.at("not"):
            offset = self.advance().offset
            self.nest(offset)
            node = Unary("not", self.not_(), offset)
            self.depth -= 1
            return node
        return self.compare()

    def compare(self) -> Node:
        node = self.sum()
        if self.token.kind == "op" and self.token.text in COMPARE_OPS:
            token = self.advance()
            node = Binary(token.text, node, self.sum(), token.offset)
            if self.token.kind == "op" and self.token.text in COMPARE_OPS:
                raise ExprError("comparisons cannot be chained", self.token.offset, "join them with 'and'")
        elif self.at("in"):  # "rope" in pack: a set variable holds the item
            token = self.advance()
            node = Binary("in", node, self.sum(), token.offset)
        elif self.at("="):
            raise ExprError("'=' assigns; to compare, write '=='", self.token.offset)
        return node

    def sum(self) -> Node:
        node = self.product()
        while self.at("+", "-"):
            token = self.advance()
            node = Binary(token.text, node, self.product(), token.offset)
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.at("*", "//", "%"):
            token = self.advance()
            node = Binary(token.text, node, self.unary(), token.offset)
        return node

    def unary(self) -> Node:
        if self.at("-"):
            offset = self.advance().offset
            self.nest(offset)
            node = Unary("-", self.unary(), offset)
            self.depth -= 1
            return node
        return self.atom()

    def draw(self, func: Token) -> Draw:
        return _parse_draw(self, func)

    def atom(self) -> Node:
        token = self.token
        if token.kind == "int":
            self.advance()
            if len(token.text) > 19 or int(token.text) > MAX_INT:
                raise ExprError("number is too large", token.offset, INT_HINT)
            return Lit(int(token.text), token.offset)
        if token.kind == "str":
            self.advance()
            return Lit(token.text[1:-1], token.offset)
        if token.kind == "name":
            if token.text in ("true", "false"):
                self.advance()
                return Lit(token.text == "true", token.offset)
            if token.text in ("and", "or", "not"):
                raise ExprError(f"expected a value but found '{token.text}'", token.offset)
            self.advance()
            if self.at("("):
                if token.text in ("random", "chance"):
                    return self.draw(token)
                if token.text not in FUNCTIONS:
                    raise ExprError(
                        f"unknown function '{token.text}'",
                        token.offset,
                        "the functions are visited(scene), visits(scene) and size(set)",
                    )
                self.advance()
                arg = self.token
                if arg.kind != "name":
                    wants = "a set variable" if token.text == "size" else "a scene id"
                    raise ExprError(f"{token.text}() takes {wants}, not {describe(arg)}", arg.offset)
                self.advance()
                self.expect(")")
                if token.text == "size":
                    return Unary("size", Name(arg.text, arg.offset), token.offset)
                return Call(token.text, arg.text, token.offset)
            return Name(token.text, token.offset)
        if self.at("["):
            return self.set_literal()
        if self.at("("):
            self.nest(self.advance().offset)
            if self.at(")"):
                raise ExprError("'()' is not a value", token.offset, _SET_HINT)
            node = self.expr()
            if self.at(","):  # ink's list: (lantern, rope)
                raise ExprError("expected ')' but found ','", self.token.offset, _SET_HINT)
            self.expect(")")
            self.depth -= 1
            return node
        raise ExprError(f"expected a value but found {describe(token)}", token.offset)

    def set_literal(self) -> SetLit:
        """``[]`` or ``["lantern", "rope"]``: quoted items, each once."""
        start = self.advance().offset
        items: list[str] = []
        offsets: list[int] = []
        while not self.at("]"):
            item = self.token
            if item.kind != "str":
                hint = f'write the item in quotes: "{item.text}"' if item.kind == "name" else _SET_HINT
                raise ExprError(f"expected an item in quotes but found {describe(item)}", item.offset, hint)
            self.advance()
            if item.text[1:-1] in items:
                raise ExprError(f"'{item.text[1:-1]}' is in the set twice", item.offset, "write each item once")
            items.append(item.text[1:-1])
            offsets.append(item.offset)
            if not self.at(","):
                break
            self.advance()
        if not self.at("]"):
            raise ExprError(f"expected ',' or ']' in the set but found {describe(self.token)}", self.token.offset, _SET_HINT)
        self.advance()
        return SetLit(tuple(items), tuple(offsets), start)


def _draw_args(parser: _Parser, func: Token) -> list[int]:
    parser.expect("(")
    args: list[int] = []
    while True:
        negative = parser.at("-")
        if negative:
            parser.advance()
        arg = parser.token
        if arg.kind != "int":
            raise ExprError(f"{func.text}() takes whole numbers, not {describe(arg)}", arg.offset,
                            "store what you need in a variable first: roll = random(1, 6)")
        parser.advance()
        args.append(-int(arg.text) if negative else int(arg.text))
        if not parser.at(","):
            break
        parser.advance()
    parser.expect(")")
    return args


def _parse_draw(parser: _Parser, func: Token) -> Draw:
    args = _draw_args(parser, func)
    if func.text == "chance":
        if len(args) != 1 or not 0 <= args[0] <= 100:
            raise ExprError("chance() takes one percent from 0 to 100, like chance(30)", func.offset)
        return Draw("chance", args[0], 100, func.offset)
    if len(args) != 2 or args[0] > args[1]:
        raise ExprError("random() takes the lowest and the highest number, like random(1, 6)", func.offset)
    if args[1] - args[0] + 1 > MAX_OUTCOMES:
        raise ExprError(f"random({args[0]}, {args[1]}) has more than {MAX_OUTCOMES} outcomes", func.offset,
                        "draw a smaller range and scale it: random(1, 10) * 10")
    return Draw("random", args[0], args[1], func.offset)


def describe(token: Token) -> str:
    if token.kind == "end":
        return "the end of the expression"
    return f"'{token.text}'"


def parse(source: str) -> Node:
    """Parse a condition or value expression."""
    if not source.strip():
        raise ExprError("empty expression", 0)
    parser = _Parser(source)
    node = parser.expr()
    parser.expect_end()
    check_depth(node)
    return node


def check_depth(root: Node) -> None:
    """Refuse a tree deeper than ``MAX_DEPTH`` (long operator chains), at the operator that goes past it."""
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ExprError(f"the expression nests deeper than {MAX_DEPTH} levels", node.offset, _DEPTH_HINT)
        if isinstance(node, Unary):
            stack.append((node.operand, depth + 1))
        elif isinstance(node, Binary):
            stack.append((node.left, depth + 1))
            stack.append((node.right, depth + 1))


def parse_effects(source: str) -> tuple[Assign, ...]:
    """Parse ``name = expr; name += expr`` statements."""
    parser = _Parser(source)
    result: list[Assign] = []
    while True:
        while parser.at(";"):
            parser.advance()
        if parser.token.kind == "end":
            break
        target = parser.token
        if target.kind != "name" or target.text in KEYWORDS:
            raise ExprError(f"expected a variable to assign to but found {describe(target)}", target.offset)
        parser.advance()
        if not (parser.token.kind == "op" and parser.token.text in ASSIGN_OPS):
            raise ExprError(
                f"expected '=', '+=' or '-=' after '{target.text}' but found {describe(parser.token)}",
                parser.token.offset,
            )
        op = parser.advance().text
        value = parser.expr()
        check_depth(value)
        result.append(Assign(target.text, op, value, target.offset))
        if parser.token.kind != "end" and not parser.at(";"):
            raise ExprError(f"expected ';' between effects but found {describe(parser.token)}", parser.token.offset)
    if not result:
        raise ExprError("no effects", 0)
    return tuple(result)


# --- printing --------------------------------------------------------------

_PRECEDENCE = {
    "or": 1, "and": 2, "not": 3,
    "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4, "in": 4,
    "+": 5, "-": 5, "*": 6, "//": 6, "%": 6, "neg": 7,
}


def to_source(node: Node) -> str:
    """Print an expression so that ``parse(to_source(n))`` gives ``n`` back (offsets aside)."""
    return _print(node, 0)


def _print(node: Node, outer: int) -> str:
    if isinstance(node, Lit):
        if isinstance(node.value, bool):
            return "true" if node.value else "false"
        if isinstance(node.value, int):
            return str(node.value)
        return f'"{node.value}"' if '"' not in node.value else f"'{node.value}'"
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Call):
        return f"{node.func}({node.arg})"
    if isinstance(node, Draw):
        return f"chance({node.low})" if node.func == "chance" else f"random({node.low}, {node.high})"
    if isinstance(node, SetLit):
        return "[" + ", ".join(f'"{item}"' for item in node.items) + "]"
    if isinstance(node, Unary):
        if node.op == "size":
            return f"size({_print(node.operand, 0)})"
        if node.op == "not":
            text, prec = f"not {_print(node.operand, 3)}", 3
        else:
            text, prec = f"-{_print(node.operand, 7)}", 7
        return f"({text})" if prec < outer else text
    prec = _PRECEDENCE[node.op]
    # Left-associative: the right side needs brackets at equal precedence; comparisons never chain.
    left_prec = prec + 1 if prec == 4 else prec
    text = f"{_print(node.left, left_prec)} {node.op} {_print(node.right, prec + 1)}"
    return f"({text})" if prec < outer else text


def effects_to_source(effects: tuple[Assign, ...]) -> str:
    return "; ".join(f"{a.name} {a.op} {to_source(a.value)}" for a in effects)


# --- names -----------------------------------------------------------------


def parents(root: Node) -> dict[int, Node]:
    """Each operand's operator, by the operand's ``id``: how a name or call is used where it stands."""
    found: dict[int, Node] = {}
    for node in walk(root):
        if isinstance(node, Unary):
            found[id(node.operand)] = node
        elif isinstance(node, Binary):
            found[id(node.left)] = node
            found[id(node.right)] = node
    return found


def walk(node: Node) -> list[Node]:
    """Every node of an expression, parents first."""
    out: list[Node] = []
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        out.append(current)
        if isinstance(current, Unary):
            stack.append(current.operand)
        elif isinstance(current, Binary):
            stack.append(current.right)
            stack.append(current.left)
    return out


def names_read(node: Node) -> set[str]:
    return {n.name for n in walk(node) if isinstance(n, Name)}


def scenes_named(node: Node) -> list[Call]:
    return [n for n in walk(node) if isinstance(n, Call)]


def draws(node: Node) -> list[Draw]:
    """The random draws of an expression (only effects may draw: a condition must not change as it is read)."""
    return [n for n in walk(node) if isinstance(n, Draw)]


# --- types -----------------------------------------------------------------


@dataclass(frozen=True)
class VarType:
    """The static type of a variable: ``int``, ``bool`` or ``enum`` with its values."""

    kind: str
    values: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.kind == "enum":
            return "one of " + ", ".join(self.values)
        if self.kind == "set":
            return "a set of " + ", ".join(self.values)
        if self.kind == "items":
            return "a set of " + ", ".join(self.values) if self.values else "an empty set"
        return "text" if self.kind == "str" else self.kind


INT = VarType("int")
BOOL = VarType("bool")
STR = VarType("str")  # a string literal, before it meets an enum
# A set literal (``["rope"]``, ``[]``) is VarType("items", its items), before it meets a set variable.


def type_of(node: Node, types: Mapping[str, VarType]) -> VarType:
    """Check ``node`` against variable ``types``; raise ExprError at the first mistake."""
    if isinstance(node, Lit):
        if isinstance(node.value, bool):
            return BOOL
        if isinstance(node.value, int):
            return INT
        return STR
    if isinstance(node, Name):
        if node.name not in types:
            raise ExprError(f"unknown variable '{node.name}'", node.offset, did_you_mean(node.name, tuple(types)))
        return types[node.name]
    if isinstance(node, Call):
        return BOOL if node.func == "visited" else INT
    if isinstance(node, Draw):
        return BOOL if node.func == "chance" else INT
    if isinstance(node, SetLit):
        return VarType("items", node.items)
    if isinstance(node, Unary):
        inner = type_of(node.operand, types)
        if node.op == "size":
            if inner.kind != "set":
                raise ExprError(f"size() counts the items of a set variable, but this is {inner}", node.operand.offset)
            return INT
        want = BOOL if node.op == "not" else INT
        if inner.kind != want.kind:
            raise ExprError(f"'{node.op}' needs {want} but got {inner}", node.offset)
        return want
    if node.op in ("==", "!="):
        _unquoted_value(node, types)
    left = type_of(node.left, types)
    right = type_of(node.right, types)
    op = node.op
    if op == "in":
        _check_member(node.left, left, right, node.offset)
        return BOOL
    if op in ("and", "or"):
        for side, t in ((node.left, left), (node.right, right)):
            if t.kind != "bool":
                raise ExprError(f"'{op}' needs true/false on both sides but got {t}", _offset(side))
        return BOOL
    if op in ("+", "-", "*", "//", "%", "<", "<=", ">", ">="):
        for side, t in ((node.left, left), (node.right, right)):
            if t.kind != "int":
                raise ExprError(f"'{op}' needs numbers on both sides but got {t}", _offset(side))
        return BOOL if op in COMPARE_OPS else INT
    # == and !=
    _check_equal_types(node, left, right)
    return BOOL


def _unquoted_value(node: Binary, types: Mapping[str, VarType]) -> None:
    """``call == go``, where go is one of call's values: say to quote it, not that 'go' is no variable."""
    for name, other in ((node.right, node.left), (node.left, node.right)):
        if isinstance(name, Name) and name.name not in types and isinstance(other, Name) and other.name in types:
            kind = types[other.name]
            if kind.kind == "enum" and name.name in kind.values:
                raise ExprError(f"unknown variable '{name.name}'", name.offset,
                                f"'{name.name}' is a value of '{other.name}': write it in quotes, \"{name.name}\"")


def _check_equal_types(node: Binary, left: VarType, right: VarType) -> None:
    kinds = {left.kind, right.kind}
    if kinds & {"set", "items"}:  # pack == [], pack != ["rope"]: the same items, whatever their order
        for holder, holder_node, other, other_node in ((left, node.left, right, node.right), (right, node.right, left, node.left)):
            if holder.kind == "set":
                if not _fits_set(other_node, other, holder):
                    item, whole = to_source(other_node), to_source(holder_node)
                    hint = (f"to test one item write {item} in {whole}; to compare the whole set, {whole} {node.op} [{item}]"
                            if isinstance(other_node, Lit) and other.kind == "str" else "")
                    raise ExprError(f"cannot compare {left} with {right}", node.offset, hint)
                return
        if left.kind != right.kind:
            raise ExprError(f"cannot compare {left} with {right}", node.offset)
        return  # two sets written out
    if kinds <= {"enum", "str"}:
        for enum_t, other, other_node in ((left, right, node.right), (right, left, node.left)):
            if enum_t.kind == "enum" and other.kind == "str" and isinstance(other_node, Lit):
                if other_node.value not in enum_t.values:
                    raise ExprError(
                        f"'{other_node.value}' is not one of {', '.join(enum_t.values)}",
                        other_node.offset,
                        did_you_mean(str(other_node.value), enum_t.values),
                    )
            if enum_t.kind == "enum" and other.kind == "enum" and enum_t.values != other.values:
                raise ExprError(f"cannot compare {left} with {right}", node.offset)
        return
    if left.kind != right.kind:
        raise ExprError(f"cannot compare {left} with {right}", node.offset)


def _fits_set(node: Node, value: VarType, target: VarType) -> bool:
    """Whether ``node`` is a whole set for ``target``: a literal of its items (an unknown one is an
    error at that item) or a set variable of the same items."""
    if value.kind == "set":
        return value.values == target.values
    if value.kind != "items" or not isinstance(node, SetLit):
        return False
    for item, offset in zip(node.items, node.offsets):
        if item not in target.values:
            raise ExprError(f"'{item}' is not one of {', '.join(target.values)}", offset, did_you_mean(item, target.values))
    return True


def _check_member(item: Node, item_type: VarType, holder: VarType, offset: int) -> None:
    """``"rope" in pack`` and ``pack += "rope"``: a set, and one of its declared values as a quoted literal."""
    if holder.kind != "set":
        raise ExprError(f"'in' looks into a set variable, but this is {holder}", offset)
    if not (item_type.kind == "str" and isinstance(item, Lit)):
        raise ExprError(f"an item of a set is written in quotes, like \"{holder.values[0]}\"", _offset(item))
    if item.value not in holder.values:
        raise ExprError(f"'{item.value}' is not one of {', '.join(holder.values)}", item.offset,
                        did_you_mean(str(item.value), holder.values))


def set_members(value: Value) -> list[str]:
    """The items of a set variable's value (stored as text: its items in declared order, joined by ',')."""
    return [item for item in str(value).split(",") if item]


def set_with(value: Value, items: str, add: bool, order: tuple[str, ...]) -> str:
    """The set with ``items`` (one item, or a set's stored text) added (``add``) or taken out, in ``order``."""
    held = set(set_members(value))
    if add:
        held.update(set_members(items))
    else:
        held.difference_update(set_members(items))
    return ",".join(v for v in order if v in held)


def whole_set_assignments(assign: Assign, target: VarType) -> tuple[Assign, ...]:
    """``pack = X`` as play applies it: every item taken out, then X's put in (``pack -= [all]; pack += X``).

    Play applies a set's assignment as an item going in or out (``set_with``); a set given
    whole is both, in that order, so the one rule serves play, explore and the playtester alike.
    """
    empty = Assign(assign.name, "-=", SetLit(target.values, (), assign.value.offset), assign.offset)
    if isinstance(assign.value, SetLit) and not assign.value.items:
        return (empty,)
    return (empty, Assign(assign.name, "+=", assign.value, assign.offset))


def as_applied(effects: tuple[Assign, ...], types: Mapping[str, VarType]) -> tuple[Assign, ...]:
    """Checked effects as play applies them: a set given whole (``pack = [...]``) becomes ``whole_set_assignments``."""
    out: list[Assign] = []
    for assign in effects:
        target = types.get(assign.name)
        if target is not None and target.kind == "set" and assign.op == "=":
            out.extend(whole_set_assignments(assign, target))
        else:
            out.append(assign)
    return tuple(out)


def check_effects(effects: tuple[Assign, ...], types: Mapping[str, VarType], readonly: frozenset[str]) -> None:
    for assign in effects:
        if assign.name not in types:
            raise ExprError(f"unknown variable '{assign.name}'", assign.offset, did_you_mean(assign.name, tuple(types)))
        if assign.name in readonly:
            raise ExprError(f"'{assign.name}' cannot be changed by effects", assign.offset)
        target = types[assign.name]
        if target.kind == "set":
            _check_set_effect(assign, target, types)
            continue
        value = type_of(assign.value, types)
        if assign.op != "=" and target.kind != "int":
            raise ExprError(f"'{assign.op}' needs a number variable but '{assign.name}' is {target}", assign.offset)
        if target.kind == "enum":
            if value.kind == "str" and isinstance(assign.value, Lit):
                if assign.value.value not in target.values:
                    raise ExprError(
                        f"'{assign.value.value}' is not one of {', '.join(target.values)}",
                        assign.value.offset,
                        did_you_mean(str(assign.value.value), target.values),
                    )
                continue
            if value == target:
                continue
            raise ExprError(f"'{assign.name}' is {target} but the value is {value}", _offset(assign.value))
        if value.kind != target.kind:
            raise ExprError(f"'{assign.name}' is {target} but the value is {value}", _offset(assign.value))


def _check_set_effect(assign: Assign, target: VarType, types: Mapping[str, VarType]) -> None:
    """``pack = ["rope"]``, ``pack = []``, ``pack += "rope"``, ``pack -= ["rope", "letter"]``, ``pack = other``."""
    node = assign.value
    if isinstance(node, Name) and node.name not in types:  # pack = none, pack = rope
        hint = (f'\'{node.name}\' is an item of \'{assign.name}\': write it in quotes, ["{node.name}"]' if node.name in target.values
                else did_you_mean(node.name, tuple(types)) or f"a set with no items is written []: {assign.name} = []")
        raise ExprError(f"unknown variable '{node.name}'", node.offset, hint)
    value = type_of(node, types)
    if isinstance(node, Name) and node.name == assign.name:
        raise ExprError(f"'{assign.name} {assign.op} {assign.name}' changes nothing", node.offset, "remove it")
    if _fits_set(node, value, target):
        return
    if assign.op != "=":
        _check_member(node, value, target, assign.offset)  # one item, in quotes
        return
    hint = ""
    if value.kind == "str" and isinstance(node, Lit):
        hint = f'a set is written in brackets: {assign.name} = ["{node.value}"]; {assign.name} += "{node.value}" adds one item'
    raise ExprError(f"'{assign.name}' is {target} but the value is {value}", _offset(node), hint)


def _offset(node: Node) -> int:
    if isinstance(node, Binary):
        return _offset(node.left)
    return node.offset


# --- evaluation ------------------------------------------------------------


def compile_expr(node: Node) -> Compiled:
    """Turn an AST into a closure ``f(vars, visits)``; only ExprError escapes it."""
    if isinstance(node, Lit):
        value = node.value
        return lambda env, visits: value
    if isinstance(node, Name):
        name = node.name

        def read(env: Env, visits: Visits) -> Value:
            try:
                return env[name]
            except KeyError:
                raise ExprError(f"unknown variable '{name}'", node.offset) from None

        return read
    if isinstance(node, Draw):
        low, high, chance = node.low, node.high, node.func == "chance"
        if chance:
            return lambda env, visits: _drawer().chance(low)
        return lambda env, visits: _drawer().draw(low, high)
    if isinstance(node, Call):
        scene = node.arg
        if node.func == "visited":
            return lambda env, visits: visits.get(scene, 0) > 0
        return lambda env, visits: visits.get(scene, 0)
    if isinstance(node, SetLit):
        stored = ",".join(node.items)
        return lambda env, visits: stored
    if isinstance(node, Unary):
        inner = compile_expr(node.operand)
        if node.op == "size":
            return lambda env, visits: len(set_members(inner(env, visits)))
        if node.op == "not":
            return lambda env, visits: not _bool(inner(env, visits))
        return lambda env, visits: -_int(inner(env, visits))
    left = compile_expr(node.left)
    right = compile_expr(node.right)
    op = node.op
    if op in ("==", "!=") and (isinstance(node.left, SetLit) or isinstance(node.right, SetLit)):
        same = op == "=="  # a literal's items in any order: compare what each set holds
        return lambda env, visits: (set(set_members(left(env, visits))) == set(set_members(right(env, visits)))) == same
    if op == "and":
        return lambda env, visits: _bool(left(env, visits)) and _bool(right(env, visits))
    if op == "or":
        return lambda env, visits: _bool(left(env, visits)) or _bool(right(env, visits))
    if op == "==":
        return lambda env, visits: _same(left(env, visits), right(env, visits))
    if op == "!=":
        return lambda env, visits: not _same(left(env, visits), right(env, visits))
    if op == "in":
        return lambda env, visits: left(env, visits) in set_members(right(env, visits))
    func = _INT_OPS[op]
    return lambda env, visits: func(_int(left(env, visits)), _int(right(env, visits)))


class Drawer(Protocol):
    """Where ``random()`` and ``chance()`` take their numbers from while effects apply."""

    def draw(self, low: int, high: int) -> int: ...

    def chance(self, percent: int) -> bool: ...


_DRAWER: ContextVar[Drawer | None] = ContextVar("drawer", default=None)


def _drawer() -> Drawer:
    drawer = _DRAWER.get()
    if drawer is None:
        raise ExprError("random() and chance() draw only while effects apply")
    return drawer


@contextmanager
def drawing(drawer: Drawer) -> Iterator[None]:
    """Effects applied inside draw their random numbers from ``drawer`` (a seeded one in play, a forcing one in explore)."""
    token = _DRAWER.set(drawer)
    try:
        yield
    finally:
        _DRAWER.reset(token)


def _bool(value: Value) -> bool:
    if isinstance(value, bool):
        return value
    raise ExprError(f"expected true/false but got {value!r}")


def _int(value: Value) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ExprError(f"expected a number but got {value!r}")


def _same(a: Value, b: Value) -> bool:
    if type(a) is not type(b):
        raise ExprError(f"cannot compare {a!r} with {b!r}")
    return a == b


def _div(a: int, b: int) -> int:
    if b == 0:
        raise ExprError("division by zero")
    return a // b


def _mod(a: int, b: int) -> int:
    if b == 0:
        raise ExprError("division by zero")
    return a % b


def _checked(value: int) -> int:
    if -MAX_INT <= value <= MAX_INT:
        return value
    raise ExprError("number is too large")


_INT_OPS: dict[str, Callable[[int, int], Value]] = {
    "+": lambda a, b: _checked(a + b),
    "-": lambda a, b: _checked(a - b),
    "*": lambda a, b: _checked(a * b),
    "//": _div,
    "%": _mod,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def evaluate(node: Node, env: Env, visits: Visits | None = None) -> Value:
    """Evaluate without compiling first (for tools and tests)."""
    return compile_expr(node)(env, visits or {})
