"""The scene screen: header with place and both calendars, Markdown text, choices, status."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from game.play.session import Session
from game.story.errors import PlayError
from game.story.text import link_key
from game.views.tui.choices import ChoiceList
from game.views.tui.keyhints import KeyHints
from game.views.tui.scenetext import SceneText

if TYPE_CHECKING:
    from game.views.tui.app import PetrogradApp

LINK = re.compile(r"\[([^\]]+)\]\((glossary:[^)\s]+)\)")


def scene_links(markdown: str) -> list[tuple[str, str]]:
    """(shown words, glossary key) of each distinct link in rendered text, in order."""
    seen: set[str] = set()
    out = []
    for shown, href in LINK.findall(markdown):
        key = link_key(href)
        if key and key not in seen:
            seen.add(key)
            out.append((shown, key))
    return out


class SceneScreen(Screen[None]):
    """One scene at a time; the screen stays and its contents change on every choice."""

    BINDINGS = [
        Binding("1", "choose(1)", "Choose", key_display="1-9"),
        *[Binding(str(n), f"choose({n})", f"Choice {n}", show=False) for n in range(2, 10)],
        Binding("u,ctrl+z", "undo", "Undo"),
        Binding("j", "journal", "Journal"),
        Binding("l", "links", "Links"),
        Binding("s", "save", "Save"),
        Binding("o", "load", "Load", show=False),
        Binding("g", "glossary", "Glossary", show=False),
        Binding("t", "timeline", "Timeline", show=False),
        Binding("escape", "menu", "Menu"),
        Binding("pageup", "scroll_text(-1)", "Scroll up", show=False),
        Binding("pagedown,space", "scroll_text(1)", "Scroll down", show=False),
    ]

    _undo_shown: bool | None = None

    def __init__(self) -> None:
        super().__init__()
        self._shown: dict[str, tuple[str | tuple[str, str], ...]] = {}  # selector -> text last given to it

    @property
    def game(self) -> PetrogradApp:
        return cast("PetrogradApp", self.app)

    @property
    def session(self) -> Session:
        session = self.game.session
        if session is None:
            raise PlayError("no game in progress")
        return session

    def compose(self) -> ComposeResult:
        yield Static(id="scene-head")  # title and date/place lines in one widget: each widget costs every frame
        yield Static(id="status-line")
        with Horizontal(id="scene-body"):
            with VerticalScroll(id="text-scroll"):
                yield SceneText(id="scene-text")
            yield Static(id="side")  # one widget, its title a line of its text: each widget costs every frame
            yield Container(id="debug-dock")
        yield ChoiceList(id="choices")
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one("#debug-dock").display = self.game.options.debug
        self.show_scene()

    # --- drawing ------------------------------------------------------------------

    def show_scene(self) -> None:
        """Draw the session's current scene; an ending opens the debrief over it."""
        with self.app.batch_update():  # one layout pass for header, text, status and choices
            self._draw()
        self.game.scene_changed()
        if self.session.finished:
            self._open_debrief()

    def _draw(self) -> None:
        session = self.session
        try:
            view = session.current()
        except PlayError as exc:
            self.notify(str(exc), title="Story error", severity="error")
            return
        # The story's words are text, never markup: a '[' in a title or value is shown as written.
        act = f"{view.act.title} · " if view.act else ""
        meta = " · ".join(p for p in (view.date_text, view.place) if p)  # the date first: it survives clipping
        self._update("#scene-head", (f"{act}{view.title}", "b $accent"), f"\n{meta}" if meta else "")
        status = [part for s in view.status for part in ("\n", f"{s.label}: ", (s.value, "b"))]
        self._update("#side", ("Status", "b $foreground-muted"), *(status or ["\n—"]))
        self._update("#status-line", " · ".join(f"{s.label} {s.value}" for s in view.status))
        self.query_one("#scene-text", SceneText).show(view.text)
        self.query_one("#text-scroll").scroll_home(animate=False)
        choices = self.query_one(ChoiceList)
        choices.show(view.choices)
        if self.app.focused is not choices:  # focusing again would repaint the list for nothing
            choices.focus()
        can_undo = session.can_undo
        if can_undo != self._undo_shown:  # the Footer rebuilds itself on every refresh: only when it changes
            self._undo_shown = can_undo
            self.refresh_bindings()
            self.query_one(KeyHints).refresh_hints()

    def _update(self, selector: str, *parts: str | tuple[str, str]) -> None:
        """Give a header or status line new text (as ``Content.assemble``) only when it changed."""
        if self._shown.get(selector) != parts:
            self._shown[selector] = parts
            self.query_one(selector, Static).update(Content.assemble(*parts))

    def _open_debrief(self) -> None:
        from game.views.tui.debrief import DebriefScreen

        ending = self.session.ending
        if ending is not None:
            self.game.record_ending(ending.id)
        self.app.push_screen(DebriefScreen(), lambda _: self.show_scene_if_playing())

    def show_scene_if_playing(self) -> None:
        if self.game.session is not None and self.is_attached and not self.session.finished:
            self.show_scene()

    # --- actions ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            session = self.game.session
            return bool(session and session.can_undo)
        return True

    def action_choose(self, number: int) -> None:
        session = self.session
        shown = session.choices()
        if not 1 <= number <= len(shown):
            return
        choice = shown[number - 1]
        if not choice.available:
            self.app.bell()
            self.notify(choice.reason or "not possible now", title=f"“{choice.text}” is unavailable")
            return
        try:
            session.choose(choice.id)
        except PlayError as exc:
            self.notify(str(exc), title="Cannot choose", severity="error")
            return
        self.game.autosave()
        self.show_scene()

    def on_choice_list_picked(self, event: ChoiceList.Picked) -> None:
        event.stop()
        self.action_choose(event.number)

    def action_undo(self) -> None:
        try:
            self.session.undo()
        except PlayError as exc:
            self.notify(str(exc), title="Undo")
            return
        self.game.autosave()
        self.show_scene()

    def action_scroll_text(self, pages: int) -> None:
        scroll = self.query_one("#text-scroll", VerticalScroll)
        scroll.scroll_page_down(animate=False) if pages > 0 else scroll.scroll_page_up(animate=False)

    def on_scene_text_link_clicked(self, event: SceneText.LinkClicked) -> None:
        event.stop()
        self.open_term(event.key)

    def open_term(self, key: str) -> None:
        from game.views.tui.term import TermDialog

        term = self.game.story.glossary.get(key) or self.game.story.term(key)
        if term is None:
            self.notify(f"“{key}” is not in the glossary", severity="warning")
            return
        self.app.push_screen(TermDialog(term, self.game.story))

    def action_links(self) -> None:
        from game.views.tui.term import LinksDialog

        links = scene_links(self.session.current().text)
        if not links:
            self.notify("This scene has no glossary links. Press g for the whole glossary.")
            return
        self.app.push_screen(LinksDialog(links), lambda key: self.open_term(key) if key else None)

    def action_journal(self) -> None:
        self.game.open_dialog("journal")

    def action_save(self) -> None:
        self.game.open_dialog("save")

    def action_load(self) -> None:
        self.game.open_dialog("load")

    def action_glossary(self) -> None:
        self.game.open_dialog("glossary")

    def action_timeline(self) -> None:
        self.game.open_dialog("timeline")

    def action_menu(self) -> None:
        self.game.open_dialog("menu")
