"""Small HTML helpers shared by the transcript and the class report.

Everything a transcript holds is untrusted text, so every value goes through
``esc``; the only markup added to it is the bold/italic of ``paragraphs``,
applied *after* escaping. Pages carry their stylesheet inline and load nothing.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

_CSS_PATH = Path(__file__).resolve().parent / "templates" / "page.css"
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def inline(text: str) -> str:
    """Escaped text with Markdown **bold** and *italic* turned into tags."""
    out = _BOLD.sub(r"<strong>\1</strong>", esc(text))
    return _ITALIC.sub(r"<em>\1</em>", out)


def paragraphs(text: str) -> str:
    """Blank-line separated Markdown paragraphs as <p> elements (escaped)."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text or "") if b.strip()]
    return "".join(f"<p>{inline(' '.join(b.split()))}</p>" for b in blocks)


def page(title: str, body: str, wide: bool = False) -> str:
    """A complete, self-contained page: viewport for phones, inline CSS, no scripts, nothing fetched."""
    css = _CSS_PATH.read_text(encoding="utf-8")
    body_class = ' class="wide"' if wide else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "img-src data:\">\n"
        "<meta name=\"referrer\" content=\"no-referrer\">\n"
        f"<title>{esc(title)}</title>\n<style>\n{css}</style>\n</head>\n<body{body_class}>\n{body}\n</body>\n</html>\n"
    )
