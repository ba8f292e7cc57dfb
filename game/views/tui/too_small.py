"""Shown over everything while the terminal is smaller than 40x12; gone when it grows."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static


class TooSmallScreen(Screen[None]):
    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; }
    TooSmallScreen Static { width: auto; max-width: 100%; }
    """

    def compose(self) -> ComposeResult:
        yield Static("Terminal too small:\nplease make it at least\n40 columns by 12 rows.")
