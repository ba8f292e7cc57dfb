"""A transcript as one printable, self-contained HTML page that reads well on a phone.

The page is ``templates/transcript.html`` (Jinja2, autoescaped); this module
only reads the transcript's fields defensively into plain values for it.
"""

from __future__ import annotations

from typing import Any

from game.tools.html import page
from game.tools.transcript import as_dict, as_list, date_text, text_of
from game.tools.transcript_markdown import Citations, facts, path_lines, tag_label


def _statements(items: Any, cites: Citations) -> list[dict[str, Any]]:
    return [
        {"text": text_of(s.get("text")), "tag": tag_label(s.get("tag")), "refs": cites.numbers(s.get("cite"))}
        for s in map(as_dict, as_list(items))
    ]


def render_html(t: dict[str, Any]) -> str:
    """The whole transcript as a self-contained HTML page (every value escaped by the template)."""
    cites = Citations()
    story = as_dict(t.get("story"))
    heading = f"{text_of(story.get('title'), 'Story')}: transcript"
    student = text_of(t.get("student"))
    ending = as_dict(t.get("ending"))
    debrief = as_dict(t.get("debrief"))
    context: dict[str, Any] = {
        "title": heading + (f" · {student}" if student else ""),
        "wide": False,
        "heading": heading,
        "student": student,
        "facts": facts(t),
        "steps": [
            {
                "title": text_of(step.get("title")), "when": date_text(step.get("date"), story.get("calendar")),
                "choice": text_of(step.get("choice_text") or step.get("choice")),
            }
            for step in map(as_dict, as_list(t.get("steps")))
        ],
        "ending": {
            "title": text_of(ending.get("title")), "when": date_text(ending.get("date"), story.get("calendar")), "text": text_of(ending.get("text")),
        } if ending else None,
        # The debrief in reading order, so citations are numbered as the page shows them.
        "happened": _statements(debrief.get("what_happened"), cites),
        "path": path_lines(debrief, cites),
        "disagree": [
            {"title": text_of(d.get("title")), "text": text_of(d.get("text")), "refs": cites.numbers(d.get("cite"))}
            for d in map(as_dict, as_list(debrief.get("disagree")))
        ],
        "historians": [
            {"title": text_of(d.get("title")), "text": text_of(d.get("text")), "tag": tag_label(d.get("tag")),
             "refs": cites.numbers(d.get("cite"))}
            for d in map(as_dict, as_list(debrief.get("historians")))
        ],
        "epilogue": _statements(debrief.get("epilogue"), cites),
        "questions": [
            {
                "question": text_of(qa.get("question")),
                "paragraphs": [" ".join(p.split()) for p in text_of(qa.get("answer")).strip().split("\n\n") if p.strip()],
            }
            for qa in map(as_dict, as_list(t.get("questions")))
        ],
        "engine": text_of(t.get("engine")),
    }
    sources = [as_dict(s) for s in as_list(t.get("sources"))]
    titles = {text_of(s.get("key")): text_of(s.get("title")) for s in sources}
    context["citations"] = [
        {"title": titles.get(c["source"]) or c["source"], "quote": c["quote"], "note": c["note"]} for c in cites.items
    ]
    context["sources"] = [
        {
            "title": text_of(s.get("title")), "author": text_of(s.get("author")),
            "year": text_of(s.get("year")) if s.get("year") else "", "kind": text_of(s.get("kind")),
            "reliability": text_of(s.get("reliability")),
        }
        for s in sources
    ]
    return page("transcript.html", **context)
