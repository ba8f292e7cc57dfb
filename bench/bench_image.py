"""What the compiled-story image costs and saves, beside loading the YAML: sizes, and CPU seconds for each way in.

    .venv/bin/python bench/gen_story.py /tmp/big --scenes 10000 --choices 3 --variables 20 --seed 1
    .venv/bin/python bench/bench_image.py /tmp/big        # or: bench/bench_image.py scenes

One run each (the 10,000-scene loads take seconds; the machine is shared): CPU time, not wall.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["PETROGRAD_CACHE"] = tempfile.mkdtemp(prefix="petrograd-bench-image-")

from game.commands._common import load_checked  # noqa: E402
from game.story import cache  # noqa: E402


def cpu(fn: Callable[[], Any]) -> float:
    gc.unfreeze()  # load_checked freezes what it loaded; let the next load start from a collected heap
    gc.collect()
    began = time.process_time()
    fn()
    return time.process_time() - began


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "scenes")
    key = cache.story_key(path)
    folder = cache.cache_dir()
    assert key is not None and folder is not None
    image = folder / f"{key}.story.json"
    yaml_s = cpu(lambda: load_checked(path))  # a tool: YAML and checks, no image
    first_s = cpu(lambda: load_checked(path, lazy=True))  # a game's first start: YAML, checks, image written
    lazy_s = cpu(lambda: load_checked(path, lazy=True))  # a game's next start: the image, scenes built on demand
    eager_s = cpu(lambda: load_checked(path, image=True))  # the whole image decoded (what tools used to do)
    size_yaml = sum(p.stat().st_size for p in Path(path).rglob("*.yaml"))
    size_image = image.stat().st_size
    print(f"{path}: YAML {size_yaml / 1e6:.1f} MB, image {size_image / 1e6:.1f} MB ({size_image / size_yaml:.1f}x)")
    print(f"CPU s: YAML load+check {yaml_s:.2f}; game first start (same + image written) {first_s:.2f}; "
          f"game next start (lazy image) {lazy_s:.2f}; whole image decoded {eager_s:.2f}")


if __name__ == "__main__":
    main()
