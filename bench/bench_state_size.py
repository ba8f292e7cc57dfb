"""Bytes of a saved game's state, part by part, on a generated story (default 10,000 scenes) and the shipped one.

A save's state grows with the path the player took (issue 18). This plays a
seeded random game, then prints the state's bytes as ``State.dumps`` writes them
(what a save file holds under "state"), which part is the path, and what the same
path costs in the list-of-pairs shape of state format 1, measured in the same run.

    .venv/bin/python bench/bench_state_size.py [--scenes 10000] [--steps 200] [--seed 1] [--story DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_saves import played_session  # noqa: E402
from gen_story import generate  # noqa: E402

from game.play import jsontext, savefile  # noqa: E402
from game.play.session import Session  # noqa: E402


def sizes(session: Session) -> dict[str, int]:
    data = session.state.to_json()
    return {
        "steps": len(session.state.path),
        "state": len(jsontext.dumps(data)),
        "path": len(jsontext.dumps(data["path"])),
        "path_as_pairs": len(jsontext.dumps([list(step) for step in session.state.path])),
        "visits": len(jsontext.dumps(data["visits"])),
        "vars": len(jsontext.dumps(data["vars"])),
        "save_file": len(savefile.encode(session, "1", 60.0, saved_at="2026-12-06T04:00:00Z")),
    }


def show(label: str, s: dict[str, int]) -> None:
    print(
        f"{label}: {s['steps']} steps; state {s['state']:,} bytes = path {s['path']:,} + visits {s['visits']:,}"
        f" + vars {s['vars']:,} + the rest; the same path as [scene, choice] pairs {s['path_as_pairs']:,} bytes;"
        f" whole save file {s['save_file']:,} bytes"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenes", type=int, default=10_000, help="size of the generated story")
    parser.add_argument("--steps", type=int, default=200, help="at most this many random choices")
    parser.add_argument("--seed", type=int, default=1, help="seed of the random player")
    parser.add_argument("--story", default=None, help="a story folder instead of the generated one")
    args = parser.parse_args(argv)
    if args.story:
        folder = Path(args.story)
    else:
        cache = Path(os.environ.get("PETROGRAD_BENCH_CACHE", tempfile.gettempdir())) / "petrograd-bench-stories"
        folder = cache / f"s{args.scenes}"
        if not (folder / "story.yaml").is_file():
            generate(folder, scenes=args.scenes, choices=3, variables=20, seed=1)
    show(f"{folder.name}", sizes(played_session(str(folder), args.steps, args.seed)))
    if not args.story:
        show("shipped story", sizes(played_session(str(ROOT / "scenes"), args.steps, args.seed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
