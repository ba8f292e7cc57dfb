"""A game process that only saves: the victim of the fault-injection and race tests.

    python tests/play/save_child.py loop  SAVES_DIR STORY_DIR SLOT START
        save SLOT forever, the state's seed counting up from START; after each
        save returns, write the seed to stdout (one line, flushed)
    python tests/play/save_child.py race  SAVES_DIR STORY_DIR SLOT TAG COUNT GO_FILE
        make GO_FILE.ready-TAG and wait for GO_FILE, then save SLOT COUNT times
        as player TAG with a long answer made of TAG, so a mix of two writers
        would show; after half of them, wait for GO_FILE.seen (the reader has
        loaded a save), so the reader is known to have read while both write

The tests fork ``save_loop`` directly for speed (one fork per kill); the
command line runs the same code in a fresh interpreter.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game.play.saves import SaveStore  # noqa: E402
from game.play.session import Session  # noqa: E402
from game.story.loader import load_story  # noqa: E402


def save_loop(store: SaveStore, session: Session, slot: str, start: int, fd: int) -> None:
    """Save forever; after each save write its seed (8 bytes, big-endian) to ``fd``."""
    seed = start
    while True:
        session.state.seed = seed
        store.save(slot, session, float(seed))
        os.write(fd, seed.to_bytes(8, "big"))
        seed += 1


def wait_for(flag: Path) -> None:
    """Wait for the test to make ``flag``; give up after a minute (a broken test must not hang)."""
    deadline = time.monotonic() + 60
    while not flag.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"save_child: gave up waiting for {flag}")
        time.sleep(0.001)


def race(store: SaveStore, session: Session, slot: str, tag: str, count: int, go: Path) -> None:
    go.with_name(f"{go.name}.ready-{tag}").write_text("")
    wait_for(go)
    session.state.player = tag
    for n in range(count):
        if n == count // 2:
            wait_for(go.with_name(f"{go.name}.seen"))
        session.state.seed = n
        session.state.answers["end_history/0"] = tag * 20_000
        store.save(slot, session, float(n))


def main(argv: list[str]) -> int:
    mode, saves, story_dir, slot = argv[:4]
    story = load_story(story_dir)
    store = SaveStore(saves, story)
    session = Session(story, story.perspectives[0].id if story.perspectives else None)
    if mode == "loop":
        seed = int(argv[4])
        while True:
            session.state.seed = seed
            store.save(slot, session, float(seed))
            print(seed, flush=True)
            seed += 1
    if mode == "race":
        race(store, session, slot, argv[4], int(argv[5]), Path(argv[6]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
