"""Instructions per key press in the player, steady whatever the machine's load.

    python bench/keys_callgrind.py K   # plays K keys of the shipped story at 80x24, headless

Run it under callgrind for K=0 and K=8 and divide the difference by 8:

    for K in 0 8; do PYTHONHASHSEED=0 valgrind --tool=callgrind \\
        --callgrind-out-file=/tmp/keys.$K .venv/bin/python bench/keys_callgrind.py $K; done
    # instructions per key = (summary of /tmp/keys.8 - summary of /tmp/keys.0) / 8

Run it once without valgrind first, so that the bytecode is written (a sandbox that
sets PYTHONDONTWRITEBYTECODE would otherwise count compiling changed modules) and the
compiled story is in the cache. Each key is the first available choice of the
soldier's game, as bench_tui.py presses them. The count is everything from key to
idle: the frame, the autosave thread, Pilot's waits.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.commands._common import load_checked  # noqa: E402
from game.play.options import PlayOptions  # noqa: E402
from game.play.session import Session  # noqa: E402
from game.views.tui.app import make_app  # noqa: E402

STORY = str(ROOT / "scenes")


async def main(keys: int) -> None:
    story = load_checked(STORY, lazy=True)
    if story is None:
        raise SystemExit("the story does not load")
    app = make_app(story, PlayOptions(STORY, saves_dir=tempfile.mkdtemp()), session=Session(story, "soldier"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(keys):
            session = app.session
            assert session is not None
            choice = next(c for c in session.choices() if c.available)
            await pilot.press(str(choice.number))
            await pilot.pause()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 8))
