"""The story's primer, shown once before the first scene; skippable."""

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
    BINDINGS = [Binding("enter", "begin", "Begin"), Binding("escape", "begin", "Skip")]

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
        self.query_one("#begin").focus()

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

    def action_begin(self) -> None:
        self.dismiss(None)
