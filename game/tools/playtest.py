"""Random playthroughs, seeded and repeatable: how the story plays for a thousand players at random.

Run ``i`` of a playtest with seed ``S`` draws from ``random.Random(S * 1_000_003 + i)``,
so the same command gives the same runs, and any run can be replayed from its
choices. Each step takes one available choice and renders the new scene's text
(as a player would read it), so reading time is measured, not estimated.

``strategy="fresh"`` prefers the choices taken least so far (ChoiceScript's
randomtest "avoid used options"): less like real players, faster coverage.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from game.story.check import WORDS_PER_MINUTE, words
from game.story.errors import PlayError
from game.story.expr import Value
from game.story.model import Story
from game.story.text import render
from game.tools.explore import Witness
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
    seconds: float = 0.0

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


def _rng(seed: int, index: int) -> random.Random:
    return random.Random(seed * 1_000_003 + index)


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
    """Play ``runs`` random games, perspectives in turn; every run is repeatable from (seed, index)."""
    began = time.perf_counter()
    machine = machine or Machine(story, reduce=False)
    result = Playtest(story, seed)
    who: list[str | None] = perspectives if perspectives is not None else ([p.id for p in story.perspectives] or [None])
    starts = {p: _start_values(story, p) for p in who}
    tracked = set(machine.tracked)
    word_cache: dict[str, int] = {}
    nodes = {n.id: n for n in story.nodes()}
    extra = {"player": "you"}
    used = result.choices_taken
    for index in range(runs):
        rng = _rng(seed, index)
        perspective = who[index % len(who)]
        env, scene = dict(starts[perspective][0]), starts[perspective][1]
        visits: dict[str, int] = {s: 0 for s in machine.tracked}
        once: set[tuple[str, str]] = set()
        path: list[str] = []
        total_words = 0
        outcome, message = "too-long", ""
        try:
            if scene in tracked:
                visits[scene] += 1
            apply_effects(machine.on_enter[scene], env, visits)
            while True:
                result.scene_visits[scene] += 1
                text = render(nodes[scene].text, env, visits, "plain", extra)
                count = word_cache.get(text)
                if count is None:
                    count = word_cache[text] = words(text)
                total_words += count
                if scene in machine.endings:
                    outcome = "ending"
                    break
                if len(path) >= max_steps:
                    break
                steps = machine.available(scene, once, env, visits)  # type: ignore[arg-type]  # a set works as well as a frozenset
                if not steps:
                    outcome = "dead-end"
                    break
                if strategy == "fresh":
                    low = min(used[(scene, s.choice.id)] for s in steps)
                    steps = [s for s in steps if used[(scene, s.choice.id)] == low]
                step = steps[int(rng.random() * len(steps))] if len(steps) > 1 else steps[0]
                used[(scene, step.choice.id)] += 1
                path.append(step.choice.id)
                if step.once:
                    once.add((scene, step.choice.id))
                if step.effects:
                    apply_effects(step.effects, env, visits)
                scene = step.target
                if scene in tracked:
                    visits[scene] += 1
                effects = machine.on_enter[scene]
                if effects:
                    apply_effects(effects, env, visits)
        except PlayError as exc:
            outcome, message = "error", str(exc)
        result.steps += len(path)
        result.runs.append(Run(index, perspective, tuple(path), scene, outcome, total_words, message))
        if progress is not None and not index & 255:
            progress(index)
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
