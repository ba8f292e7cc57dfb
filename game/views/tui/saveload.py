"""Save and load: nine named slots (and the autosave when loading), each with scene, date and times."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from game.play.slots import AUTOSAVE
from game.views.store import SlotInfo

if TYPE_CHECKING:
    from game.views.tui.app import PetrogradApp


def slot_prompt(info: SlotInfo) -> Text:
    """Two lines: slot and name, then scene · story date · saved at · played."""
    label = "Autosave" if info.slot == AUTOSAVE else "Ending" if info.slot.startswith("ending-") else f"Slot {info.slot}"
    text = Text(f"{label:<9}", style="bold")
    if not info.exists:
        text.append("— empty —", style="dim")
        return text
    if info.note:
        text.append(f"cannot be loaded: {info.note}", style="italic")
        return text
    text.append(info.name or info.scene_title)
    if info.who:
        text.append(f" ({info.who})", style="dim")
    text.append(f"\n         {info.scene_title}")
    if info.date_text:
        text.append(f" · {info.date_text}")
    text.append(f"\n         saved {info.saved_text} · played {info.played_text}", style="dim")
    if info.remark:
        text.append(f" · {info.remark}", style="dim italic")
    return text


class SaveLoadDialog(ModalScreen[str | None]):
    """mode "save": pick a slot (any) with an optional name; mode "load": pick a filled slot."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("up", "move(-1)", "Previous slot", show=False),
        Binding("down", "move(1)", "Next slot", show=False),
    ]

    def __init__(self, mode: str):
        super().__init__()
        self.mode = mode
        self._confirm = ""  # the filled slot Enter was pressed on once
        self._slots: list[SlotInfo] = []  # as read when the dialog opened

    @property
    def game(self) -> PetrogradApp:
        return cast("PetrogradApp", self.app)

    def compose(self) -> ComposeResult:
        title = "Save the game" if self.mode == "save" else "Load a game"
        with Vertical(classes="dialog wide", id="saveload"):
            yield Static(title, classes="dialog-title")
            if self.mode == "save":
                yield Input(placeholder="name for this save (optional)", id="save-name", max_length=40)
            yield OptionList(Option("Reading the saves…", disabled=True), id="slots")
            hint = "Enter saves to the highlighted slot" if self.mode == "save" else "Enter loads"
            yield Static(f"{hint} · Esc closes · saves in {self.game.store.folder}", classes="dialog-hint")

    def on_mount(self) -> None:
        if self.mode == "save":
            self.query_one("#save-name", Input).focus()
        self._read_slots()

    @work(thread=True, group="saveload")
    def _read_slots(self) -> None:
        """Each save is read once, in a thread: a slow disk or a full folder never holds up a key."""
        slots, autosave = self.game.store.slots_and_autosave()
        self.app.call_from_thread(self._show_slots, slots, autosave)

    def _show_slots(self, slots: list[SlotInfo], autosave: SlotInfo | None) -> None:
        if not self.is_attached:  # closed while the saves were read
            return
        self._slots = slots
        if self.mode == "load":
            slots = ([autosave] if autosave else []) + slots  # the autosave first, whether or not it is the newest
        menu = self.query_one("#slots", OptionList)
        menu.set_options(
            Option(slot_prompt(info), id=info.slot, disabled=self.mode == "load" and (not info.exists or bool(info.note)))
            for info in slots
        )
        usable = [i for i, info in enumerate(slots) if self.mode == "save" or (info.exists and not info.note)]
        menu.highlighted = usable[0] if usable else None
        if self.mode == "load" and not usable:
            menu.set_options([Option("No saved games yet.", disabled=True)])
        if self.mode == "load":
            menu.focus()

    def action_move(self, step: int) -> None:
        """Up and down move through the slots while the name box has the focus."""
        self._confirm = ""
        menu = self.query_one("#slots", OptionList)
        menu.action_cursor_down() if step > 0 else menu.action_cursor_up()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        menu = self.query_one("#slots", OptionList)
        if menu.highlighted is not None:
            self._pick(menu.get_option_at_index(menu.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option.id)

    def _pick(self, slot: str | None) -> None:
        if slot is None:
            return
        if self.mode == "save":
            taken = next((i for i in self._slots if i.slot == slot and i.exists), None)
            if taken is not None and self._confirm != slot:  # never overwrite a save by one slip
                self._confirm = slot
                what = taken.name or taken.scene_title or "a save"
                self.notify(f"Slot {slot} holds “{what}”. Press Enter again to overwrite it.", title="Overwrite?")
                return
            self._save(slot, self.query_one("#save-name", Input).value.strip())
        else:
            self.dismiss(slot)

    @work(thread=True, exclusive=True, group="saveload-write")
    def _save(self, slot: str, name: str) -> None:
        """Write the save in a thread; the dialog closes once it is on disk (or stays, saying why not)."""
        if self.game.save_slot(slot, name):
            self.app.call_from_thread(self._saved, slot)

    def _saved(self, slot: str) -> None:
        if self.is_attached:
            self.dismiss(slot)

    def action_close(self) -> None:
        self.dismiss(None)
