"""Random playthroughs, seeded and repeatable: how the story plays for a thousand players at random.

All runs draw from one ``random.Random(seed)`` in order, so the same command
gives the same runs, and any run can be replayed from its choices (its witness). Each step takes one available choice and renders the new scene's text
(as a player would read it), so reading time is measured, not estimated.

``strategy="fresh"`` prefers the choices taken least so far (ChoiceScript's
randomtest "avoid used options"): less like real players, faster coverage.
"""

from __future__ import annotations

import functools
import gc
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from game.play.draws import SeededDrawer
from game.story.check import WORDS_PER_MINUTE
from game.story.errors import ExprError, PlayError
from game.story.expr import Compiled, Value, drawing
from game.story.model import Story
from game.tools.explore import Witness
from game.tools.fastrender import Tests, WordCounts, counted, fast_test, template_pieces
from game.tools.machine import Assigns, Machine, apply_effects, compile_effects

DEFAULT_MAX_STEPS = 1000


@dataclass(frozen=True)
class Run:
    index: int
    perspective: str | None
    choices: tuple[str, ...]
    end: str  # the ending id, or the scene where the run stopped
    outcome: str  # "ending" | "dead-end" | "too-long" | "error"
    words: int
    message: str = ""
    seed: int = 0  # the game seed its draws came from (its index when the story draws, else 0)

    def witness(self) -> Witness:
        """The run as a replayable path, with the game seed of the draws it made."""
        return Witness(self.perspective, self.choices, self.end, self.seed)


@dataclass
class Playtest:
    story: Story
    seed: int
    runs: list[Run] = field(default_factory=list)
    scene_visits: Counter[str] = field(default_factory=Counter)
    choices_taken: Counter[tuple[str, str]] = field(default_factory=Counter)
    steps: int = 0
    seconds: float = 0.0  # playing only
    setup_seconds: float = 0.0  # compiling the rules and texts, once per playtest

    @property
    def endings(self) -> Counter[str]:
        return Counter(r.end for r in self.runs if r.outcome == "ending")

    @property
    def failures(self) -> list[Run]:
        return [r for r in self.runs if r.outcome != "ending"]

    def scene_coverage(self) -> float:
        total = len(self.story.scenes)
        return 100.0 * sum(1 for s in self.story.scenes if self.scene_visits[s]) / total if total else 100.0

    def choice_coverage(self) -> float:
        total = sum(len(s.choices) for s in self.story.scenes.values())
        return 100.0 * len(self.choices_taken) / total if total else 100.0

    def least_visited(self, count: int = 5) -> list[tuple[str, int]]:
        return sorted(((s, self.scene_visits[s]) for s in self.story.scenes), key=lambda x: (x[1], x[0]))[:count]

    def minutes(self, run: Run) -> float:
        return run.words / WORDS_PER_MINUTE


F = TypeVar("F", bound=Callable[..., Any])


def _collector_paused(func: F) -> F:
    """A playtest makes no reference cycles, but allocates enough to set off the cyclic collector,
    whose full passes walk the whole story and whatever else the process holds: a cost per step
    that grew with the story. Paused meanwhile, as ``load_story`` does."""

    @functools.wraps(func)
    def paused(*args: Any, **kwargs: Any) -> Any:
        collecting = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if collecting:
                gc.enable()

    return paused  # type: ignore[return-value]


class _Choice(NamedTuple):
    """One choice as the run loop needs it (``Session.available_choices`` + ``choose``)."""

    test: Compiled | None  # None: always open
    number: int  # its index in ``_Compiled.labels`` and the coverage counts
    id: str
    target: int  # the target scene's number
    effects: Assigns
    once: bool


@dataclass(slots=True)
class _Scene:
    """One scene as the run loop needs it; scenes are numbered so a step reads one object, not six dicts."""

    text: Any  # its pieces until first shown; then its word count (int), or a function rendering (text, words)
    is_ending: bool
    choices: tuple[_Choice, ...]
    on_enter: Assigns
    counted_as: str | None  # its id if expressions count its visits, else None
    always_open: tuple[_Choice, ...] | None  # its choices when none has a condition or is once-only


@dataclass
class _Compiled:
    """The story compiled once per playtest: scenes by number, and each choice's (scene, choice) label."""

    ids: list[str]
    number: dict[str, int]
    scenes: list[_Scene]
    labels: list[tuple[str, str]]


def _compile(story: Story, machine: Machine) -> _Compiled:
    """Number the scenes and compile their texts and choices (word counting waits for a run to show a text)."""
    ids = list(machine.steps)
    number = {node_id: n for n, node_id in enumerate(ids)}
    tracked = set(machine.tracked)
    tests: Tests = {}
    texts = {n.id: template_pieces(n.text, tests, variables=story.variables) for n in story.nodes()}
    labels: list[tuple[str, str]] = []
    scenes: list[_Scene] = []
    for node_id in ids:
        row = []
        for step in machine.steps[node_id]:
            test = None if step.test is None else fast_test(step.choice.condition, tests)  # type: ignore[arg-type]
            row.append(_Choice(test, len(labels), step.choice.id, number[step.target], step.effects, step.once))
            labels.append((node_id, step.choice.id))
        choices = tuple(row)
        always_open = None if any(c.test is not None or c.once for c in choices) else choices
        scenes.append(_Scene(texts[node_id], node_id in machine.endings, choices, machine.on_enter[node_id],
                             node_id if node_id in tracked else None, always_open))
    return _Compiled(ids, number, scenes, labels)


def _words(scene: _Scene, counts: WordCounts, env: dict[str, Value], visits: dict[str, int]) -> int:
    """The words of the scene's text as shown now; the text is finished (``counted``) the first time."""
    count = scene.text
    if type(count) is int:
        return count
    if type(count) is list:  # the scene's first showing
        text = counted(count, counts)
        count = scene.text = text[1] if isinstance(text, tuple) else text
        if type(count) is int:
            return count
    return int(count(env, visits)[1])


def _open_choices(scene: _Scene, env: dict[str, Value], visits: dict[str, int], once: set[int]) -> Sequence[_Choice]:
    """``Session.available_choices``: not a used once-only choice, and the condition holds (an error closes it)."""
    if scene.always_open is not None:
        return scene.always_open
    out = []
    for choice in scene.choices:
        if choice.once and choice.number in once:
            continue
        if choice.test is not None:
            try:
                if not choice.test(env, visits):
                    continue
            except ExprError:
                continue
        out.append(choice)
    return out


def _enter(scene: _Scene, env: dict[str, Value], visits: dict[str, int]) -> None:
    """``Session._enter``: count the visit if expressions can see it, then the scene's on_enter effects."""
    if scene.counted_as is not None:
        visits[scene.counted_as] = visits.get(scene.counted_as, 0) + 1
    if scene.on_enter:
        apply_effects(scene.on_enter, env, visits)


@_collector_paused
def playtest(
    story: Story,
    runs: int,
    seed: int = 0,
    strategy: str = "uniform",
    max_steps: int = DEFAULT_MAX_STEPS,
    perspectives: list[str | None] | None = None,
    progress: Callable[[int], None] | None = None,
    machine: Machine | None = None,
) -> Playtest:
    """Play ``runs`` random games, perspectives in turn; the same seed gives the same runs."""
    began = time.perf_counter()
    machine = machine or Machine(story, reduce=False)
    result = Playtest(story, seed)
    who: list[str | None] = perspectives if perspectives is not None else ([p.id for p in story.perspectives] or [None])
    starts = {p: _start_values(story, p) for p in who}
    compiled = _compile(story, machine)
    player = _Player(compiled, WordCounts(), strategy == "fresh", random.Random(seed).random, max_steps, machine.draws)
    result.setup_seconds = time.perf_counter() - began
    began = time.perf_counter()
    for index in range(runs):
        perspective = who[index % len(who)]
        env, start = starts[perspective]
        run = player.play(index, perspective, dict(env), compiled.number[start])
        result.steps += len(run.choices)
        result.runs.append(run)
        if progress is not None and not index & 255:
            progress(index)
    result.scene_visits.update({compiled.ids[n]: count for n, count in enumerate(player.scene_visits) if count})
    result.choices_taken.update({compiled.labels[i]: n for i, n in enumerate(player.taken) if n})
    result.seconds = time.perf_counter() - began
    return result


class _Player:
    """Plays runs one after another over one compiled story, drawing from one random stream."""

    def __init__(self, compiled: _Compiled, counts: WordCounts, fresh: bool, draw: Callable[[], float],
                 max_steps: int, draws: bool = False):
        self.compiled = compiled
        self.counts = counts
        self.fresh = fresh  # prefer the open choices taken least so far
        self.draw = draw
        self.max_steps = max_steps
        self.draws = draws  # the story draws random numbers: each run is a game with its own seed
        self.taken = [0] * len(compiled.labels)
        self.scene_visits = [0] * len(compiled.ids)

    def pick(self, open_choices: Sequence[_Choice]) -> _Choice | None:
        """One open choice at random (the least taken, with ``fresh``); None at a dead end."""
        if self.fresh and open_choices:
            low = min(self.taken[c.number] for c in open_choices)
            open_choices = [c for c in open_choices if self.taken[c.number] == low]
        n = len(open_choices)
        if n == 1:
            return open_choices[0]
        return open_choices[int(self.draw() * n)] if n else None

    def play(self, index: int, perspective: str | None, env: dict[str, Value], at: int) -> Run:
        """One game from scene number ``at``, until an ending, a dead end, an error or ``max_steps`` choices."""
        scenes = self.compiled.scenes
        visits: dict[str, int] = {}  # only scenes expressions name; compiled expressions read .get(scene, 0)
        once: set[int] = set()  # numbers of the once-only choices taken
        path: list[str] = []
        total_words = 0
        outcome, message = "too-long", ""
        scene = scenes[at]
        game_seed = index if self.draws else 0
        try:
            with drawing(SeededDrawer(game_seed, 0)):
                _enter(scene, env, visits)
            while True:
                self.scene_visits[at] += 1
                words = scene.text  # most texts are a constant's word count after their first showing
                total_words += words if type(words) is int else _words(scene, self.counts, env, visits)
                if scene.is_ending:
                    outcome = "ending"
                    break
                if len(path) >= self.max_steps:
                    break
                choice = self.pick(scene.always_open or _open_choices(scene, env, visits, once))
                if choice is None:
                    outcome = "dead-end"
                    break
                self.taken[choice.number] += 1
                path.append(choice.id)
                if choice.once:
                    once.add(choice.number)
                with drawing(SeededDrawer(game_seed, len(path))):
                    if choice.effects:
                        apply_effects(choice.effects, env, visits)
                    at = choice.target
                    scene = scenes[at]
                    _enter(scene, env, visits)
        except (PlayError, ExprError) as exc:
            outcome, message = "error", str(exc)
        return Run(index, perspective, tuple(path), self.compiled.ids[at], outcome, total_words, message, game_seed)


def _start_values(story: Story, perspective: str | None) -> tuple[dict[str, Value], str]:
    """``Session.__init__`` up to entering the start scene (which the run loop does)."""
    env: dict[str, Value] = {name: var.default for name, var in story.variables.items()}
    if perspective is not None:
        env["perspective"] = perspective
    chosen = story.perspective(perspective)
    if chosen is not None and chosen.effects is not None:
        apply_effects(compile_effects(story, chosen.effects), env, {})
    return env, story.start_for(perspective)
