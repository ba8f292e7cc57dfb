"""How ``petrograd playtest`` shows its runs: text for authors, JSON and JUnit for CI."""

from __future__ import annotations

import statistics
from typing import Any

from game.tools.findings import witness_json
from game.tools.junit import Case, Suite
from game.tools.playtest import Playtest, Run


def _longest(result: Playtest) -> Run | None:
    return max(result.runs, key=lambda r: (len(r.choices), -r.index), default=None)


def _reading(result: Playtest, longest: bool) -> Run | None:
    finished = [r for r in result.runs if r.outcome == "ending"] or result.runs
    pick = max if longest else min
    return pick(finished, key=lambda r: (r.words, -r.index), default=None)


def summary(result: Playtest) -> dict[str, Any]:
    lengths = [len(r.choices) for r in result.runs]
    minutes = [result.minutes(r) for r in result.runs if r.outcome == "ending"]
    longest = _longest(result)
    shortest_read, longest_read = _reading(result, False), _reading(result, True)
    total_choices = sum(len(s.choices) for s in result.story.scenes.values())
    return {
        "story": result.story.id,
        "seed": result.seed,
        "runs": len(result.runs),
        "steps": result.steps,
        "seconds": round(result.seconds, 4),
        "steps_per_second": round(result.steps / result.seconds) if result.seconds > 0 else None,
        "endings": {e: result.endings.get(e, 0) for e in result.story.endings},
        "failures": {kind: sum(1 for r in result.runs if r.outcome == kind) for kind in ("dead-end", "too-long", "error")},
        "scene_coverage": round(result.scene_coverage(), 1),
        "choice_coverage": round(result.choice_coverage(), 1),
        "scenes_never_visited": [s for s in result.story.scenes if not result.scene_visits[s]],
        "choices_never_taken": [
            f"{scene.id}/{c.id}" for scene in result.story.scenes.values() for c in scene.choices
            if (scene.id, c.id) not in result.choices_taken
        ][: max(0, total_choices)],
        "least_visited": [{"scene": s, "visits": n} for s, n in result.least_visited()],
        "path": {
            "mean": round(statistics.fmean(lengths), 2) if lengths else 0,
            "longest": len(longest.choices) if longest else 0,
            "longest_witness": witness_json(longest.witness()) if longest else None,
        },
        "reading_minutes": {
            "mean": round(statistics.fmean(minutes), 1) if minutes else 0,
            "shortest": round(result.minutes(shortest_read), 1) if shortest_read else 0,
            "longest": round(result.minutes(longest_read), 1) if longest_read else 0,
            "shortest_witness": witness_json(shortest_read.witness()) if shortest_read else None,
            "longest_witness": witness_json(longest_read.witness()) if longest_read else None,
        },
        "failed_runs": [
            {"run": r.index, "outcome": r.outcome, "at": r.end, "message": r.message, "witness": witness_json(r.witness())}
            for r in result.failures[:20]
        ],
    }


def text_report(result: Playtest) -> str:
    s = summary(result)
    runs = s["runs"] or 1
    lines = [
        f"{s['runs']:,} random runs of '{result.story.title}' (seed {s['seed']}): {s['steps']:,} choices in {s['seconds']:.2f} s",
        "",
        "Endings:",
    ]
    width = max((len(e) for e in s["endings"]), default=0)
    for ending, count in sorted(s["endings"].items(), key=lambda x: -x[1]):
        bar = "#" * round(30 * count / runs)
        lines.append(f"  {ending:<{width}}  {count:>7,}  {100 * count / runs:5.1f}%  {bar}")
    for kind, count in s["failures"].items():
        if count:
            lines.append(f"  {kind:<{width}}  {count:>7,}  {100 * count / runs:5.1f}%")
    lines.append("")
    lines.append(f"Coverage: {s['scene_coverage']}% of scenes, {s['choice_coverage']}% of choices")
    if s["scenes_never_visited"]:
        lines.append(f"  never visited: {', '.join(s['scenes_never_visited'])}")
    least = ", ".join(f"{x['scene']} ({x['visits']})" for x in s["least_visited"])
    lines.append(f"  least visited: {least}")
    p, m = s["path"], s["reading_minutes"]
    lines.append(f"Path: mean {p['mean']} choices, longest {p['longest']}")
    lines.append(f"Reading time per finished run: mean {m['mean']} min, shortest {m['shortest']} min, longest {m['longest']} min")
    for label, key in (("shortest read", "shortest_witness"), ("longest read", "longest_witness")):
        w = m[key]
        if w:
            lines.append(f"  {label}: {_describe(w)}")
    failed_runs = s["failed_runs"]
    if failed_runs:
        lines.append("")
    for failed in failed_runs[:5]:
        lines.append(f"run {failed['run']}: {failed['outcome']} at '{failed['at']}'"
                     + (f": {failed['message']}" if failed["message"] else "") + f"; {_describe(failed['witness'])}")
    if len(result.failures) > 5:
        lines.append(f"... and {len(result.failures) - 5} more failed runs (--json lists 20 with their paths)")
    return "\n".join(lines)


def _describe(w: dict[str, Any], limit: int = 14) -> str:
    who = f"as {w['perspective']}: " if w.get("perspective") else ""
    choices = list(w["choices"])
    if len(choices) > limit:
        choices = choices[: limit - 4] + [f"... {len(choices) - limit + 1} more ..."] + choices[-3:]
    return who + (" > ".join(choices) or "(the start)")


def junit_suite(result: Playtest) -> Suite:
    suite = Suite(f"playtest {result.story.id}", seconds=result.seconds)
    for kind, name in (("dead-end", "no run reaches a dead end"), ("too-long", "every run ends within the step limit"),
                       ("error", "no rule fails during play")):
        bad = [r for r in result.runs if r.outcome == kind]
        details = "\n".join(f"run {r.index} at '{r.end}': {' > '.join(r.choices)}" for r in bad[:20])
        suite.add(Case(name, "playtest.runs", f"{len(bad)} of {len(result.runs)} runs" if bad else "", details))
    for ending in result.story.endings.values():
        count = result.endings.get(ending.id, 0)
        suite.add(Case(f"ending {ending.id} is reached at random", "playtest.endings",
                       skipped="" if count else f"no random run reached it in {len(result.runs)} runs",
                       file=ending.pos.file, line=ending.pos.line))
    return suite
