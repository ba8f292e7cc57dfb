"""Generate a large synthetic story in our format, for benchmarks and stress tests.

``generate(out_dir, scenes, choices, variables, seed)`` writes a story folder
that loads and checks clean: several acts and scene files, conditions, effects,
``{variable}`` interpolation, ``{if}`` passages, glossary links, and endings with
cited debriefs. Every scene is reachable (choice 0 goes to the next scene) and
every variable is both read and changed. The same arguments give the same bytes.

    python bench/gen_story.py OUT_DIR --scenes 10000 --choices 3 --variables 20 --seed 1
"""

from __future__ import annotations

import argparse
import os
import random
from pathlib import Path

SCENES_PER_FILE = 250
SCENES_PER_ACT = 2000
WORDS = (
    "the delegates argue in the corridor while rain falls on the Neva and a soldier "
    "reads a leaflet aloud to men who cannot read it themselves; somewhere a tram bell rings"
).split()
PLACES = ("Smolny Institute", "Nevsky Prospekt", "Vyborg side", "Winter Palace", "Putilov works")
ENUM_VALUES = ("none", "bolshevik", "left_sr", "menshevik")
SOURCE_TEXT = "The garrison went over to the Soviet, and the Military Revolutionary Committee took the city.\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Vars:
    """Declared variables: ints, bools and enums in turn, with expressions over them."""

    def __init__(self, count: int, rng: random.Random):
        self.rng = rng
        self.names = [f"v{i}" for i in range(max(1, count))]

    def kind(self, name: str) -> str:
        return ("int", "bool", "enum")[int(name[1:]) % 3]

    def declare(self) -> list[str]:
        out = ["variables:"]
        for name in self.names:
            kind = self.kind(name)
            out.append(f"  {name}:")
            if kind == "int":
                out += ["    type: int", "    default: 0", "    min: 0", "    max: 9", f"    label: Standing {name}", "    visible: true"]
            elif kind == "bool":
                out += ["    type: bool", "    default: false"]
            else:
                out += ["    type: enum", f"    values: [{', '.join(ENUM_VALUES)}]", "    default: none"]
        return out

    def condition(self, name: str | None = None) -> str:
        name = name or self.rng.choice(self.names)
        kind = self.kind(name)
        if kind == "int":
            return f"{name} >= {self.rng.randint(0, 3)}"
        if kind == "bool":
            return name if self.rng.random() < 0.5 else f"not {name}"
        return f"{name} != {_quote(self.rng.choice(ENUM_VALUES))}"

    def effect(self, name: str | None = None) -> str:
        name = name or self.rng.choice(self.names)
        kind = self.kind(name)
        if kind == "int":
            return f"{name} {self.rng.choice(('+=', '-='))} {self.rng.randint(1, 2)}"
        if kind == "bool":
            return f"{name} = {self.rng.choice(('true', 'false'))}"
        return f"{name} = {_quote(self.rng.choice(ENUM_VALUES))}"


def _sentence(rng: random.Random, n: int = 12) -> str:
    start = rng.randrange(len(WORDS))
    return " ".join(WORDS[(start + i) % len(WORDS)] for i in range(n))


def _ending(index: int, act: str) -> list[str]:
    return [
        f"  - id: end_{index:03d}",
        f"    title: Ending {index}",
        f"    kind: {'historical' if index % 2 == 0 else 'counterfactual'}",
        f"    act: {act}",
        "    date: 1917-10-26",
        "    text: |",
        "      The night ends. The [[Soviet]] sits until dawn.",
        "    debrief:",
        "      what_happened:",
        "        - text: The garrison went over to the Soviet.",
        "          tag: documented",
        "          cite:",
        "            - source: notes",
        '              quote: "The garrison went over to the Soviet"',
        "      questions:",
        "        - Why did the garrison matter?",
    ]


def generate(out_dir: str | os.PathLike[str], scenes: int, choices: int = 3, variables: int = 10, seed: int = 0) -> Path:
    """Write a story of ``scenes`` scenes with ``choices`` choices each into ``out_dir``."""
    rng = random.Random(seed)
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    scenes = max(2, scenes)
    choices = max(1, choices)
    vars_ = _Vars(variables, rng)
    acts = [f"act{i + 1}" for i in range((scenes - 1) // SCENES_PER_ACT + 1)]
    endings = max(2, scenes // 200)

    story = [
        "id: bench-story",
        f"title: Synthetic story of {scenes} scenes",
        "version: 1",
        "start: s000000",
        *vars_.declare(),
        "acts:",
    ]
    for act in acts:
        story += [f"  - id: {act}", f"    title: {act.capitalize()}"]
    (root / "story.yaml").write_text("\n".join(story) + "\n", encoding="utf-8")
    (root / "sources.yaml").write_text(
        "sources:\n  - key: notes\n    title: Notes\n    kind: student notes\n    file: notes.txt\n", encoding="utf-8"
    )
    (root / "notes.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    (root / "glossary.yaml").write_text(
        "terms:\n  - term: Soviet\n    aliases: [soviets]\n    text: A council of delegates.\n"
        "people:\n  - name: Leon Trotsky\n    aliases: [Trotsky]\n    role: Chairman of the Petrograd Soviet.\n",
        encoding="utf-8",
    )

    # Every variable is changed and read at least once, in the first scenes.
    must_set = list(vars_.names)
    must_read = list(vars_.names)
    for file_start in range(0, scenes, SCENES_PER_FILE):
        act = acts[file_start // SCENES_PER_ACT]
        lines = ["# yaml-language-server: $schema=.schema/scene.schema.json", f"act: {act}", "scenes:"]
        for i in range(file_start, min(scenes, file_start + SCENES_PER_FILE)):
            name = rng.choice(vars_.names)
            cond = vars_.condition(must_read.pop() if must_read else None)
            lines += [
                f"  - id: s{i:06d}",
                f"    title: Scene {i}",
                f"    place: {PLACES[i % len(PLACES)]}",
                f"    date: 1917-10-{10 + i % 15:02d}",
                "    text: |",
                f"      {_sentence(rng).capitalize()}. You have {{{name}}} now.",
                f"      {{if {cond}}}The [[Soviet]] listens.{{else}}[[Trotsky|The chairman]] waits.{{end}}",
                f"      {_sentence(rng, 20)}.",
            ]
            if i % 7 == 0:
                lines.append(f"    on_enter: {_quote(vars_.effect())}")
            lines.append("    choices:")
            # The last scene offers every ending, so each one is reachable.
            for k in range(choices if i + 1 < scenes else max(choices, endings)):
                if i + 1 >= scenes:
                    target = f"end_{k % endings:03d}"
                elif k == 0:
                    target = f"s{i + 1:06d}"
                elif rng.random() < 0.1:
                    target = f"end_{rng.randrange(endings):03d}"
                else:
                    target = f"s{rng.randrange(i + 1, min(scenes, i + 200)):06d}"
                lines += [f"      - id: c{k}", f"        text: {_sentence(rng, 6).capitalize()}", f"        to: {target}"]
                if k > 0 and rng.random() < 0.5:
                    lines.append(f"        if: {_quote(vars_.condition())}")
                    if rng.random() < 0.5:
                        lines.append("        show_disabled: true")
                if must_set or rng.random() < 0.4:
                    effect = vars_.effect(must_set.pop() if must_set else None)
                    lines.append(f"        set: {_quote(effect)}")
        (root / f"scenes_{file_start // SCENES_PER_FILE:04d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    ending_lines = [f"act: {acts[-1]}", "endings:"]
    for e in range(endings):
        ending_lines += _ending(e, acts[-1])
    (root / "endings.yaml").write_text("\n".join(ending_lines) + "\n", encoding="utf-8")
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out_dir")
    parser.add_argument("--scenes", "-n", type=int, default=1000)
    parser.add_argument("--choices", "-k", type=int, default=3)
    parser.add_argument("--variables", "-v", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    root = generate(args.out_dir, args.scenes, args.choices, args.variables, args.seed)
    print(f"wrote {args.scenes} scenes to {root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
