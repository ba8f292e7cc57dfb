"""A teacher's assignment file: a few settings that fix how a game is played and handed in.

The file is small YAML read as safely as a story (composed, never constructed;
no aliases or tags). Unknown keys are errors with their position and a
"did you mean" hint, because a teacher's typo (``undo: flase``, ``perspectiv:``)
must not silently leave students free to undo.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from game.play.printable import printable
from game.story.errors import Pos, did_you_mean
from game.story.expr import MAX_INT

if TYPE_CHECKING:  # PyYAML is imported when a file is read: the static web build has none, and gets its
    import yaml  # assignment already read (game.webbuild)

    from game.play.options import PlayOptions
    from game.play.session import Session
    from game.story.model import Story
    from game.story.yamlnodes import SourceFile

KEYS = {
    "title": "shown on the transcript, e.g. \"English 9: The Night Shift\"",
    "class": "the class or group, e.g. 10B",
    "due": "the due date, YYYY-MM-DD",
    "story": "the story id this assignment is for (checked at start)",
    "perspective": "fix the perspective every student plays",
    "undo": "false turns undo off",
    "require_answers": "true: every reflection question must be answered before export",
    "min_words": "with require_answers: the fewest words an answer may have",
    "require_ending": "true (default): the game must reach an ending before export",
    "instructions": "a paragraph shown to the student at the start",
}


class AssignmentError(Exception):
    """An assignment file that cannot be used; the message is one line naming file and position."""


@dataclass(frozen=True)
class Assignment:
    path: str = ""
    title: str = ""
    class_name: str = ""
    due: str = ""
    story: str = ""
    perspective: str = ""
    undo: bool | None = None  # None: leave the player's setting alone
    require_answers: bool = False
    min_words: int = 0
    require_ending: bool = True
    instructions: str = ""

    def transcript_fields(self) -> dict[str, Any]:
        """What the transcript records about the assignment (and verify may compare)."""
        return {
            "title": self.title, "class": self.class_name, "due": self.due, "perspective": self.perspective,
            "undo": self.undo, "require_answers": self.require_answers, "min_words": self.min_words,
        }

    @property
    def heading(self) -> str:
        """'English 9: The Night Shift · class 9A · due 4 December 2026' (what the student sees)."""
        parts = [self.title or "Assignment"]
        if self.class_name:
            parts.append(f"class {self.class_name}")
        if self.due:
            parts.append(f"due {self.due}")
        return " · ".join(parts)

    def student_note(self) -> str:
        """One sentence for the debrief: whose assignment this is and what export needs."""
        text = f"Assignment: {self.heading}."
        if self.require_answers:
            words = f" (at least {self.min_words} words each)" if self.min_words else ""
            text += f" Answer every question{words} before you export the transcript."
        return text

    def briefing(self) -> str:
        """Markdown shown before the first scene of a new game: the heading and the teacher's instructions."""
        return "\n\n".join(p for p in (f"**Assignment: {self.heading}**", self.instructions.strip()) if p)

    def apply(self, options: PlayOptions) -> PlayOptions:
        """The play options with this assignment's settings forced on top of the player's."""
        changes: dict[str, Any] = {"assignment": self.path or options.assignment}
        if self.perspective:
            changes["perspective"] = self.perspective
        if self.undo is False:
            changes["undo"] = False
        return dataclasses.replace(options, **changes)

    def check_story(self, story: Story) -> str | None:
        """A one-line problem when this assignment cannot be played on ``story``, else None."""
        where = self.path or "assignment"
        if self.story and self.story != story.id:
            return f"{where}: the assignment is for story '{self.story}', but this story is '{story.id}'"
        if self.perspective and story.perspective(self.perspective) is None:
            known = ", ".join(p.id for p in story.perspectives) or "none"
            return f"{where}: no perspective '{self.perspective}' in '{story.id}' (it has: {known})"
        return None

    def export_problem(self, session: Session) -> str | None:
        """Why the transcript may not be exported yet (shown to the student), or None."""
        if self.require_ending and session.ending is None:
            return "This assignment asks you to reach an ending before you export the transcript."
        if not self.require_answers:
            return None
        for number, (_question, answer) in enumerate(session.answers(), 1):
            words = len(answer.split())
            if words == 0:
                return f"Answer every reflection question before exporting: question {number} has no answer yet."
            if words < self.min_words:
                return (
                    f"Question {number} needs at least {self.min_words} words "
                    f"(your answer has {words}); say a little more before exporting."
                )
        return None


def apply(options: PlayOptions) -> PlayOptions:
    """Load ``options.assignment`` (if any) and return the options it forces; AssignmentError if bad."""
    if not options.assignment:
        return options
    return load_assignment(options.assignment).apply(options)


def assignment_for(options: PlayOptions) -> Assignment | None:
    """The assignment ``options`` names, or None; AssignmentError when it cannot be used.

    Views call this at start-up and then play with ``assignment.apply(options)``.
    """
    return load_assignment(options.assignment) if options.assignment else None


def _readable(options: PlayOptions) -> Assignment | None:
    """The assignment for the screens that only describe it: one that cannot be read says nothing there."""
    try:
        return assignment_for(options)
    except AssignmentError:
        return None


def note_for(options: PlayOptions) -> str:
    """The assignment's sentence for the student, or '' (no assignment, or one that cannot be read)."""
    found = _readable(options)
    return found.student_note() if found else ""


def briefing_for(options: PlayOptions) -> str:
    """The assignment's briefing for a new game, or '' (no assignment, or one that cannot be read)."""
    found = _readable(options)
    return found.briefing() if found else ""


def load_for_command(path: str, command: str) -> Assignment | None:
    """For commands: the assignment, or None after printing its one-line error to stderr."""
    import sys

    try:
        return load_assignment(path)
    except AssignmentError as exc:
        print(f"petrograd {command}: {exc}", file=sys.stderr)
        return None


def load_assignment(path: str) -> Assignment:
    """Read an assignment file; AssignmentError with 'file:line:col: message (hint)' when it is wrong."""
    from game.story.yamlnodes import YamlProblem, check_node, read_file

    try:
        source, node = read_file(path, path)
        if node is None:
            raise AssignmentError(f"{path}:1:1: the assignment file is empty (write at least 'title: ...')")
        check_node(node, source, set())
    except YamlProblem as problem:
        hint = f" ({problem.hint})" if problem.hint else ""
        raise AssignmentError(f"{problem.pos}: {problem.message}{hint}") from None
    return _Reader(source, path).read(node)


class _Reader:
    def __init__(self, source: SourceFile, path: str):
        self.source = source
        self.path = path

    def fail(self, node: yaml.Node, message: str, hint: str = "") -> AssignmentError:
        pos: Pos = self.source.pos(node)
        return AssignmentError(f"{pos}: {message}" + (f" ({hint})" if hint else ""))

    def text(self, node: yaml.Node, key: str) -> str:
        import yaml

        if not isinstance(node, yaml.ScalarNode) or node.tag.endswith((":null", ":bool")):
            raise self.fail(node, f"'{key}' must be text", KEYS[key])
        return str(node.value).strip()

    def flag(self, node: yaml.Node, key: str) -> bool:
        from game.story.yamlnodes import bool_value, truth_hint  # PyYAML only when a file is read

        truth = bool_value(node)
        if truth is None:
            import yaml

            if not isinstance(node, yaml.ScalarNode):  # a list or mapping: say which, not the parser's objects
                shape = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
                raise self.fail(node, f"'{key}' must be true or false, not {shape}")
            value = printable(str(node.value))
            raise self.fail(node, f"'{key}' must be true or false, not '{value}'", truth_hint(value))
        return truth

    def count(self, node: yaml.Node, key: str) -> int:
        from game.story.yamlnodes import int_value

        number = int_value(node)
        if number is None or not 0 <= number <= MAX_INT:
            raise self.fail(node, f"'{key}' must be a whole number of 0 or more")
        return number

    def read(self, node: yaml.Node) -> Assignment:
        import yaml

        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, "an assignment is a mapping of keys", f"allowed keys: {', '.join(KEYS)}")
        values: dict[str, Any] = {"path": self.path}
        seen: set[str] = set()
        for key_node, value in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
            if key not in KEYS:
                hint = did_you_mean(key, list(KEYS)) or f"allowed keys: {', '.join(KEYS)}"
                raise self.fail(key_node, f"unknown key '{key}' in the assignment", hint)
            if key in seen:
                raise self.fail(key_node, f"'{key}' is given twice")
            seen.add(key)
            if key in ("undo", "require_answers", "require_ending"):
                values[key] = self.flag(value, key)
            elif key == "min_words":
                values[key] = self.count(value, key)
            elif key == "due":
                values[key] = self.due(value)
            else:
                values["class_name" if key == "class" else key] = self.text(value, key)
        if values.get("min_words") and not values.get("require_answers"):
            raise self.fail(node, "'min_words' needs 'require_answers: true'")
        return Assignment(**values)

    def due(self, node: yaml.Node) -> str:
        import yaml

        raw = self.text(node, "due") if not (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":timestamp")) \
            else str(node.value)
        try:
            day = _dt.date.fromisoformat(raw[:10]) if len(raw) >= 10 else _dt.date.fromisoformat(raw)
        except ValueError:
            raise self.fail(node, f"'due' must be a date written YYYY-MM-DD, not '{raw}'") from None
        return day.isoformat()
