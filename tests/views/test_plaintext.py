"""Markdown as words for plain mode (markdown-it-py): no stray marks, whatever the line breaks."""

from __future__ import annotations

from game.views.plaintext import indented, plain_markdown


def test_emphasis_across_a_line_break_leaves_no_marks():
    assert plain_markdown("**Dates.** Russia *still\nuses* the **Old\nStyle**.") == "Dates. Russia still uses the Old Style."


def test_paragraphs_hard_breaks_and_headings():
    text = "# Heading\n\nOne\nparagraph.  \nA hard break.\n\nTwo."
    assert plain_markdown(text) == "Heading\n\nOne paragraph.\nA hard break.\n\nTwo."


def test_lists_keep_their_markers_and_nesting():
    text = "Before:\n\n- a **b**\n- c\n  1. x\n  2. y\n\n3. three\n4. four\n\nAfter."
    assert plain_markdown(text) == "Before:\n\n- a b\n- c\n  1. x\n  2. y\n\n3. three\n4. four\n\nAfter."


def test_quotes_code_links_html_and_escapes():
    text = "> a quote\n> goes on\n\n`code` [a link](glossary:x) <b>as typed</b> \\*not emphasis\\*\n\n    two\n      lines"
    assert plain_markdown(text) == ("> a quote goes on\n\ncode a link <b>as typed</b> *not emphasis*\n\n"
                                    "    two\n      lines")


def test_indented_lines_up_continuations_and_leaves_blank_lines_empty():
    assert indented("one\n\ntwo", "    ") == "one\n\n    two"
    assert plain_markdown("") == ""
