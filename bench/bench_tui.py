"""Player speed: start-up and memory against a bare Textual app, and key press to next scene.

    .venv/bin/python bench/bench_tui.py [STORY_DIR] [--runs N] [--steps N]

1. Start: from process start to the first scene ready for input (headless,
   80x24), through the same path as ``petrograd play`` (load and check the
   story, make_app), against a bare Textual app that mounts a Markdown block
   and three buttons -- both measured in this run, alternating, median of N.
   Target: at most 1.25x the bare app.
2. Peak memory (max RSS) of the same two processes. Target: within 1.3x.
3. Key press to next scene rendered, in process (Pilot, headless): press the
   first available choice's number, wait until the screen is idle. Target:
   median under 30 ms on the shipped story.

Prints figures and ratios; asserts nothing (speed is not a test).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = r"""
import sys, time, resource
from textual.app import App
from textual.widgets import Button, Markdown

class Bare(App):
    def compose(self):
        yield Markdown("# A scene\n\nSome text of a scene, *rendered* as Markdown.\n\n- one\n- two\n")
        yield Button("One")
        yield Button("Two")
        yield Button("Three")

    def on_mount(self):
        self.call_after_refresh(self.ready)

    def ready(self):
        r = resource.getrusage(resource.RUSAGE_SELF)
        print(time.time(), r.ru_maxrss, r.ru_utime + r.ru_stime, flush=True)
        self.exit()

Bare().run(headless=True, size=(80, 24))
"""

PLAYER = r"""
import sys, time, resource, tempfile
sys.path.insert(0, {root!r})
from game.commands._common import load_checked
from game.play.options import PlayOptions

story = load_checked({story!r})
from game.play.session import Session
from game.views.tui.app import make_app

options = PlayOptions({story!r}, saves_dir=tempfile.mkdtemp())
app = make_app(story, options, session=Session(story))

def ready():
    r = resource.getrusage(resource.RUSAGE_SELF)
    print(time.time(), r.ru_maxrss, r.ru_utime + r.ru_stime, flush=True)
    app.exit()

app.scene_listeners.append(lambda session: app.call_after_refresh(ready))
app.run(headless=True, size=(80, 24))
"""


# Children compile to a private bytecode cache, as an installed program would have
# .pyc files; PYTHONDONTWRITEBYTECODE (set in some sandboxes) would otherwise make
# the project's modules compile on every start while Textual's come precompiled.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
CHILD_ENV["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "petrograd-bench-pycache")


def start_once(code: str) -> tuple[float, int, float]:
    """Seconds from spawning the process to 'ready', its max RSS in KiB, and its CPU seconds by then."""
    started = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120, env=CHILD_ENV
    )
    line = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""
    if not line:
        raise SystemExit(f"benchmark child failed:\n{out.stderr[-2000:]}")
    ready, rss, cpu = line.split()
    return float(ready) - started, int(rss), float(cpu)


async def key_to_scene(story_dir: str, steps: int) -> tuple[list[float], list[float]]:
    """Milliseconds (wall, CPU) from a choice key to the next scene drawn and the app idle."""
    from game.commands._common import load_checked
    from game.play.options import PlayOptions
    from game.play.session import Session
    from game.views.tui.app import make_app

    story = load_checked(story_dir)
    if story is None:
        raise SystemExit("the story does not load")
    perspectives = [p.id for p in story.perspectives] or [None]
    times: list[float] = []
    cpu: list[float] = []
    game = 0
    with tempfile.TemporaryDirectory() as saves:
        app = make_app(story, PlayOptions(story_dir, saves_dir=saves), session=Session(story, perspectives[0]))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            while len(times) < steps:
                session = app.session
                assert session is not None
                if session.finished:
                    game += 1
                    app.start_session(Session(story, perspectives[game % len(perspectives)]))
                    await pilot.pause()
                    continue
                choice = next(c for c in session.choices() if c.available)
                key = str(choice.number)
                t0, c0 = time.perf_counter(), time.process_time()
                await pilot.press(key)
                await pilot.pause()
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
    return times, cpu


async def bare_key_floor(steps: int) -> tuple[list[float], list[float]]:
    """The same measure on the bare app: a key replaces its Markdown text and relabels its buttons."""
    from textual.app import App, ComposeResult
    from textual.widgets import Button, Markdown

    class Bare(App[None]):
        BINDINGS = [("1", "next", "Next")]
        count = 0

        def compose(self) -> ComposeResult:
            yield Markdown("# A scene\n\nSome text.")
            for n in range(3):
                yield Button(f"Choice {n}")

        def action_next(self) -> None:
            self.count += 1
            self.query_one(Markdown).update(f"# Scene {self.count}\n\n" + "Some *text* of a scene. " * 40)
            for n, button in enumerate(self.query(Button)):
                button.label = f"Choice {n} of scene {self.count}"

    times: list[float] = []
    cpu: list[float] = []
    app = Bare()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(steps):
            t0, c0 = time.perf_counter(), time.process_time()
            await pilot.press("1")
            await pilot.pause()
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
    return times, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("story", nargs="?", default=str(ROOT / "scenes"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--steps", type=int, default=40)
    args = parser.parse_args()
    player = PLAYER.format(root=str(ROOT), story=str(Path(args.story).resolve()))

    bare_t, bare_m, bare_c, ours_t, ours_m, ours_c = [], [], [], [], [], []
    for _ in range(2):  # warm the file cache and the bytecode cache for both
        start_once(BARE)
        start_once(player)
    for _ in range(args.runs):
        for code, t_list, m_list, c_list in ((BARE, bare_t, bare_m, bare_c), (player, ours_t, ours_m, ours_c)):
            t, m, c = start_once(code)
            t_list.append(t)
            m_list.append(m)
            c_list.append(c)
    bt, ot = statistics.median(bare_t), statistics.median(ours_t)
    bc, oc = statistics.median(bare_c), statistics.median(ours_c)
    bm, om = max(bare_m), max(ours_m)
    print(f"story: {args.story}   runs: {args.runs}")
    print(f"start to first scene   bare {bt * 1000:7.1f} ms   player {ot * 1000:7.1f} ms   "
          f"ratio {ot / bt:.2f}x (target <= 1.25x)")
    print(f"  CPU time by then     bare {bc * 1000:7.1f} ms   player {oc * 1000:7.1f} ms   "
          f"ratio {oc / bc:.2f}x (less disturbed by other load)")
    print(f"peak memory (max RSS)  bare {bm / 1024:7.1f} MiB  player {om / 1024:7.1f} MiB  "
          f"ratio {om / bm:.2f}x (target <= 1.3x)")
    times, cpu = asyncio.run(key_to_scene(args.story, args.steps))
    print(f"key press to next scene: median {statistics.median(times):.1f} ms, "
          f"p90 {sorted(times)[int(len(times) * 0.9) - 1]:.1f} ms, max {max(times):.1f} ms "
          f"over {len(times)} choices (target median < 30 ms)")
    print(f"  CPU per key press:   median {statistics.median(cpu):.1f} ms, max {max(cpu):.1f} ms")
    floor_t, floor_c = asyncio.run(bare_key_floor(args.steps))
    print(f"  bare app, same measure: median {statistics.median(floor_t):.1f} ms wall, "
          f"{statistics.median(floor_c):.1f} ms CPU (the floor on this machine now; "
          f"player/bare {statistics.median(times) / statistics.median(floor_t):.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
