"""The runner every front end drives: current scene, choices, choose, undo, ending, debrief.

It knows nothing about how it is shown (Yarn Spinner's dialogue runner is the
model). The Textual app, plain mode, explorer, playtester, transcript verifier
and story tests all go through this one API, so what they prove holds for play.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.play.draws import SeededDrawer
from game.play.migrate import Fit, fit_state
from game.play.state import State, Step
from game.story.calendar import StoryDate
from game.story.errors import ExprError, PlayError
from game.story.expr import Value, drawing, set_with
from game.story.model import (
    Act,
    Choice,
    Citation,
    Effects,
    Ending,
    Scene,
    Story,
    Template,
)
from game.story.reasons import explain
from game.story.text import render


@dataclass(frozen=True)
class ChoiceView:
    """A choice as the player sees it now."""

    number: int  # 1-based, in the order shown
    id: str
    text: str
    available: bool
    reason: str = ""
    target: str = ""


@dataclass(frozen=True)
class StatusItem:
    """A visible variable as the status panel shows it."""

    name: str
    label: str
    value: str


@dataclass(frozen=True)
class SceneView:
    """What a view draws: the node's header, its rendered Markdown and its choices."""

    id: str
    title: str
    place: str
    date: StoryDate | None
    text: str
    choices: tuple[ChoiceView, ...]
    is_ending: bool
    act: Act | None
    status: tuple[StatusItem, ...]

    @property
    def date_text(self) -> str:
        return self.date.both() if self.date else ""


@dataclass(frozen=True)
class JournalEntry:
    """One step of the journal: the scene and the choice made there."""

    scene: str
    title: str
    date: StoryDate | None
    choice: str
    choice_text: str


@dataclass(frozen=True)
class RenderedStatement:
    """A debrief statement rendered for this game, with its tag and citations."""

    text: str
    tag: str
    cite: tuple[Citation, ...]


@dataclass(frozen=True)
class PathPoint:
    """A key decision on the player's path beside what really happened there."""

    scene: str
    title: str
    date: StoryDate | None
    choice_text: str
    historical: bool | None  # None: the scene marks no historical option
    history: RenderedStatement | None


@dataclass(frozen=True)
class RenderedDisagreement:
    """A 'sources disagree' (or, with its tag, 'historians disagree') note rendered for this game."""

    title: str
    text: str
    cite: tuple[Citation, ...]
    tag: str = ""


@dataclass(frozen=True)
class DebriefView:
    """What the debrief screen shows for the ending reached."""

    ending_id: str
    title: str
    kind: str
    what_happened: tuple[RenderedStatement, ...]
    path: tuple[PathPoint, ...]
    left_history_at: int | None  # index into path of the first non-historical key choice
    disagree: tuple[RenderedDisagreement, ...]
    epilogue: tuple[RenderedStatement, ...]
    questions: tuple[str, ...]
    historians: tuple[RenderedDisagreement, ...] = ()  # open questions of interpretation

    def citations(self) -> list[Citation]:
        out: list[Citation] = []
        for s in (*self.what_happened, *self.epilogue):
            out.extend(s.cite)
        for d in (*self.disagree, *self.historians):
            out.extend(d.cite)
        for p in self.path:
            if p.history:
                out.extend(p.history.cite)
        return out


class Session:
    """One game of ``story``; all change goes through ``choose``, ``undo`` and ``answer``."""

    def __init__(
        self,
        story: Story,
        perspective: str | None = None,
        seed: int = 0,
        player: str = "",
        undo: bool = True,
        state: State | None = None,
    ):
        self.story = story
        self.undo_allowed = undo and story.undo
        self._history: list[State] = []
        self._seen: tuple[list[Step], list[tuple[str, str]]] = ([], [])  # _as_seen for a path, kept as it grows
        if state is not None:
            self.state = state
            return
        if story.perspectives:
            if perspective is None:
                perspective = story.perspectives[0].id
            if story.perspective(perspective) is None:
                known = ", ".join(p.id for p in story.perspectives)
                raise PlayError(f"no perspective '{perspective}' in this story (it has {known})")
        elif perspective is not None:
            raise PlayError("this story has no perspectives")
        values: dict[str, Value] = {name: var.default for name, var in story.variables.items()}
        if perspective is not None:
            values["perspective"] = perspective
        start = story.start_for(perspective)
        if story.node(start) is None:
            raise PlayError(f"the start scene '{start}' does not exist")
        self.state = State(start, values, {}, [], perspective, seed, player)
        chosen = story.perspective(perspective)
        with drawing(SeededDrawer(seed, 0)):
            if chosen and chosen.effects:
                self._apply(chosen.effects)
            self._enter(start)

    # --- construction -------------------------------------------------------

    @classmethod
    def restore(cls, story: Story, data: object, undo: bool = True) -> Session:
        """A session from ``State.to_json`` output; the state must fit this story."""
        state = State.from_json(data)
        if story.node(state.scene) is None:
            raise PlayError(f"the saved scene '{state.scene}' is not in this story")
        return cls(story, undo=undo, state=state)

    def continue_in(self, story: Story) -> tuple[Session, Fit]:
        """This game carried into an edited version of its story (live reload), by the rules saves follow.

        The state is fitted on a copy, so on ``LookupError`` (the edited story has no
        usable start) this session is untouched and the player keeps the old version.
        """
        state = self.state.copy()
        fit = fit_state(story, state)
        return Session(story, undo=self.undo_allowed, state=state), fit

    @classmethod
    def warp(cls, story: Story, scene: str, values: dict[str, Value], perspective: str | None = None) -> Session:
        """Start at any scene with chosen values (author previews, ``play --warp``)."""
        session = cls(story, perspective=perspective)
        if story.node(scene) is None:
            raise PlayError(f"no scene '{scene}' in this story")
        for name, value in values.items():
            var = story.variables.get(name)
            if var is None:
                raise PlayError(f"no variable '{name}' in this story")
            session.state.vars[name] = var.clamp(value)
        session.state.scene = scene
        with drawing(SeededDrawer(session.state.seed, 0)):
            session._enter(scene)
        return session

    # --- reading -------------------------------------------------------------

    @property
    def env(self) -> dict[str, Value]:
        return self.state.vars

    @property
    def node(self) -> Scene | Ending:
        found = self.story.node(self.state.scene)
        if found is None:  # only a hand-made State can get here
            raise PlayError(f"no scene '{self.state.scene}' in this story")
        return found

    @property
    def ending(self) -> Ending | None:
        node = self.node
        return node if isinstance(node, Ending) else None

    @property
    def finished(self) -> bool:
        return self.ending is not None

    def render(self, template: Template, links: str = "markdown") -> str:
        extra = {"player": self.state.player or "you"}
        try:
            return render(template, self.state.vars, self.state.visits, links, extra, self.story.variables)
        except ExprError as exc:  # only possible for hand-edited states
            raise PlayError(f"cannot show this scene: {exc.message}") from None

    def choices(self) -> tuple[ChoiceView, ...]:
        """The choices shown now: available ones and disabled ones with their reasons."""
        node = self.node
        shown: list[ChoiceView] = []
        for choice in node.choices:
            if choice.once and self.state.taken(node.id, choice.id):
                continue
            text = self._choice_text(choice)
            if self._available(choice):
                shown.append(ChoiceView(len(shown) + 1, choice.id, text, True, "", choice.target))
            elif choice.reason or choice.show_disabled:
                reason = self._reason(choice)
                shown.append(ChoiceView(len(shown) + 1, choice.id, text, False, reason, choice.target))
        return tuple(shown)

    def available_choices(self) -> list[Choice]:
        """The model's choices that may be taken now (tools use this hot path)."""
        node = self.node
        return [
            c
            for c in node.choices
            if not (c.once and self.state.taken(node.id, c.id)) and self._available(c)
        ]

    def status(self) -> tuple[StatusItem, ...]:
        return tuple(
            StatusItem(
                name,
                self.render(var.label_shown, "plain").strip() if var.label_shown else var.display_label,
                var.shown(self.state.vars.get(name, var.default)),
            )
            for name, var in self.story.variables.items()
            if var.visible
        )

    @property
    def title(self) -> str:
        """The current scene's title as the player reads it now (a title may be a template)."""
        return self._title_of(self.node)

    def _title_of(self, node: Scene | Ending) -> str:
        return self.render(node.title_shown, "plain").strip() if node.title_shown else node.title

    def current(self, links: str = "markdown") -> SceneView:
        node = self.node
        return SceneView(
            node.id,
            self.title,
            node.place,
            node.date,
            self.render(node.text, links),
            self.choices(),
            node.is_ending,
            self.story.act(node.act),
            self.status(),
        )

    def journal(self) -> list[JournalEntry]:
        """The path so far, scene by scene, with the choice made in each."""
        out = []
        for step, (title, choice_text) in zip(self.state.path, self._as_seen()):
            node = self.story.node(step.scene)
            out.append(JournalEntry(step.scene, title, node.date if node else None, step.choice, choice_text))
        return out

    def _as_seen(self) -> list[tuple[str, str]]:
        """Each step's scene title and choice text as the player read them when choosing.

        A title or a choice's text may be a template that reads the state of its
        moment, so the path is replayed from its start (draws are seeded by the
        game's seed and the path's length: a replay draws what the game drew). A
        path that does not replay to this very state (a game begun with ``warp``, a
        save carried into an edited story) reads in the state of now. A story with
        no such template replays nothing. What this session reads as it goes is
        kept, so a game replays at most once (after a restore), not at every save.
        """
        path = self.state.path
        if not self.story.has_templated_headings:
            return [self._heading(step) for step in path]
        kept_path, kept = self._seen
        if kept_path[: len(path)] == path:  # the same game, or a shorter one after undo
            return kept[: len(path)]
        seen = self._replayed_headings() or [self._heading(step) for step in path]
        self._seen = (list(path), seen)
        return list(seen)

    def _keep_heading(self, step: Step) -> None:
        """Before ``step`` is taken: its title and choice text as read now, added to what ``_as_seen`` keeps."""
        path = self.state.path
        if self._seen[0] != path:
            self._seen = (list(path), self._as_seen())
        kept_path, kept = self._seen
        kept_path.append(step)
        kept.append(self._heading(step))

    def _heading(self, step: Step) -> tuple[str, str]:
        """A step's scene title and choice text read in this session's state."""
        node = self.story.node(step.scene)
        if node is None:
            return step.scene, step.choice
        choice = _find_choice(node, step.choice)
        return self._title_of(node), self._choice_text(choice) if choice else step.choice

    def _replayed_headings(self) -> list[tuple[str, str]] | None:
        """``_as_seen`` by a replay from the start; None when the path does not lead to this state."""
        state = self.state
        try:
            replay = Session(self.story, state.perspective, state.seed, state.player, undo=False)
            for step in state.path:
                if replay.state.scene != step.scene:
                    return None
                replay.choose(step.choice)  # which keeps each step's heading as it goes
        except PlayError:
            return None
        return replay._seen[1] if replay.state.key() == state.key() else None

    # --- changing -------------------------------------------------------------

    def choose(self, choice_id: str) -> None:
        """Take a choice by id; raises PlayError if it is not available now."""
        node = self.node
        choice = _find_choice(node, choice_id)
        if choice is None:
            raise PlayError(f"no choice '{choice_id}' in “{self.title}”")
        if choice.once and self.state.taken(node.id, choice.id):
            raise PlayError(f"“{self._choice_text(choice)}” was already taken")
        if not self._available(choice):
            reason = self._reason(choice)
            raise PlayError(f"“{self._choice_text(choice)}” is not available: {reason}")
        if self.undo_allowed:  # a copy per choice is the cost of undo; a no-undo game (and every tool) skips it
            self._history.append(self.state.copy())
        step = Step(node.id, choice.id)
        if self.story.has_templated_headings:
            self._keep_heading(step)
        self.state.path.append(step)
        with drawing(SeededDrawer(self.state.seed, len(self.state.path))):  # a replay draws what the player drew
            if choice.effects:
                self._apply(choice.effects)
            self.state.scene = choice.target
            self._enter(choice.target)

    def choose_number(self, number: int) -> None:
        """Take the ``number``-th choice as shown (1-based)."""
        shown = self.choices()
        if not 1 <= number <= len(shown):
            raise PlayError(f"there is no choice {number}; choose 1 to {len(shown)}")
        view = shown[number - 1]
        if not view.available:
            raise PlayError(f"“{view.text}” is not available: {view.reason}")
        self.choose(view.id)

    @property
    def can_undo(self) -> bool:
        return self.undo_allowed and bool(self._history)

    def undo(self) -> None:
        if not self.undo_allowed:
            raise PlayError("undo is turned off for this game")
        if not self._history:
            raise PlayError("nothing to undo")
        answers = self.state.answers
        self.state = self._history.pop()
        self.state.answers.update(answers)

    def answer(self, question: int, text: str) -> None:
        """Store the player's reflection answer to question ``question`` (0-based)."""
        ending = self.ending
        if ending is None or ending.debrief is None:
            raise PlayError("there are reflection questions only at an ending")
        if not 0 <= question < len(ending.debrief.questions):
            raise PlayError(f"no question {question + 1}")
        self.state.answers[f"{ending.id}/{question}"] = text

    def answers(self) -> list[tuple[str, str]]:
        """The current ending's questions with the answers given so far."""
        ending = self.ending
        if ending is None or ending.debrief is None:
            return []
        return [
            (q, self.state.answers.get(f"{ending.id}/{i}", ""))
            for i, q in enumerate(ending.debrief.questions)
        ]

    # --- debrief -----------------------------------------------------------------

    def debrief(self) -> DebriefView | None:
        """The ending's debrief, rendered for this path; None before an ending."""
        ending = self.ending
        if ending is None:
            return None
        d = ending.debrief
        path: list[PathPoint] = []
        left: int | None = None
        steps = self.state.path if self.story.has_history else []  # fiction has no "choices and history"
        for step, (title, choice_text) in zip(steps, self._as_seen() if steps else []):
            node = self.story.node(step.scene)
            if node is None or not node.is_key_decision:
                continue
            choice = _find_choice(node, step.choice)
            if choice is not None and choice.target == node.id:
                continue  # a side action that stays in the scene (take a rifle) is not the decision
            historical = choice.historical if choice else False
            history = None
            if node.history is not None:
                history = RenderedStatement(self.render(node.history.text), node.history.tag, node.history.cite)
            if historical is False and left is None:
                left = len(path)
            path.append(PathPoint(node.id, title, node.date, choice_text, historical, history))
        if d is None:
            return DebriefView(ending.id, self.title, ending.kind, (), tuple(path), left, (), (), ())
        return DebriefView(
            ending.id,
            self.title,
            ending.kind,
            tuple(RenderedStatement(self.render(s.text), s.tag, s.cite) for s in d.what_happened),
            tuple(path),
            left,
            tuple(RenderedDisagreement(n.title, self.render(n.text), n.cite) for n in d.disagree),
            tuple(
                RenderedStatement(self.render(s.text), s.tag, s.cite)
                for s in d.epilogue
                if s.condition is None or self._test(s.condition.test)
            ),
            d.questions,
            tuple(RenderedDisagreement(n.title, self.render(n.text), n.cite, n.tag) for n in d.historians),
        )

    # --- rules -------------------------------------------------------------------

    def _test(self, test: Any) -> bool:
        try:
            return bool(test(self.state.vars, self.state.visits))
        except ExprError:
            return False

    def _choice_text(self, choice: Choice) -> str:
        """A choice's text as the player reads it now (it may be a template)."""
        return self.render(choice.shown, "plain").strip() if choice.shown else choice.text

    def _available(self, choice: Choice) -> bool:
        return choice.condition is None or self._test(choice.condition.test)

    def _reason(self, choice: Choice) -> str:
        """Why a choice is not available: the author's reason (rendered for this game), else one derived from its condition."""
        if choice.reason_shown is not None:
            return self.render(choice.reason_shown, "plain").strip()
        return choice.reason or self._derived_reason(choice)

    def _derived_reason(self, choice: Choice) -> str:
        if choice.condition is None:
            return ""
        return explain(choice.condition.node, self.story, self.state.vars, self.state.visits)

    def _apply(self, effects: Effects) -> None:
        values = self.state.vars
        for assign, compute in zip(effects.assigns, effects.values):
            var = self.story.variables.get(assign.name)
            try:
                value = compute(values, self.state.visits)
            except ExprError as exc:
                raise PlayError(f"effect '{assign.name} {assign.op} ...' failed: {exc.message}") from None
            if var is not None and var.type.kind == "set":  # pack += "rope": the item goes in (or out, with -=)
                value = set_with(values.get(assign.name, ""), str(value), assign.op == "+=", var.type.values)
            elif assign.op == "+=":
                value = int(values.get(assign.name, 0)) + int(value)
            elif assign.op == "-=":
                value = int(values.get(assign.name, 0)) - int(value)
            values[assign.name] = var.clamp(value) if var else value

    def _enter(self, scene_id: str) -> None:
        self.state.visits[scene_id] = self.state.visits.get(scene_id, 0) + 1
        node = self.story.node(scene_id)
        if node is not None and node.on_enter is not None:
            self._apply(node.on_enter)


def _find_choice(node: Scene | Ending | None, choice_id: str) -> Choice | None:
    if node is None:
        return None
    for choice in node.choices:
        if choice.id == choice_id:
            return choice
    return None
