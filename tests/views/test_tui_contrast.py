"""Every theme the player offers meets WCAG AA: 4.5:1 for every text colour on every background it is drawn on.

Contrast is computed from the theme's own colours (Textual's generated CSS
variables), with WCAG 2's relative luminance; "auto N%" text colours are
resolved the way Textual draws them (black or white at N% over the background), and
text marked dim is blended towards its background as Textual's dim filter does.
"""

from __future__ import annotations

import re

import pytest
from textual.color import Color
from textual.constants import DIM_FACTOR
from tui_steps import pilot_test

from game.views.tui.themes import TEXT_ON, THEMES, theme_name

AA = 4.5


def luminance(color: Color) -> float:
    """WCAG 2 relative luminance of an opaque colour."""

    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def resolve(value: str, under: Color) -> Color:
    """A theme variable's colour as drawn over ``under`` (alpha blended, "auto" picked for contrast)."""
    auto = re.fullmatch(r"auto(?: (\d+)%)?", value.strip())
    color = under.get_contrast_text(int(auto.group(1) or 100) / 100) if auto else Color.parse(value)
    return under + color


def pairs(name: str) -> list[tuple[str, str, float]]:
    theme = THEMES[name][1]
    variables = {**theme.to_color_system().generate(), **theme.variables}  # as App.get_css_variables does
    screen = Color.parse(variables["background"])
    out = []
    for text, backgrounds in TEXT_ON.items():
        for background in backgrounds:
            if background == "surface-focused":  # OptionList and others: background-tint: $foreground 5%
                focus_tint = Color.parse(variables["foreground"]).multiply_alpha(0.05)
                under = (screen + Color.parse(variables["surface"])).tint(focus_tint)
            else:
                under = screen + Color.parse(variables[background])
            color = resolve(variables[text], under)
            out.append((text, background, contrast(color, under)))
            if text in ("text", "block-cursor-foreground"):  # [dim] text, as Textual's dim filter draws it
                out.append((f"dim {text}", background, contrast(under.blend(color, DIM_FACTOR), under)))
    return out


def test_contrast_arithmetic_matches_wcag_examples():
    assert contrast(Color.parse("#000000"), Color.parse("#FFFFFF")) == pytest.approx(21.0)
    assert contrast(Color.parse("#777777"), Color.parse("#FFFFFF")) == pytest.approx(4.48, abs=0.01)
    # the finding: Textual's light theme, orange accent on its grey panel
    assert contrast(Color.parse("#FEA62B"), Color.parse("#D0D0D0")) == pytest.approx(1.27, abs=0.01)


@pytest.mark.parametrize("name", sorted(THEMES))
def test_every_text_colour_meets_aa_on_its_backgrounds(name):
    low = [f"{text} on {background}: {ratio:.2f}:1" for text, background, ratio in pairs(name) if ratio < AA]
    assert low == [], f"{name} below {AA}:1"


def test_the_settings_offer_only_the_checked_themes_and_old_names_still_work():
    assert {label for label, _ in THEMES.values()} == {"Dark", "Light"}
    assert theme_name("textual-light") == "petrograd-light"
    assert theme_name("textual-dark") == "petrograd-dark"
    assert theme_name("gruvbox") == ""


@pilot_test
async def test_the_app_starts_dark_and_offers_no_unchecked_theme_in_the_palette(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "petrograd-dark"
        assert "Theme" not in [command.title for command in app.get_system_commands(app.screen)]
        for name, (_label, theme) in THEMES.items():  # the colours checked above are the ones the app uses
            app.theme = name
            await pilot.pause()
            used = app.get_css_variables()
            checked = {**theme.to_color_system().generate(), **theme.variables}
            for text, backgrounds in TEXT_ON.items():
                for key in (text, *backgrounds):
                    if key in checked:
                        assert used[key] == checked[key], (name, key)
