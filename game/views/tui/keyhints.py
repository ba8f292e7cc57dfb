"""A one-line list of the screen's keys: what Footer shows, for a fraction of its cost.

Textual's Footer rebuilds a widget per key whenever the bindings may have
changed (focus moves, screens resume), which bench/bench_tui.py showed to be
most of a key press's time. This draws the same keys as one line of text; each
key is clickable. Screens call ``refresh_hints()`` when what is possible changes.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from game.views.tui.scenetext import escape


class KeyHints(Static):
    DEFAULT_CSS = """
    KeyHints { dock: bottom; height: 1; background: $panel; color: $text-muted; padding: 0 1;
               text-wrap: nowrap; text-overflow: ellipsis; link-style: none; link-color: $text;
               link-background: $panel 0%; link-background-hover: $primary 30%; }
    """

    def on_mount(self) -> None:
        """Drawn at once, and again after the first refresh (when a screen's check_action can see its widgets).

        Only after the refresh was not enough: a key pressed before that first
        refresh (a dialog opened at once) could leave the line empty.
        """
        self.refresh_hints()
        self.call_after_refresh(self.refresh_hints)

    def refresh_hints(self) -> None:
        """Redraw from the screen's active bindings (those shown and allowed now)."""
        parts: list[str] = []
        seen: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.show or not active.enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            shown = binding.key_display or self.app.get_key_display(binding)
            parts.append(
                f"[@click=app.simulate_key({key!r})][b $accent]{escape(shown)}[/] {escape(binding.description)}[/]"
            )
        parts.append("[@click=app.command_palette][b $accent]^p[/] commands[/]")
        self.update(Content.from_markup("  ".join(parts)))
