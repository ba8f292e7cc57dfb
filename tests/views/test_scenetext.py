"""Scene text as one widget: Markdown to Textual markup, with glossary links as actions."""

from __future__ import annotations

from textual.content import Content

from game.views.markup import story_markdown
from game.views.tui.scenetext import scene_markup


def plain(markdown: str) -> str:
    markup, _links = scene_markup(markdown)
    return Content.from_markup(markup).plain


def test_paragraphs_emphasis_and_soft_breaks():
    assert plain("The men *wait*\nby the **stove**.\n\nNext.") == "The men wait by the stove.\n\nNext."


def test_brackets_in_text_are_shown_not_taken_as_markup():
    assert plain("- **[Documented]** The garrison [b] went over") == "• [Documented] The garrison [b] went over"


def test_glossary_links_become_numbered_actions():
    markup, links = scene_markup("The [Soviet](glossary:soviet) and [MRC](glossary:military%20revolutionary%20committee).")
    assert links == ["soviet", "military revolutionary committee"]
    assert "[@click=open_link(0)]Soviet[/]" in markup and "[@click=open_link(1)]MRC[/]" in markup


def test_lists_quotes_headings_and_code():
    text = "# Title\n\n1. one\n2. two\n\n> “a quote”\n> — *Source*\n\n```\ncode [x]\n```"
    assert plain(text) == "Title\n\n1. one\n\n2. two\n\n▌ “a quote” — Source\n\n    code [x]"


def test_primer_links_in_story_text():
    assert story_markdown("The [[Soviet]] and [[Leon Trotsky|Trotsky]].") == (
        "The [Soviet](glossary:soviet) and [Trotsky](glossary:leon%20trotsky)."
    )
    assert story_markdown("The [[Soviet|council]].", links="plain") == "The council."
