"""Help: what the keys of the screen underneath do, and how the game works (``help.md`` beside this file).

Opened by ``?`` or F1 anywhere (an app binding), from the title menu, the
in-game menu and the command palette, so it is wherever a player looks first.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from game.views.tui.scenetext import SceneText

HELP_TEXT = Path(__file__).with_name("help.md")


def keys_markdown(screen: Screen[object]) -> str:
    """The keys that work on ``screen`` now, with what they do: one row per action."""
    rows: dict[str, list[str]] = {}
    descriptions: dict[str, str] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not active.enabled or not binding.description or binding.action in ("help", "app.help"):
            continue
        shown = binding.key_display or screen.app.get_key_display(binding)
        rows.setdefault(binding.action, [])
        if shown not in rows[binding.action]:
            rows[binding.action].append(shown)
        descriptions.setdefault(binding.action, binding.description)
    lines = ["## Keys here", ""]
    lines += [f"- `{' '.join(keys)}` {descriptions[action]}" for action, keys in rows.items()]
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    """Keys of the screen it opened over, then the general help; Esc, ? or F1 closes it."""

    BINDINGS = [Binding("escape,question_mark,f1", "close", "Close")]

    def __init__(self, under: Screen[object]):
        super().__init__()
        self.keys = keys_markdown(under)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="help"):
            yield Static("Help", classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield SceneText(f"{self.keys}\n\n{HELP_TEXT.read_text(encoding='utf-8')}", id="help-text")
            yield Static("↑↓ PgUp PgDn scroll · Esc closes", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
