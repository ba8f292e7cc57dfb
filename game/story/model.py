"""The story as authored: frozen dataclasses, built once by the loader, never changed.

Everything a view or tool needs to know about the *story* is here; everything
about one *game* lives in ``game.play.state``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Union

from game.story.calendar import Calendar, StoryDate
from game.story.errors import NOWHERE, Pos
from game.story.expr import Assign, Compiled, Node, Value, VarType
from game.story.values import shown_value

TAGS = ("documented", "general", "invented", "counterfactual")
TAG_LABELS = {
    "documented": "Documented",
    "general": "General knowledge",
    "invented": "Invented for the story",
    "counterfactual": "Counterfactual: this did not happen",
}
ENDING_KINDS = ("historical", "counterfactual")


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
    """``{name}`` in a template: a variable's value; or ``{gold + 1}``, ``{visits(inn)}``: an expression's."""

    name: str  # the variable, or the expression's source
    pos: Pos = NOWHERE
    expr: Condition | None = None  # an expression (its test gives the value), or None for a variable


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
    shown: Template | None = None  # the text as a template, when it has {…} or [[…]] to render per game
    reason_shown: Template | None = None  # the reason as a template, likewise


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
    title_shown: Template | None = None  # the title as a template, when it has {…} or [[…]] to render per game

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
    title_shown: Template | None = None  # the title as a template, likewise

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
    labels: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # enum value -> shown
    label_shown: Template | None = None  # the status label as a template, when it has {…} to render per game

    @property
    def display_label(self) -> str:
        return self.label or self.name.replace("_", " ").capitalize()

    def shown(self, value: Value) -> str:
        """The value as the player reads it: an enum value's label, a set's items as a list."""
        return shown_value(self.type.kind, self.labels, value)

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
    calendar: Calendar = Calendar()
    root: str = ""
    files: tuple[str, ...] = ()
    content_hash: str = ""
    pos: Pos = NOWHERE
    start_pos: Pos = NOWHERE  # where ``start:`` is written

    @property
    def has_history(self) -> bool:
        """Whether the history layer is on: a story with sources is a history story.

        Then its endings are historical or counterfactual, its debriefs and
        citations are checked, and the player offers sources, the timeline and
        "your choices and history". A story without sources is fiction: its
        endings are just endings and no view says a word of history.
        """
        return bool(self.sources)

    @cached_property
    def has_templated_headings(self) -> bool:
        """Whether a scene title or a choice's text reads the state (``{…}``): then a journal
        replays the path to show each step as the player read it (``Session.journal``)."""
        return any(n.title_shown is not None or any(c.shown is not None for c in n.choices) for n in self.nodes())

    def offers(self, page: str) -> bool:
        """Whether the player is offered a reference page: 'glossary', 'sources' and 'timeline'
        only when the story has entries for them (menus show what the story has); any other page, yes.

        'glossary' is every entry; a player that lists people apart (the web build)
        asks for 'terms' (entries that are not people) and 'people'.
        """
        if page == "glossary":
            return bool(self.glossary)
        if page in ("terms", "people"):
            return any((t.kind == "person") == (page == "people") for t in self.glossary.values())
        if page == "sources":
            return self.has_history
        if page == "timeline":
            return bool(self.timeline)
        return True

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
