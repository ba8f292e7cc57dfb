"""``petrograd serve``: the Textual app in every student's browser, one game process per tab.

The page is ours (game/views/web_templates/app_index.html) and draws the
terminal with textual-serve's xterm.js bundle; the websocket behind it is ours
too, on aiohttp. Of textual-serve we use only public pieces: its static files
and its ``DownloadManager`` (for transcripts a game hands the browser). Why not
its ``Server``: we need what it does not give (a cap on the size of every
message, checked shapes, an Origin check, security headers, per-address limits,
games in their own process groups) and it offers no public hooks for them.

What the server exposes is written up in docs/security.md.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp_jinja2
import jinja2
import textual_serve
from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.download_manager import DownloadManager

from game.views.web_banner import banner_lines
from game.views.web_game import GameProcess, spawn_game
from game.views.web_limits import (
    MAX_MESSAGE,
    AddressLimits,
    BadMessage,
    origin_allowed,
    quiet_malformed_requests,
    read_message,
    security_headers,
)
from game.views.web_pool import WarmPool

TEMPLATES = Path(__file__).resolve().parent / "web_templates"
STATICS = Path(textual_serve.__file__).resolve().parent / "static"  # xterm.css, textual.js, Roboto Mono
STATIC_FILES = ("js/textual.js", "css/xterm.css", "fonts/RobotoMono-VariableFont_wght.ttf",
                "fonts/RobotoMono-Italic-VariableFont_wght.ttf")
PACKAGE_PARENT = Path(__file__).resolve().parent.parent.parent
DEFAULT_MAX_PLAYERS = 40
DEFAULT_PER_ADDRESS = 5
DEFAULT_GAMES_PER_MINUTE = 12
QUIT_GRACE = 5.0  # seconds a game has to autosave and quit before its process group is ended
log = logging.getLogger("petrograd.serve")

FULL_MESSAGE = "All {limit} places in this game are taken. Wait a minute and press Try again, or ask your teacher."
NONCE = web.RequestKey("nonce", str)  # the page's scripts carry it; the CSP allows only them
WEB_BUILD_LINK = "Accessible version (screen readers, no server)"


def missing_static_files(statics: Path = STATICS) -> list[str]:
    """The files of textual-serve's page bundle the page needs and this install lacks (an upgrade moved them)."""
    return [name for name in STATIC_FILES if not (statics / name).is_file()]


def full_message(limit: int) -> str:
    """What a student past the cap reads (in the page and in the terminal)."""
    if limit == 1:
        return "The one place in this game is taken. Wait a minute and press Try again, or ask your teacher."
    return FULL_MESSAGE.format(limit=limit)


def game_command(story_dir: str, saves_dir: str, extra: Sequence[str] = ()) -> list[str]:
    """What each tab runs (no shell between): this interpreter, the play command in web mode."""
    return [sys.executable, "-m", "game", "play", str(Path(story_dir).resolve()), "--web",
            "--saves", str(Path(saves_dir).resolve()), *extra]


MAX_COLUMNS, MAX_ROWS = 400, 200  # a page cannot ask a game to draw a screen of any size


def clamp_size(width: int, height: int) -> tuple[int, int]:
    return max(10, min(MAX_COLUMNS, width)), max(5, min(MAX_ROWS, height))


def to_int(value: str, default: int) -> int:
    try:
        return int(value)
    except ValueError:
        return default


def game_environment(width: int = 80, height: int = 24) -> dict[str, str]:
    """A game's environment: Textual's web driver, the terminal's size, this package, and the server's pid.

    ``PETROGRAD_SERVER_PID`` lets a game notice its server died and end itself
    (game/views/web_orphan.py).
    """
    environment = dict(os.environ)
    environment.update({
        "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver", "TEXTUAL_FPS": "60",
        "TEXTUAL_COLOR_SYSTEM": "truecolor", "TERM_PROGRAM": "textual", "COLUMNS": str(width), "ROWS": str(height),
        "PETROGRAD_WEB": "1", "PETROGRAD_SERVER_PID": str(os.getpid()),
    })
    old = environment.get("PYTHONPATH", "")
    environment["PYTHONPATH"] = str(PACKAGE_PARENT) + (os.pathsep + old if old else "")
    return environment


def content_disposition(disposition: str, file_name: str) -> str:
    """A header naming a download: an ASCII fallback, and the exact name (any script) in RFC 5987 form."""
    ascii_name = "".join(c if c.isascii() and (c.isalnum() or c in "._- ") else "_" for c in file_name) or "download"
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file_name, safe='')}"


class GameServer:
    """The classroom server: our page, a websocket per tab, a cap on live games, per-address limits."""

    def __init__(self, command: Sequence[str], *, host: str, port: int, title: str,
                 max_players: int = DEFAULT_MAX_PLAYERS, banner: Sequence[str] = (), warm: int = 0,
                 per_address: int = DEFAULT_PER_ADDRESS, games_per_minute: int = DEFAULT_GAMES_PER_MINUTE,
                 web_build: str | None = None, quit_grace: float = QUIT_GRACE) -> None:
        self.command = list(command)
        self.host, self.port, self.title = host, port, title
        self.max_players = max_players
        self.live = 0
        self.sockets: set[web.WebSocketResponse] = set()
        self.games: set[asyncio.Task[Any]] = set()
        self.banner = list(banner)
        self.limits = AddressLimits(per_address, games_per_minute)
        self.web_build = Path(web_build).resolve() if web_build else None
        self.quit_grace = quit_grace
        self.pool = WarmPool(self.command, min(warm, max_players), game_environment)
        self.downloads = DownloadManager()

    @property
    def full(self) -> bool:
        return self.live >= self.max_players

    def initialize_logging(self) -> None:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
        quiet_malformed_requests()  # a 10 kB URL is the client's mistake: one line, not a traceback

    async def make_app(self) -> web.Application:
        """The aiohttp application: the page, the websocket, /status, downloads, static files (no listings)."""
        app = web.Application()
        app.on_response_prepare.append(self.add_headers)
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
        app.router.add_get("/", self.handle_index, name="index")
        app.router.add_get("/ws", self.handle_websocket, name="websocket")
        app.router.add_get("/status", self.handle_status, name="status")
        app.router.add_get("/download/{key}", self.handle_download, name="download")
        app.router.add_static("/static", STATICS, show_index=False, follow_symlinks=False, name="static")
        if self.web_build is not None:
            app.router.add_get("/web", self.handle_web_index)
            app.router.add_get("/web/", self.handle_web_index)
            app.router.add_static("/web", self.web_build, show_index=False, follow_symlinks=False, name="web")
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def add_headers(self, request: web.Request, response: web.StreamResponse) -> None:
        """Every response (page, static file, error, websocket upgrade) carries the security headers."""
        for name, value in security_headers(request.path, request.get(NONCE, "")).items():
            response.headers.setdefault(name, value)

    async def on_startup(self, app: web.Application) -> None:
        """Start the warm games."""
        self.pool.refill()

    def print_banner(self, *_: object) -> None:
        for line in self.banner:
            print(line, flush=True)

    def request_exit(self) -> None:
        raise web.GracefulExit()

    def serve(self) -> None:
        """Run until Ctrl+C (or SIGTERM); the banner comes once the port is open."""
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        except NotImplementedError:  # Windows: KeyboardInterrupt still stops run_app
            pass
        web.run_app(self.make_app(), host=self.host, port=self.port, handle_signals=False, loop=loop,
                    print=self.print_banner, shutdown_timeout=self.quit_grace + 3, access_log=None)

    async def on_shutdown(self, app: web.Application) -> None:
        """Ctrl+C: tell every tab, close it, and so end its game (each one autosaves as it quits)."""
        notice = b"\r\n  The teacher has stopped the game server. Your game is saved up to your last choice.\r\n"
        for websocket in list(self.sockets):
            try:
                await websocket.send_bytes(notice)
                await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")
            except Exception:  # a tab already gone
                pass
        for _ in range(3):  # each closed tab ends its game's process group in a task of its own
            if not self.games:
                break
            await asyncio.wait(set(self.games), timeout=self.quit_grace + 2)
        await self.pool.close()

    def page_context(self, request: web.Request, refusal: str) -> dict[str, Any]:
        return {
            "title": self.title,
            "font_size": max(8, min(40, to_int(request.query.get("fontsize", "16"), 16))),
            "refusal": refusal,
            "full_message": full_message(self.max_players),
            "web_build": self.web_build is not None,
            "web_build_link": WEB_BUILD_LINK,
        }

    def refusal(self, address: str) -> str:
        """Why a new game for ``address`` cannot start now, or ''."""
        if self.full:
            return full_message(self.max_players)
        return self.limits.refusal(address)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        refusal = self.refusal(request.remote or "")
        context = self.page_context(request, refusal)
        context["nonce"] = request[NONCE] = secrets.token_urlsafe(16)
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.headers["Cache-Control"] = "no-store"
        if refusal:
            response.set_status(503 if self.full else 429)
        return response

    async def handle_web_index(self, request: web.Request) -> web.StreamResponse:
        if request.path == "/web":
            raise web.HTTPFound("/web/")
        assert self.web_build is not None
        return web.FileResponse(self.web_build / "index.html")

    async def handle_status(self, request: web.Request) -> web.Response:
        status: dict[str, Any] = {"playing": self.live, "max_players": self.max_players, "full": self.full}
        mine = self.limits.refusal(request.remote or "")
        if mine:  # why this computer's tab was turned away, for the page's "ended" card
            status["refusal"] = mine
        return web.json_response(status)

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """A file a game hands the browser (a transcript), streamed from the game in chunks."""
        key = request.match_info["key"]
        try:
            meta = await self.downloads.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text="This download is no longer available.") from None
        response = web.StreamResponse()
        response.content_type = meta.mime_type
        if meta.encoding:
            response.charset = meta.encoding
        disposition = "inline" if meta.open_method == "browser" else "attachment"
        response.headers["Content-Disposition"] = content_disposition(disposition, meta.file_name)
        await response.prepare(request)
        async for chunk in self.downloads.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        """One tab: refuse a foreign page, refuse kindly past a limit, else run a game until the tab goes."""
        if not origin_allowed(request.headers.get("Origin"), request.host):
            log.warning("a connection from another site's page was refused (Origin %s)",
                        request.headers.get("Origin", "")[:80])
            raise web.HTTPForbidden(text="This game only accepts connections from its own page.")
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        await websocket.prepare(request)
        address = request.remote or ""
        refusal = self.refusal(address)
        if refusal:
            await websocket.send_bytes(("\r\n  " + refusal + "\r\n").encode("utf-8"))
            await websocket.close(code=WSCloseCode.TRY_AGAIN_LATER, message=b"refused")
            log.info("a player was turned away: %s", refusal)
            return websocket
        task = asyncio.current_task()
        if task is not None:
            self.games.add(task)
        self.live += 1
        self.limits.opened(address)
        self.sockets.add(websocket)
        log.info("a player joined (%d playing)", self.live)
        game: GameProcess | None = None
        try:
            width = to_int(request.query.get("width", "80"), 80)
            height = to_int(request.query.get("height", "24"), 24)
            game = await self.start_game(websocket, *clamp_size(width, height))
            await self.relay_messages(websocket, game)
        except asyncio.CancelledError:  # the connection went (aiohttp cancels the handler): still end the game
            pass
        except Exception as error:  # one broken tab must not stop the class
            log.warning("a game stopped with an error: %s", error)
        finally:
            # A task of its own: it finishes (and the game's process group ends) even if this handler is cancelled.
            ending = asyncio.create_task(self.end_tab(game, websocket, address))
            self.games.add(ending)
            if task is not None:
                self.games.discard(task)
        await asyncio.shield(ending)
        return websocket

    async def end_tab(self, game: GameProcess | None, websocket: web.WebSocketResponse, address: str) -> None:
        """End a tab's game and its process group, then stop counting it (the page asks /status after)."""
        try:
            if game is not None:
                await game.stop(self.quit_grace)
            if not websocket.closed:
                await websocket.close()
        except Exception as error:
            log.warning("a game did not end cleanly: %s", error)
        finally:
            self.live -= 1
            self.limits.closed(address)
            self.sockets.discard(websocket)
            task = asyncio.current_task()
            if task is not None:
                self.games.discard(task)
            log.info("a player left (%d playing)", self.live)

    async def start_game(self, websocket: web.WebSocketResponse, width: int, height: int) -> GameProcess:
        """A warm game (resized to the tab once it draws), or a new one started at the tab's size."""
        process = self.pool.take()
        warm_size = (width, height) if process is not None else None
        if process is None:
            process = await spawn_game(self.command, game_environment(width, height))

        async def close() -> None:  # the game exited: end the tab's connection
            await websocket.close()

        return GameProcess(process, write_bytes=websocket.send_bytes, write_str=websocket.send_str, close=close,
                           download_manager=self.downloads, warm_size=warm_size)

    async def relay_messages(self, websocket: web.WebSocketResponse, game: GameProcess) -> None:
        """Every message from the tab, checked: a wrong shape or an oversized message ends the connection."""
        async for message in websocket:
            if message.type == WSMsgType.ERROR:  # e.g. past max_msg_size: aiohttp has closed it (1009)
                log.warning("a connection was dropped: %s", message.data)
                return
            if message.type != WSMsgType.TEXT:
                await self.drop(websocket, "a binary message")
                return
            try:
                checked = read_message(message.data)
            except BadMessage as problem:
                await self.drop(websocket, str(problem))
                return
            if checked.kind == "stdin":
                await game.send_bytes(checked.text.encode("utf-8", "replace"))
            elif checked.kind == "resize":
                await game.set_terminal_size(*clamp_size(checked.width, checked.height))
            elif checked.kind == "ping":
                await websocket.send_json(["pong", checked.text])
            else:
                await game.send_meta({"type": checked.kind})

    async def drop(self, websocket: web.WebSocketResponse, why: str) -> None:
        log.warning("a connection was dropped: %s", why)
        await websocket.close(code=WSCloseCode.POLICY_VIOLATION, message=b"unexpected message")


def serve(story_dir: str, *, title: str, host: str, port: int, saves_dir: str,
          max_players: int = DEFAULT_MAX_PLAYERS, extra: Sequence[str] = (), warm: int = 2,
          per_address: int = DEFAULT_PER_ADDRESS, games_per_minute: int = DEFAULT_GAMES_PER_MINUTE,
          web_build: str | None = None) -> int:
    """Run the classroom server until Ctrl+C; a one-line error when the port cannot be used."""
    missing = missing_static_files()
    if missing:
        print(f"petrograd serve: this textual-serve install lacks {', '.join(missing)} "
              "(reinstall the version pinned in pyproject.toml)", file=sys.stderr)
        return 1
    server = GameServer(game_command(story_dir, saves_dir, extra), host=host, port=port, title=title,
                        max_players=max_players, warm=warm, per_address=per_address,
                        games_per_minute=games_per_minute, web_build=web_build,
                        banner=banner_lines(title, host, port, max_players, saves_dir,
                                            web_build=web_build is not None))
    try:
        server.serve()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        print(f"petrograd serve: cannot listen on {host}:{port}: {reason} "
              f"(is another server using it? try --port {port + 1})", file=sys.stderr)
        return 1
    print("petrograd serve: stopped", flush=True)
    return 0
