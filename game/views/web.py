"""``petrograd serve``: textual-serve around the Textual app, one game process per browser tab.

textual-serve's ``Server`` spawns ``command`` for each websocket (each tab) and
relays the terminal to xterm.js in the page. What we add: our own page (no
third-party font or any other outside request, the game's title while it
starts, relative URLs so it works under whatever address students type), a
cap on live games with a friendly page past it, ``/status`` for that page, and
a quieter log that says who joined and left.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import shlex
import signal
import sys
from asyncio.subprocess import Process
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import textual_serve
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from game.views.web_banner import banner_lines
from game.views.web_pool import WarmPool

TEMPLATES = Path(__file__).resolve().parent / "web_templates"
STATICS = Path(textual_serve.__file__).resolve().parent / "static"  # xterm.css, textual.js, Roboto Mono
PACKAGE_PARENT = Path(__file__).resolve().parent.parent.parent
DEFAULT_MAX_PLAYERS = 40
log = logging.getLogger("petrograd.serve")

FULL_MESSAGE = "All {limit} places in this game are taken. Wait a minute and press Try again, or ask your teacher."


def full_message(limit: int) -> str:
    """What a student past the cap reads (in the page and in the terminal)."""
    if limit == 1:
        return "The one place in this game is taken. Wait a minute and press Try again, or ask your teacher."
    return FULL_MESSAGE.format(limit=limit)


def game_command(story_dir: str, saves_dir: str, extra: Sequence[str] = ()) -> str:
    """The shell command each tab runs: this interpreter, the play command in web mode."""
    parts = [sys.executable, "-m", "game", "play", str(Path(story_dir).resolve()), "--web",
             "--saves", str(Path(saves_dir).resolve()), *extra]
    return " ".join(shlex.quote(part) for part in parts)


FRAME = re.compile(rb"\x1b\[\d+;\d+H")  # a cursor move: the game is drawing its screen
MAX_COLUMNS, MAX_ROWS = 400, 200  # a page cannot ask a game to draw a screen of any size


def clamp_size(width: int, height: int) -> tuple[int, int]:
    return max(10, min(MAX_COLUMNS, width)), max(5, min(MAX_ROWS, height))


class GameService(AppService):
    """One game process (warm from the pool when there is one); ``python -m game`` finds this package."""

    pool: WarmPool | None = None
    _warm_size: tuple[int, int] | None = None

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        process = self.pool.take() if self.pool is not None else None
        if process is None:
            return await super()._open_app_process(width, height)
        assert process.stdin is not None
        self._process, self._stdin = process, process.stdin
        self._warm_size = (width, height)  # it was started at 80x24: resize once it has drawn
        return process

    async def start(self, width: int, height: int) -> None:
        await super().start(*clamp_size(width, height))

    async def on_data(self, payload: bytes) -> None:
        """A warm game's first drawn frame (cursor moves, not the set-up codes) means a resize will stick."""
        if self._warm_size is not None and FRAME.search(payload):
            width, height = self._warm_size
            self._warm_size = None
            await self.set_terminal_size(width, height)
        await super().on_data(payload)

    async def set_terminal_size(self, width: int, height: int) -> None:
        size = clamp_size(int(width), int(height))
        if self._warm_size is not None:  # the page resized before the warm game drew: that size wins
            self._warm_size = size
        await super().set_terminal_size(*size)

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        old = environment.get("PYTHONPATH", "")
        environment["PYTHONPATH"] = str(PACKAGE_PARENT) + (os.pathsep + old if old else "")
        environment["PETROGRAD_WEB"] = "1"
        return environment

    @classmethod
    def environment(cls, width: int = 80, height: int = 24) -> dict[str, str]:
        """The environment of a game not yet tied to a tab (for the warm pool)."""
        service = cls.__new__(cls)  # _build_environment reads only ``debug``
        service.debug = False
        return service._build_environment(width, height)

    async def stop(self) -> None:
        """Ask the game to quit, then make sure the process is gone (no zombies in a long lesson)."""
        await super().stop()
        process = self._process
        if process is None or process.returncode is not None:
            return
        try:
            await asyncio.wait_for(process.wait(), timeout=5)
        except asyncio.TimeoutError:
            process.kill()
            await process.wait()


class GameServer(Server):
    """textual-serve's Server with our page, a cap on live games and a classroom log."""

    def __init__(self, command: str, *, host: str, port: int, title: str,
                 max_players: int = DEFAULT_MAX_PLAYERS, banner: Sequence[str] = (), warm: int = 0) -> None:
        super().__init__(command, host=host, port=port, title=title,
                         templates_path=TEMPLATES, statics_path=STATICS)
        self.max_players = max_players
        self.live = 0
        self.sockets: set[web.WebSocketResponse] = set()
        self.banner = list(banner)
        self.pool = WarmPool(command, min(warm, max_players), GameService.environment)

    @property
    def full(self) -> bool:
        return self.live >= self.max_players

    def initialize_logging(self) -> None:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
        logging.getLogger("textual-serve").setLevel(logging.WARNING)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.router.add_get("/status", self.handle_status, name="status")
        return app

    async def on_startup(self, app: web.Application) -> None:
        """Start the warm games (textual-serve prints its logo here; we print once listening)."""
        self.pool.refill()

    def print_banner(self, *_: object) -> None:
        for line in self.banner:
            print(line, flush=True)

    def serve(self, debug: bool = False) -> None:
        """textual-serve's serve, but the banner comes once the port is open, and Ctrl+C ends within seconds."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        except NotImplementedError:  # Windows: KeyboardInterrupt still stops run_app
            pass
        web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False, loop=loop,
                    print=self.print_banner, shutdown_timeout=5, access_log=None)

    async def on_shutdown(self, app: web.Application) -> None:
        """Ctrl+C: tell every tab, close it, and so end its game (each one autosaves as it quits)."""
        notice = b"\r\n  The teacher has stopped the game server. Your game is saved up to your last choice.\r\n"
        for websocket in list(self.sockets):
            try:
                await websocket.send_bytes(notice)
                await websocket.close(code=1001, message=b"server stopped")
            except Exception:  # a tab already gone
                pass
        await self.pool.close()

    def page_context(self, request: web.Request) -> dict[str, Any]:
        return {
            "title": self.title,
            "font_size": max(8, min(40, to_int(request.query.get("fontsize", "16"), 16))),
            "full": self.full,
            "full_message": full_message(self.max_players),
        }

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        response = aiohttp_jinja2.render_template("app_index.html", request, self.page_context(request))
        response.headers["Cache-Control"] = "no-store"
        if self.full:
            response.set_status(503)
        return response

    async def handle_status(self, request: web.Request) -> web.Response:
        return web.json_response({"playing": self.live, "max_players": self.max_players, "full": self.full})

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One tab: refuse kindly past the cap, else run a game process until the tab goes."""
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        if self.full:
            text = "\r\n  " + full_message(self.max_players) + "\r\n"
            await websocket.send_bytes(text.encode("utf-8"))
            await websocket.close(code=1013, message=b"server full")
            log.info("a player was turned away: all %d places are taken", self.max_players)
            return websocket
        self.live += 1
        self.sockets.add(websocket)
        log.info("a player joined (%d playing)", self.live)
        service: AppService | None = None

        async def close() -> None:  # the game exited: end the tab's connection
            await websocket.close()

        try:
            width = to_int(request.query.get("width", "80"), 80)
            height = to_int(request.query.get("height", "24"), 24)
            service = GameService(self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                                  close=close, download_manager=self.download_manager, debug=self.debug)
            service.pool = self.pool
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one broken tab must not stop the class
            log.warning("a game stopped with an error: %s", error)
        finally:
            if service is not None:
                await service.stop()
            self.live -= 1
            self.sockets.discard(websocket)
            log.info("a player left (%d playing)", self.live)
        return websocket


def serve(story_dir: str, *, title: str, host: str, port: int, saves_dir: str,
          max_players: int = DEFAULT_MAX_PLAYERS, extra: Sequence[str] = (), warm: int = 2) -> int:
    """Run the classroom server until Ctrl+C; a one-line error when the port cannot be used."""
    command = game_command(story_dir, saves_dir, extra)
    server = GameServer(command, host=host, port=port, title=title, max_players=max_players,
                        banner=banner_lines(title, host, port, max_players, saves_dir), warm=warm)
    try:
        server.serve()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        print(f"petrograd serve: cannot listen on {host}:{port}: {reason} "
              f"(is another server using it? try --port {port + 1})", file=sys.stderr)
        return 1
    print("petrograd serve: stopped", flush=True)
    return 0
