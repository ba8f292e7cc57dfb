"""Speed of saving and loading a game, beside floors measured in the same run.

Save floor: write the same bytes to a temp file, fsync, ``os.replace`` (the least
a durable save can do). Load floor: read the file and ``json.loads`` it. A save
also keeps the previous file as a backup (a hard link) and fsyncs the folder; a
load also fits the state to the story and renders the scene. Disk speed
dominates saving, so the ratio matters more than the milliseconds.

    .venv/bin/python bench/bench_saves.py [--story scenes] [--repeat 50] [--folder /tmp]
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.play.saves import SaveStore  # noqa: E402
from game.play.session import Session  # noqa: E402
from game.story.loader import load_story  # noqa: E402


def played_session(story_dir: str, steps: int, seed: int = 7) -> Session:
    """A game of up to ``steps`` random choices (fewer if it reaches an ending)."""
    story = load_story(story_dir)
    rng = random.Random(seed)
    session = Session(story, story.perspectives[0].id if story.perspectives else None)
    for _ in range(steps):
        options = session.available_choices()
        if session.finished or not options:
            break
        session.choose(rng.choice(options).id)
    return session


def timed(repeat: int, action) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        action()
    return (time.perf_counter() - start) / repeat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--story", default=str(ROOT / "scenes"))
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--steps", type=int, default=30, help="choices made before saving")
    parser.add_argument("--folder", default=None, help="where to write (default: the system temp folder)")
    args = parser.parse_args()
    session = played_session(args.story, args.steps)
    with tempfile.TemporaryDirectory(dir=args.folder) as folder:
        store = SaveStore(folder, session.story)
        store.save("1", session, 60)
        data = (Path(folder) / "1.json").read_bytes()
        floor_path = Path(folder) / "floor.json"

        def floor_save() -> None:
            temp = Path(folder) / ".floor.tmp"
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.write(fd, data)
            os.fsync(fd)
            os.close(fd)
            os.replace(temp, floor_path)

        floor_save()
        save = timed(args.repeat, lambda: store.save("1", session, 60))
        save_floor = timed(args.repeat, floor_save)
        load = timed(args.repeat, lambda: store.load("1"))
        load_floor = timed(args.repeat, lambda: json.loads(floor_path.read_bytes()))
        listing = timed(max(1, args.repeat // 10), store.list)
    print(f"story {session.story.id}: save file {len(data):,} bytes after {len(session.state.path)} choices")
    print(f"save  {save * 1000:8.2f} ms   floor (temp+fsync+replace) {save_floor * 1000:7.2f} ms   ratio {save / save_floor:5.2f}")
    print(f"load  {load * 1000:8.2f} ms   floor (read+json.loads)    {load_floor * 1000:7.2f} ms   ratio {load / load_floor:5.1f}")
    print(f"list of 1 slot {listing * 1000:.2f} ms")


if __name__ == "__main__":
    main()
