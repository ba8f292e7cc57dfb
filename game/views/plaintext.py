"""Markdown as plain words, for plain mode: what a screen reader or a dumb terminal should get.

The story's text is CommonMark (the Textual app renders the same text), so it is
parsed by markdown-it-py, not by patterns: emphasis that runs across a line
break, escaped asterisks and lists inside paragraphs then come out as the app
shows them, without a stray ``*`` or ``**``. Raw HTML is not interpreted (a
``<b>`` in a story prints as typed), as in the app.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


def _inline(token: Token) -> str:
    """An inline run as words: marks dropped, soft breaks as spaces, hard breaks as new lines."""
    words: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline", "html_inline", "image"):  # an image stands for its alt text
            words.append(child.content)
        elif child.type == "softbreak":
            words.append(" ")
        elif child.type == "hardbreak":
            words.append("\n")
    return "".join(words)


def plain_markdown(text: str) -> str:
    """Markdown as words: paragraphs on one line with a blank line between them; no emphasis marks or hashes.

    List items keep a marker ("- ", or their number in an ordered list) and
    nested items are indented; a quotation's lines start with "> "; code keeps
    its lines, indented by four spaces.
    """
    out: list[str] = []
    prefixes: list[str] = []  # per open container: "> " for a quotation, spaces under a list item's marker
    marker = ""  # a list item's marker, waiting for the item's first line
    last_tight = False
    tokens = _parser().parse(text)
    for n, token in enumerate(tokens):
        kind = token.type
        if kind == "blockquote_open":
            prefixes.append("> ")
            continue
        if kind == "list_item_open":
            marker = f"{token.info}{token.markup} " if token.info else "- "
            prefixes.append(" " * len(marker))
            continue
        if kind in ("blockquote_close", "list_item_close"):
            prefixes.pop()
            continue
        if kind in ("bullet_list_close", "ordered_list_close") and not prefixes:
            last_tight = False  # the next block after a whole list is a new paragraph
            continue
        tight = False
        if kind == "inline":
            tight = n > 0 and tokens[n - 1].hidden  # a paragraph of a tight list: no blank line around it
            lines = [line.strip() for line in _inline(token).split("\n")]
        elif kind in ("fence", "code_block"):
            lines = ["    " + line for line in token.content.rstrip("\n").split("\n")]
        elif kind == "hr":
            lines = ["* * *"]
        else:
            continue
        if out and not (tight and last_tight):
            out.append("")
        inside = "".join(prefixes)
        first = "".join(prefixes[:-1]) + marker if marker else inside
        out.append((first + lines[0]).rstrip())
        out.extend((inside + line).rstrip() for line in lines[1:])
        marker, last_tight = "", tight
    return "\n".join(out)


def indented(text: str, indent: str) -> str:
    """``text`` with every line after the first indented, to sit under a bullet or a label."""
    first, *rest = text.split("\n")
    return "\n".join([first, *(indent + line if line else line for line in rest)])
