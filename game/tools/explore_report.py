"""How ``petrograd explore`` shows what it proved: text for authors, JSON and JUnit for CI, witness files."""

from __future__ import annotations

import os
import re
from typing import Any

import yaml

from game.play.atomic import output_folder, write_output
from game.tools.explore import Exploration, Witness
from game.tools.findings import Issue, ending_reach, is_failure, witness_json
from game.tools.junit import Case, Suite
from game.tools.witness import write_witness


def coverage(result: Exploration) -> dict[str, int]:
    """How much of the story the search (and any random runs after it) reached."""
    story = result.story
    reached = {key[0] for key in result.keys}
    available = set(result.available)
    if result.sample is not None:
        reached |= {s for s, n in result.sample.scene_visits.items() if n}
        available |= set(result.sample.choices_taken)
    choices = sum(len(s.choices) for s in story.scenes.values())
    return {
        "scenes": len(story.scenes),
        "scenes_reached": sum(1 for s in story.scenes if s in reached),
        "endings": len(story.endings),
        "endings_reached": sum(1 for e in story.endings if e in reached),
        "choices": choices,
        "choices_available": len(available),
    }


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "-", text.lower()).strip("-")[:60] or "x"


def witness_files(result: Exploration, issues: list[Issue], folder: str) -> dict[int, str]:
    """Write one JSON witness per ending reached and per issue with a path, plus ``witnesses.yaml``
    (the same paths as story tests, for ``petrograd test --tests``). Returns issue index -> file."""
    story = result.story
    output_folder(folder)  # a file in its place is one line from the command, not a traceback
    written: dict[int, str] = {}
    tests: list[dict[str, Any]] = []
    names: set[str] = set()

    def unique(name: str) -> str:
        base, n = name, 2
        while name in names:
            name, n = f"{base}-{n}", n + 1
        names.add(name)
        return name

    for reach in ending_reach(result):
        for perspective, w in reach.witnesses.items():
            name = unique(f"ending-{reach.ending.id}" + (f"-{perspective}" if perspective else ""))
            write_witness(os.path.join(folder, name + ".json"), story, w, {"code": "ending", "message": f"reaches {reach.ending.id}"})
            tests.append(_test(f"reaches {reach.ending.id}" + (f" as {perspective}" if perspective else ""), w, {"ending": w.scene}))
    for i, issue in enumerate(issues):
        if issue.witness is None:
            continue
        name = unique(f"{issue.code.lower()}-{_slug(issue.witness.scene)}")
        path = os.path.join(folder, name + ".json")
        write_witness(path, story, issue.witness, {"code": issue.code, "message": issue.message, "at": str(issue.pos)})
        written[i] = path
        tests.append(_test(f"{issue.code}: {issue.message}", issue.witness, {"scene": issue.witness.scene}))
    write_output(
        os.path.join(folder, "witnesses.yaml"),
        "# Written by petrograd explore: every witness as a story test (petrograd test --tests THIS_FILE)\n"
        + yaml.safe_dump({"tests": tests}, sort_keys=False, allow_unicode=True, width=1000),
    )
    return written


def _test(name: str, w: Witness, expect: dict[str, str]) -> dict[str, Any]:
    test: dict[str, Any] = {"name": name}
    if w.perspective:
        test["perspective"] = w.perspective
    test["choices"] = list(w.choices)
    test["expect"] = expect
    return test


def text_report(result: Exploration, issues: list[Issue], files: dict[int, str] | None = None) -> str:
    story = result.story
    files = files or {}
    lines: list[str] = []
    count = len(story.perspectives) or 1
    state = "complete" if result.complete else f"STOPPED at --max-states {result.max_states:,}"
    lines.append(
        f"Explored {result.states:,} states of '{story.title}' from {count} perspective{'s' if count != 1 else ''} "
        f"in {result.seconds:.2f} s ({state})."
    )
    if result.sample is not None:
        sample = result.sample
        lines.append(
            f"Then {len(sample.runs):,} random runs (seed {sample.seed}, least-taken choices first) in {sample.seconds:.2f} s "
            "looked for what the search did not reach; paths they found are marked (random run), not shortest."
        )
    lines.append("")
    lines.append("Endings:")
    reach = ending_reach(result)
    width = max((len(r.ending.id) for r in reach), default=0)
    for r in reach:
        if not r.witnesses:
            lines.append(f"  {r.ending.id:<{width}}  NOT REACHED")
            continue
        who, w = min(r.witnesses.items(), key=lambda x: (x[0] in r.sampled, len(x[1].choices)))
        others = f" (+{len(r.witnesses) - 1} more perspectives)" if len(r.witnesses) > 1 else ""
        tag = ", random run" if who in r.sampled else ""
        lines.append(f"  {r.ending.id:<{width}}  {w.describe()} ({len(w.choices)} choices{tag}){others}")
    if issues:
        lines.append("")
    for i, issue in enumerate(issues):
        lines.append(str(issue))
        if issue.witness is not None:
            replay = f"  [petrograd play --replay {files[i]}]" if i in files else ""
            lines.append(f"    witness: {issue.witness.describe()}{replay}")
    cov = coverage(result)
    errors = sum(1 for i in issues if i.severity == "error")
    warnings = len(issues) - errors
    lines.append("")
    lines.append(
        f"{cov['endings_reached']} of {cov['endings']} endings reached, {cov['scenes_reached']} of {cov['scenes']} scenes, "
        f"{cov['choices_available']} of {cov['choices']} choices ever available"
    )
    lines.append(f"{errors} errors, {warnings} warnings")
    return "\n".join(lines)


def json_report(result: Exploration, issues: list[Issue]) -> dict[str, Any]:
    return {
        "story": result.story.id,
        "states": result.states,
        "expanded": result.expanded,
        "complete": result.complete,
        "max_states": result.max_states,
        "seconds": round(result.seconds, 4),
        "sample_runs": len(result.sample.runs) if result.sample is not None else 0,
        "states_per_second": round(result.states / result.seconds) if result.seconds > 0 else None,
        "ok": not is_failure(issues),
        "coverage": coverage(result),
        "endings": [
            {
                "id": r.ending.id,
                "title": r.ending.title,
                "kind": r.ending.kind,
                "summary": r.ending.summary,
                "reached": bool(r.witnesses),
                "paths": [dict(witness_json(w), shortest=who not in r.sampled) for who, w in r.witnesses.items()],
            }
            for r in ending_reach(result)
        ],
        "issues": [i.to_json() for i in issues],
    }


def junit_suite(result: Exploration, issues: list[Issue]) -> Suite:
    suite = Suite(f"explore {result.story.id}", seconds=result.seconds)
    for r in ending_reach(result):
        w = r.shortest
        suite.add(Case(
            f"ending {r.ending.id} is reachable",
            "explore.endings",
            "" if w else f"ending '{r.ending.id}' cannot be reached",
            details=f"shortest path: {w.describe()}" if w else "",
            file=r.ending.pos.file,
            line=r.ending.pos.line,
        ))
    groups = [("search covers every state", ("X305",)), ("no dead ends", ("X302",)), ("no traps", ("X303",)),
              ("no rule fails during play", ("X304",))]
    for name, codes in groups:
        found = [i for i in issues if i.code in codes]
        details = "\n".join(str(i) + (f"\n  witness: {i.witness.describe()}" if i.witness else "") for i in found)
        suite.add(Case(name, "explore.checks", found[0].message if found else "", details,
                       file=found[0].pos.file if found else "", line=found[0].pos.line if found else 0))
    return suite
