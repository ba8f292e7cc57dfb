"""The story's primer, shown once before the first scene; skippable.

The scroll area, not the Begin button, has the focus from the start, so the
keys a reader tries first (Down, PageDown, End, Space) move the text at once;
Enter begins from anywhere, and Tab still reaches the button.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Markdown

from game.story.model import Story
from game.story.text import link_key
from game.views.markup import story_markdown
from game.views.tui.keyhints import KeyHints


class PrimerScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "begin", "Begin"),
        Binding("escape", "begin", "Skip"),
        Binding("pagedown,space", "scroll(1)", "Scroll", key_display="PgDn/PgUp"),
        Binding("pageup", "scroll(-1)", "Scroll up", show=False),
    ]

    def __init__(self, primer: str):
        super().__init__()
        self.primer = primer

    def compose(self) -> ComposeResult:
        with Vertical(id="primer"):
            with VerticalScroll(id="primer-scroll"):
                yield Markdown(story_markdown(self.primer), open_links=False)
            yield Button("Begin", variant="primary", id="begin")
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one("#primer-scroll").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_begin()

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        key = link_key(event.href)
        story: Story | None = getattr(self.app, "story", None)
        term = story.term(key) if story is not None and key else None
        if story is not None and term is not None:
            from game.views.tui.term import TermDialog

            self.app.push_screen(TermDialog(term, story))

    def action_scroll(self, pages: int) -> None:
        """Page the primer whatever has the focus (the Begin button too)."""
        scroll = self.query_one("#primer-scroll", VerticalScroll)
        scroll.scroll_page_down() if pages > 0 else scroll.scroll_page_up()

    def action_begin(self) -> None:
        self.dismiss(None)
