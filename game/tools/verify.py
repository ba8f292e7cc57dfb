"""Verify a transcript by replaying its choices through the real Session.

What this proves: the recorded path is one the story allows, step by step, and
the ending, final variables and debrief are exactly the ones that path reaches
in this version of the story. What it cannot prove: who played, whether they
played it themselves, or how long they took (a student could replay a path
someone else found). Reflection answers are the student's own words and are
not checked, only carried.

Two verdicts are kept apart: ``genuine`` is about the path only (forgery);
``meets_assignment`` is about the teacher's rules (class, undo off, answers
long enough), judged from the transcript's own assignment block, which the
game writes and verify cannot prove was not edited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from game import __version__
from game.play.session import Session
from game.story.errors import PlayError
from game.story.model import Story
from game.tools.transcript import build_transcript, step_json, story_json, with_story_calendar

if TYPE_CHECKING:
    from game.tools.assignment import Assignment

CHECKED_GENUINE = (
    "What was checked: every recorded choice was open at its scene when it was taken, and the ending, "
    "final variables and debrief are the ones this path reaches in this version of the story. "
    "This shows the path is a real one; it cannot show who played it, or that they found the path themselves."
)
CHECKED_FORGED = (
    "What was checked: the recorded choices were replayed one by one on this version of the story, "
    "and the first thing that does not fit is named above."
)
CHECKED_OTHER_VERSION = (
    "What was checked: the transcript names another text of the story, so it can only be confirmed "
    "against the version the student played."
)


@dataclass
class Verdict:
    """The outcome: ``problems`` is empty for a genuine transcript; the first problem is the first misfit."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rule_problems: list[str] = field(default_factory=list)  # the assignment's rules broken (not forgery)
    assignment_checked: bool = False
    steps_checked: int = 0
    story_changed: bool = False  # the story's content hash differs from the transcript's

    @property
    def only_story_changed(self) -> bool:
        """Nothing is wrong but the version: the path replays identically on this text of the story."""
        return self.story_changed and len(self.problems) == 1

    @property
    def genuine(self) -> bool:
        return not self.problems

    @property
    def first(self) -> str:
        return self.problems[0] if self.problems else ""

    @property
    def meets_assignment(self) -> bool:
        """The assignment's rules hold (True when no assignment was given)."""
        return not self.rule_problems

    @property
    def checked_text(self) -> str:
        """What the path verdict rests on, in plain words; the 'real path' sentence only for a genuine one."""
        if self.genuine:
            return CHECKED_GENUINE
        return CHECKED_OTHER_VERSION if self.only_story_changed else CHECKED_FORGED


def _short(value: Any, width: int = 60) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _first_difference(path: str, said: Any, real: Any) -> str | None:
    """Where two JSON values first differ, as 'path: transcript says X, the story gives Y'."""
    if isinstance(said, dict) and isinstance(real, dict):
        for key in real:
            where = f"{path}.{key}" if path else str(key)
            if key not in said:
                return f"{where} is missing"
            found = _first_difference(where, said[key], real[key])
            if found:
                return found
        extra = [k for k in said if k not in real]
        if not extra:
            return None
        where = f"{path}.{extra[0]}" if path else str(extra[0])
        return f"{where} is not something this path gives"
    if isinstance(said, list) and isinstance(real, list):
        for i, (a, b) in enumerate(zip(said, real)):
            found = _first_difference(f"{path}[{i + 1}]", a, b)
            if found:
                return found
        if len(said) != len(real):
            return f"{path} has {len(said)} entries; this path gives {len(real)}"
        return None
    if said != real or type(said) is not type(real):
        return f"{path}: the transcript says “{_short(said)}”, this path gives “{_short(real)}”"
    return None


def verify_transcript(data: dict[str, Any], story: Story, assignment: Assignment | None = None) -> Verdict:
    """Replay ``data`` (a shape-checked transcript) on ``story`` and report every misfit, first one first."""
    verdict = Verdict()
    if assignment is not None:
        verdict.assignment_checked = True
        verdict.rule_problems.extend(assignment_problems(data, assignment))
    problems = verdict.problems
    said_story = with_story_calendar(data, story).get("story", {})  # one written before calendars names none
    if said_story.get("id") != story.id:
        problems.append(
            f"the transcript is for story '{_short(said_story.get('id'))}', not '{story.id}' "
            "(pass that story's folder)"
        )
        return verdict
    if said_story.get("content_hash") != story.content_hash:
        verdict.story_changed = True
        problems.append(
            f"the transcript was made with a different text of the story (content hash "
            f"{_short(said_story.get('content_hash'))}, this story has {story.content_hash}); "
            "verify it against the version the student played"
        )
    else:
        found = _first_difference("story", said_story, story_json(story))
        if found:
            problems.append(f"the story's details were edited: {found}")
    if data.get("engine") != __version__:
        verdict.notes.append(f"made with engine version {_short(data.get('engine'))}")

    session = _start(data, story, problems)
    if session is None:
        return verdict
    if not _replay(data["steps"], session, verdict):
        return verdict

    real = build_transcript(session)
    for key in ("at", "ending", "final_vars", "debrief", "sources", "perspective"):
        found = _first_difference(key, data.get(key), real[key])
        if found:
            problems.append(f"after the last step: {found}")
            break
    said_q = [qa["question"] for qa in data["questions"]]
    real_q = [qa["question"] for qa in real["questions"]]
    if said_q != real_q and not problems:
        problems.append(
            "the reflection questions are not the ones this ending asks "
            f"(transcript has {len(said_q)}, the ending asks {len(real_q)})"
        )
    if verdict.only_story_changed:
        verdict.notes.append(
            "every recorded step, the ending and the debrief do replay identically on this version of the story"
        )
    return verdict


def _start(data: dict[str, Any], story: Story, problems: list[str]) -> Session | None:
    said = data.get("perspective")
    perspective = said.get("id") if isinstance(said, dict) else None
    seed = data.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool):
        problems.append("the transcript's seed is not a number")
        return None
    student = data.get("student")
    player = student if isinstance(student, str) else ""
    try:
        return Session(story, perspective=perspective, seed=seed, player=player)
    except PlayError as exc:
        problems.append(f"the game cannot start as recorded: {exc}")
        return None


def _replay(steps: list[dict[str, Any]], session: Session, verdict: Verdict) -> bool:
    """Take each recorded choice in turn; stop at the first one that does not fit."""
    for number, step in enumerate(steps, 1):
        where = session.node
        if step["scene"] != where.id:
            verdict.problems.append(
                f"step {number}: the transcript is in scene '{_short(step['scene'])}', but the path so far "
                f"leads to '{where.id}' (“{where.title}”): a scene was skipped, added or moved"
            )
            return False
        try:
            session.choose(step["choice"])
        except PlayError as exc:
            verdict.problems.append(f"step {number} (“{where.title}”): the recorded choice could not be taken: {exc}")
            return False
        found = _first_difference("", step, step_json(session.journal()[-1]))
        if found:
            verdict.problems.append(f"step {number} (“{where.title}”) was edited: {found}")
            return False
        verdict.steps_checked = number
    return True


def assignment_problems(data: dict[str, Any], assignment: Assignment) -> list[str]:
    """Every rule of ``assignment`` the transcript breaks, in the order a teacher reads them.

    The class and the undo setting come from the transcript's own assignment
    block, which the game writes when it is started with the teacher's file:
    a transcript without one was not played under the assignment at all.
    """
    out: list[str] = []
    block = data.get("assignment")
    if not isinstance(block, dict):
        out.append(
            "the game was not played under an assignment (the transcript's \"assignment\" is empty)"
            + (", so undo was not turned off" if assignment.undo is False else "")
        )
        block = {}
    else:
        said_class = block.get("class")
        if assignment.class_name and said_class != assignment.class_name:
            out.append(f"the transcript was made for class '{_short(said_class)}', the assignment is for class '{assignment.class_name}'")
        if assignment.undo is False and block.get("undo") is not False:
            out.append(f"the game was played with undo allowed (its assignment block says undo: {_json_word(block.get('undo'))}), and the assignment turns undo off")
    said = data.get("perspective")
    perspective = said.get("id") if isinstance(said, dict) else None
    if assignment.perspective and perspective != assignment.perspective:
        out.append(f"the assignment fixes the perspective '{assignment.perspective}', the transcript has '{_short(perspective)}'")
    if assignment.require_answers:
        for number, qa in enumerate(data["questions"], 1):
            words = len(qa["answer"].split())
            if words == 0:
                out.append(f"question {number} has no answer, and the assignment asks for an answer to every question")
                break
            if words < assignment.min_words:
                out.append(f"question {number} has {words} words, and the assignment asks for at least {assignment.min_words}")
                break
    if assignment.require_ending and data.get("ending") is None:
        out.append("the assignment asks for an ending, and this game did not reach one")
    return out


def _json_word(value: Any) -> str:
    """A value as the JSON file spells it (true, null), for messages about a file's fields."""
    if value is None or isinstance(value, bool):
        return "null" if value is None else str(value).lower()
    return _short(value)


def assignment_summary(assignment: Assignment) -> str:
    """What meeting the assignment meant, in plain words: 'class 10B, undo off, every question answered (20+ words)'."""
    parts = []
    if assignment.class_name:
        parts.append(f"class {assignment.class_name}")
    if assignment.undo is False:
        parts.append("undo off")
    if assignment.perspective:
        parts.append(f"perspective {assignment.perspective}")
    if assignment.require_answers:
        parts.append("every question answered" + (f" in at least {assignment.min_words} words" if assignment.min_words else ""))
    if assignment.require_ending:
        parts.append("an ending reached")
    return ", ".join(["played under it", *parts])
