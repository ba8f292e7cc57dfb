"""The player-code screen, shown first under ``petrograd serve``: new player, or type your code.

Every browser tab is a fresh process, so the code is what brings a student's
saves back after a reload or on another day. The screen cannot be skipped:
without a code the saves would land in the folder every student shares.
Once chosen, the app's store moves to ``saves/players/<code>/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from game.play.players import PlayerCodeError, create_player, display_code, open_player, player_dir

if TYPE_CHECKING:
    from game.views.tui.app import PetrogradApp

PlayerChoice = tuple[str, Path]


class PlayerCodeLine(Static):
    """The code under the title menu, so a student can copy it down again at any time."""

    DEFAULT_CSS = "PlayerCodeLine { width: 100%; content-align: center middle; color: $text-muted; }"


class PlayerCodeScreen(Screen[PlayerChoice]):
    """Returns (code, save folder) for a new or a returning player."""

    DEFAULT_CSS = """
    PlayerCodeScreen { align: center middle; }
    PlayerCodeScreen #player-code-box {
        width: 64; max-width: 100%; height: auto; padding: 1 2;
        border: round $primary; background: $panel;
    }
    PlayerCodeScreen .player-code-title { text-style: bold; width: 100%; content-align: center middle; }
    PlayerCodeScreen #player-code-shown { text-style: bold; color: $accent; width: 100%; content-align: center middle; padding: 1 0; }
    PlayerCodeScreen #player-code-error { color: $error; height: auto; }
    PlayerCodeScreen #player-code-ask, PlayerCodeScreen #player-code-made { height: auto; margin-top: 1; }
    PlayerCodeScreen Horizontal { height: auto; margin-top: 1; }
    PlayerCodeScreen Input { width: 1fr; }
    PlayerCodeScreen Static { height: auto; }
    """
    BINDINGS = [Binding("escape", "back", "Back", show=False)]

    def __init__(self, saves_root: str, title: str):
        super().__init__()
        self.saves_root = saves_root
        self.story_title = title
        self.new_code = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="player-code-box"):
            yield Static(self.story_title, classes="player-code-title")
            yield Static("Your player code keeps your saved games on this server.")
            with Vertical(id="player-code-ask"):
                yield Static("Played before? Type your code and press Enter:")
                with Horizontal():
                    yield Input(placeholder="like 7KQ2-M9XD", id="player-code-input", max_length=20)
                    yield Button("Open", id="player-code-open")
                yield Static("", id="player-code-error")
                yield Static("First time here? Press Enter with the box empty, or:")
                yield Button("I'm new: give me a code", variant="primary", id="player-code-new")
            with Vertical(id="player-code-made"):
                yield Static("Your player code is", classes="player-code-title")
                yield Static("", id="player-code-shown")
                yield Static("Write it down. Type it here next time to continue your game; "
                             "it is also printed on your transcript.")
                with Horizontal():
                    yield Button("I've written it down: start", variant="primary", id="player-code-start")
                    yield Button("Back", id="player-code-back")

    def on_mount(self) -> None:
        self.query_one("#player-code-made").display = False
        self.query_one("#player-code-input", Input).focus()

    def _open(self) -> None:
        typed = self.query_one("#player-code-input", Input).value
        if not typed.strip():
            self.action_new_player()
            return
        error = self.query_one("#player-code-error", Static)
        try:
            code, folder = open_player(self.saves_root, typed)
        except PlayerCodeError as exc:
            error.update(str(exc))
            return
        self.dismiss((code, folder))

    def action_new_player(self) -> None:
        if not self.new_code:
            try:
                self.new_code = create_player(self.saves_root)
            except OSError as exc:
                self.query_one("#player-code-error", Static).update(f"could not make a player folder: {exc}")
                return
        self.query_one("#player-code-shown", Static).update(display_code(self.new_code))
        self.query_one("#player-code-ask").display = False
        self.query_one("#player-code-made").display = True
        self.query_one("#player-code-start", Button).focus()

    def action_back(self) -> None:
        """From the new code back to typing one (the new folder stays, empty and harmless)."""
        self.query_one("#player-code-made").display = False
        self.query_one("#player-code-ask").display = True
        self.query_one("#player-code-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._open()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "player-code-open":
            self._open()
        elif event.button.id == "player-code-new":
            self.action_new_player()
        elif event.button.id == "player-code-back":
            self.action_back()
        elif event.button.id == "player-code-start" and self.new_code:
            self.dismiss((self.new_code, player_dir(self.saves_root, self.new_code)))


def ask_player_code(app: PetrogradApp) -> None:
    """Show the code screen over the title; on a choice, move the app's saves to that player's folder."""
    palette = app.use_command_palette

    def chosen(choice: PlayerChoice | None) -> None:
        app.use_command_palette = palette
        if choice is not None:
            use_player(app, *choice)

    # No way around the code: the palette's "New game" would save in the folder every student shares.
    app.use_command_palette = False
    app.push_screen(PlayerCodeScreen(app.options.saves_dir or "saves", app.story.title), chosen)


def use_player(app: PetrogradApp, code: str, folder: Path) -> None:
    """Point the app at one player's save folder and show the code where the player will see it."""
    from game.views.store import GameStore

    app.player_code = code
    app.store = GameStore(app.story, str(folder), app.undo_allowed)
    app._apply_settings(app.store.settings())
    app.sub_title = f"player {display_code(code)}"
    from game.views.tui.title import TitleScreen

    for screen in app.screen_stack:
        if isinstance(screen, TitleScreen):
            box = screen.query("#title-box")
            if box and not screen.query("#title-player-code"):
                box.first().mount(PlayerCodeLine(f"Your player code: {display_code(code)}", id="title-player-code"))
            screen.refresh_menu()


def with_code(name: str, code: str) -> str:
    """The name on the transcript, with the player code a teacher can match to the saves."""
    shown = display_code(code)
    return f"{name} (player {shown})" if name else f"player {shown}"
