"""Pilot steps the player's tests share."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any


def pilot_test(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async Pilot test without an asyncio plugin for pytest."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


async def start_game(pilot, perspective_down: int = 0) -> None:
    """From the title screen: New game, pick a perspective, skip the primer."""
    await pilot.press("n")
    await pilot.pause()
    for _ in range(perspective_down):
        await pilot.press("down")
    await pilot.press("enter")  # perspective chosen -> name box
    await pilot.press("enter")  # start
    await pilot.pause()
    await pilot.press("escape")  # skip the primer
    await pilot.pause()


async def settle(pilot) -> None:
    """Wait for the app's workers (saves are listed, read and written in threads) and the frame after them."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()  # a worker's result may have started another (a load, then a save)
    await pilot.pause()
