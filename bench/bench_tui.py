"""Player speed: start-up and memory against a bare Textual app, and key press to next scene.

    .venv/bin/python bench/bench_tui.py [STORY_DIR] [--runs N] [--steps N]

1. Start: from process start to the first scene ready for input (headless,
   80x24), through the same path as ``petrograd play`` (load and check the
   story, make_app), against a bare Textual app that mounts a Markdown block
   and three buttons -- both measured in this run, alternating, median of N.
   Target: at most 1.25x the bare app. The player starts as students' games do,
   from the compiled story kept after the first clean load (in a cache folder of
   the bench's own, filled by the warm-up runs); the first start after an edit,
   which loads the YAML, is measured beside it with the cache off.
2. Peak memory (max RSS) of the same two processes. Target: within 1.3x.
3. Key press to next scene rendered, in process (Pilot drives, headless): press the
   first available choice's number; the figure is the time from posting the key to
   the frame from which the screen stays as it ends up (``App._display`` timed and
   the screen's strips compared frame by frame: the new scene's widgets laid out and
   composited, and no later frame changing what is shown). The last frame drawn is
   printed beside it, and Pilot's own waits (its ~100 ms of pauses) as the old
   measure. The bare app doing the same (new Markdown text, relabelled buttons) is
   the floor; player and bare app take turns in four blocks. Target: median under
   30 ms on the shipped story. Between keys the app is idle, as while a student
   reads.

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
from typing import Any

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

story = load_checked({story!r}, lazy=True)  # as `petrograd play` loads it
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
CHILD_ENV["PETROGRAD_CACHE"] = os.path.join(tempfile.gettempdir(), "petrograd-bench-stories")
NO_IMAGE_ENV = {**CHILD_ENV, "PETROGRAD_CACHE": "off"}


def start_once(code: str, env: dict[str, str] = CHILD_ENV) -> tuple[float, int, float]:
    """Seconds from spawning the process to 'ready', its max RSS in KiB, and its CPU seconds by then."""
    started = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120, env=env
    )
    line = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""
    if not line:
        raise SystemExit(f"benchmark child failed:\n{out.stderr[-2000:]}")
    ready, rss, cpu = line.split()
    return float(ready) - started, int(rss), float(cpu)


class Frames:
    """The frames an app draws: wraps ``App._display``, which every screen refresh calls with the
    compositor's update (also headless, where it then writes nothing). Each frame is kept with
    what the whole screen shows after it (the compositor's strips: text and styles), taken after
    the time is read, so that "drawn" can mean the frame from which the screen stays as it ends up:
    a later frame that changes nothing a player sees does not count, a frame that shows a half-laid
    scene is not taken for the finished one. Pilot's own waiting is not counted."""

    def __init__(self, app: Any) -> None:
        self.frames: list[tuple[float, float, object]] = []  # (wall, CPU of this process, what is shown)
        display = app._display

        def timed(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None:
                when, cpu = time.perf_counter(), time.process_time()
                strips = screen._compositor.render_strips()
                self.frames.append((when, cpu, tuple(tuple((s.text, s.style) for s in strip) for strip in strips)))

        app._display = timed

    def clear(self) -> None:
        self.frames.clear()

    def since(self, t0: float, c0: float) -> tuple[float, float, float] | None:
        """Milliseconds from t0 to the frame that put the final screen up, to the last frame, and the CPU
        milliseconds this process spent until the first of them (less disturbed by other load)."""
        after = [(t, c, shown) for t, c, shown in self.frames if t >= t0]
        if not after:
            return None
        final = after[-1][2]
        settled = len(after) - 1
        while settled > 0 and after[settled - 1][2] == final:
            settled -= 1
        return (after[settled][0] - t0) * 1000, (after[-1][0] - t0) * 1000, (after[settled][1] - c0) * 1000


async def press_timed(
    pilot: Any, frames: Frames, key: str
) -> tuple[float, float, tuple[float, float, float] | None]:
    """(Pilot wall ms, CPU ms to idle, key -> (final screen up, last frame, CPU to the first)) of one key press."""
    frames.clear()
    t0, c0 = time.perf_counter(), time.process_time()
    await pilot.press(key)
    await pilot.pause()
    wall = (time.perf_counter() - t0) * 1000
    return wall, (time.process_time() - c0) * 1000, frames.since(t0, c0)


async def key_to_scene(
    story_dir: str, steps: int, start_after: int = 0
) -> tuple[list[float], list[float], list[tuple[float, float, float]]]:
    """Milliseconds from a choice key to: the app idle (Pilot, wall), CPU used, the next scene's last frame."""
    return await _key_to_scene(story_dir, steps, start_after)


async def _key_to_scene(
    story_dir: str, steps: int, start_after: int
) -> tuple[list[float], list[float], list[tuple[float, float, float]]]:
    from game.commands._common import load_checked
    from game.play.options import PlayOptions
    from game.play.session import Session
    from game.views.tui.app import make_app

    story = load_checked(story_dir, lazy=True)
    if story is None:
        raise SystemExit("the story does not load")
    perspectives: list[str | None] = [p.id for p in story.perspectives] or [None]
    times: list[float] = []
    cpu: list[float] = []
    drawn: list[tuple[float, float, float]] = []
    game = 0
    first = Session(story, perspectives[0])
    for _ in range(start_after):  # blocks after the first go on where the previous one stopped
        if first.finished:
            game += 1
            first = Session(story, perspectives[game % len(perspectives)])
        first.choose(next(c for c in first.choices() if c.available).id)
    with tempfile.TemporaryDirectory() as saves:
        app = make_app(story, PlayOptions(story_dir, saves_dir=saves), session=first)
        frames = Frames(app)
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
                wall, used, frame = await press_timed(pilot, frames, str(choice.number))
                times.append(wall)
                cpu.append(used)
                if frame is not None:
                    drawn.append(frame)
    return times, cpu, drawn


async def bare_key_floor(steps: int) -> tuple[list[float], list[float], list[tuple[float, float, float]]]:
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
    drawn: list[tuple[float, float, float]] = []
    app = Bare()
    frames = Frames(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(steps):
            wall, used, frame = await press_timed(pilot, frames, "1")
            times.append(wall)
            cpu.append(used)
            if frame is not None:
                drawn.append(frame)
    return times, cpu, drawn


def p90(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.9) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("story", nargs="?", default=str(ROOT / "scenes"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--steps", type=int, default=40)
    args = parser.parse_args()
    player = PLAYER.format(root=str(ROOT), story=str(Path(args.story).resolve()))

    bare_t: list[float] = []
    bare_m: list[float] = []
    bare_c: list[float] = []
    ours_t: list[float] = []
    ours_m: list[float] = []
    ours_c: list[float] = []
    cold_t: list[float] = []
    cold_c: list[float] = []
    for _ in range(2):  # warm the file cache, the bytecode cache and the compiled story
        start_once(BARE)
        start_once(player)
    for _ in range(args.runs):
        for code, t_list, m_list, c_list in ((BARE, bare_t, bare_m, bare_c), (player, ours_t, ours_m, ours_c)):
            t, m, c = start_once(code)
            t_list.append(t)
            m_list.append(m)
            c_list.append(c)
        t, _, c = start_once(player, NO_IMAGE_ENV)
        cold_t.append(t)
        cold_c.append(c)
    bt, ot = statistics.median(bare_t), statistics.median(ours_t)
    bc, oc = statistics.median(bare_c), statistics.median(ours_c)
    bm, om = max(bare_m), max(ours_m)
    ct, cc = statistics.median(cold_t), statistics.median(cold_c)
    print(f"story: {args.story}   runs: {args.runs}")
    print(f"start to first scene   bare {bt * 1000:7.1f} ms   player {ot * 1000:7.1f} ms   "
          f"ratio {ot / bt:.2f}x (target <= 1.25x)")
    print(f"  CPU time by then     bare {bc * 1000:7.1f} ms   player {oc * 1000:7.1f} ms   "
          f"ratio {oc / bc:.2f}x (less disturbed by other load)")
    print(f"  first start after an edit (YAML loaded and checked, no image yet): {ct * 1000:7.1f} ms, "
          f"ratio {ct / bt:.2f}x; CPU {cc * 1000:.1f} ms, ratio {cc / bc:.2f}x")
    print(f"peak memory (max RSS)  bare {bm / 1024:7.1f} MiB  player {om / 1024:7.1f} MiB  "
          f"ratio {om / bm:.2f}x (target <= 1.3x)")
    times: list[float] = []
    cpu: list[float] = []
    drawn: list[tuple[float, float, float]] = []
    floor_t: list[float] = []
    floor_c: list[float] = []
    floor_d: list[tuple[float, float, float]] = []
    block = max(1, args.steps // 4)
    for start in range(0, args.steps, block):  # player and bare in turns: a machine whose speed drifts hits both
        kt, kc, kd = asyncio.run(key_to_scene(args.story, block, start_after=start))
        times += kt
        cpu += kc
        drawn += kd
        kt, kc, kd = asyncio.run(bare_key_floor(block))
        floor_t += kt
        floor_c += kc
        floor_d += kd
    shown, last = [d[0] for d in drawn], [d[1] for d in drawn]
    fshown, flast = [d[0] for d in floor_d], [d[1] for d in floor_d]
    med, fmed = statistics.median(shown), statistics.median(fshown)
    print(f"key press to next scene drawn (the frame that puts the final screen up): median {med:.1f} ms, "
          f"p90 {p90(shown):.1f} ms, max {max(shown):.1f} ms over {len(shown)} choices (target median < 30 ms)")
    print(f"  bare app, same measure: median {fmed:.1f} ms (player/bare {med / fmed:.2f}x)")
    busy, fbusy = [d[2] for d in drawn], [d[2] for d in floor_d]
    print(f"  CPU from key to that frame: player median {statistics.median(busy):.1f} ms, "
          f"bare {statistics.median(fbusy):.1f} ms (player/bare {statistics.median(busy) / statistics.median(fbusy):.2f}x)")
    print(f"  to the last frame drawn (may repeat the same screen): player median {statistics.median(last):.1f} ms, "
          f"bare {statistics.median(flast):.1f} ms")
    print(f"  CPU per key press to idle: player median {statistics.median(cpu):.1f} ms, "
          f"bare {statistics.median(floor_c):.1f} ms (incl. the autosave thread)")
    print(f"  old measure (Pilot press + pause, mostly Pilot's waits): player median "
          f"{statistics.median(times):.1f} ms, bare {statistics.median(floor_t):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
