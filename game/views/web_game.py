"""One game process behind one browser tab: start it in its own process group, relay its packets, end the group.

Textual's web driver (``TEXTUAL_DRIVER=textual.drivers.web_driver:WebDriver``)
speaks a small packet protocol on the game's stdin and stdout: a prelude line
``__GANGLION__``, then packets of one type byte (``D`` screen data, ``M`` JSON
meta, ``P`` a packed download chunk), a 4-byte big-endian length and the
payload. textual-serve's ``AppService`` relays it too, but only through private
members (how it opens the process, its stdin); we relay it here with public
pieces only, so a textual-serve upgrade cannot break it silently.

Why our own process handling: textual-serve runs each game through ``/bin/sh``
and ends only the shell, so a closed tab left the game running with parent 1.
Here a game is exec'd directly (no shell) as the leader of a new session, and
ending a game ends its whole process group.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import signal
import uuid
from asyncio.subprocess import PIPE, Process
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger("petrograd.serve")
PRELUDE = b"__GANGLION__\n"
FRAME = re.compile(rb"\x1b\[\d+;\d+H")  # a cursor move: the game is drawing its screen (not its set-up codes)
MAX_PACKET = 64 * 1024 * 1024  # a game's own screen packet; anything larger is a broken game, not a screen


def packet(kind: bytes, payload: bytes) -> bytes:
    """One packet of the web driver's protocol."""
    return kind + len(payload).to_bytes(4, "big") + payload


def meta_packet(data: dict[str, Any]) -> bytes:
    return packet(b"M", json.dumps(data).encode("utf-8"))


async def spawn_game(argv: Sequence[str], environment: dict[str, str]) -> Process:
    """Start a game as the leader of its own session (and so its own process group), without a shell."""
    return await asyncio.create_subprocess_exec(
        *argv, stdin=PIPE, stdout=PIPE, stderr=PIPE, env=environment, start_new_session=True,
    )


def signal_group(process: Process, signum: int) -> None:
    """Send ``signum`` to the game's whole process group (it leads it: its pid is the group's id)."""
    try:
        os.killpg(process.pid, signum)
    except (ProcessLookupError, PermissionError):
        pass


async def end_game(process: Process, grace: float = 5.0) -> None:
    """Wait up to ``grace`` seconds for a game asked to quit, then end its whole group, whatever is left of it.

    The group is signalled even when the game itself has exited: anything it
    started must not outlive the tab.
    """
    if process.returncode is None:
        try:
            await asyncio.wait_for(process.wait(), grace)
        except asyncio.TimeoutError:
            signal_group(process, signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 2)
            except asyncio.TimeoutError:
                pass
    signal_group(process, signal.SIGKILL)
    if process.returncode is None:
        await process.wait()


def decode_chunk(payload: bytes) -> tuple[str, str, bytes | str]:
    """A ``P`` packet: the tuple ``("deliver_chunk", key, chunk)`` in the web driver's binary encoding.

    The encoding is bencode-like: ``t`` ... ``e`` a tuple, ``s<n>:`` a UTF-8
    string, ``<n>:`` bytes. Only this one shape is ever sent; anything else is a
    ValueError (and the chunk is dropped).
    """
    position = 0

    def item() -> bytes | str:
        nonlocal position
        text = payload[position:position + 1] == b"s"
        if text:
            position += 1
        colon = payload.index(b":", position)
        size = int(payload[position:colon])
        if size < 0 or colon + 1 + size > len(payload):
            raise ValueError("a packed string runs past the packet")
        data = payload[colon + 1:colon + 1 + size]
        position = colon + 1 + size
        return data.decode("utf-8", "replace") if text else data

    if payload[:1] != b"t" or payload[-1:] != b"e":
        raise ValueError("not a packed tuple")
    position = 1
    kind, key, chunk = item(), item(), item()
    if position != len(payload) - 1 or not isinstance(kind, str) or not isinstance(key, str):
        raise ValueError("not a deliver_chunk tuple")
    return kind, key, chunk


class GameProcess:
    """One tab's game: what it draws goes to ``write_bytes``; what the tab types goes to the game.

    ``app_service_id`` and ``send_meta`` are what textual-serve's public
    ``DownloadManager`` needs to fetch a download (a transcript) from the game.
    """

    def __init__(self, process: Process, *, write_bytes: Callable[[bytes], Awaitable[None]],
                 write_str: Callable[[str], Awaitable[None]], close: Callable[[], Awaitable[None]],
                 download_manager: Any, warm_size: tuple[int, int] | None = None) -> None:
        self.app_service_id = uuid.uuid4().hex
        self.process = process
        self.write_bytes = write_bytes
        self.write_str = write_str
        self.close = close
        self.downloads = download_manager
        self.warm_size = warm_size  # a warm game was started at 80x24: it takes the tab's size once it draws
        self.errors = bytearray()
        self.relay = asyncio.create_task(self._relay())
        self.stderr = asyncio.create_task(self._read_stderr())

    async def _write(self, data: bytes) -> bool:
        stdin = self.process.stdin
        if stdin is None or stdin.is_closing():
            return False
        try:
            stdin.write(data)
            await stdin.drain()
        except (ConnectionError, RuntimeError, OSError):
            return False
        return True

    async def send_bytes(self, data: bytes) -> bool:
        """Keys from the tab, as the terminal's stdin."""
        return await self._write(packet(b"D", data))

    async def send_meta(self, data: dict[str, Any]) -> bool:
        """A meta packet (resize, focus, blur, quit, a download's next chunk)."""
        return await self._write(meta_packet(data))

    async def set_terminal_size(self, width: int, height: int) -> None:
        if self.warm_size is not None:  # the tab resized before the warm game drew: that size wins
            self.warm_size = (width, height)
        await self.send_meta({"type": "resize", "width": width, "height": height})

    async def _read_stderr(self) -> None:
        stream = self.process.stderr
        if stream is None:
            return
        while chunk := await stream.read(4096):
            if len(self.errors) < 64 * 1024:
                self.errors += chunk

    async def _relay(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        try:
            for _ in range(10):  # a game prints the prelude first; a broken one prints its error instead
                line = await stdout.readline()
                if not line or line == PRELUDE:
                    break
            if line != PRELUDE:
                await asyncio.wait([self.stderr], timeout=2)
                reason = self.errors.decode("utf-8", "replace").strip().splitlines()
                log.warning("a game failed to start: %s", reason[-1] if reason else "no message")
                await self.close()
                return
            while True:
                header = await stdout.readexactly(5)
                size = int.from_bytes(header[1:], "big")
                if size > MAX_PACKET:
                    log.warning("a game sent a packet of %d bytes: ending it", size)
                    break
                payload = await stdout.readexactly(size)
                kind = header[:1]
                if kind == b"D":
                    if self.warm_size is not None and FRAME.search(payload):
                        warm, self.warm_size = self.warm_size, None
                        await self.set_terminal_size(*warm)
                    await self.write_bytes(payload)
                elif kind == b"M":
                    await self._on_meta(payload)
                elif kind == b"P":
                    await self._on_packed(payload)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        await self.close()

    async def _on_meta(self, payload: bytes) -> None:
        try:
            meta = json.loads(payload)
            kind = meta["type"]
        except (ValueError, KeyError, TypeError):
            return
        if kind == "exit":
            await self.close()
        elif kind == "open_url":
            await self.write_str(json.dumps(["open_url", {"url": meta.get("url"), "new_tab": meta.get("new_tab")}]))
        elif kind == "deliver_file_start":
            try:
                key = str(meta["key"])
                await self.downloads.create_download(
                    app_service=self, delivery_key=key, file_name=Path(meta["path"]).name,
                    open_method=meta["open_method"], mime_type=meta["mime_type"], encoding=meta["encoding"],
                    name=meta.get("name"),
                )
            except KeyError:
                log.warning("a game announced a download without its details")
                return
            await self.write_str(json.dumps(["deliver_file_start", key]))

    async def _on_packed(self, payload: bytes) -> None:
        try:
            kind, key, chunk = decode_chunk(payload)
        except ValueError:
            return
        if kind == "deliver_chunk":
            await self.downloads.chunk_received(key, chunk)

    async def stop(self, grace: float = 5.0) -> None:
        """Ask the game to quit (it autosaves), then end its process group; no process outlives the tab."""
        await self.downloads.cancel_app_downloads(app_service_id=self.app_service_id)
        await self.send_meta({"type": "quit"})
        stdin = self.process.stdin
        if stdin is not None:
            stdin.close()
        await end_game(self.process, grace)
        for task in (self.relay, self.stderr):
            task.cancel()
        await asyncio.gather(self.relay, self.stderr, return_exceptions=True)
