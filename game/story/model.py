"""The story as authored: frozen dataclasses, built once by the loader, never changed.

Everything a view or tool needs to know about the *story* is here; everything
about one *game* lives in ``game.play.state``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Union

from game.story.errors import NOWHERE, Pos
from game.story.expr import Assign, Compiled, Node, Value, VarType

TAGS = ("documented", "general", "invented", "counterfactual")
TAG_LABELS = {
    "documented": "Documented",
    "general": "General knowledge",
    "invented": "Invented for the story",
    "counterfactual": "Counterfactual: this did not happen",
}
ENDING_KINDS = ("historical", "counterfactual")


@dataclass(frozen=True)
class StoryDate:
    """A date as the story gives it: Old Style (Julian) until Russia switched in February 1918.

    A date may be only a year (``month`` and ``day`` 0) or a year and month
    (``day`` 0), for what the sources date no closer; such a date is shown as
    written, with no calendar conversion, since it claims no particular day.
    """

    year: int
    month: int
    day: int

    @property
    def precise(self) -> bool:
        """True for a full year-month-day date."""
        return self.month > 0 and self.day > 0

    @property
    def is_old_style(self) -> bool:
        # 31 January 1918 (O.S.) was followed by 14 February 1918 (N.S.).
        return (self.year, self.month, self.day) < (1918, 2, 1)

    def gap_days(self) -> int:
        """Days between the Julian and Gregorian calendars on this (Julian) date."""
        y, m = self.year, self.month
        if m <= 2:  # the gap grows on the Julian 29 February of a century year
            y -= 1
        return y // 100 - y // 400 - 2

    def new_style(self) -> _dt.date:
        """The Gregorian date; the same date when it is already New Style (the first day of a partial date)."""
        month, day = self.month or 1, self.day or 1
        if not self.is_old_style:
            return _dt.date(self.year, month, day)
        # A Julian date may not exist in the Gregorian calendar (29 Feb 1900): count days.
        base = _dt.date(self.year, month, 1) + _dt.timedelta(days=day - 1)
        return base + _dt.timedelta(days=self.gap_days())

    def old_text(self) -> str:
        if not self.month:
            return str(self.year)
        if not self.day:
            return f"{_MONTHS[self.month - 1]} {self.year}"
        return f"{self.day} {_MONTHS[self.month - 1]} {self.year}"

    def both(self) -> str:
        """'24 October 1917 (O.S.) · 6 November (N.S.)', or one date after the switch, or a partial date as written."""
        if not self.precise:
            return self.old_text()
        if not self.is_old_style:
            return f"{self.old_text()} (N.S.)"
        ns = self.new_style()
        tail = f"{ns.day} {_MONTHS[ns.month - 1]}" + (f" {ns.year}" if ns.year != self.year else "")
        return f"{self.old_text()} (O.S.) · {tail} (N.S.)"

    def iso(self) -> str:
        """'1917-10-25', or '1918-03' and '2001' for partial dates (as they are written)."""
        if not self.month:
            return f"{self.year:04d}"
        if not self.day:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def parse(cls, text: str) -> StoryDate:
        """The date ``iso()`` wrote; ValueError for anything else."""
        parts = [int(x) for x in text.split("-")]
        if not 1 <= len(parts) <= 3:
            raise ValueError(text)
        parts += [0] * (3 - len(parts))
        return cls(parts[0], parts[1], parts[2])


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


@dataclass(frozen=True)
class Condition:
    """An ``if:`` expression: its source, its AST and the test compiled once at load.

    The test is made from the AST, so it takes no part in equality or repr.
    """

    source: str
    node: Node
    test: Compiled = field(compare=False, repr=False)
    pos: Pos = NOWHERE


@dataclass(frozen=True)
class Effects:
    """A ``set:`` block: its assignments, each value compiled once at load."""

    source: str
    assigns: tuple[Assign, ...]
    pos: Pos = NOWHERE
    # each assignment's value, compiled once at load from the AST (so not compared)
    values: tuple[Compiled, ...] = field(default=(), compare=False, repr=False)


# --- text templates (built by game.story.text) ---------------------------


@dataclass(frozen=True)
class Literal:
    """Plain text of a template."""

    text: str


@dataclass(frozen=True)
class Interp:
    """``{name}`` in a template: a variable's value."""

    name: str
    pos: Pos = NOWHERE


@dataclass(frozen=True)
class Link:
    """``[[term]]`` or ``[[term|shown]]`` in a template: a glossary link."""

    key: str  # the glossary entry's key (lower-case term or name)
    shown: str
    pos: Pos = NOWHERE


@dataclass(frozen=True)
class Branch:
    """``{if ...}...{else}...{end}`` in a template."""

    condition: Condition
    then: tuple[Part, ...]
    otherwise: tuple[Part, ...]


Part = Union[Literal, Interp, Link, Branch]


@dataclass(frozen=True)
class Template:
    """Scene text: its source and the parts it renders from."""

    source: str
    parts: tuple[Part, ...]
    pos: Pos = NOWHERE


# --- the story ------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """A source key, the quote it supports and an optional note."""

    source: str
    quote: str
    note: str = ""
    pos: Pos = NOWHERE


@dataclass(frozen=True)
class Statement:
    """A historical statement with its tag and citations."""

    text: Template
    tag: str
    cite: tuple[Citation, ...] = ()
    condition: Condition | None = None  # epilogue entries only
    pos: Pos = NOWHERE


@dataclass(frozen=True)
class Disagreement:
    """A titled note of a debrief: where the sources disagree, or (``historians:``) where historians do.

    ``tag`` is empty for a sources note (its citations are its evidence); a
    historians note says whether it is documented or general knowledge.
    """

    title: str
    text: Template
    cite: tuple[Citation, ...] = ()
    pos: Pos = NOWHERE
    tag: str = ""


@dataclass(frozen=True)
class Debrief:
    """What an ending tells afterwards: what happened, disagreements, epilogue, questions.

    ``historians`` holds the open questions of interpretation, apart from
    ``disagree`` (what the story's own sources say against each other).
    """

    what_happened: tuple[Statement, ...] = ()
    disagree: tuple[Disagreement, ...] = ()
    epilogue: tuple[Statement, ...] = ()
    questions: tuple[str, ...] = ()
    pos: Pos = NOWHERE
    historians: tuple[Disagreement, ...] = ()

    def citations(self) -> list[Citation]:
        out: list[Citation] = []
        for statement in (*self.what_happened, *self.epilogue):
            out.extend(statement.cite)
        for note in (*self.disagree, *self.historians):
            out.extend(note.cite)
        return out


@dataclass(frozen=True)
class Choice:
    """One choice of a scene: its text, target, condition and effects."""

    id: str
    text: str
    target: str
    condition: Condition | None = None
    reason: str = ""
    show_disabled: bool = False
    effects: Effects | None = None
    once: bool = False
    historical: bool = False
    explicit_id: bool = False
    pos: Pos = NOWHERE
    target_pos: Pos = NOWHERE


@dataclass(frozen=True)
class Scene:
    """A scene the player reads and chooses from."""

    id: str
    title: str
    text: Template
    act: str = ""
    place: str = ""
    date: StoryDate | None = None
    perspectives: tuple[str, ...] = ()
    history: Statement | None = None
    on_enter: Effects | None = None
    choices: tuple[Choice, ...] = ()
    personal: bool = False  # the choice is the character's own: history took none of its options
    pos: Pos = NOWHERE

    @property
    def is_ending(self) -> bool:
        return False

    @property
    def is_key_decision(self) -> bool:
        """A key decision is a scene that marks the option history took (``historical: true``).

        The one rule for the debrief's path, the class report and ``check``: a ``history:``
        note alone describes the setting and does not make a scene a decision.
        """
        return any(c.historical for c in self.choices)


@dataclass(frozen=True)
class Ending:
    """A scene that ends the game, with its kind and debrief."""

    id: str
    title: str
    text: Template
    kind: str = "historical"
    summary: str = ""
    act: str = ""
    place: str = ""
    date: StoryDate | None = None
    perspectives: tuple[str, ...] = ()
    debrief: Debrief | None = None
    pos: Pos = NOWHERE

    @property
    def is_ending(self) -> bool:
        return True

    @property
    def choices(self) -> tuple[Choice, ...]:
        return ()

    @property
    def history(self) -> Statement | None:
        return None

    @property
    def is_key_decision(self) -> bool:
        return False

    @property
    def on_enter(self) -> Effects | None:
        return None


@dataclass(frozen=True)
class Variable:
    """A story variable: its type, default, bounds and how it is shown."""

    name: str
    type: VarType
    default: Value
    minimum: int | None = None
    maximum: int | None = None
    label: str = ""
    visible: bool = False
    description: str = ""
    pos: Pos = NOWHERE

    @property
    def display_label(self) -> str:
        return self.label or self.name.replace("_", " ").capitalize()

    def clamp(self, value: Value) -> Value:
        if isinstance(value, bool) or not isinstance(value, int):
            return value
        if self.minimum is not None and value < self.minimum:
            return self.minimum
        if self.maximum is not None and value > self.maximum:
            return self.maximum
        return value


@dataclass(frozen=True)
class Perspective:
    """A character to play, with its own start and starting effects."""

    id: str
    title: str
    description: str = ""
    start: str = ""
    effects: Effects | None = None
    pos: Pos = NOWHERE
    start_pos: Pos = NOWHERE  # where ``start:`` is written


@dataclass(frozen=True)
class Act:
    """A part of the story that scenes name."""

    id: str
    title: str
    summary: str = ""
    pos: Pos = NOWHERE


@dataclass(frozen=True)
class Source:
    """A bibliography entry that citations name by key."""

    key: str
    title: str
    author: str = ""
    kind: str = ""
    year: int | None = None
    file: str = ""
    reliability: str = ""
    pos: Pos = NOWHERE


@dataclass(frozen=True)
class Term:
    """A glossary entry: a term, or a person (with role and later fate)."""

    key: str
    name: str
    text: str
    kind: str = "term"  # "term" | "person"
    aliases: tuple[str, ...] = ()
    role: str = ""
    later: str = ""
    tag: str = ""
    cite: tuple[Citation, ...] = ()
    pos: Pos = NOWHERE


@dataclass(frozen=True)
class TimelineEvent:
    """A dated event of the story's timeline."""

    date: StoryDate
    event: str
    tag: str = "general"
    cite: tuple[Citation, ...] = ()
    pos: Pos = NOWHERE


@dataclass(frozen=True)
class Story:
    """The whole story: metadata, variables, scenes, endings and reference material."""

    id: str
    title: str
    start: str
    subtitle: str = ""
    version: int = 1
    undo: bool = True
    primer: str = ""
    perspectives: tuple[Perspective, ...] = ()
    variables: Mapping[str, Variable] = field(default_factory=lambda: MappingProxyType({}))
    acts: tuple[Act, ...] = ()
    scenes: Mapping[str, Scene] = field(default_factory=lambda: MappingProxyType({}))
    endings: Mapping[str, Ending] = field(default_factory=lambda: MappingProxyType({}))
    sources: Mapping[str, Source] = field(default_factory=lambda: MappingProxyType({}))
    glossary: Mapping[str, Term] = field(default_factory=lambda: MappingProxyType({}))
    lookup: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    timeline: tuple[TimelineEvent, ...] = ()
    renamed_scenes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    renamed_variables: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    root: str = ""
    files: tuple[str, ...] = ()
    content_hash: str = ""
    pos: Pos = NOWHERE
    start_pos: Pos = NOWHERE  # where ``start:`` is written

    def nodes(self) -> list[Scene | Ending]:
        """Every scene, then every ending, in load order."""
        return [*self.scenes.values(), *self.endings.values()]

    def node(self, node_id: str) -> Scene | Ending | None:
        return self.scenes.get(node_id) or self.endings.get(node_id)

    def perspective(self, perspective_id: str | None) -> Perspective | None:
        for p in self.perspectives:
            if p.id == perspective_id:
                return p
        return None

    def start_for(self, perspective_id: str | None) -> str:
        found = self.perspective(perspective_id)
        return found.start if found and found.start else self.start

    def term(self, name: str) -> Term | None:
        key = self.lookup.get(name.strip().lower())
        return self.glossary.get(key) if key else None

    def act(self, act_id: str) -> Act | None:
        for act in self.acts:
            if act.id == act_id:
                return act
        return None
