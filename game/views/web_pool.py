"""Warm games for `petrograd serve`: processes started before a tab asks, so its first screen comes at once.

Starting a game costs about a second of CPU (Python, Textual, the story), which
a student sees as a few seconds of "Starting the game...". The server keeps a
few games already started at 80x24 and hands one to the next tab, then tells
it the tab's real size; a replacement starts in the background. A warm game
has written its first screen into its pipe and waits; it counts as no player.
"""

from __future__ import annotations

import asyncio
import json
import logging
from asyncio.subprocess import PIPE, Process
from collections.abc import Callable

log = logging.getLogger("petrograd.serve")


class WarmPool:
    """Up to ``size`` started games, waiting for a tab."""

    def __init__(self, command: str, size: int, environment: Callable[[], dict[str, str]]):
        self.command = command
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
                process = await asyncio.create_subprocess_shell(
                    self.command, stdin=PIPE, stdout=PIPE, stderr=PIPE, env=self.environment()
                )
            except OSError as exc:
                log.warning("could not start a warm game: %s", exc)
                return
            self.idle.append(process)

    async def close(self) -> None:
        """Stop the waiting games (the server is stopping)."""
        self._closed = True
        if self._filling is not None:
            await asyncio.gather(self._filling, return_exceptions=True)
        quit_packet = json.dumps({"type": "quit"}).encode()
        for process in self.idle:
            if process.returncode is None and process.stdin is not None:
                try:
                    process.stdin.write(b"M" + len(quit_packet).to_bytes(4, "big") + quit_packet)
                    process.stdin.close()
                except (BrokenPipeError, ConnectionResetError, RuntimeError):
                    pass
        for process in self.idle:
            await _reap(process)
        self.idle.clear()


async def _reap(process: Process) -> None:
    """Wait for a game to exit, draining its pipes so it cannot block on a full one."""

    async def drain(stream: asyncio.StreamReader | None) -> None:
        if stream is not None:
            while await stream.read(65536):
                pass

    try:
        await asyncio.wait_for(asyncio.gather(drain(process.stdout), drain(process.stderr), process.wait()), 5)
    except asyncio.TimeoutError:
        process.kill()
        await process.wait()
