"""Settings: light or dark theme, animations; kept in the player's profile."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import RadioButton, RadioSet, Static

from game.views.store import StoreError
from game.views.tui.themes import THEMES

if TYPE_CHECKING:
    from game.views.tui.app import PetrogradApp



class SettingsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "close", "Close")]

    @property
    def game(self) -> PetrogradApp:
        return cast("PetrogradApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="settings"):
            yield Static("Settings", classes="dialog-title")
            yield Static("Theme")
            with RadioSet(id="theme"):
                for name, (label, _theme) in THEMES.items():
                    yield RadioButton(label, value=self.app.theme == name, name=name)
            yield Static("Animations")
            with RadioSet(id="animations"):
                on = self.app.animation_level != "none"
                yield RadioButton("On", value=on, name="on")
                yield RadioButton("Off", value=not on, name="off")
            if self.game.no_color:
                yield Static("NO_COLOR is set: colours are off.", classes="dialog-hint")
            yield Static("Esc closes · saved for next time", classes="dialog-hint")

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        choice = event.pressed.name or ""
        if event.radio_set.id == "theme":
            self.app.theme = choice
        elif event.radio_set.id == "animations":
            self.app.animation_level = "none" if choice == "off" else "full"
        values = self.game.store.settings()
        values["theme"] = self.app.theme
        values["animations"] = "off" if self.app.animation_level == "none" else "on"
        try:
            self.game.store.save_settings(values)
        except StoreError as exc:
            self.notify(str(exc), severity="warning")

    def action_close(self) -> None:
        self.dismiss(None)
