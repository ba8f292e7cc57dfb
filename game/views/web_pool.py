"""Warm games for `petrograd serve`: processes started before a tab asks, so its first screen comes at once.

Starting a game costs about a second of CPU (Python, Textual, the story), which
a student sees as a few seconds of "Starting the game...". The server keeps a
few games already started at 80x24 and hands one to the next tab, then tells
it the tab's real size; a replacement starts in the background. A warm game
has written its first screen into its pipe and waits; it counts as no player.
Each is started like any game (game.views.web_game.spawn_game): its own
process group, no shell.
"""

from __future__ import annotations

import asyncio
import logging
from asyncio.subprocess import Process
from collections.abc import Callable, Sequence

from game.views.web_game import end_game, meta_packet, spawn_game

log = logging.getLogger("petrograd.serve")


class WarmPool:
    """Up to ``size`` started games, waiting for a tab."""

    def __init__(self, argv: Sequence[str], size: int, environment: Callable[[], dict[str, str]]):
        self.argv = list(argv)
        self.size = max(0, size)
        self.environment = environment
        self.idle: list[Process] = []
        self._filling: asyncio.Task[None] | None = None
        self._closed = False

    def take(self) -> Process | None:
        """A started game for a tab, or None (a cold start then)."""
        while self.idle:
            process = self.idle.pop(0)
            if process.returncode is None:
                self.refill()
                return process
        self.refill()
        return None

    def refill(self) -> None:
        """Start replacements in the background, one at a time (never stealing CPU from a tab's burst)."""
        if self._closed or self.size == 0 or (self._filling is not None and not self._filling.done()):
            return
        self._filling = asyncio.create_task(self._fill())

    async def _fill(self) -> None:
        while not self._closed and len(self.idle) < self.size:
            try:
                process = await spawn_game(self.argv, self.environment())
            except OSError as exc:
                log.warning("could not start a warm game: %s", exc)
                return
            if self._closed:  # the server stopped while this one was starting
                await _reap(process, quit_first=True)
                return
            self.idle.append(process)

    async def close(self) -> None:
        """Stop the waiting games and their process groups (the server is stopping)."""
        self._closed = True
        if self._filling is not None:
            await asyncio.gather(self._filling, return_exceptions=True)
        idle, self.idle = self.idle, []
        await asyncio.gather(*(_reap(process, quit_first=True) for process in idle), return_exceptions=True)


async def _reap(process: Process, quit_first: bool = False) -> None:
    """Ask a game to quit, drain its pipes so it cannot block on a full one, then end its group."""
    if quit_first and process.returncode is None and process.stdin is not None:
        try:
            process.stdin.write(meta_packet({"type": "quit"}))
            process.stdin.close()
        except (BrokenPipeError, ConnectionResetError, RuntimeError):
            pass

    async def drain(stream: asyncio.StreamReader | None) -> None:
        if stream is not None:
            while await stream.read(65536):
                pass

    draining = asyncio.gather(drain(process.stdout), drain(process.stderr), return_exceptions=True)
    await end_game(process, grace=5)
    draining.cancel()
    await asyncio.gather(draining, return_exceptions=True)
