"""Speed of the author tools: explore (states/s), playtest (choices/s), State JSON round trips/s.

Prints figures (in CPU seconds of this process, steadier than the wall clock on a
shared machine) for generated stories of growing size (bench/gen_story.py) and for
the shipped story, each beside a floor measured in the same run (a bare Python
loop doing one dict copy and one random pick per step), so numbers from slow
and fast machines compare. Targets (issue 6): explore of the shipped story < 5 s;
playtest >= 100,000 choices/s on the generated story; >= 25,000 state JSON
save+load/s; per-step cost close to flat as the story grows.

    .venv/bin/python bench/bench_tools.py [--sizes 100,1000,10000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from gen_story import generate  # noqa: E402

from game.play.session import Session  # noqa: E402
from game.play.state import State  # noqa: E402
from game.story.check import check_story  # noqa: E402
from game.story.errors import StoryError  # noqa: E402
from game.story.loader import load_story  # noqa: E402
from game.tools.explore import explore  # noqa: E402
from game.tools.fastrender import compile_template  # noqa: E402
from game.tools.machine import Machine  # noqa: E402
from game.tools.playtest import playtest  # noqa: E402


def floor_steps_per_second(seconds: float = 0.5) -> float:
    """A bare loop: copy a small dict and pick one of three items; the machine's speed, not ours (CPU time)."""
    rng = random.Random(0)
    env = {f"v{i}": i for i in range(10)}
    items = [1, 2, 3]
    count = 0
    began = time.process_time()
    while time.process_time() - began < seconds:
        for _ in range(1000):
            env = dict(env)
            env["v0"] = items[int(rng.random() * 3)]
        count += 1000
    return count / (time.process_time() - began)


def cpu() -> float:
    """CPU seconds of this process: steadier than the wall clock on a machine shared with other work."""
    return time.process_time()


def bench_explore(story, max_states: int) -> dict[str, float]:
    began = cpu()
    machine = Machine(story)
    setup = cpu() - began
    began = cpu()
    result = explore(story, max_states, machine=machine)
    seconds = cpu() - began
    return {
        "states": result.states,
        "complete": result.complete,
        "setup_seconds": round(setup, 3),
        "seconds": round(seconds, 3),
        "states_per_second": round(result.states / seconds),
    }


def bench_playtest(story, runs: int, max_steps: int = 1000) -> dict[str, float]:
    began = cpu()
    machine = Machine(story, reduce=False)
    compile_seconds = _compile_cpu(story)  # playtest compiles the texts once before it plays
    setup = cpu() - began
    began = cpu()
    result = playtest(story, runs, seed=1, max_steps=max_steps, machine=machine)
    seconds = max(1e-9, cpu() - began - compile_seconds)
    return {
        "runs": runs,
        "steps": result.steps,
        "setup_seconds": round(setup, 3),
        "seconds": round(seconds, 3),
        "steps_per_second": round(result.steps / seconds),
        "us_per_step": round(1e6 * seconds / max(1, result.steps), 2),
    }


def _compile_cpu(story) -> float:
    """CPU of compiling every text, which playtest does (with the cyclic collector paused) before it plays:
    measured the same way, or a full collection after explore lands here and swings the subtracted time."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        began = cpu()
        for node in story.nodes():
            compile_template(node.text)
        return cpu() - began
    finally:
        if enabled:
            gc.enable()


def bench_state_json(story, seconds: float = 1.0) -> dict[str, float]:
    """Save a mid-game state to JSON text and load it back (``State.dumps``/``State.loads``, checks
    included), beside the bare standard-library floor (``json.dumps``/``json.loads`` of the same object,
    no checks) and the whole save record a slot holds (``savefile.encode``/``decode``, without the disk)."""
    from game.play import savefile

    session = Session(story)
    rng = random.Random(3)
    for _ in range(15):
        choices = session.available_choices()
        if not choices or session.finished:
            break
        session.choose(rng.choice(choices).id)
    state = session.state
    data = state.to_json()
    where = Path("bench.json")

    def ours() -> None:
        nonlocal state
        state = State.loads(state.dumps())

    def floor() -> None:
        json.loads(json.dumps(data, separators=(",", ":"), ensure_ascii=False))

    def record() -> None:
        savefile.decode(savefile.encode(session, "1", 60.0, saved_at="2026-11-25 12:00"), where)

    rates = {name: _rate(fn, seconds) for name, fn in (("ours", ours), ("floor", floor), ("record", record))}
    return {
        "round_trips_per_second": round(rates["ours"]),
        "bytes": len(state.dumps()),
        "stdlib_floor_per_second": round(rates["floor"]),
        "save_records_per_second": round(rates["record"]),
        "save_record_bytes": len(savefile.encode(session, "1", 60.0)),
    }


def _rate(fn, seconds: float) -> float:
    """Calls per CPU second of ``fn``, best of three slices (other jobs share the machine)."""
    best = 0.0
    for _ in range(3):
        count = 0
        began = time.process_time()
        while time.process_time() - began < seconds / 3:
            for _ in range(200):
                fn()
            count += 200
        best = max(best, count / (time.process_time() - began))
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="generated story sizes in scenes")
    parser.add_argument("--explore-states", type=int, default=50_000, help="bound for explore on generated stories")
    parser.add_argument("--runs", type=int, default=10000, help="playtest runs per story")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    floor = floor_steps_per_second()
    out: dict[str, Any] = {"floor_steps_per_second": round(floor), "generated": {}, "shipped": None}
    if not args.json:
        print(f"floor (bare loop): {floor:,.0f} steps/s")
    cache = Path(os.environ.get("PETROGRAD_BENCH_CACHE", tempfile.gettempdir())) / "petrograd-bench-stories"
    for size in [int(s) for s in args.sizes.split(",") if s]:
        folder = cache / f"s{size}"
        if not (folder / "story.yaml").is_file():
            generate(folder, scenes=size, choices=3, variables=20, seed=1)
        began = time.perf_counter()
        story = load_story(str(folder))
        loaded = time.perf_counter() - began
        row: dict[str, Any] = {
            "scenes": size,
            "load_seconds": round(loaded, 3),
            "explore": bench_explore(story, args.explore_states),
            "playtest": bench_playtest(story, args.runs),
        }
        out["generated"][str(size)] = row
        if not args.json:
            e, p = row["explore"], row["playtest"]
            print(
                f"generated {size:>6} scenes (load {loaded:.1f} s): explore {e['states_per_second']:>7,} states/s "
                f"({e['states']:,} states{', complete' if e['complete'] else ''}; setup {e['setup_seconds']} s); "
                f"playtest {p['steps_per_second']:>7,} choices/s ({p['us_per_step']} us/step, "
                f"{p['steps_per_second'] / floor:.2f} x floor; setup {p['setup_seconds']} s)"
            )
    try:
        shipped = load_story(str(ROOT / "scenes"))
        if check_story(shipped).errors:
            raise StoryError([])
    except StoryError:
        shipped = None
        if not args.json:
            print("shipped story: does not load or check clean right now; skipped")
    if shipped is not None:
        began = cpu()
        explored = explore(shipped)
        seconds = cpu() - began
        row = {
            "explore": {
                "states": explored.states,
                "complete": explored.complete,
                "seconds": round(seconds, 3),
                "states_per_second": round(explored.states / seconds),
            },
            "playtest": bench_playtest(shipped, args.runs),
            "state_json": bench_state_json(shipped),
        }
        out["shipped"] = row
        if not args.json:
            e, p, j = row["explore"], row["playtest"], row["state_json"]
            state = "complete" if e["complete"] else "stopped at the default bound"
            print(f"shipped story: explore {e['seconds']} s for {e['states']:,} states ({state}), {e['states_per_second']:,} states/s")
            print(f"shipped story: playtest {p['steps_per_second']:,} choices/s ({p['steps_per_second'] / floor:.2f} x floor)")
            print(
                f"state JSON save+load: {j['round_trips_per_second']:,}/s ({j['bytes']} bytes; target 25,000/s); "
                f"bare json.dumps+json.loads of the same object {j['stdlib_floor_per_second']:,}/s "
                f"(ours {j['round_trips_per_second'] / j['stdlib_floor_per_second']:.2f}x it)"
            )
            print(f"whole save record (journal, summary, state) encode+decode: {j['save_records_per_second']:,}/s "
                  f"({j['save_record_bytes']} bytes)")
    if args.json:
        print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
