"""The scene screen draws less per key (game/views/tui/drawing.py) and still draws what Textual would."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widget import Widget
from tui_steps import pilot_test, start_game

from game.views.tui import drawing
from game.views.tui.drawing import AlikeRows, TextLines, WrapOnce

SCENES = Path(__file__).resolve().parents[2] / "scenes"


@pytest.fixture(scope="module")
def shipped():
    """The shipped story: long texts that scroll, a status panel that changes on most choices."""
    from game.story.loader import load_story

    return load_story(str(SCENES))


@contextlib.contextmanager
def textual_drawing() -> Iterator[None]:
    """Inside: the mixins' drawing shortcuts are off and widgets draw as Textual draws them."""
    patch = pytest.MonkeyPatch()
    patch.setattr(AlikeRows, "render_lines", Widget.render_lines)
    patch.setattr(drawing._OnePassBar, "render_lines", Widget.render_lines)
    patch.setattr(WrapOnce, "render_line", Widget.render_line)
    patch.setattr(WrapOnce, "render_lines", Widget.render_lines)
    try:
        yield
    finally:
        patch.undo()


def repaint_all(screen) -> None:
    for widget in screen.walk_children(with_self=True):
        widget._set_dirty()


def shown(screen) -> list[list[tuple[str, object]]]:
    """Every row of the screen, text and style, from the widgets' rows as they stand (no repaint)."""
    return [[(s.text, s.style) for s in strip] for strip in screen._compositor.render_strips()]


def assert_drawn_as_textual_would(screen, step: object) -> None:
    ours = shown(screen)  # rows kept from the frames drawn so far: a stale row would show here
    with textual_drawing():
        repaint_all(screen)
        theirs = shown(screen)
    repaint_all(screen)
    assert ours == theirs, step


@pilot_test
async def test_the_scene_screen_draws_what_textual_would_after_each_step(shipped, tmp_path):
    """Choices, undo, scrolling, hover, resizing and a theme change, each compared with Textual's own drawing."""
    from game.play.options import PlayOptions
    from game.views.tui.app import make_app

    steps: tuple[str | tuple[int, int], ...] = ("hover link", "1", "pagedown", "1", "u", "2", "down", "hover", (40, 12), "1", "pagedown", (100, 40))
    steps += ("light", "1")
    steps += ("u", (80, 24), "1", "1", "1")
    app = make_app(shipped, PlayOptions(str(SCENES), saves_dir=str(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        assert_drawn_as_textual_would(app.screen, "start")
        for step in steps:
            if isinstance(step, tuple):
                await pilot.resize_terminal(*step)
            elif step == "hover":
                await pilot.hover("#choices", offset=(4, 2))
            elif step == "hover link":  # a hovered link is drawn by Textual's own path: compared all the same
                text = app.screen.query_one("#scene-text", WrapOnce)
                y, x = next(
                    (y, span.start)
                    for y, line in enumerate(text._wrapped)
                    for span in line.content.spans
                    if isinstance(span.style, str) and "@click" in span.style
                )
                await pilot.hover("#scene-text", offset=(x + 1, y))
                await pilot.pause()
                assert text.hover_style._link_id
            elif step == "light":
                app.theme = "textual-light"
            else:
                await pilot.press(step)
            await pilot.pause()
            await pilot.pause()
            assert_drawn_as_textual_would(app.screen, step)


@pilot_test
async def test_containers_scrollbars_and_texts_draw_any_part_of_themselves_as_textual_would(shipped, tmp_path):
    """The compositor asks for parts of a widget (a few rows, a few columns): each part is drawn as Textual would."""
    from game.play.options import PlayOptions
    from game.views.tui.app import make_app

    app = make_app(shipped, PlayOptions(str(SCENES), saves_dir=str(tmp_path)))
    async with app.run_test(size=(60, 20)) as pilot:
        await start_game(pilot)
        await pilot.press("1")
        await pilot.pause()
        screen = app.screen
        containers = [w for w in screen.walk_children() if isinstance(w, AlikeRows) and w.display]
        bars = [w._vertical_scrollbar for w in containers if w._vertical_scrollbar is not None]
        texts = [w for w in screen.walk_children() if isinstance(w, WrapOnce) and w.display and w.outer_size.height > 2]
        widgets = containers + [bar for bar in bars if bar.display] + texts
        assert {type(w).__name__ for w in widgets} >= {"_Row", "OnePassScroll", "ChoiceList", "_OnePassBar", "_Text"}
        for widget in widgets:
            width, height = widget.outer_size
            assert height > 2, widget
            crops = [Region(0, 0, width, height), Region(0, 1, width, height - 1), Region(0, 0, width, 1)]
            crops += [Region(0, height - 1, width, 1), Region(min(1, width - 1), 1, max(1, width - 1), height - 2)]
            for crop in crops:
                repaint_all(screen)
                ours = [[(s.text, s.style) for s in strip] for strip in widget.render_lines(crop)]
                with textual_drawing():
                    repaint_all(screen)
                    theirs = [[(s.text, s.style) for s in strip] for strip in widget.render_lines(crop)]
                assert ours == theirs, (widget, crop)


@pilot_test
async def test_a_status_change_repaints_only_the_lines_that_changed(make):
    """The status panel: new values repaint the lines they are on; a new line asks for a layout pass."""
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        side = app.screen.query_one("#side", TextLines)
        before = str(side.render()).splitlines()
        asked: list[int] = []
        draw_line = side.render_line

        def spy(y: int):
            asked.append(y)
            return draw_line(y)

        side.render_line = spy
        await pilot.press("3")  # to the Smolny: Standing and Leaning change
        await pilot.pause()
        after = str(side.render()).splitlines()
        changed = [y for y, (old, new) in enumerate(zip(before, after)) if old != new]
        assert len(before) == len(after) and changed, (before, after)
        assert changed == [1, 2] and sorted(set(asked)) == changed  # not the "Status" title
        layout_asked = []
        side.refresh = lambda *a, **k: layout_asked.append(k.get("layout")) or Widget.refresh(side, *a, **k)  # type: ignore[func-returns-value]
        app.screen._update("#side", *app.screen._shown["#side"], "\nA new line")
        assert layout_asked == [True]  # one more line: a layout pass, as Textual would ask


@pilot_test
async def test_with_no_color_the_screen_is_still_what_textual_would_draw(shipped, tmp_path, monkeypatch):
    """NO_COLOR adds a filter to every row: the rows the mixins make pass through it as Textual's do."""
    from game.play.options import PlayOptions
    from game.views.tui.app import make_app

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(shipped, PlayOptions(str(SCENES), saves_dir=str(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        assert len(app.get_line_filters()) > 1
        for step in ("start", "1", "2"):
            if step != "start":
                await pilot.press(step)
                await pilot.pause()
            assert_drawn_as_textual_would(app.screen, step)
