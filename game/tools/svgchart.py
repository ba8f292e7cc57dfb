"""Inline SVG bar charts for the class report: no scripts, no fonts, nothing fetched.

Each bar has its label above it (so long choice texts fit a phone), its count
written beside it (meaning never rests on colour or length alone), and a
<title> for screen readers and hover.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.tools.html import esc

WIDTH = 640
LABEL_CHARS = 78
ROW = 40
BAR = 16


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    note: str = ""  # e.g. "historical"; written after the count
    highlight: bool = False


def _clip(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(title: str, bars: list[Bar], unit: str = "students") -> str:
    """A horizontal bar chart as an <svg> element with a text description of every bar."""
    top = max([b.value for b in bars] + [1])
    height = ROW * max(len(bars), 1) + 8
    plot = WIDTH - 150
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-label="{esc(title)}" font-family="system-ui, sans-serif" font-size="13">',
        f"<title>{esc(title)}</title>",
    ]
    if not bars:
        parts.append('<text x="0" y="20" fill="currentColor">(nothing to show)</text>')
    for i, bar in enumerate(bars):
        y = i * ROW
        length = 0 if bar.value <= 0 else max(2, round(plot * bar.value / top))
        fill = "#7a1f1f" if bar.highlight else "#5b6b8c"
        count = f"{bar.value} {unit if bar.value != 1 else unit.rstrip('s')}"
        if bar.note:
            count += f" · {bar.note}"
        parts.append(
            f"<g><title>{esc(bar.label)}: {esc(count)}</title>"
            f'<text x="0" y="{y + 13}" fill="currentColor">{esc(_clip(bar.label))}</text>'
            f'<rect x="0" y="{y + 18}" width="{length}" height="{BAR}" rx="2" fill="{fill}"/>'
            f'<text x="{length + 6}" y="{y + 31}" fill="currentColor">{esc(count)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
