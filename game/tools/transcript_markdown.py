"""A transcript as Markdown: what a student pastes into the school's learning platform.

Renders from the JSON form, so it works on a file read back from disk. Every
field is read defensively (``text_of``): a hand-edited transcript may hold
anything, and rendering it must never crash.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.play.printable import printable
from game.story.model import TAG_LABELS
from game.tools.transcript import as_dict, as_list, date_text, played_text, scenes_visited, text_of


class Citations:
    """Numbers each cited passage once, in the order it first appears."""

    def __init__(self) -> None:
        self.items: list[dict[str, str]] = []
        self._index: dict[tuple[str, str], int] = {}

    def number(self, cite: Any) -> int:
        if not isinstance(cite, dict):
            return 0
        key = (text_of(cite.get("source")), text_of(cite.get("quote")))
        if key not in self._index:
            self.items.append({"source": key[0], "quote": key[1], "note": text_of(cite.get("note"))})
            self._index[key] = len(self.items)
        return self._index[key]

    def numbers(self, cites: Any) -> list[int]:
        return [n for n in (self.number(c) for c in as_list(cites)) if n]


def history_mark(historical: Any) -> str:
    """How a key choice compares with history; '' where the scene marks no historical option."""
    return "as history went" if historical is True else "not what happened" if historical is False else ""


@dataclass(frozen=True)
class PathLine:
    """One key decision of the debrief's path, read defensively, for either renderer."""

    title: str
    choice: str
    mark: str
    left_here: bool
    history: str
    history_tag: str
    refs: list[int]


def path_lines(debrief: dict[str, Any], cites: Citations) -> list[PathLine]:
    left = debrief.get("left_history_at")
    out = []
    for i, p in enumerate(as_list(debrief.get("path"))):
        p = as_dict(p)
        history = as_dict(p.get("history"))
        out.append(PathLine(
            text_of(p.get("title")), text_of(p.get("choice_text")), history_mark(p.get("historical")),
            i == left and not isinstance(left, bool), text_of(history.get("text")),
            tag_label(history.get("tag")) if history else "", cites.numbers(history.get("cite")),
        ))
    return out


def tag_label(tag: Any) -> str:
    return TAG_LABELS.get(text_of(tag), text_of(tag).capitalize() or "Untagged")


def facts(t: dict[str, Any]) -> list[tuple[str, str]]:
    """The header table: student, perspective, ending, time, story, engine, exported."""
    story = as_dict(t.get("story"))
    ending = as_dict(t.get("ending"))
    perspective = as_dict(t.get("perspective"))
    rows = [
        ("Student", text_of(t.get("student")) or "(no name given)"),
        ("Perspective", text_of(perspective.get("title")) or text_of(perspective.get("id")) or "(none)"),
        (
            "Ending",
            text_of(ending.get("title")) + (f" ({text_of(ending.get('kind'))})" if ending.get("kind") else "") if ending
            else f"not reached (stopped at “{text_of(as_dict(t.get('at')).get('title'))}”)",
        ),
        ("Scenes visited", str(scenes_visited(t))),
        ("Time played", played_text(t.get("played_seconds"))),
        (
            "Story",
            f"{text_of(story.get('title'))} (id {text_of(story.get('id'))}, version {text_of(story.get('version'))}, "
            f"content hash {text_of(story.get('content_hash'))})",
        ),
        ("Engine", f"petrograd {text_of(t.get('engine'))}"),
        ("Exported", text_of(t.get("exported"))),
    ]
    assignment = as_dict(t.get("assignment"))
    if assignment:
        parts = [text_of(assignment.get("title")) or "Assignment"]
        if assignment.get("class"):
            parts.append(f"class {text_of(assignment.get('class'))}")
        if assignment.get("due"):
            parts.append(f"due {text_of(assignment.get('due'))}")
        rows.insert(0, ("Assignment", " · ".join(parts)))
    return rows


def _md(text: str) -> str:
    """One-line table cells: no pipes or newlines breaking the table."""
    return " ".join(text.replace("|", "\\|").split())


def _refs(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def render_markdown(t: dict[str, Any]) -> str:
    """The whole transcript as Markdown, with control and bidi characters from the file shown as escapes."""
    cites = Citations()
    story = as_dict(t.get("story"))
    out = [f"# {_md(text_of(story.get('title'), 'Story'))}: transcript", ""]
    out += ["| | |", "|---|---|"]
    out += [f"| {k} | {_md(v)} |" for k, v in facts(t)]
    out += ["", "## Your path", ""]
    for i, step in enumerate(as_list(t.get("steps")), 1):
        step = as_dict(step)
        when = date_text(step.get("date"), story.get("calendar"))
        out.append(
            f"{i}. **{_md(text_of(step.get('title')))}**" + (f" ({when})" if when else "")
            + f": {_md(text_of(step.get('choice_text') or step.get('choice')))}"
        )
    ending = as_dict(t.get("ending"))
    if ending:
        out += ["", f"## The ending: {_md(text_of(ending.get('title')))}", ""]
        when = date_text(ending.get("date"), story.get("calendar"))
        if when:
            out += [f"*{when}*", ""]
        out += [text_of(ending.get("text")), ""]
    debrief = as_dict(t.get("debrief"))
    if debrief:
        out += _debrief_md(debrief, cites)
    questions = as_list(t.get("questions"))
    if questions:
        out += ["## Reflection", ""]
        for i, qa in enumerate(questions, 1):
            qa = as_dict(qa)
            answer = text_of(qa.get("answer")).strip()
            out += [f"### {i}. {_md(text_of(qa.get('question')))}", ""]
            out += ["> " + line for line in answer.splitlines()] if answer else ["*(no answer)*"]
            out.append("")
    if cites.items:
        out += ["## Citations", ""]
        titles = {text_of(as_dict(s).get("key")): text_of(as_dict(s).get("title")) for s in as_list(t.get("sources"))}
        for n, c in enumerate(cites.items, 1):
            note = f" ({c['note']})" if c["note"] else ""
            out.append(f"{n}. {_md(titles.get(c['source']) or c['source'])}: “{_md(c['quote'])}”{_md(note)}")
        out.append("")
    sources = as_list(t.get("sources"))
    if sources:
        out += ["## Sources", ""]
        for s in sources:
            s = as_dict(s)
            year = f", {text_of(s.get('year'))}" if s.get("year") else ""
            out.append(
                f"- **{_md(text_of(s.get('title')))}**, {_md(text_of(s.get('author')))}{year}. "
                f"*{_md(text_of(s.get('kind')))}.* {_md(text_of(s.get('reliability')))}"
            )
        out.append("")
    text = "\n".join(line.rstrip() for line in out).rstrip() + "\n"
    return printable(text, multiline=True)  # it is printed and pasted: nothing in it may steer a terminal


def _debrief_md(debrief: dict[str, Any], cites: Citations) -> list[str]:
    out: list[str] = []
    happened = as_list(debrief.get("what_happened"))
    if happened:
        out += ["## What really happened", ""]
        for s in happened:
            s = as_dict(s)
            out.append(f"- {_md(text_of(s.get('text')))} *({tag_label(s.get('tag'))})* {_refs(cites.numbers(s.get('cite')))}")
        out.append("")
    path = path_lines(debrief, cites)
    if path:
        out += ["## Your choices and history", ""]
        for p in path:
            line = f"- **{_md(p.title)}**: you chose “{_md(p.choice)}”" + (f" ({p.mark})" if p.mark else "")
            if p.left_here:
                line += " **Here your path left history.**"
            if p.history:
                line += f" History: {_md(p.history)} {_refs(p.refs)}"
            out.append(line)
        out.append("")
    disagree = as_list(debrief.get("disagree"))
    if disagree:
        out += ["## Where the sources disagree", ""]
        for d in disagree:
            d = as_dict(d)
            out += [f"### {_md(text_of(d.get('title')))}", "", f"{text_of(d.get('text'))} {_refs(cites.numbers(d.get('cite')))}", ""]
    historians = as_list(debrief.get("historians"))
    if historians:
        out += ["## Where historians disagree", ""]
        for d in map(as_dict, historians):
            out += [f"### {_md(text_of(d.get('title')))} *({tag_label(d.get('tag'))})*", "",
                    f"{text_of(d.get('text'))} {_refs(cites.numbers(d.get('cite')))}", ""]
    epilogue = as_list(debrief.get("epilogue"))
    if epilogue:
        out += ["## Afterwards", ""]
        for s in epilogue:
            s = as_dict(s)
            out.append(f"- {_md(text_of(s.get('text')))} *({tag_label(s.get('tag'))})* {_refs(cites.numbers(s.get('cite')))}")
        out.append("")
    return out
