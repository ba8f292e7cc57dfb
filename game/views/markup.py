"""Text the story gives as a plain string (the primer) with ``[[term|shown]]`` links in it.

Scene text is rendered by the Session; the primer is story-level Markdown, so the
views turn its links into glossary links (TUI) or plain words (plain mode) here.
No Textual import: plain mode uses it too.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from game.story.text import LINK_SCHEME

_LINK = re.compile(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]")


def story_markdown(text: str, links: str = "markdown") -> str:
    """``[[Soviet|the council]]`` -> ``[the council](glossary:soviet)``, or just the words."""

    def replace(match: re.Match[str]) -> str:
        key = match.group(1).strip()
        shown = (match.group(2) or key).strip()
        if links == "markdown":
            return f"[{shown}]({LINK_SCHEME}{quote(key.lower())})"
        return shown

    return _LINK.sub(replace, text)
