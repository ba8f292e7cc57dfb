"""Scene text (Markdown from ``Session.render``) as HTML, with glossary links that open the glossary.

markdown-it-py is the parser Textual's Markdown widget uses, so the browser reads
the text as the terminal shows it. Raw HTML in a story is shown as text, never
as markup (a story is the author's, but the page must stay the page); a link's
address other than a glossary one is kept as words only, so the site never
points a student at another host.
"""

from __future__ import annotations

import html
from typing import Any

from game.story.text import link_key

_PARSER: Any = None


def _parser() -> Any:
    global _PARSER
    if _PARSER is None:
        from markdown_it import MarkdownIt

        _PARSER = MarkdownIt("commonmark", {"html": False, "typographer": False})
        _PARSER.add_render_rule("link_open", _link_open)
        _PARSER.add_render_rule("link_close", _link_close)
        _PARSER.add_render_rule("image", _image)
    return _PARSER


def term_id(key: str) -> str:
    """The element id of a glossary entry on the glossary page."""
    return "term-" + "".join(c if c.isalnum() else "-" for c in key.lower())


def _link_open(renderer: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    href = str(tokens[idx].attrGet("href") or "")
    key = link_key(href)
    if key is None:
        return '<span class="link-text">'
    quoted = html.escape(key, quote=True)
    return (f'<a class="term" href="#{term_id(key)}" data-action="term" data-arg="{quoted}">')


def _link_close(renderer: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    opener = next((t for t in reversed(tokens[:idx]) if t.type == "link_open"), None)
    href = str(opener.attrGet("href") or "") if opener is not None else ""
    return "</a>" if link_key(href) is not None else "</span>"


def _image(renderer: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    """An image would be fetched from somewhere: its description stands in for it."""
    token = tokens[idx]
    words = renderer.renderInlineAsText(token.children or [], options, env)
    return f'<span class="image-text">[{html.escape(words)}]</span>'


def to_html(markdown: str) -> str:
    """The HTML of ``markdown`` (escaped; glossary links become in-page glossary buttons)."""
    return str(_parser().render(markdown or ""))
