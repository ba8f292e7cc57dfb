"""How the scene screen's widgets draw less on each key press.

Every choice changes the whole scene screen, and Textual's cost per frame grows
with the layout passes it makes and the rows it styles (each row of each widget
goes through its styles cache: background, padding, border, filters). These
mixins leave what is drawn as Textual would draw it and do less work for it
(measured in bench/bench_tui.py; tests compare the screen with Textual's own
drawing):

- ``OnePass``: one layout pass per new scene instead of two;
- ``AlikeRows``: a container styles each kind of its own rows once;
- ``WrapOnce``: a text widget wraps once per text and width (or takes the
  lines wrapped while the player read), makes the strip of a line when the
  screen first asks for it, and pads a plain box's rows itself;
- ``TextLines``: a few lines of text that repaint only the lines that change.

Name a mixin after the Textual class in a widget's bases
(``class X(Static, OnePass, WrapOnce)``): Textual takes a widget's CSS type
names and default styles from its first base.

They rely on Textual 8.2 internals: ``Widget._size_updated``, ``_dirty_regions``,
``_layout_cache``, ``_render``, ``_get_style``, ``_styles_cache.get_inner_outer``,
``_vertical_scrollbar``, ``App._start_widget``, ``Screen._selecting``,
``Content._wrap_and_format``, ``_FormattedLine``, ``Strip._apply_link_style``,
``textual._segment_tools.line_pad``, and rich's ``Style._link_id``. Textual is
pinned below 9; on an upgrade, tests/views/test_tui_drawing.py (the screen
against Textual's own drawing) and the snapshots are what say whether they
still hold.
"""

from __future__ import annotations

from typing import Any

from rich.style import Style
from textual._segment_tools import line_pad
from textual.containers import VerticalScroll
from textual.content import Content, _FormattedLine
from textual.geometry import Region, Size
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.widget import Widget


class OnePass(Widget):
    """A widget that asks for no second layout pass when its screen draws a new scene.

    Textual gives each widget its size at the end of a layout pass and, when the
    size it can scroll over changed, asks for the whole screen to be laid out
    again; the scene screen's widgets change size on most keys, so every key laid
    the screen out twice, the second time to the same result (about a tenth of a
    key's instructions). While the screen's ``one_pass`` is set (the pass that
    lays out a new scene on a screen already laid out), the sizes are kept without
    that request; a scrollbar that must appear or go still asks for its pass. Other
    passes (mounting, resizing) are left as Textual does them: there a later pass
    can still correct an arrangement cached before the styles changed.
    """

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        quiet = getattr(self.screen, "one_pass", False)
        return super()._size_updated(size, virtual_size, container_size, layout=layout and not quiet)


class AlikeRows(Widget):
    """A container that styles one of its own rows between its top and bottom edges and repeats it.

    A container draws no content of its own: its rows inside the vertical gutter
    (padding and border) are all the same background, side borders and padding,
    yet Textual styles each one whenever the container is resized, which on the
    scene screen is most keys (a 14-row text box took as long as 14 rows of text).
    A hatch, which is drawn in the content area, is left to Textual.
    """

    def render_lines(self, crop: Region) -> list[Strip]:
        styles = self.styles
        gutter = styles.gutter
        first, stop = max(crop.y, gutter.top), min(crop.bottom, self.outer_size.height - gutter.bottom)
        if stop - first < 2 or styles.has_rule("hatch"):
            return super().render_lines(crop)
        x, width = crop.x, crop.width
        above = super().render_lines(Region(x, crop.y, width, first - crop.y)) if first > crop.y else []
        row = super().render_lines(Region(x, first, width, 1))
        below = super().render_lines(Region(x, stop, width, crop.bottom - stop)) if stop < crop.bottom else []
        return above + row * (stop - first) + below


class WrapOnce(Widget):
    """A text widget (a ``Static``) that wraps its text once per text and width and draws the lines in view.

    Textual wraps a ``Static``'s text twice per update (once for its height in
    the layout pass, once to draw) and turns every line into a strip, though a
    scrolled text shows a few of them. A text selection, line padding or an
    alignment other than top left is left to Textual.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._wrapped_text: Content | None = None  # the text _wrapped was made from
        self._wrapped_for: tuple[object, ...] = ()  # and the width and style rules
        self._wrapped: list[_FormattedLine] = []
        self._strips: dict[int, Strip] = {}  # line -> strip, made since the last repaint
        self._made_for = Size(0, 0)  # the widget's size when _strips were made
        self._ready: dict[int, tuple[Content, tuple[object, ...], list[_FormattedLine]]] = {}  # see prewrap
        # the lines, text style and link style of the last repaint
        self._paint: tuple[list[_FormattedLine], Size, VisualStyle, Style | None] | None = None

    def _lines(self, width: int) -> list[_FormattedLine] | None:
        """The text wrapped to ``width`` as Textual draws it, or None where Textual must draw it."""
        visual = self._render()
        styles = self.styles
        if not isinstance(visual, Content) or self.text_selection is not None or styles.line_pad:
            return None
        if styles.content_align != ("left", "top"):
            return None
        rules = self._rules(width)
        if visual is not self._wrapped_text or rules != self._wrapped_for:
            ready = self._ready.get(id(visual))
            if ready is not None and ready[0] is visual and ready[1] == rules:
                self._wrapped = ready[2]
            else:
                self._wrapped = self._wrap(visual, rules)
            self._wrapped_text, self._wrapped_for, self._ready = visual, rules, {}
            self._strips, self._paint = {}, None
        return self._wrapped

    def _rules(self, width: int) -> tuple[Any, ...]:
        """What a wrap depends on besides the text: the width and the text rules of the styles."""
        styles = self.styles
        return width, styles.text_align, styles.text_overflow, styles.text_wrap == "nowrap"

    def _wrap(self, text: Content, rules: tuple[Any, ...]) -> list[_FormattedLine]:
        width, align, overflow, no_wrap = rules
        return text._wrap_and_format(width, align=align, overflow=overflow, no_wrap=no_wrap, get_style=self._get_style)

    def prewrap(self, text: Content) -> None:
        """Wrap a text that may be shown next, at the width and rules of now (while the player reads)."""
        width = self.size.width
        if width and text is not self._wrapped_text and id(text) not in self._ready:
            rules = self._rules(width)
            self._ready[id(text)] = (text, rules, self._wrap(text, rules))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        lines = self._lines(width) if width else None
        return super().get_content_height(container, viewport, width) if lines is None else len(lines)

    def _forget_repainted(self) -> None:
        """Drop the strips of the rows Textual marked for repainting (new text, hover), all of them on a resize."""
        if self.outer_size != self._made_for:
            self._strips, self._made_for, self._paint = {}, self.outer_size, None
        if self._dirty_regions:
            top = self.styles.gutter.top
            for region in self._dirty_regions:
                for row in region.line_range:
                    self._strips.pop(row - top, None)
            self._dirty_regions.clear()
            self._paint = None

    def render_line(self, y: int) -> Strip:
        paint = self._paint
        if paint is None or self._dirty_regions or self.outer_size != self._made_for:
            size = self.size
            lines = self._lines(size.width) if size.width else None
            if lines is None:  # Textual draws it (a selection, an alignment): its repaint marks are its own
                self._paint = None
                return super().render_line(y)
            self._forget_repainted()
            links = self.link_style if self.auto_links and not self.screen._selecting else None
            paint = self._paint = (lines, size, self.visual_style, links)  # looked up once for all the lines drawn
        strip = self._strips.get(y)
        if strip is None:
            lines, (width, height), style, links = paint
            if y < min(height, len(lines)):
                line = lines[y]
                strip = Strip(*line.to_strip(style))
                if links is not None and _has_link(line.content):
                    strip = strip._apply_link_style(links)
            else:
                strip = Strip.blank(width, style.rich_style)
            self._strips[y] = strip
        return strip

    def render_lines(self, crop: Region) -> list[Strip]:
        """The rows in ``crop``; for a plain box, without a pass through Textual's styles cache.

        For a widget with no border, outline, vertical padding, hatch, tint or
        opacity, the styles cache only pads each line to the width (and the side
        padding) and passes it through the app's filters, at a cost per row
        above that of the line itself. A hovered link, and every other box, is
        left to Textual.
        """
        styles = self.styles
        top, right, bottom, left = styles.gutter
        width = self.size.width
        if (
            top
            or bottom
            or (right, left) != (styles.padding.right, styles.padding.left)  # a side border
            or any(edge for edge, _ in styles.outline)
            or styles.has_rule("hatch")
            or styles.tint.a
            or styles.text_opacity != 1.0
            or self.opacity != 1.0
            or self.hover_style._link_id
            or not width
            or self._lines(width) is None
        ):
            return super().render_lines(crop)
        base_background, background = self.background_colors
        inner = self._styles_cache.get_inner_outer(base_background, background)[0].rich_style
        strips = [self.render_line(y).adjust_cell_length(width, inner) for y in crop.line_range]
        if left or right:
            strips = [Strip(line_pad(strip, left, right, inner), width + left + right) for strip in strips]
        for line_filter in self.get_line_filters():
            strips = [strip.apply_filter(line_filter, background) for strip in strips]
        x1, x2 = crop.column_span
        if (x1, x2) != (0, width + left + right):
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips


def _has_link(content: Content) -> bool:
    """Whether a line has a clickable span (which Textual draws in the link style)."""
    return any("@click" in (span.style if isinstance(span.style, str) else span.style.meta) for span in content.spans)


class TextLines(WrapOnce):
    """A few lines of text (a header, a status panel) that repaints only the lines a new text changes.

    A ``Static`` repaints all of itself and asks for a layout pass on every
    update; the scene screen's status panel changes one or two of its lines on
    most keys, and a text that wraps to as many lines at the same width needs
    neither.
    """

    DEFAULT_CSS = "TextLines { height: auto; }"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._text = Content()

    def render(self) -> Content:
        return self._text

    def show(self, text: Content) -> None:
        """Show ``text``: the lines it changes are repainted, and the screen laid out only if it has more or fewer."""
        width = self.size.width
        before = self._lines(width) if width and not _auto_width(self) else None
        self._text = text
        self._layout_cache.clear()  # Textual keeps the text it last drew there
        after = self._lines(width) if before is not None else None
        if before is None or after is None or len(after) != len(before):
            self.refresh(layout=True)
            return
        changed = [y for y, (old, new) in enumerate(zip(before, after)) if _drawn(old) != _drawn(new)]
        if changed:
            self.refresh(*(Region(0, y, width, 1) for y in changed))


def _auto_width(widget: Widget) -> bool:
    """The widget's width follows its text: a new text may change it."""
    width = widget.styles.width
    return width is not None and width.is_auto


def _drawn(line: _FormattedLine) -> tuple[object, ...]:
    """What decides how a wrapped line is drawn."""
    return line.content.plain, line.content.spans, line.width, line.x, line.align, line.line_end, line.link_style


class _OnePassBar(ScrollBar, OnePass):
    """The scrollbar of a ``OnePassScroll``: its rows are a few kinds (track, thumb, thumb ends), each styled once."""

    def render_lines(self, crop: Region) -> list[Strip]:
        if any(self.styles.gutter):  # a row's content and its styled row no longer match one to one
            return super().render_lines(crop)
        styled: dict[tuple[object, ...], list[Strip]] = {}
        out: list[Strip] = []
        x, width = crop.x, crop.width
        for y in crop.line_range:
            content = tuple(self.render_line(y))  # Textual renders the bar's rows all at once, then hands them out
            row = styled.get(content)
            if row is None:
                row = styled[content] = super().render_lines(Region(x, y, width, 1))
            out += row
        return out


class OnePassScroll(VerticalScroll, OnePass, AlikeRows):
    """A ``VerticalScroll`` that lays out once per new scene and styles its alike rows once."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        if self._vertical_scrollbar is None:  # as Widget.vertical_scrollbar, with the class changed
            self._vertical_scrollbar = _OnePassBar(vertical=True, name="vertical", thickness=self.scrollbar_size_vertical)
            self._vertical_scrollbar.display = False
            self.app._start_widget(self, self._vertical_scrollbar)
        return self._vertical_scrollbar
