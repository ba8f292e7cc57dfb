"""Reference screens: the glossary (searchable), the sources, and the timeline of real events."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from game.story.model import TAG_LABELS, Story
from game.views.tui.scenetext import SceneText
from game.views.tui.term import term_markdown

if TYPE_CHECKING:
    from game.views.tui.app import PetrogradApp


class _Reference(ModalScreen[None]):
    BINDINGS = [Binding("escape", "close", "Close")]

    @property
    def story(self) -> Story:
        return cast("PetrogradApp", self.app).story

    def action_close(self) -> None:
        self.dismiss(None)


class GlossaryScreen(_Reference):
    """Type to filter; the highlighted entry shows on the right."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="glossary"):
            yield Static("Glossary", classes="dialog-title")
            yield Input(placeholder="type to filter", id="glossary-filter")
            with Horizontal():
                yield OptionList(id="glossary-list")
                with VerticalScroll(id="glossary-entry"):
                    yield SceneText(id="glossary-text")

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, needle: str) -> None:
        needle = needle.strip().lower()
        terms = sorted(self.story.glossary.values(), key=lambda t: t.name.lower())
        shown = [t for t in terms if not needle or needle in t.name.lower() or any(needle in a.lower() for a in t.aliases)]
        menu = self.query_one("#glossary-list", OptionList)
        menu.set_options(Option(t.name, id=t.key) for t in shown)
        if shown:
            menu.highlighted = 0
        else:
            self.query_one("#glossary-text", SceneText).show("*Nothing matches.*")

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#glossary-list").focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        term = self.story.glossary.get(event.option.id or "")
        if term is not None:
            self.query_one("#glossary-text", SceneText).show(term_markdown(term, self.story))


def sources_markdown(story: Story) -> str:
    lines = []
    for source in story.sources.values():
        year = f" ({source.year})" if source.year else ""
        lines.append(f"### {source.title}{year}")
        details = " · ".join(p for p in (source.author, source.kind) if p)
        if details:
            lines.append(details)
        if source.reliability:
            lines += ["", f"*How far to trust it:* {source.reliability}"]
        lines.append("")
    return "\n".join(lines) or "This story lists no sources."


class SourcesScreen(_Reference):
    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="sources"):
            yield Static("Sources", classes="dialog-title")
            with VerticalScroll():
                yield SceneText(sources_markdown(self.story))
            yield Static("Esc closes", classes="dialog-hint")


def timeline_markdown(story: Story) -> str:
    lines = []
    for event in story.timeline:
        label = TAG_LABELS.get(event.tag, event.tag)
        lines.append(f"- **{event.date.both()}** — {event.event} *[{label}]*")
    return "\n".join(lines) or "This story has no timeline."


class TimelineScreen(_Reference):
    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="timeline"):
            yield Static("Timeline: what really happened", classes="dialog-title")
            with VerticalScroll():
                yield SceneText(timeline_markdown(self.story))
            yield Static("Dates in the Old Style (Julian) calendar, New Style beside · Esc closes",
                         classes="dialog-hint")
