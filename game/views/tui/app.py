"""The Textual player: ``make_app(story, options)`` builds it for the CLI, tests, snapshots and the web.

How other helpers hook in
-------------------------
* Start a game at any point: ``make_app(story, options, session=Session(...))``
  opens straight on that session's scene (``--warp``, ``--replay``; see
  ``game.views.launch``, which asks ``game.tools.replay.session_from_options``).
* Debug panel: every ``SceneScreen`` has an empty ``Container#debug-dock``
  docked right, shown only when ``options.debug``. Mount a widget into it
  (``screen.query_one("#debug-dock").mount(w)``), and register
  ``app.scene_listeners.append(fn)``: ``fn(session)`` runs after every scene change.
* ``--watch``: call ``app.replace_story(new_story)``; the game continues at the
  same state in the new story (or shows why it cannot).
* Teacher tools: the debrief has a button bar ``Horizontal#debrief-buttons``
  (mount extra buttons there) and ``app.options.assignment`` is passed through
  untouched; ``app.undo_allowed`` and ``app.fixed_perspective`` are the switches
  an assignment can set before a game starts.
* Web: ``options.web`` is True under ``petrograd serve``; Quit then only ends the tab.
* Keys: a screen's ``BINDINGS`` with ``show=True`` appear in its ``KeyHints`` line
  (not Textual's Footer, which cost most of a key press); call
  ``screen.query_one(KeyHints).refresh_hints()`` when ``check_action`` may answer
  differently. Saves go through ``app.store`` (``views/store.py`` over
  ``game.play.saves``); ``app.autosave()`` writes in a thread.
"""

from __future__ import annotations

import io
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from rich.console import Console
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from game.play.options import PlayOptions
from game.play.session import Session
from game.story.errors import PlayError
from game.story.model import Story
from game.views.store import GameStore, StoreError

MIN_WIDTH, MIN_HEIGHT = 40, 12


class PetrogradApp(App[int]):
    """The game: a title screen at the bottom of the stack, a scene screen over it while playing."""

    CSS_PATH = "app.tcss"
    TITLE = "Petrograd 1917"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide"), (100, "-roomy")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("question_mark,f1", "help", "Help", key_display="?"),
        Binding("escape", "hide_help_panel", "Close keys", show=False, priority=True),  # Textual's Keys panel
    ]

    def __init__(
        self,
        story: Story,
        options: PlayOptions,
        store: GameStore | None = None,
        session: Session | None = None,
    ):
        super().__init__()
        from game.views.tui.themes import THEMES

        for _label, theme in THEMES.values():  # the theme itself is set on mount, from the settings
            self.register_theme(theme)
        self.story = story
        self.options = options
        self.title = story.title
        self.sub_title = story.subtitle
        self.undo_allowed = options.undo and story.undo
        self.fixed_perspective = options.perspective or ""
        self.store = store or GameStore(story, options.saves_dir or "saves", self.undo_allowed)
        self.session: Session | None = session  # shown by on_mount when given
        self.scene_listeners: list[Callable[[Session], None]] = []
        self._initial_session = session
        self._played_before = 0.0
        self._started = time.monotonic()
        self._autosave_seq = 0
        self._autosave_lock = threading.Lock()
        self._pending_autosave: Callable[[], None] | None = None  # made, waiting for the frame to be drawn
        self.player_code = ""  # under `petrograd serve`: set by the player-code screen (player_code.py)
        self.autosave_problem = ""  # why the last autosave failed ("" when it worked)
        self.farewell: list[str] = []  # printed by launch() after the app leaves the screen
        self.saved_in = ""  # the folder the last good autosave went to, said on quitting
        if not os.environ.get("PETROGRAD_DEBUG"):  # a player never sees a traceback: see run()
            self.error_console = Console(file=io.StringIO(), width=1000, markup=False, highlight=False)

    # --- start-up ----------------------------------------------------------------

    @property
    def opens_on_game(self) -> bool:
        """True when the app starts straight on a game (warp, replay), not on the title."""
        return self._initial_session is not None

    def get_default_screen(self) -> Screen[None]:
        """The title screen is the bottom of the stack; games and dialogs go over it."""
        from game.views.tui.title import TitleScreen

        return TitleScreen()

    def on_mount(self) -> None:
        self._apply_settings(self.store.settings())
        if self.options.web:  # a browser tab: whose saves? (game/views/tui/player_code.py)
            from game.views.tui.player_code import ask_player_code

            ask_player_code(self)
        if self.options.debug:  # author tools (issue 6): the live debug panel and --watch reloading
            from game.views.tui.debug_panel import install_debug_panel

            install_debug_panel(self)
        if self.options.watch:
            from game.views.tui.live_reload import start_watching

            start_watching(self)
        if self._initial_session is not None:
            self.start_session(self._initial_session)

    def _apply_settings(self, settings: dict[str, str]) -> None:
        from game.views.tui.themes import DARK, theme_name

        self.theme = theme_name(settings.get("theme", "")) or DARK.name
        if settings.get("animations") == "off":
            self.animation_level = "none"

    # --- games -----------------------------------------------------------------------

    def new_game(self, perspective: str | None, player: str) -> None:
        """Start a new game; the assignment's briefing and the primer (if any) come before the first scene."""
        if self.player_code:
            from game.views.tui.player_code import with_code

            player = with_code(player, self.player_code)
        try:
            session = Session(
                self.story,
                perspective=perspective,
                seed=self.options.seed,
                player=player,
                undo=self.undo_allowed,
            )
        except PlayError as exc:
            self.notify(str(exc), title="Cannot start", severity="error")
            return
        from game.tools.assignment import briefing_for  # a teacher's instructions come first

        primer = "\n\n---\n\n".join(p for p in (briefing_for(self.options), self.story.primer) if p)
        if primer:
            from game.views.tui.primer import PrimerScreen

            self.push_screen(PrimerScreen(primer), lambda _: self.start_session(session))
        else:
            self.start_session(session)

    def start_session(self, session: Session, played: float = 0.0) -> None:
        """Show ``session``'s scene over the title screen (replacing any game shown)."""
        from game.views.tui.scene import SceneScreen

        self.session = session
        self._played_before = played
        self._started = time.monotonic()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(SceneScreen())

    def continue_game(self) -> None:
        """Load the newest save (normally the autosave): found and read in a thread, as ``load_slot``."""
        self.run_worker(self._load_in_thread, thread=True, group="load")

    def load_slot(self, slot: str) -> None:
        """Load ``slot`` in a thread (read, checked, its undo history replayed); the game shows once it is ready."""
        self.run_worker(partial(self._load_in_thread, slot), thread=True, group="load")

    def _load_in_thread(self, slot: str | None = None) -> None:
        """``slot``, or the newest save when None; what goes wrong is told in a notification."""
        if slot is None:
            latest = self.store.latest()
            if latest is None:
                self.notify("There is no saved game to continue yet.", title="Continue")
                return
            slot = latest.slot
        try:
            session, played = self.store.load(slot)
        except StoreError as exc:
            self.notify(str(exc), title="Load", severity="error")
            return
        self.call_from_thread(self._show_loaded, session, played, list(self.store.notices))

    def _show_loaded(self, session: Session, played: float, notices: list[str]) -> None:
        self.start_session(session, played)
        if notices:
            self.notify("\n".join(notices), title="About this save", timeout=12)

    def played(self) -> float:
        """Seconds played in this game, across saves."""
        return self._played_before + (time.monotonic() - self._started)

    def autosave(self, wait: bool = False) -> None:
        """Save the game to the autosave slot: in a thread, so a key press never waits on the disk.

        The state is copied now; writes happen one at a time and a newer one
        makes an older one still waiting unnecessary. ``wait`` writes at once
        (quitting, leaving to the title screen).
        """
        session = self.session
        if session is None:
            return
        snapshot = Session(session.story, undo=session.undo_allowed, state=session.state.copy())
        played = self.played()
        self._autosave_seq += 1
        if wait:
            self._write_autosave(snapshot, played, self._autosave_seq)
        else:  # the thread starts once the new scene is on screen: it does not compete with drawing it
            job = self._pending_autosave = partial(self._write_autosave, snapshot, played, self._autosave_seq)
            self.call_after_refresh(self._start_autosave, job)

    def _start_autosave(self, job: Callable[[], None]) -> None:
        if self._pending_autosave is job:
            self._pending_autosave = None
            self.run_worker(job, thread=True, group="autosave", exit_on_error=False)

    def on_unmount(self) -> None:
        """An autosave still waiting for its frame is written before the app goes."""
        job, self._pending_autosave = self._pending_autosave, None
        if job is not None:
            job()

    def _write_autosave(self, snapshot: Session, played: float, seq: int) -> None:
        with self._autosave_lock:
            if seq != self._autosave_seq:  # a newer autosave is on its way
                return
            try:
                self.store.autosave(snapshot, played)
                self.autosave_problem = ""
                self.saved_in = str(self.store.folder)
            except StoreError as exc:
                self.autosave_problem = str(exc)
                if threading.current_thread() is threading.main_thread():
                    self.notify(str(exc), title="Autosave", severity="warning")
                else:
                    self.call_from_thread(self.notify, str(exc), title="Autosave", severity="warning")

    def save_slot(self, slot: str, name: str) -> bool:
        if self.session is None:
            return False
        try:
            self.store.save(slot, self.session, self.played(), name)
        except StoreError as exc:
            self.notify(str(exc), title="Save", severity="error")
            return False
        self.notify(f"Saved to slot {slot}.", title="Save")
        return True

    def record_ending(self, ending_id: str) -> None:
        try:
            self.store.record_ending(ending_id)
        except StoreError as exc:
            self.notify(str(exc), severity="warning")

    def scene_changed(self) -> None:
        """Tell listeners (debug panel, watchers) that the session moved."""
        if self.session is None:
            return
        for listener in list(self.scene_listeners):
            listener(self.session)

    def replace_story(self, story: Story) -> list[str]:
        """Continue the same game in an edited story (``--watch``); returns what the fit changed, for a notice."""
        self.story = story
        if self.session is None:
            return []
        try:
            session, fit = self.session.continue_in(story)
        except LookupError as exc:
            self.notify(f"the edited story cannot continue this game: {exc}", severity="error")
            return []
        self.start_session(session, self.played())
        return fit.changes

    def to_title(self) -> None:
        self.autosave(wait=True)
        self.session = None
        while len(self.screen_stack) > 1:
            self.pop_screen()

    # --- app-wide actions --------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit, telling the truth: a game that could not be saved exits 1 and says where the last good save is."""
        self.autosave(wait=True)
        if self.autosave_problem:
            from game.play.saves import SaveStore

            self.farewell += SaveStore(self.store.folder, self.story).not_saved_notice(self.autosave_problem)
            self.exit(1, return_code=1)
            return
        if self.saved_in and not self.options.web:  # in a browser tab no terminal is left to read it
            from game.play.printable import printable

            self.farewell.append(f"Your game is saved in {printable(self.saved_in)}; Continue resumes it.")
        self.exit(0)

    def action_help(self) -> None:
        """? and F1 anywhere: the keys of this screen and how the game works; pressed again, it closes."""
        from game.views.tui.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
        else:
            self.push_screen(HelpScreen(self.screen))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Esc closes the Keys panel only while one is shown; otherwise Esc goes to the screen."""
        if action == "hide_help_panel":
            return bool(self.screen.query("HelpPanel"))
        return True

    def open_dialog(self, name: str) -> None:
        """Open a named screen from anywhere (command palette, title menu, bindings)."""
        from game.views.tui.dialogs import open_named

        open_named(self, name)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        from game.views.tui.commands import game_commands

        yield from game_commands(self)
        for command in super().get_system_commands(screen):
            if command.title != "Theme":  # Settings offers the themes checked for contrast (themes.py)
                yield command

    # --- robustness ----------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        from game.views.tui.too_small import TooSmallScreen

        small = event.size.width < MIN_WIDTH or event.size.height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif not small and showing:
            self.pop_screen()

    def run(self, *args: Any, **kwargs: Any) -> int | None:
        """Textual's ``run``; an unexpected error is then told in one line, unless PETROGRAD_DEBUG asks for more.

        Textual prints the traceback of an error that ended the app to ``error_console``
        as it closes; without PETROGRAD_DEBUG that console is kept in memory (``__init__``)
        and only the traceback's last line (the error and its message) is shown.
        """
        result = super().run(*args, **kwargs)
        kept = self.error_console.file
        shown = kept.getvalue() if isinstance(kept, io.StringIO) else ""
        lines = [line.strip() for line in shown.splitlines() if line.strip()]
        if lines:
            print(f"petrograd: internal error: {lines[-1]}", file=sys.stderr)
            print("petrograd: run again with PETROGRAD_DEBUG=1 for details, and please report it", file=sys.stderr)
        return result


def make_app(
    story: Story,
    options: PlayOptions,
    store: GameStore | None = None,
    session: Session | None = None,
) -> PetrogradApp:
    """The one factory the CLI, tests, snapshots and the web server use."""
    return PetrogradApp(story, options, store=store, session=session)
