"""Time ``load_story`` + ``check_story`` against libyaml's bare parse of the same files, in one run.

The floor is ``yaml.load(text, Loader=CSafeLoader)`` of every YAML file of the
story (reading included on both sides). We print both times, the ratio (target
<= 2x, aim 1.5x) and the time per 1,000 scenes, for each size, so that linear
growth shows as a flat last column.

    python bench/bench_load.py                      # 1,000 / 10,000 / 50,000 scenes
    python bench/bench_load.py --sizes 10000 --repeat 5
    python bench/bench_load.py --story scenes       # any story folder
    python bench/bench_load.py --long-text 85 334 4000   # one scene of long text (KiB), each style

``--long-text`` is the case of issue 15 item 11: one scene whose text is a long
folded (``>``), multi-line double-quoted, escaped double-quoted or literal
(``|``) block with a glossary link and a ``{variable}`` on every line. Finding
the file position of each link and variable was quadratic in the text's length;
the figures show the time per KiB staying flat.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_story import generate  # noqa: E402

from game.story.check import check_story  # noqa: E402
from game.story.loader import load_story  # noqa: E402

try:
    from yaml import CSafeLoader as FloorLoader
except ImportError:  # pragma: no cover
    sys.exit("libyaml is not available: the floor would be meaningless")


def yaml_files(root: str) -> list[str]:
    found: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "tests")
        found.extend(os.path.join(folder, f) for f in sorted(files) if f.endswith((".yaml", ".yml")))
    return found


def bare_parse(root: str) -> None:
    for path in yaml_files(root):
        with open(path, encoding="utf-8") as handle:
            yaml.load(handle.read(), Loader=FloorLoader)


def ours(root: str) -> None:
    report = check_story(load_story(root))
    if report.errors:
        raise SystemExit(f"the story has errors: {report.errors[0]}")


def timed(fn: Callable[[str], None], root: str, gc_off: bool = False) -> float:
    """CPU seconds of one call (process time: steadier than the wall clock on a shared machine)."""
    gc.collect()
    if gc_off:
        gc.disable()
    try:
        start = time.process_time()
        fn(root)
        return time.process_time() - start
    finally:
        gc.enable()


def measure(root: str, repeat: int) -> tuple[float, float, float]:
    """Best of ``repeat`` for the floor (GC on, as yaml.load runs), the floor with GC off, and ours.

    The three are interleaved so that a busy machine slows them alike.
    """
    floor = floor_nogc = ours_time = float("inf")
    for _ in range(repeat):
        floor = min(floor, timed(bare_parse, root))
        floor_nogc = min(floor_nogc, timed(bare_parse, root, gc_off=True))
        ours_time = min(ours_time, timed(ours, root))
    return floor, floor_nogc, ours_time


LINE = "The [[Soviet]] meets and you have {gold} coins, said the clerk again."
STYLES = ("folded", "quoted", "escaped", "literal")


def long_text_story(out: str, kib: int, style: str) -> None:
    """A story of one scene whose text is about ``kib`` KiB written in ``style`` (see STYLES)."""
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "story.yaml"), "w", encoding="utf-8") as handle:
        handle.write("id: long\ntitle: Long\nstart: hall\nvariables:\n  gold:\n    type: int\n    default: 0\n")
    with open(os.path.join(out, "glossary.yaml"), "w", encoding="utf-8") as handle:
        handle.write("terms:\n  - term: Soviet\n    text: A council.\n")
    line = LINE.replace("again.", 'again, \\"twice\\".') if style == "escaped" else LINE
    count = kib * 1024 // (len(line) + 7)
    if style in ("folded", "literal"):
        body = ("    text: >\n" if style == "folded" else "    text: |\n") + "".join(f"      {line}\n" for _ in range(count))
    else:
        body = '    text: "' + "\n      ".join(line for _ in range(count)) + '"\n'
    with open(os.path.join(out, "scenes.yaml"), "w", encoding="utf-8") as handle:
        handle.write("scenes:\n  - id: hall\n    title: Hall\n" + body + "    choices:\n      - text: Again\n        to: hall\n")


def long_text(sizes: list[int], repeat: int) -> None:
    print(f"{'style':>8} {'KiB':>6} {'links+vars':>10} {'libyaml':>8} {'ours':>7} {'ratio':>7} {'ours ms/KiB':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        for style in STYLES:
            for kib in sizes:
                root = os.path.join(tmp, f"{style}{kib}")
                long_text_story(root, kib, style)
                size = os.path.getsize(os.path.join(root, "scenes.yaml")) / 1024
                with open(os.path.join(root, "scenes.yaml"), encoding="utf-8") as handle:
                    marks = handle.read().count("{gold}") * 2
                floor, _nogc, ours_time = measure(root, repeat)
                print(
                    f"{style:>8} {size:>6.0f} {marks:>10,} {floor:>8.3f} {ours_time:>7.3f} "
                    f"{ours_time / floor:>6.1f}x {ours_time / size * 1000:>11.2f}",
                    flush=True,
                )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs (default 3)")
    parser.add_argument("--choices", type=int, default=3)
    parser.add_argument("--variables", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--story", help="time this story folder instead of generated ones")
    parser.add_argument("--long-text", type=int, nargs="+", metavar="KIB", help="one scene of long text of these sizes")
    args = parser.parse_args(argv)
    if args.long_text:
        print(f"python {sys.version.split()[0]}, PyYAML {yaml.__version__} with libyaml, best of {args.repeat}, CPU seconds")
        print("'libyaml' is yaml.load(CSafeLoader) of the files; 'ours' is load_story + check_story")
        long_text(args.long_text, args.repeat)
        return 0

    print(f"python {sys.version.split()[0]}, PyYAML {yaml.__version__} with libyaml, best of {args.repeat}")
    print("times are CPU seconds; 'libyaml' is yaml.load(CSafeLoader) of every file, 'no GC' the same with")
    print("the cyclic GC paused as load_story pauses it; 'ours' is load_story + check_story")
    print(f"{'scenes':>8} {'MB':>6} {'libyaml':>8} {'no GC':>7} {'ours':>7} {'ratio':>6} {'vs no GC':>8} {'ours ms/1k scenes':>18}")
    if args.story:
        story = load_story(args.story)
        runs = [(args.story, len(story.scenes))]
        tmp = None
    else:
        tmp = tempfile.TemporaryDirectory()
        runs = []
        for size in args.sizes:
            out = os.path.join(tmp.name, f"s{size}")
            generate(out, size, args.choices, args.variables, args.seed)
            runs.append((out, size))
    for root, scenes in runs:
        megabytes = sum(os.path.getsize(p) for p in yaml_files(root)) / 1e6
        floor, floor_nogc, ours_time = measure(root, args.repeat)
        per_k = ours_time / max(scenes, 1) * 1000 * 1000
        print(
            f"{scenes:>8} {megabytes:>6.1f} {floor:>8.3f} {floor_nogc:>7.3f} {ours_time:>7.3f} "
            f"{ours_time / floor:>5.2f}x {ours_time / floor_nogc:>7.2f}x {per_k:>18.1f}",
            flush=True,
        )
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
