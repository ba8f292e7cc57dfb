"""Text templates: ``{variable}`` interpolation, ``{if c}..{else}..{end}``, ``[[glossary]]`` links.

Parsed once at load into ``Template`` parts; rendered per state. Links render as
Markdown links with a ``glossary:`` address that the views turn into a lookup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from urllib.parse import quote, unquote

from game.story.errors import ExprError, Pos
from game.story.expr import Env, Visits
from game.story.model import Branch, Condition, Interp, Link, Literal, Part, Template, Variable
from game.story.values import format_value

LINK_SCHEME = "glossary:"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_SPECIAL = re.compile(r"\{\{|\}\}|\[\[|[{}]")

# How deep {if}s may nest: parsing, rendering and walking recurse once per level
# (docs/authoring.md, "Limits").
MAX_DEPTH = 50

MakeCondition = Callable[[str, int], Condition]
_EXPRESSION = re.compile(r"[-+*/%()<>=]")  # {gold + 1}, {visits(inn)}: an expression, not a name
ToPos = Callable[[int], Pos]


def parse_template(source: str, make_condition: MakeCondition, to_pos: ToPos,
                   make_value: MakeCondition | None = None) -> tuple[Part, ...]:
    """Parse template text; raise ExprError with the offset of the first mistake.

    ``make_condition(text, offset)`` parses an ``{if}`` condition; ``to_pos``
    maps an offset in ``source`` to a file position for the parts that keep one;
    ``make_value`` parses an interpolated expression (``{gold + 1}``), when given.
    """
    if "{" not in source and "}" not in source and "[[" not in source:
        return (Literal(source),) if source else ()
    parser = _TemplateParser(source, make_condition, to_pos, make_value)
    parts, _closer = parser.parse_parts(top=True)
    return parts


class _TemplateParser:
    def __init__(self, source: str, make_condition: MakeCondition, to_pos: ToPos, make_value: MakeCondition | None = None):
        self.make_value = make_value
        self.source = source
        self.to_pos = to_pos
        self.pos = 0
        self.make_condition = make_condition
        self.depth = 0  # {if}s open around the current position
        self.opened: list[int] = []  # where each open {if} starts: an unclosed one is reported there
        self.elif_at: tuple[str, int] = ("", 0)  # the {elif ...} that ended the last branch: its body and start

    def parse_parts(self, top: bool) -> tuple[tuple[Part, ...], str]:
        """Parse until ``{else}``/``{end}`` (returned as the closer) or the end of text."""
        parts: list[Part] = []
        buffer: list[str] = []
        src = self.source

        def flush() -> None:
            if buffer:
                parts.append(Literal("".join(buffer)))
                buffer.clear()

        while True:
            found = _SPECIAL.search(src, self.pos)
            if found is None:
                if self.pos < len(src):
                    buffer.append(src[self.pos :])
                    self.pos = len(src)
                break
            start = found.start()
            if start > self.pos:
                buffer.append(src[self.pos : start])
            token = found.group()
            self.pos = start
            if token == "{{":
                buffer.append("{")
                self.pos += 2
            elif token == "}}":
                buffer.append("}")
                self.pos += 2
            elif token == "[[":
                flush()
                parts.append(self.parse_link())
            elif token == "{":
                end = src.find("}", start)
                if end < 0:
                    raise ExprError("'{' is never closed", start, "write '{{' for a literal brace")
                body = src[start + 1 : end]
                self.pos = end + 1
                word = body.strip()
                if word in ("else", "end") or word.startswith("elif ") or word == "elif":
                    name = word.split()[0]
                    if top:
                        raise ExprError(f"'{{{name}}}' without an '{{if ...}}'", start)
                    flush()
                    if name == "elif":
                        self.elif_at = (body, start)
                    return tuple(parts), name
                if word.startswith("if ") or word == "if":
                    flush()
                    parts.append(self.parse_branch(body, start))
                elif _NAME.match(word):
                    flush()
                    parts.append(Interp(word, self.to_pos(start + 1 + body.index(word))))
                elif self.make_value is not None and _EXPRESSION.search(word) and ":" not in word and word[0] != "/":
                    flush()
                    at = start + 1 + body.index(word)
                    parts.append(Interp(word, self.to_pos(at), self.make_value(word, at)))
                else:
                    raise ExprError(f"'{{{body}}}' is neither a variable nor '{{if ...}}'", start, _hint_for(word))
            else:
                raise ExprError("'}' without '{'", start, "write '}}' for a literal brace")
        if not top:
            raise ExprError("'{if ...}' is never closed with '{end}'", self.opened[-1], "add '{end}' where its text ends")
        flush()
        return tuple(parts), ""

    def parse_branch(self, body: str, start: int) -> Branch:
        keyword = "elif" if body.strip().startswith("elif") else "if"
        cond_src = body.strip()[len(keyword):].strip()
        if not cond_src:
            raise ExprError(f"'{{{keyword}}}' needs a condition", start + 1)
        cond_offset = start + 1 + body.index(cond_src)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"'{{if}}'s nest deeper than {MAX_DEPTH} levels", start, "join conditions with 'and' instead of nesting")
        condition = self.make_condition(cond_src, cond_offset)
        self.opened.append(start)
        then, closer = self.parse_parts(top=False)
        otherwise: tuple[Part, ...] = ()
        if closer == "elif":  # {if a}..{elif b}..{else}..{end} is {if a}..{else}{if b}..{else}..{end}{end}, one {end}
            body, at = self.elif_at
            self.opened.pop()
            self.depth -= 1
            return Branch(condition, then, (self.parse_branch(body, at),))
        if closer == "else":
            otherwise, closer = self.parse_parts(top=False)
            if closer != "end":
                raise ExprError(f"'{{{closer}}}' after '{{else}}' in one '{{if}}'", self.pos,
                                "'{else}' comes last, just before '{end}'")
        self.opened.pop()
        self.depth -= 1
        return Branch(condition, then, otherwise)

    def parse_link(self) -> Link:
        start = self.pos
        end = self.source.find("]]", start)
        if end < 0:
            raise ExprError("'[[' is never closed with ']]'", start)
        body = self.source[start + 2 : end]
        self.pos = end + 2
        term, _, shown = body.partition("|")
        if not term.strip():
            raise ExprError("empty glossary link", start)
        return Link(term.strip().lower(), (shown or term).strip(), self.to_pos(start + 2))


def _hint_for(word: str) -> str:
    """What an author from another system probably meant by ``{word}``."""
    if word in ("/if", "endif", "end if", "fi", "/"):
        return "an '{if}' ends with '{end}'"
    if word.startswith(("else if", "elseif", "elsif")):
        return "write '{elif condition}'"
    if ":" in word and not word.startswith(("if ", "elif ")):
        cond, _, rest = word.partition(":")
        then, bar, otherwise = rest.partition("|")
        return (f"ink's '{{condition: text}}' is written '{{if {cond.strip()}}}{then.strip()}"
                + (f"{{else}}{otherwise.strip()}" if bar else "") + "{end}' here")
    return "write '{{' for a literal brace"


# --- rendering --------------------------------------------------------------


def render(
    template: Template,
    env: Env,
    visits: Visits,
    links: str = "markdown",
    extra: Mapping[str, str] | None = None,
    variables: Mapping[str, Variable] | None = None,
) -> str:
    """Render for a state. ``links``: "markdown" (``[shown](glossary:key)``) or "plain".

    With the story's ``variables``, ``{name}`` shows a value as the player reads it
    (``Variable.shown``: enum labels, a set's items as a list); without, its bare form.
    """
    out: list[str] = []
    _render_parts(template.parts, env, visits, links, extra or {}, out, variables or {})
    return "".join(out)


def _render_parts(
    parts: tuple[Part, ...],
    env: Env,
    visits: Visits,
    links: str,
    extra: Mapping[str, str],
    out: list[str],
    variables: Mapping[str, Variable],
) -> None:
    for part in parts:
        if isinstance(part, Literal):
            out.append(part.text)
        elif isinstance(part, Interp):
            if part.expr is not None:
                out.append(format_value(part.expr.test(env, visits)))
            elif part.name in extra:
                out.append(extra[part.name])
            elif part.name in variables:
                out.append(variables[part.name].shown(env.get(part.name, "")))
            else:
                out.append(format_value(env.get(part.name, "")))
        elif isinstance(part, Link):
            if links == "markdown":
                out.append(f"[{part.shown}]({LINK_SCHEME}{quote(part.key)})")
            else:
                out.append(part.shown)
        else:
            chosen = part.then if part.condition.test(env, visits) else part.otherwise
            _render_parts(chosen, env, visits, links, extra, out, variables)


def read_as(
    shown: Template | None,
    words: str,
    variables: Mapping[str, Variable],
    env: Env | None = None,
    visits: Visits | None = None,
) -> str:
    """A short text that may be a template (a title, a status label) as read in a state.

    With no state (a list of the endings found, a map) it reads as at a story's
    start: every variable at its default, no visits. Plain ``words`` come back as
    they are, and so do a template's source words if the state cannot be read
    (a hand-edited save).
    """
    if shown is None:
        return words
    if env is None:
        env = {name: var.default for name, var in variables.items()}
    try:
        return render(shown, env, visits or {}, "plain", {"player": "you"}, variables).strip()
    except ExprError:
        return words


def link_key(href: str) -> str | None:
    """The glossary key of a rendered link's address, or None for other links."""
    if href.startswith(LINK_SCHEME):
        return unquote(href[len(LINK_SCHEME) :])
    return None


def walk_parts(parts: tuple[Part, ...]) -> list[Part]:
    """Every part, inside branches too."""
    out: list[Part] = []
    for part in parts:
        out.append(part)
        if isinstance(part, Branch):
            out.extend(walk_parts(part.then))
            out.extend(walk_parts(part.otherwise))
    return out


def plain(template: Template) -> str:
    """The words of a template with every branch, for counting words."""
    words: list[str] = []
    for part in walk_parts(template.parts):
        if isinstance(part, Literal):
            words.append(part.text)
        elif isinstance(part, Link):
            words.append(part.shown)
    return " ".join(words)
