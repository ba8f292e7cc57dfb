"""Lines per scene of the example story against its ink version: non-blank, non-comment lines.

Usage: python bench/lines_per_scene.py [examples/ferry]
"""

from __future__ import annotations

import sys
from pathlib import Path


def lines(path: Path, comment: str) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.strip().startswith(comment))


def main(folder: str = "examples/ferry") -> None:
    root = Path(folder)
    scenes = sum(1 for line in (root / "scenes.yaml").read_text(encoding="utf-8").splitlines() if line.strip().startswith("- id:")
                 and line.startswith("  - "))
    ours_scenes = lines(root / "scenes.yaml", "#")
    ours_all = ours_scenes + lines(root / "story.yaml", "#")
    ink = lines(root / "ferry.ink", "//")
    print(f"scenes and endings: {scenes}")
    print(f"ours: {ours_scenes} lines of scenes ({ours_scenes / scenes:.1f} per scene), {ours_all} with story.yaml "
          f"({ours_all / scenes:.1f} per scene)")
    print(f"ink:  {ink} lines ({ink / scenes:.1f} per scene)")
    print(f"ours / ink: {ours_all / ink:.2f}")


if __name__ == "__main__":
    main(*sys.argv[1:])
