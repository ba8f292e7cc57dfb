"""Inline SVG bar charts for the class report: no scripts, no fonts, nothing fetched.

Each bar has its label above it (so long choice texts fit a phone), its count
written beside it (meaning never rests on colour or length alone), and a
<title> for screen readers and hover. The longest count text ("12 students ·
counterfactual") is measured before the bars are scaled, so the widest bar
still leaves room for it inside the chart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup

from game.tools.html import render

WIDTH = 640
LABEL_CHARS = 78
ROW = 40
BAR = 16
CHAR_WIDTH = 7.8  # an upper bound for an average character of 13 px system-ui; digits and lower case are narrower
HIGHLIGHT = "#7a1f1f"
PLAIN = "#5b6b8c"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    note: str = ""  # e.g. "historical"; written after the count
    highlight: bool = False


def _clip(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def count_text(bar: Bar, unit: str = "students") -> str:
    """'1 student', '12 students · counterfactual'."""
    text = f"{bar.value} {unit if bar.value != 1 else unit.rstrip('s')}"
    return f"{text} · {bar.note}" if bar.note else text


def text_width(text: str) -> int:
    """How wide ``text`` may be drawn at the chart's font size (generous, so nothing is cut off)."""
    return math.ceil(len(text) * CHAR_WIDTH)


def bar_chart(title: str, bars: list[Bar], unit: str = "students") -> Markup:
    """A horizontal bar chart as an <svg> element with a text description of every bar."""
    top = max([b.value for b in bars] + [1])
    counts = [count_text(b, unit) for b in bars]
    plot = WIDTH - 6 - max([text_width(c) for c in counts] + [60])
    shown = [
        {
            "label": b.label, "shown_label": _clip(b.label), "count": count, "y": i * ROW,
            "length": 0 if b.value <= 0 else max(2, round(plot * b.value / top)),
            "fill": HIGHLIGHT if b.highlight else PLAIN,
        }
        for i, (b, count) in enumerate(zip(bars, counts))
    ]
    height = ROW * max(len(bars), 1) + 8
    return Markup(render("bar_chart.svg", title=title, bars=shown, width=WIDTH, height=height, bar_height=BAR).strip())
