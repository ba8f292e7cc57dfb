"""Help: what the keys of the screen underneath do, and how the game works (``help.md`` beside this file).

Opened by ``?`` or F1 anywhere (an app binding), from the title menu, the
in-game menu and the command palette, so it is wherever a player looks first.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown, Static

from game.views.tui.scenetext import escape

HELP_TEXT = Path(__file__).with_name("help.md")


def keys_lines(screen: Screen[object]) -> list[tuple[str, str]]:
    """(keys, what they do) for every key that works on ``screen`` now: those on its key line first."""
    rows: dict[str, list[str]] = {}
    descriptions: dict[str, str] = {}
    shown_first: list[str] = []
    for active in screen.active_bindings.values():
        binding = active.binding
        if not active.enabled or not binding.description or binding.action in ("help", "app.help"):
            continue
        key = binding.key_display or screen.app.get_key_display(binding)
        keys = rows.setdefault(binding.action, [])
        if key not in keys:
            keys.append(key)
        descriptions.setdefault(binding.action, binding.description)
        if binding.show and binding.action not in shown_first:
            shown_first.append(binding.action)
    shown_kinds = {action.split("(")[0] for action in shown_first}  # "1-9 Choose" stands for choose(2)..choose(9)
    order = shown_first + [a for a in rows if a not in shown_first and a.split("(")[0] not in shown_kinds]
    return [(" ".join(rows[action]), descriptions[action]) for action in order]


def keys_content(lines: list[tuple[str, str]]) -> Content:
    """Keys in a column of their own, in the accent colour (bold, so not by colour alone)."""
    width = max((len(keys) for keys, _ in lines), default=0)
    parts = [f"[b $accent]{escape(keys.ljust(width))}[/]  {escape(what)}" for keys, what in lines]
    return Content.from_markup("\n".join(parts))


class HelpScreen(ModalScreen[None]):
    """Keys of the screen it opened over, then the general help; Esc, ? or F1 closes it."""

    BINDINGS = [Binding("escape,question_mark,f1", "close", "Close")]
    DEFAULT_CSS = """
    HelpScreen .help-heading { text-style: bold; color: $accent; }
    HelpScreen #help-keys { padding: 0 0 1 2; }
    """

    def __init__(self, under: Screen[object]):
        super().__init__()
        self.keys = keys_lines(under)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="help"):
            yield Static("Help", classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield Static("Keys here", classes="help-heading")
                yield Static(keys_content(self.keys), id="help-keys")
                yield Markdown(HELP_TEXT.read_text(encoding="utf-8"), id="help-text")
            yield Static("↑↓ PgUp PgDn scroll · Esc closes", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
