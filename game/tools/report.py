"""The class report: every transcript in a folder, verified, as rows and a class summary.

Counting is done over the transcripts that verify as genuine, so a forged file
cannot move the class figures; every file still gets a row saying what it is.
Nothing here raises on a bad file: broken and foreign files become rows.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from game.story.model import Story
from game.story.text import read_as
from game.tools.transcript import (
    TranscriptError,
    as_dict,
    as_list,
    read_transcript,
    scenes_visited,
    text_of,
    word_count,
)
from game.tools.verify import verify_transcript

MAX_FILES = 2000
MIN_COPY_WORDS = 5  # an answer this long that two students share word for word is worth a look
COUNTED = ("genuine", "other version")


@dataclass
class Row:
    """One file of the folder: a student's transcript, or why it is not one."""

    file: str
    status: str  # genuine | not genuine | other version | unverified | broken | foreign
    detail: str = ""
    student: str = ""
    perspective: str = ""
    ending: str = ""
    ending_kind: str = ""
    scenes: int = 0
    played_seconds: int | None = None
    answer_words: list[int] = field(default_factory=list)
    transcript: dict[str, Any] | None = None

    @property
    def unanswered(self) -> int:
        return sum(1 for w in self.answer_words if w == 0)


@dataclass
class Option:
    text: str
    count: int
    historical: bool


@dataclass
class Decision:
    """A key decision (a scene that marks a historical option, ``Scene.is_key_decision``) and what the class chose."""

    scene: str
    title: str
    options: list[Option]

    @property
    def reached(self) -> int:
        return sum(o.count for o in self.options)

    @property
    def most(self) -> list[Option]:
        top = max((o.count for o in self.options), default=0)
        return [o for o in self.options if o.count == top and top > 0]

    @property
    def least(self) -> list[Option]:
        low = min((o.count for o in self.options), default=0)
        return [o for o in self.options if o.count == low] if len(self.most) < len(self.options) else []


@dataclass
class ClassReport:
    folder: str
    story: Story | None
    rows: list[Row]
    endings: list[tuple[str, str, int]]  # title, kind, count
    decisions: list[Decision]
    unanswered: list[tuple[str, int, int]]  # question, unanswered, asked

    def answers_by_question(self) -> list[tuple[str, list[tuple[Row, str]]]]:
        """Every readable transcript's answers, grouped by question, for the teacher to read and grade."""
        grouped: dict[str, list[tuple[Row, str]]] = {}
        for row in self.rows:
            if row.transcript is None:
                continue
            for qa in as_list(row.transcript.get("questions")):
                qa = as_dict(qa)
                grouped.setdefault(text_of(qa.get("question")), []).append((row, text_of(qa.get("answer")).strip()))
        return list(grouped.items())

    @property
    def counted(self) -> list[Row]:
        """The rows the summary counts: those whose recorded path replays exactly."""
        return [r for r in self.rows if r.status in COUNTED]


def read_row(path: str, shown: str, story: Story | None) -> Row:
    """A row for one file, whatever the file holds."""
    try:
        t = read_transcript(path)
    except TranscriptError as exc:
        message = str(exc)
        foreign = "not a Petrograd transcript" in message or (
            not shown.lower().endswith(".json") and ("not JSON" in message or "not UTF-8" in message)
        )
        return Row(shown, "foreign" if foreign else "broken", message)
    ending = as_dict(t.get("ending"))
    played = t.get("played_seconds")
    row = Row(
        shown,
        "unverified",
        "",
        text_of(t.get("student")),
        text_of(as_dict(t.get("perspective")).get("title") or as_dict(t.get("perspective")).get("id")),
        text_of(ending.get("title")) if ending else "",
        text_of(ending.get("kind")) if ending else "",
        scenes_visited(t),
        int(played) if isinstance(played, (int, float)) and not isinstance(played, bool) and played >= 0 else None,
        [word_count(as_dict(q).get("answer")) for q in as_list(t.get("questions"))],
        t,
    )
    if story is None:
        row.detail = "no story to verify against"
        return row
    try:
        verdict = verify_transcript(t, story)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:  # a shape verify did not expect
        row.status, row.detail = "not genuine", f"cannot be replayed ({type(exc).__name__})"
        return row
    row.status = "genuine" if verdict.genuine else "not genuine"
    row.detail = verdict.first
    if verdict.only_story_changed:
        row.status = "other version"
        row.detail = "made with another text of the story; " + verdict.notes[-1]
    return row


def list_files(folder: str) -> list[tuple[str, str]]:
    """(full path, name shown) of every visible file under ``folder``, sorted, at most MAX_FILES."""
    found: list[tuple[str, str]] = []
    for here, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            full = os.path.join(here, name)
            found.append((full, os.path.relpath(full, folder)))
            if len(found) >= MAX_FILES:
                return found
    return found


def build_report(folder: str, story: Story | None) -> ClassReport:
    rows = [read_row(full, shown, story) for full, shown in list_files(folder)]
    _mark_copies(rows)
    counted = [r for r in rows if r.status in COUNTED]
    endings = Counter((r.ending or "(not finished)", r.ending_kind) for r in counted)
    ending_list = [(title, kind, n) for (title, kind), n in endings.most_common()]
    if story is not None:  # and the endings no one reached, known by id (a title may read the game's state)
        reached = {as_dict(r.transcript.get("ending")).get("id") for r in counted if r.transcript is not None}
        ending_list += [(read_as(e.title_shown, e.title, story.variables), e.kind if story.has_history else "", 0)
                        for e in story.endings.values() if e.id not in reached]
    return ClassReport(folder, story, rows, ending_list, _decisions(story, counted), _unanswered(counted))


def _normalised(text: Any) -> str:
    return " ".join(text_of(text).lower().split())


def _mark_copies(rows: list[Row]) -> None:
    """Flag both students when an answer of one is word for word an answer of the other, to any question.

    Answers shorter than MIN_COPY_WORDS ("I don't know") are the same by chance
    too often to mean anything, so they are not compared one by one.
    """
    first_said: dict[str, tuple[Row, int]] = {}  # an answer -> the first row that gave it, and the question number
    whole: dict[tuple[str, ...], Row] = {}
    flagged: set[tuple[int, int]] = set()

    def flag(a: Row, b: Row, note_a: str, note_b: str) -> None:
        if (id(a), id(b)) in flagged:
            return
        flagged.update({(id(a), id(b)), (id(b), id(a))})
        for row, note in ((a, note_a), (b, note_b)):
            row.detail = f"{row.detail}; {note}" if row.detail else note

    for row in rows:
        if row.transcript is None:
            continue
        answers = tuple(_normalised(as_dict(q).get("answer")) for q in as_list(row.transcript.get("questions")))
        if not any(answers):
            continue
        if answers in whole:
            other = whole[answers]
            flag(row, other, f"same answers as {other.file}", f"same answers as {row.file}")
        whole.setdefault(answers, row)
        for number, answer in enumerate(answers, 1):
            if len(answer.split()) < MIN_COPY_WORDS:
                continue
            said = first_said.setdefault(answer, (row, number))
            other, other_number = said
            if other is not row:
                flag(
                    row, other,
                    f"answer {number} is word for word {other.file}'s answer {other_number}",
                    f"answer {other_number} is word for word {row.file}'s answer {number}",
                )


def _decisions(story: Story | None, counted: list[Row]) -> list[Decision]:
    if story is None:
        return []
    taken: dict[str, Counter[str]] = {}
    for row in counted:
        assert row.transcript is not None
        per_student: set[tuple[str, str]] = set()
        for step in as_list(row.transcript.get("steps")):
            step = as_dict(step)
            per_student.add((text_of(step.get("scene")), text_of(step.get("choice"))))
        for scene_id, choice in per_student:
            taken.setdefault(scene_id, Counter())[choice] += 1
    out = []
    for scene in story.scenes.values():
        if not scene.is_key_decision:
            continue
        if len(scene.choices) < 2 or scene.id not in taken:
            continue  # a scene with one way on, or that no student reached, has nothing to compare
        counts = taken[scene.id]
        options = [Option(read_as(c.shown, c.text, story.variables), counts.get(c.id, 0), c.historical) for c in scene.choices]
        out.append(Decision(scene.id, read_as(scene.title_shown, scene.title, story.variables), options))
    return out


def _unanswered(counted: list[Row]) -> list[tuple[str, int, int]]:
    asked: Counter[str] = Counter()
    empty: Counter[str] = Counter()
    for row in counted:
        assert row.transcript is not None
        for qa in as_list(row.transcript.get("questions")):
            question = text_of(as_dict(qa).get("question"))
            asked[question] += 1
            if word_count(as_dict(qa).get("answer")) == 0:
                empty[question] += 1
    return [(q, empty[q], asked[q]) for q in asked]
