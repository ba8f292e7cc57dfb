"""What an exploration proves about a story: issues with positions and witness paths.

Codes are stable (docs/authoring.md lists them). Errors make ``petrograd explore``
exit 1: an ending no one can reach, a dead end, a trap, a rule that fails in play.
Warnings point at content that can never matter (a choice never available, a
condition that is always true) and at the perspectives a scene claims.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from game.story.errors import Finding, Pos
from game.story.expr import Value
from game.story.model import Ending, Story
from game.tools.explore import Exploration, Witness

Note = Callable[[int, bool, int], None]

CODES = {
    "X301": "an ending cannot be reached from any perspective",
    "X302": "dead end: a state that is not an ending has no available choice",
    "X303": "trap: a state from which no ending can be reached",
    "X304": "a rule fails during play (an effect or text divides by zero...)",
    "X305": "the search stopped at --max-states before covering every state",
    "X310": "a scene is never reached",
    "X311": "a choice is never available in any reachable state",
    "X312": "a condition is true in every reachable state",
    "X313": "a condition is never true in any reachable state",
    "X314": "a scene is reached from a perspective it does not list",
    "X315": "a scene lists a perspective that never reaches it",
    "X320": "a variable is never read",
    "X321": "a variable is read but nothing ever changes it",
    "X322": "a variable keeps its starting value in every reachable state",
}


@dataclass(frozen=True)
class Issue:
    code: str
    severity: str  # "error" | "warning"
    message: str
    pos: Pos
    witness: Witness | None = None
    hint: str = ""

    @property
    def kind(self) -> str:
        return CODES.get(self.code, self.code)

    def finding(self) -> Finding:
        return Finding(self.pos, self.code, self.message, self.hint, self.severity)

    def __str__(self) -> str:
        return str(self.finding())

    def to_json(self) -> dict[str, object]:
        out = self.finding().to_json()
        out["witness"] = witness_json(self.witness) if self.witness else None
        return out


def witness_json(w: Witness) -> dict[str, object]:
    return {"perspective": w.perspective, "seed": w.seed, "choices": list(w.choices), "scene": w.scene}


@dataclass
class EndingReach:
    ending: Ending
    witnesses: dict[str | None, Witness] = field(default_factory=dict)  # shortest path per perspective
    sampled: set[str | None] = field(default_factory=set)  # perspectives whose path comes from a random run

    @property
    def shortest(self) -> Witness | None:
        return min(self.witnesses.values(), key=lambda w: len(w.choices), default=None)


def ending_reach(result: Exploration) -> list[EndingReach]:
    reach = {e.id: EndingReach(e) for e in result.story.endings.values()}
    for i, key in enumerate(result.keys):
        found = reach.get(key[0])
        if found is not None and result.perspective[i] not in found.witnesses:
            found.witnesses[result.perspective[i]] = result.witness(i)
    if result.sample is not None:
        for run in sorted(result.sample.runs, key=lambda r: len(r.choices)):
            found = reach.get(run.end)
            if run.outcome == "ending" and found is not None and run.perspective not in found.witnesses:
                found.witnesses[run.perspective] = run.witness()
                found.sampled.add(run.perspective)
    return list(reach.values())


def analyse(result: Exploration) -> list[Issue]:
    """Every issue the exploration proves, errors first, then by file position."""
    story = result.story
    issues: list[Issue] = []
    bounded = "" if result.complete else f" within the first {result.states:,} states"
    sample = result.sample
    if sample is not None:
        bounded += f" or in {len(sample.runs):,} random runs"
    if not result.complete:
        issues.append(Issue(
            "X305", "error",
            f"stopped at {result.states:,} states with {result.states - result.expanded:,} not yet followed; "
            "endings, scenes and choices not found may still be reachable, and traps were not looked for",
            story.pos, None, _growing_hint(result),
        ))
    for perspective, message in result.start_errors:
        issues.append(Issue("X304", "error", f"starting as {perspective}: {message}", story.pos))
    linked = graph_reachable(story)
    for ending in ending_reach(result):
        if not ending.witnesses:
            if ending.ending.id not in linked:
                message = f"ending '{ending.ending.id}' cannot be reached: no chain of choices from any start leads to it"
                hint = "add a choice that goes to it"
            else:
                verb = "cannot be reached" if result.complete else "was not reached"
                message = f"ending '{ending.ending.id}' {verb}{bounded}"
                hint = "look at the conditions of the choices that lead to it"
            issues.append(Issue("X301", "error", message, ending.ending.pos, hint=hint))
    first_at: dict[str, int] = {}
    for i, key in enumerate(result.keys):
        first_at.setdefault(key[0], i)
    taken = sample.choices_taken if sample is not None else {}
    for scene in story.scenes.values():
        if scene.id not in first_at and (sample is None or not sample.scene_visits[scene.id]):
            issues.append(Issue("X310", "warning", f"scene '{scene.id}' is never reached{bounded}", scene.pos))
            continue
        at = first_at.get(scene.id)
        for choice in scene.choices:
            if (scene.id, choice.id) not in result.available and (scene.id, choice.id) not in taken:
                issues.append(Issue("X311", "warning", f"choice '{choice.id}' of '{scene.id}' is never available{bounded}",
                                    choice.pos, result.witness(at) if at is not None else None,
                                    "its condition is false in every state that reaches the scene"))
    if sample is not None:
        issues.extend(_sampled_failures(result))
    issues.extend(_dead_ends_and_traps(result))
    failing: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for state, choice_id, message in result.rule_errors:
        failing.setdefault((result.keys[state][0], choice_id), []).append((state, message))
    for (scene_id, choice_id), cases in failing.items():
        state, message = cases[0]
        more = f" (in {len(cases)} states)" if len(cases) > 1 else ""
        issues.append(Issue("X304", "error", f"choice '{choice_id}' of '{scene_id}' fails: {message}{more}",
                            _choice_pos(result, scene_id, choice_id), result.witness(state)))
    from game.tools.condition_findings import condition_issues, perspective_issues, variable_issues

    issues.extend(condition_issues(result))
    issues.extend(perspective_issues(result, first_at))
    issues.extend(variable_issues(result))
    return sorted(issues, key=lambda x: (x.severity != "error", x.pos.file, x.pos.line, x.pos.column, x.code))


def graph_reachable(story: Story) -> set[str]:
    """Nodes some chain of choices reaches from a start, conditions ignored: outside it, nothing is reachable."""
    seen = {p.start for p in story.perspectives} or {story.start}
    stack = list(seen)
    while stack:
        node = story.node(stack.pop())
        for choice in node.choices if node else ():
            if choice.target not in seen:
                seen.add(choice.target)
                stack.append(choice.target)
    return seen


def _choice_pos(result: Exploration, scene: str, choice: str) -> Pos:
    node = result.story.node(scene)
    for c in node.choices if node else ():
        if c.id == choice:
            return c.pos
    return node.pos if node else result.story.pos


def _dead_ends_and_traps(result: Exploration) -> list[Issue]:
    story = result.story
    out: list[Issue] = []
    errored = {state for state, _, _ in result.rule_errors}
    dead: dict[str, list[int]] = {}
    for i in range(result.expanded):
        if not result.edges[i] and not result.machine.is_ending(result.keys[i]) and i not in errored:
            dead.setdefault(result.keys[i][0], []).append(i)
    for scene, states in dead.items():
        node = story.node(scene)
        more = f" ({len(states)} states)" if len(states) > 1 else ""
        out.append(Issue("X302", "error", f"dead end in '{scene}': no choice is available{more}",
                         node.pos if node else story.pos, result.witness(states[0]),
                         "add a choice without a condition, or one whose condition holds here"))
    if not result.complete:
        return out
    good = result.can_end()
    entries: dict[str, list[int]] = {}
    for i in range(result.expanded):
        if good[i] or i in errored or not result.edges[i]:
            continue
        p = result.parent[i]
        if p < 0 or good[p]:
            entries.setdefault(result.keys[i][0], []).append(i)
    for scene, states in entries.items():
        node = story.node(scene)
        more = f" ({len(states)} ways in)" if len(states) > 1 else ""
        out.append(Issue("X303", "error", f"trap at '{scene}': from here no ending can be reached{more}",
                         node.pos if node else story.pos, result.witness(states[0]),
                         "every path from here loops or ends in a dead end; add a way out"))
    return out


def _growing_hint(result: Exploration) -> str:
    """Name the variables and visit counts with the widest ranges: the usual cause of a runaway search."""
    names = result.machine.names
    spread: list[tuple[int, str]] = []
    for column, name in enumerate(names):
        seen = {values[column] for values in result.values}
        spread.append((len(seen), f"{name} takes {len(seen)} values"))
    # One pass over the states (a pass per tracked scene was quadratic on large stories): a state whose
    # scene does not track a visit count sees it as 0.
    live = result.machine.live_tracked
    counts: dict[str, set[int]] = {scene: set() for scene in result.machine.tracked}
    present: Counter[str] = Counter()
    for key in result.keys:
        for scene, count in zip(live[key[0]], key[2]):
            counts[scene].add(count)
            present[scene] += 1
    for scene, seen_counts in counts.items():
        if present[scene] < len(result.keys):
            seen_counts.add(0)
        spread.append((len(seen_counts), f"visits({scene}) takes {len(seen_counts)} values"))
    widest = [text for count, text in sorted(spread, reverse=True)[:3] if count > 1]
    advice = "raise --max-states, or give growing numbers a 'max:'"
    return f"{'; '.join(widest)}; {advice}" if widest else advice


def is_failure(issues: list[Issue]) -> bool:
    return any(i.severity == "error" for i in issues)


def show_value(value: Value) -> str:
    """A value as an author writes it in YAML: true, 3, bolshevik."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _sampled_failures(result: Exploration) -> list[Issue]:
    """Dead ends, loops and failing rules that the random runs ran into (one issue per place)."""
    assert result.sample is not None
    story = result.story
    out: list[Issue] = []
    seen: set[tuple[str, str]] = set()
    codes = {"dead-end": "X302", "error": "X304"}
    for run in sorted(result.sample.failures, key=lambda r: len(r.choices)):
        if run.outcome not in codes or (run.outcome, run.end) in seen:
            continue
        seen.add((run.outcome, run.end))
        node = story.node(run.end)
        pos = node.pos if node else story.pos
        if run.outcome == "dead-end":
            message = f"dead end in '{run.end}': no choice is available (found by random run {run.index})"
            out.append(Issue("X302", "error", message, pos, run.witness(), "add a choice without a condition, or one whose condition holds here"))
        else:
            out.append(Issue("X304", "error", f"in '{run.end}': {run.message} (found by random run {run.index})", pos, run.witness()))
    return out
