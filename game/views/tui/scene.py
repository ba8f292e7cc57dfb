"""The scene screen: header with place and both calendars, Markdown text, choices, status."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.content import Content, _FormattedLine
from textual.geometry import Size
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Static

from game.play.session import Session
from game.story.errors import PlayError
from game.story.text import link_key
from game.views.tui.choices import ChoiceList
from game.views.tui.keyhints import KeyHints
from game.views.tui.scenetext import OnePass, OnePassScroll, SceneText, escape

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


class _Line(Static, OnePass):
    """The header, status and side panel lines: one layout pass per new scene (OnePass)."""


class _Text(SceneText, OnePass):
    """The scene's text: one layout pass per new scene (OnePass), and only the lines in view drawn.

    Textual wraps a ``Static``'s text twice per new scene (once for its height in
    the layout pass, once to draw) and turns every line into a strip, though the
    scroll shows under half of them. This widget wraps once per text and width,
    and makes the strip of a line when the screen first asks for it; a text
    selection or a non-default alignment is left to Textual.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._wrapped_text: Content | None = None  # the text _wrapped was made from
        self._wrapped_for: tuple[object, ...] = ()  # and the width and style rules
        self._wrapped: list[_FormattedLine] = []
        self._strips: dict[int, Strip] = {}  # line -> strip, made since the last repaint

    def _lines(self, width: int) -> list[_FormattedLine] | None:
        """The text wrapped to ``width`` as Textual draws it, or None where Textual must draw it."""
        visual = self._render()
        styles = self.styles
        if not isinstance(visual, Content) or self.text_selection is not None or styles.line_pad:
            return None
        if styles.content_align != ("left", "top"):
            return None
        align, overflow, no_wrap = styles.text_align, styles.text_overflow, styles.text_wrap == "nowrap"
        if visual is not self._wrapped_text or (width, align, overflow, no_wrap) != self._wrapped_for:
            self._wrapped = visual._wrap_and_format(
                width, align=align, overflow=overflow, no_wrap=no_wrap, get_style=self._get_style
            )
            self._wrapped_text, self._wrapped_for, self._strips = visual, (width, align, overflow, no_wrap), {}
        return self._wrapped

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        lines = self._lines(width) if width else None
        return super().get_content_height(container, viewport, width) if lines is None else len(lines)

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        lines = self._lines(width) if width else None
        if lines is None:
            return super().render_line(y)
        if self._dirty_regions:  # repainted (new text, hover, resize): the strips made so far are stale
            self._dirty_regions.clear()
            self._strips = {}
        strip = self._strips.get(y)
        if strip is None:
            if y < min(height, len(lines)):
                strip = Strip(*lines[y].to_strip(self.visual_style))
                if self.auto_links and not self.screen._selecting:
                    strip = strip._apply_link_style(self.link_style)
            else:
                strip = Strip.blank(width, self.visual_style.rich_style)
            self._strips[y] = strip
        return strip


class _Row(Horizontal, OnePass):
    """Text and side panel side by side: one layout pass per new scene (OnePass)."""


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
    one_pass = False  # read by OnePass widgets: the layout pass in progress draws a new scene
    _new_scene = False  # a scene was drawn since the last layout pass
    _laid_out = False  # the screen has had a layout pass

    def __init__(self) -> None:
        super().__init__()
        self._shown: dict[str, str] = {}  # selector -> markup last given to it

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
        yield _Line(id="scene-head")  # title and date/place lines in one widget: each widget costs every frame
        yield _Line(id="status-line")
        with _Row(id="scene-body"):
            with OnePassScroll(id="text-scroll"):
                yield _Text(id="scene-text")
            yield _Line(id="side")  # one widget, its title a line of its text: each widget costs every frame
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
        self._new_scene = self._laid_out
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
        # The story's words are shown as written: a '[' in a title or value is text, not markup.
        act = f"{escape(view.act.title)} · " if view.act else ""
        meta = escape(" · ".join(p for p in (view.date_text, view.place) if p))  # the date first: it survives clipping
        self._update("#scene-head", f"[b $accent]{act}{escape(view.title)}[/]" + (f"\n{meta}" if meta else ""))
        status = "\n".join(f"{escape(s.label)}: [b]{escape(s.value)}[/b]" for s in view.status)
        self._update("#side", f"[b $foreground-muted]Status[/]\n{status or '—'}")
        self._update("#status-line", escape(" · ".join(f"{s.label} {s.value}" for s in view.status)))
        self.query_one("#scene-text", SceneText).show(view.text)
        self.query_one("#text-scroll").scroll_home(animate=False)
        choices = self.query_one(ChoiceList)
        choices.show(view.choices)
        choices.focus()
        can_undo = session.can_undo
        if can_undo != self._undo_shown:  # the Footer rebuilds itself on every refresh: only when it changes
            self._undo_shown = can_undo
            self.refresh_bindings()
            self.query_one(KeyHints).refresh_hints()

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        """Textual's layout pass; the one that follows a new scene is the only one it needs (see OnePass)."""
        self.one_pass, self._new_scene = self._new_scene, False
        try:
            super()._refresh_layout(size, scroll)
        finally:
            self.one_pass, self._laid_out = False, True

    def _update(self, selector: str, markup: str) -> None:
        """Give a header or status line new text only when it changed: an unchanged widget is not redrawn."""
        if self._shown.get(selector) != markup:
            self._shown[selector] = markup
            self.query_one(selector, Static).update(markup)

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
        scroll = self.query_one("#text-scroll", OnePassScroll)
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
