"""Transcripts: a finished (or paused) game as a record a student hands in.

``build_transcript`` turns a Session into a plain dict (the JSON form); that
dict is what ``verify`` replays and ``class-report`` reads, and what the
Markdown and HTML renderers print. A transcript is untrusted data once it
leaves the game, so ``read_transcript`` checks its shape before anyone uses it.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import TYPE_CHECKING, Any

from game import __version__
from game.play.atomic import FileProblem, read_capped
from game.play.printable import brief, json_for_terminal, printable
from game.play.untrusted_json import JSONProblem, decode, decode_text
from game.story.calendar import Calendar, StoryDate
from game.story.model import Citation, Story

if TYPE_CHECKING:
    from game.play.session import JournalEntry, RenderedStatement, Session
    from game.tools.assignment import Assignment

KIND = "petrograd-transcript"
FORMAT = 1
MAX_TRANSCRIPT_BYTES = 2 * 1024 * 1024
_GLOSSARY_LINK = re.compile(r"\[([^\]]*)\]\(glossary:[^)]*\)")


class TranscriptError(Exception):
    """A file that is not a readable transcript (broken JSON, foreign file, wrong shape).

    ``str()`` is the reason, led by 'line L, column C: ' where the JSON gives a
    position; ``at(path)`` is the one-line error a command prints.
    """

    def __init__(self, reason: str, line: int = 0, column: int = 0, foreign: bool = False):
        super().__init__(f"line {line}, column {column}: {reason}" if line else reason)
        self.reason = reason
        self.line = line
        self.column = column
        self.foreign = foreign  # readable JSON that is not a transcript at all (a save, a witness, ...)

    def at(self, path: str) -> str:
        """'path:line:column: reason' (or 'path: reason' without a position), with the path made printable."""
        where = printable(path) + (f":{self.line}:{self.column}" if self.line else "")
        return f"{where}: {self.reason}"


def plain_text(markdown: str) -> str:
    """Rendered text without glossary link addresses: ``[Soviet](glossary:soviet)`` -> ``Soviet``."""
    return _GLOSSARY_LINK.sub(r"\1", markdown).strip()


def _date(date: StoryDate | None) -> str | None:
    return date.iso() if date else None


def _cites(cites: tuple[Citation, ...]) -> list[dict[str, str]]:
    return [{"source": c.source, "quote": c.quote, "note": c.note} for c in cites]


def _statement(s: RenderedStatement) -> dict[str, Any]:
    return {"text": plain_text(s.text), "tag": s.tag, "cite": _cites(s.cite)}


def debrief_json(session: Session) -> dict[str, Any] | None:
    """The debrief this session's path reaches, in transcript form (None before an ending)."""
    view = session.debrief()
    if view is None:
        return None
    return {
        "what_happened": [_statement(s) for s in view.what_happened],
        "path": [
            {
                "scene": p.scene,
                "title": p.title,
                "date": _date(p.date),
                "choice_text": p.choice_text,
                "historical": p.historical,
                "history": _statement(p.history) if p.history else None,
            }
            for p in view.path
        ],
        "left_history_at": view.left_history_at,
        "disagree": [{"title": d.title, "text": plain_text(d.text), "cite": _cites(d.cite)} for d in view.disagree],
        "epilogue": [_statement(s) for s in view.epilogue],
        # only when there are some: a story without them writes (and verifies) transcripts exactly as before
        **({"historians": [
            {"title": d.title, "text": plain_text(d.text), "tag": d.tag, "cite": _cites(d.cite)} for d in view.historians
        ]} if view.historians else {}),
    }


def step_json(entry: JournalEntry) -> dict[str, Any]:
    """One step of the path as the transcript records it (and verify expects it)."""
    return {
        "scene": entry.scene, "title": entry.title, "date": _date(entry.date),
        "choice": entry.choice, "choice_text": entry.choice_text,
    }


def _sources(story: Story, debrief: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The sources the debrief cites, in the order first cited."""
    keys: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if "source" in value and "quote" in value and value["source"] not in keys:
                keys.append(value["source"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(debrief)
    out = []
    for key in keys:
        src = story.sources.get(key)
        if src is not None:
            out.append({
                "key": key, "title": src.title, "author": src.author, "kind": src.kind,
                "year": src.year, "reliability": src.reliability,
            })
    return out


def story_json(story: Story) -> dict[str, Any]:
    """What a transcript says of its story (verify expects exactly this)."""
    return {
        "id": story.id, "title": story.title, "version": story.version, "content_hash": story.content_hash,
        "calendar": story.calendar.spec(),
    }


def build_transcript(
    session: Session,
    played_seconds: float = 0,
    assignment: Assignment | None = None,
    exported: _dt.datetime | None = None,
) -> dict[str, Any]:
    """The JSON form of a game: everything a teacher reads, and everything verify replays."""
    story = session.story
    state = session.state
    perspective = story.perspective(state.perspective)
    ending = session.ending
    node = session.node
    debrief = debrief_json(session)
    when = exported or _dt.datetime.now(_dt.timezone.utc)
    return {
        "kind": KIND,
        "format": FORMAT,
        "engine": __version__,
        "exported": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "story": story_json(story),
        "assignment": assignment.transcript_fields() if assignment else None,
        "student": state.player,
        "perspective": {"id": perspective.id, "title": perspective.title} if perspective else None,
        "seed": state.seed,
        "played_seconds": max(0, int(played_seconds)),
        "steps": [step_json(e) for e in session.journal()],
        "at": {"scene": node.id, "title": session.title},
        "ending": {
            "id": ending.id, "title": session.title, "kind": ending.kind if story.has_history else "", "date": _date(ending.date),
            "text": plain_text(session.render(ending.text)),
        } if ending else None,
        "final_vars": {k: v for k, v in sorted(state.vars.items())},
        "debrief": debrief,
        "questions": [{"question": q, "answer": a} for q, a in session.answers()],
        "sources": _sources(story, debrief),
    }


def to_json_text(transcript: dict[str, Any]) -> str:
    """Indented JSON, non-ASCII kept, with the characters that could steer a terminal written as \\u escapes."""
    return json_for_terminal(transcript) + "\n"


# --- reading untrusted transcripts -------------------------------------------------

_REQUIRED: dict[str, type | tuple[type, ...]] = {
    "story": dict,
    "steps": list,
    "questions": list,
    "final_vars": dict,
    "at": dict,
}


def parse_transcript(text: str) -> dict[str, Any]:
    """Check a transcript's outer shape; raise TranscriptError saying what is wrong."""
    try:
        data = decode_text(text)
    except JSONProblem as exc:
        raise TranscriptError(exc.reason, exc.line, exc.column) from None
    return _checked(data)


def _checked(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise TranscriptError("not a Petrograd transcript (no \"kind\": \"petrograd-transcript\")", foreign=True)
    if data.get("format") != FORMAT:
        raise TranscriptError(f"transcript format {brief(data.get('format'))} is not one this version reads ({FORMAT})")
    for key, kind in _REQUIRED.items():
        if not isinstance(data.get(key), kind):
            raise TranscriptError(f"the transcript's \"{key}\" is missing or has the wrong type")
    for i, step in enumerate(data["steps"], 1):
        if not (isinstance(step, dict) and isinstance(step.get("scene"), str) and isinstance(step.get("choice"), str)):
            raise TranscriptError(f"step {i} is not a {{scene, choice}} record")
    for i, qa in enumerate(data["questions"], 1):
        if not (isinstance(qa, dict) and isinstance(qa.get("question"), str) and isinstance(qa.get("answer"), str)):
            raise TranscriptError(f"question {i} is not a {{question, answer}} record")
    return data


def read_transcript(path: str) -> dict[str, Any]:
    """Read and shape-check a transcript file; TranscriptError on anything unreadable."""
    try:
        raw = read_capped(path, MAX_TRANSCRIPT_BYTES)
    except FileProblem as exc:
        raise TranscriptError(f"cannot read the file: {exc.reason}") from None
    try:
        data = decode(raw)
    except JSONProblem as exc:
        raise TranscriptError(exc.reason, exc.line, exc.column) from None
    return _checked(data)


# --- small readers the renderers and the class report share -------------------------


def text_of(value: Any, default: str = "") -> str:
    """A field as text, whatever a hand-edited file put there."""
    if value is None:
        return default
    return value if isinstance(value, str) else str(value)


def played_minutes(seconds: float) -> int:
    """Whole minutes played, counted as a clock does (3 min 50 s is 3 min): the one rounding the
    transcript, the class report and its CSV share, so the same game never reads 3 in one and 4 in another."""
    return int(seconds) // 60


def played_text(seconds: Any) -> str:
    """'1 h 05 min', '12 min', '40 s' from a number of seconds."""
    if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or seconds < 0:
        return "unknown"
    total = int(seconds)
    if total < 60:
        return f"{total} s"
    hours, minutes = divmod(played_minutes(total), 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def date_text(iso: Any, calendar: Any = None) -> str:
    """A stored ISO date as the story shows it, in the calendar the transcript names
    ('24 October 1917 (O.S.) · 6 November (N.S.)' in a Julian one); '' when absent, as stored when odd."""
    if not isinstance(iso, str):
        return ""
    try:
        return Calendar.from_spec(calendar).parse(iso).both()
    except (ValueError, OverflowError):
        return iso


def names_no_calendar(data: dict[str, Any]) -> bool:
    """A transcript written before stories declared their calendar: its dates need the story's."""
    return "calendar" not in as_dict(data.get("story"))


def with_story_calendar(data: dict[str, Any], story: Story) -> dict[str, Any]:
    """``data`` with the calendar of ``story`` when it names none and is a transcript of that story
    (the same id), so an old Petrograd transcript keeps its O.S./N.S. pair; else ``data`` as it is."""
    said = as_dict(data.get("story"))
    if not names_no_calendar(data) or said.get("id") != story.id:
        return data
    return {**data, "story": {**said, "calendar": story.calendar.spec()}}


def as_dict(value: Any) -> dict[str, Any]:
    """A field that should be a mapping, or {} when a hand-edited file put something else there."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def scenes_visited(t: dict[str, Any]) -> int:
    """Distinct scenes the game passed through, the last one included."""
    seen = {text_of(as_dict(s).get("scene")) for s in as_list(t.get("steps"))}
    at = as_dict(t.get("at")).get("scene")
    if isinstance(at, str):
        seen.add(at)
    return len(seen)


def word_count(text: Any) -> int:
    return len(text.split()) if isinstance(text, str) else 0
