"""Scene text: the Session's Markdown drawn as one widget, glossary links as clickable spans.

Textual's Markdown widget mounts a widget per block and restyles them all on
every update; a scene changes on every key press, so the scene screen draws
its text as one ``Static`` instead (measured in bench/bench_tui.py). Paragraphs,
emphasis, strong, headings, lists, block quotes, code and links are kept;
each glossary link becomes ``@click=open_link(n)`` on the widget.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from game.story.text import link_key

_PARSER = MarkdownIt("commonmark")


def escape(text: str) -> str:
    """Text as markup that shows every '[' (textual.markup.escape leaves '[Documented]' as a tag)."""
    return text.replace("[", "\\[")


def scene_markup(text: str) -> tuple[str, list[str]]:
    """Textual markup for ``text`` and the glossary keys its links point to, in order."""
    links: list[str] = []
    blocks: list[str] = []
    prefix: list[str] = []  # block-quote bars and list indents in force
    bullets: list[str | int] = []  # "-" or the next number, per open list
    pending_bullet = ""
    for token in _PARSER.parse(text):
        kind = token.type
        if kind == "blockquote_open":
            prefix.append("▌ ")
        elif kind == "blockquote_close":
            prefix.pop()
        elif kind == "bullet_list_open":
            bullets.append("•")
        elif kind == "ordered_list_open":
            bullets.append(int(token.attrGet("start") or 1))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            bullets.pop()
        elif kind == "list_item_open":
            top = bullets[-1] if bullets else "•"
            if isinstance(top, int):
                pending_bullet = f"{top}. "
                bullets[-1] = top + 1
            else:
                pending_bullet = f"{top} "
        elif kind == "inline":
            body = _inline(token.children or [], links)
            if pending_bullet:
                body = escape(pending_bullet) + body
                pending_bullet = ""
            indent = "  " * max(0, len(bullets) - 1)
            lead = "".join(prefix) + indent
            blocks.append("\n".join(lead + line for line in body.split("\n")) if lead else body)
        elif kind == "heading_close":
            blocks[-1] = f"[b]{blocks[-1]}[/b]"
        elif kind in ("fence", "code_block"):
            blocks.append("\n".join("    " + escape(line) for line in token.content.rstrip("\n").split("\n")))
        elif kind == "hr":
            blocks.append("─" * 20)
    return _join(blocks), links


def _join(blocks: list[str]) -> str:
    return "\n\n".join(blocks)


_MARKS = {  # inline tokens that become fixed markup
    "softbreak": " ", "hardbreak": "\n", "em_open": "[i]", "em_close": "[/i]", "strong_open": "[b]", "strong_close": "[/b]",
}


def _inline(children: list[Token], links: list[str]) -> str:
    out: list[str] = []
    for child in children:
        kind = child.type
        if kind == "text":
            out.append(escape(child.content))
        elif kind in _MARKS:
            out.append(_MARKS[kind])
        elif kind == "code_inline":
            out.append(f"[reverse]{escape(child.content)}[/reverse]")
        elif kind == "link_open":
            key = link_key(str(child.attrGet("href") or ""))
            if key is None:
                out.append("[u]")
            else:
                links.append(key)
                out.append(f"[@click=open_link({len(links) - 1})]")
        elif kind == "link_close":
            out.append("[/]")
        elif kind in ("html_inline",):
            out.append(escape(child.content))
    return "".join(out)


def scene_content(markdown: str) -> tuple[Content, list[str]]:
    """The scene text as Textual content, and the glossary keys its links point to, in order."""
    markup, links = scene_markup(markdown)
    try:
        return Content.from_markup(markup), links
    except Exception:  # markup the parser refuses: show the words rather than nothing
        return Content(markdown), links


class SceneText(Static):
    """Markdown drawn as one widget; a click on a glossary link posts ``SceneText.LinkClicked``."""

    class LinkClicked(Message):
        """The player clicked the glossary link to ``key``."""

        def __init__(self, key: str):
            super().__init__()
            self.key = key

    DEFAULT_CSS = """
    SceneText { link-style: underline; link-color: $text; link-background: $panel 0%; }
    SceneText { link-style-hover: bold underline; link-color-hover: $accent; link-background-hover: $panel 0%; }
    """

    links: list[str] = []
    source: str = ""

    def __init__(self, markdown: str = "", *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        if markdown:
            self.show(markdown)

    def show(self, markdown: str) -> None:
        self.source = markdown
        content, self.links = scene_content(markdown)
        self.update(content)

    def action_open_link(self, index: int) -> None:
        if 0 <= index < len(self.links):
            self.post_message(self.LinkClicked(self.links[index]))
