"""The player's two themes, dark and light, with every text colour at WCAG AA contrast (4.5:1).

Textual's own light theme draws its accent orange on light grey at 1.27:1, and
its error, disabled and dim-on-highlight colours are below 4.5:1 in both themes. These are the
same themes with those colours changed; ``tests/views/test_tui_contrast.py``
computes the contrast of every text colour the app's styles use (``TEXT_ON``)
on every background it is drawn on, so a new colour cannot slip below AA.
"""

from __future__ import annotations

from dataclasses import replace

from textual.theme import BUILTIN_THEMES

DARK = replace(
    BUILTIN_THEMES["textual-dark"],
    name="petrograd-dark",
    error="#FF7A96",
    variables={"text-disabled": "auto 55%", "block-cursor-background": "#063E6E"},
)
LIGHT = replace(
    BUILTIN_THEMES["textual-light"],
    name="petrograd-light",
    accent="#7A3E00",
    warning="#7A3E00",
    error="#961C3A",
    variables={"text-disabled": "auto 62%", "block-cursor-background": "#003C69", "text-success": "#1F6B37"},
)
THEMES = {DARK.name: ("Dark", DARK), LIGHT.name: ("Light", LIGHT)}
OLD_NAMES = {"textual-dark": DARK.name, "textual-light": LIGHT.name}  # what settings saved before

# text colour variable -> the background variables it is drawn on, in the app's styles and Textual's widgets.
# Text marked "dim" (the hints in the title menu, the save slots' details) is checked too: Textual draws it
# blended towards the background (textual.constants.DIM_FACTOR), so the highlighted row's blue is dark
# enough for dim text on it.
TEXT_ON = {
    "accent": ("background", "surface", "panel"),  # titles, headings, key names on the key line
    "text": ("background", "surface", "panel", "surface-focused"),  # surface-focused: a list with the focus
    "foreground": ("background", "surface", "panel", "surface-focused", "panel-lighten-1"),
    "text-muted": ("background", "surface", "panel", "surface-focused"),  # hints, scene head, key line
    "text-disabled": ("background", "surface", "panel"),  # closed choices, with their reasons
    "error": ("background", "surface", "panel"),
    "warning": ("background", "surface", "panel"),  # the debug panel's title
    "block-cursor-foreground": ("block-cursor-background",),  # the highlighted entry of a list
    # notifications (Textual's Toast): the message, and its title coloured by severity
    "text-success": ("panel-lighten-1",),
    "text-warning": ("panel-lighten-1",),
    "text-error": ("panel-lighten-1",),
}


def theme_name(saved: str) -> str:
    """The theme for a name kept in the settings ("" when it is none of ours)."""
    name = OLD_NAMES.get(saved, saved)
    return name if name in THEMES else ""
