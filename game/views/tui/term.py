"""Glossary entry dialog, and the list of a scene's links for keyboard users."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.story.model import TAG_LABELS, Story, Term
from game.views.tui.scenetext import SceneText


def term_markdown(term: Term, story: Story) -> str:
    """A glossary entry as Markdown: what it is, role and later life, sources."""
    lines = [f"## {term.name}", ""]
    if term.kind == "person":
        lines.append("*Person*")
        lines.append("")
    if term.text:
        lines += [term.text, ""]
    if term.role:
        lines += [f"**Role:** {term.role}", ""]
    if term.later:
        lines += [f"**Later:** {term.later}", ""]
    if term.aliases:
        lines += [f"Also: {', '.join(term.aliases)}", ""]
    if term.tag:
        lines += [f"*{TAG_LABELS.get(term.tag, term.tag)}*", ""]
    for cite in term.cite:
        source = story.sources.get(cite.source)
        lines.append(f"> “{cite.quote}” — *{source.title if source else cite.source}*")
        lines.append("")
    return "\n".join(lines)


class TermDialog(ModalScreen[None]):
    """One glossary entry over the scene; Escape or Enter closes it."""

    BINDINGS = [Binding("escape,enter,q", "close", "Close")]

    def __init__(self, term: Term, story: Story):
        super().__init__()
        self.term = term
        self.story = story

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="term-dialog"):
            with VerticalScroll():
                yield SceneText(term_markdown(self.term, self.story))
            yield Static("Esc closes", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)


class LinksDialog(ModalScreen[str | None]):
    """The glossary links of the scene, to open one with the keyboard."""

    BINDINGS = [Binding("escape,l", "close", "Close")]

    def __init__(self, links: list[tuple[str, str]]):
        super().__init__()
        self.links = links

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="links-dialog"):
            yield Static("Words explained in the glossary", classes="dialog-title")
            yield OptionList(*[Option(shown, id=key) for shown, key in self.links], id="links")
            yield Static("Enter opens · Esc closes", classes="dialog-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
