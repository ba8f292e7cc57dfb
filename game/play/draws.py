"""Random draws in play: the same game seed, step and order always give the same numbers.

``random(1, 6)`` and ``chance(30)`` in effects take their numbers from a
``SeededDrawer`` made for each step of a game (``Session``): a save's game, a
story test with ``seed:``, and ``petrograd verify`` replaying a transcript all
draw exactly what the player drew. The explorer uses its own drawer that
follows every outcome (``game.tools.machine``).
"""

from __future__ import annotations

import random


class SeededDrawer:
    """The draws of one step of one game (``step``: choices taken so far)."""

    def __init__(self, seed: int, step: int):
        # A text seed is hashed with SHA-512: the same numbers on every run and machine.
        self._random = random.Random(f"{seed}:{step}")

    def draw(self, low: int, high: int) -> int:
        return self._random.randint(low, high)

    def chance(self, percent: int) -> bool:
        return self._random.randrange(100) < percent
