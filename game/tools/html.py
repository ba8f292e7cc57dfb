"""HTML pages for transcripts and class reports: Jinja2 templates with autoescape, Markdown by markdown-it-py.

Everything a transcript holds is untrusted text. Templates escape every value
they print unless it is marked safe, and the only values marked safe are the
ones built here: Markdown emphasis rendered by markdown-it-py with raw HTML
turned off (so ``<script>`` in a name stays text), the inline SVG charts (their
own templates escape their labels), and the stylesheet. Pages carry their
stylesheet inline and load nothing; the CSP in ``base.html`` says so to the
browser too.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

from game.play.printable import printable

TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """Paragraphs, **bold** and *italic* only: no raw HTML, links, images or headings from a file."""
    return MarkdownIt("zero").enable(["emphasis"])


def inline(text: Any) -> Markup:
    """One line of Markdown as escaped HTML with <strong>/<em>."""
    return Markup(_markdown().renderInline(printable(text or "")))


def paragraphs(text: Any) -> Markup:
    """Blank-line separated Markdown paragraphs as escaped <p> elements."""
    return Markup(_markdown().render(printable(text or "", multiline=True)))


def _shown(value: Any) -> Any:
    """Every printed text: controls and bidi controls from a file shown as escapes (Markup is ours, kept)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return printable(value, multiline=True)
    return value


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The one Jinja2 environment: templates beside this module, autoescape for .html and .svg."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "svg"], default_for_string=True, default=True),
        undefined=StrictUndefined,  # a misspelt field is an error in the tests, not an empty cell
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_shown,
    )
    env.filters["inline"] = inline
    env.filters["paragraphs"] = paragraphs
    return env


def render(template: str, **context: Any) -> str:
    """``template`` (a file in game/tools/templates) rendered with ``context``."""
    return environment().get_template(template).render(**context)


def page(template: str, **context: Any) -> str:
    """A complete, self-contained page: ``template`` extends base.html, which inlines the stylesheet."""
    css = Markup((TEMPLATES / "page.css").read_text(encoding="utf-8"))
    return render(template, css=css, **context)
