"""The debrief as parts a player can jump between: what happened, your choices, the disagreements, epilogue, questions.

At 80x24 the whole debrief is over twenty pages; the debrief screen shows a
table of contents and binds a number key to each part. Parts a story does not
have are left out, and the rest are numbered in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.play.session import DebriefView, RenderedStatement, Session
from game.story.model import TAG_LABELS, Citation, Story

KIND_LABELS = {"historical": "Historical ending", "counterfactual": "Counterfactual ending: this is not what happened"}
MAX_PARTS = 6  # the kinds of part below; the number keys 1-6


@dataclass(frozen=True)
class Part:
    """One part of the debrief: ``key`` names its widget (``part-KEY``), ``label`` its contents entry."""

    key: str
    label: str
    markdown: str


def cite_lines(cites: tuple[Citation, ...], story: Story) -> list[str]:
    out = []
    for cite in cites:
        source = story.sources.get(cite.source)
        title = source.title if source else cite.source
        note = f" ({cite.note})" if cite.note else ""
        out.append(f"> “{cite.quote}”  \n> — *{title}*{note}")
        out.append("")
    return out


def statement_lines(statement: RenderedStatement, story: Story) -> list[str]:
    label = TAG_LABELS.get(statement.tag, statement.tag)
    return [f"- **[{label}]** {statement.text.strip()}", "", *cite_lines(statement.cite, story)]


def ending_heading(debrief: DebriefView, history: bool = True) -> str:
    """The ending's title and kind: above the contents, which come before the ending's text."""
    if not history:  # a fiction story's endings are just endings
        return f"# {debrief.title}"
    return "\n".join([f"# {debrief.title}", "", f"*{KIND_LABELS.get(debrief.kind, debrief.kind)}*"])


def path_markdown(session: Session, debrief: DebriefView) -> str:
    """Each key decision on the path, what the player chose and what happened there."""
    lines: list[str] = []
    for point in debrief.path:
        date = f" ({point.date.old_text()})" if point.date else ""
        mark = {True: "as it happened", False: "not as it happened", None: ""}[point.historical]
        mark_text = f" — *{mark}*" if mark else ""
        lines.append(f"- **{point.title}**{date}: you chose “{point.choice_text}”{mark_text}")
        if point.history:
            label = TAG_LABELS.get(point.history.tag, point.history.tag)
            lines.append(f"  - What happened: **[{label}]** {point.history.text.strip()}")
        lines.append("")
        if point.history:
            lines += cite_lines(point.history.cite, session.story)
    return "\n".join(lines)


def debrief_parts(session: Session, debrief: DebriefView) -> list[Part]:
    """The parts this debrief has, in order (the path part's timeline and the questions' boxes are widgets)."""
    story = session.story
    parts: list[Part] = []
    if debrief.what_happened:
        lines = ["## What really happened", ""]
        for s in debrief.what_happened:
            lines += statement_lines(s, story)
        parts.append(Part("happened", "What happened", "\n".join(lines)))
    if debrief.path:
        parts.append(Part("choices", "Your choices", "## Your choices and history"))
    if debrief.disagree:
        lines = ["## Sources disagree", ""]
        for note in debrief.disagree:
            lines += [f"**{note.title}**", "", note.text.strip(), "", *cite_lines(note.cite, story)]
        parts.append(Part("disagree", "Sources disagree", "\n".join(lines)))
    if debrief.historians:
        lines = ["## Historians disagree", ""]
        for note in debrief.historians:
            label = TAG_LABELS.get(note.tag, note.tag)
            lines += [f"**{note.title}** *[{label}]*", "", note.text.strip(), "", *cite_lines(note.cite, story)]
        parts.append(Part("historians", "Historians disagree", "\n".join(lines)))
    if debrief.epilogue:
        lines = ["## Epilogue", ""]
        for s in debrief.epilogue:
            lines += statement_lines(s, story)
        parts.append(Part("epilogue", "Epilogue", "\n".join(lines)))
    if debrief.questions:
        parts.append(Part("questions", "Questions", "\n".join([
            "## Questions to think about", "",
            "Your answers are saved with the game. Tab moves to the next box; Esc leaves a box."])))
    return parts


def contents_entries(parts: list[Part]) -> list[tuple[int, str]]:
    """Each part's number and name as (width on screen, clickable markup)."""
    return [(len(f"{n} {part.label}"), f"[@click=screen.part({n})][b]{n}[/] {part.label}[/]")
            for n, part in enumerate(parts, 1)]


def contents_markup(parts: list[Part], width: int = 0) -> str:
    """The contents: entries joined by " · ", broken into lines only between entries (``width`` 0: one line)."""
    lines: list[str] = []
    line, used = "Parts:  ", len("Parts:  ")
    for size, markup in contents_entries(parts):
        joint = "  ·  " if used > len("Parts:  ") else ""
        if width and used > len("Parts:  ") and used + len(joint) + size > width:
            lines.append(line.rstrip())
            line, used, joint = "        ", 8, ""
        line, used = line + joint + markup, used + len(joint) + size
    lines.append(line)
    return "\n".join(lines)
