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
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from game.story.check import WORDS_PER_MINUTE
from game.story.errors import ExprError, PlayError
from game.story.expr import Value
from game.story.model import Story
from game.tools.explore import Witness
from game.tools.fastrender import Tests, WordCounts, counted, fast_test, template_pieces
from game.tools.machine import Machine, apply_effects, compile_effects

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

    def witness(self, seed: int) -> Witness:
        return Witness(self.perspective, self.choices, self.end, seed)


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
    tracked = set(machine.tracked)
    counts = WordCounts()
    # Scenes are numbered, and all a step needs about one sits in one tuple of one list. On a
    # large story, looking a scene id up in six dictionaries was six cache misses a step.
    ids = list(machine.steps)
    number = {node_id: n for n, node_id in enumerate(ids)}
    # Templates compile here; how each counts its words is worked out when a run first comes to it.
    tests: Tests = {}
    texts = {n.id: template_pieces(n.text, tests) for n in story.nodes()}
    labels: list[tuple[str, str]] = []
    # A scene: [text: its pieces until first shown, then a constant's word count or a function
    # rendering (text, words); is an ending, its choices, on_enter effects, its id if expressions
    # count its visits else None, its choices again if all are always open else None].
    # A choice: (test, its number, its id, target scene number, effects, once).
    scenes: list[list[Any]] = []
    for node_id in ids:
        row = []
        for step in machine.steps[node_id]:
            test = None if step.test is None else fast_test(step.choice.condition, tests)  # type: ignore[arg-type]
            row.append((test, len(labels), step.choice.id, number[step.target], step.effects, step.once))
            labels.append((node_id, step.choice.id))
        choices = tuple(row)
        scenes.append([
            texts[node_id],
            node_id in machine.endings,
            choices,
            machine.on_enter[node_id],
            node_id if node_id in tracked else None,
            None if any(entry[0] is not None or entry[5] for entry in choices) else choices,
        ])
    taken = [0] * len(labels)
    scene_visits = [0] * len(ids)
    fresh = strategy == "fresh"
    draw = random.Random(seed).random
    result.setup_seconds = time.perf_counter() - began
    began = time.perf_counter()
    for index in range(runs):
        perspective = who[index % len(who)]
        env, scene = dict(starts[perspective][0]), number[starts[perspective][1]]
        visits: dict[str, int] = {}  # only scenes expressions name; compiled expressions read .get(scene, 0)
        once: set[int] = set()  # numbers of the once-only choices taken
        path: list[str] = []
        total_words = 0
        outcome, message = "too-long", ""
        record = scenes[scene]
        try:
            name = record[4]
            if name is not None:
                visits[name] = visits.get(name, 0) + 1
            apply_effects(record[3], env, visits)
            while True:
                scene_visits[scene] += 1
                count = record[0]
                if type(count) is not int:
                    if type(count) is list:  # the scene's first showing
                        text = counted(count, counts)
                        count = record[0] = text[1] if isinstance(text, tuple) else text
                    if type(count) is not int:
                        count = count(env, visits)[1]  # renders (text, words)
                total_words += count
                if record[1]:
                    outcome = "ending"
                    break
                if len(path) >= max_steps:
                    break
                # Session.available_choices: not a used once-choice, and the condition holds.
                open_steps = record[5]
                if open_steps is None:
                    open_steps = []
                    for entry in record[2]:
                        if entry[5] and entry[1] in once:
                            continue
                        test = entry[0]
                        if test is not None:
                            try:
                                if not test(env, visits):
                                    continue
                            except ExprError:
                                continue
                        open_steps.append(entry)
                if fresh and open_steps:
                    low = min(taken[e[1]] for e in open_steps)
                    open_steps = [e for e in open_steps if taken[e[1]] == low]
                n = len(open_steps)
                if n == 1:
                    entry = open_steps[0]
                elif n:
                    entry = open_steps[int(draw() * n)]
                else:
                    outcome = "dead-end"
                    break
                taken[entry[1]] += 1
                path.append(entry[2])
                if entry[5]:
                    once.add(entry[1])
                if entry[4]:
                    apply_effects(entry[4], env, visits)
                scene = entry[3]
                record = scenes[scene]
                name = record[4]
                if name is not None:
                    visits[name] = visits.get(name, 0) + 1
                effects = record[3]
                if effects:
                    apply_effects(effects, env, visits)
        except (PlayError, ExprError) as exc:
            outcome, message = "error", str(exc)
        result.steps += len(path)
        result.runs.append(Run(index, perspective, tuple(path), ids[scene], outcome, total_words, message))
        if progress is not None and not index & 255:
            progress(index)
    result.scene_visits.update({ids[n]: count for n, count in enumerate(scene_visits) if count})
    result.choices_taken.update({labels[i]: n for i, n in enumerate(taken) if n})
    result.seconds = time.perf_counter() - began
    return result


def _start_values(story: Story, perspective: str | None) -> tuple[dict[str, Value], str]:
    """``Session.__init__`` up to entering the start scene (which the run loop does)."""
    env: dict[str, Value] = {name: var.default for name, var in story.variables.items()}
    if perspective is not None:
        env["perspective"] = perspective
    chosen = story.perspective(perspective)
    if chosen is not None and chosen.effects is not None:
        apply_effects(compile_effects(story, chosen.effects), env, {})
    return env, story.start_for(perspective)
