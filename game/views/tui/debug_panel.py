"""The author's debug panel (``play --debug``): every variable and visit count, live.

Mounted into the scene screen's ``#debug-dock`` and refreshed through the app's
``scene_listeners`` after every choice, undo or reload. ``debug_rows`` is the
content without Textual, so it is tested directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from game.play.session import Session
from game.story.values import format_value

if TYPE_CHECKING:
    from game.views.tui.app import PetrogradApp


def debug_rows(session: Session) -> list[tuple[str, str, str]]:
    """(section, name, value) rows: where we are, every variable (with its range), every visit count."""
    state = session.state
    story = session.story
    rows = [("here", "scene", state.scene), ("here", "choices taken", str(len(state.path)))]
    if state.perspective:
        rows.append(("here", "perspective", state.perspective))
    for name, var in story.variables.items():
        value = format_value(state.vars.get(name, var.default))
        kind = var.type.kind
        if kind == "int" and (var.minimum is not None or var.maximum is not None):
            low = "" if var.minimum is None else str(var.minimum)
            high = "" if var.maximum is None else str(var.maximum)
            kind = f"{low}..{high}"
        changed = "" if state.vars.get(name, var.default) == var.default else " *"
        rows.append(("variables", name, f"{value}{changed}  ({kind})"))
    for scene, count in sorted(state.visits.items()):
        rows.append(("visits", scene, str(count)))
    once = sorted({(s.scene, s.choice) for s in state.path if _is_once(session, s.scene, s.choice)})
    for scene, choice in once:
        rows.append(("once taken", scene, choice))
    return rows


def _is_once(session: Session, scene: str, choice: str) -> bool:
    node = session.story.node(scene)
    return any(c.id == choice and c.once for c in node.choices) if node else False


def render_rows(rows: list[tuple[str, str, str]]) -> Text:
    text = Text()
    section = ""
    for part, name, value in rows:
        if part != section:
            if section:
                text.append("\n")
            text.append(part.upper() + "\n", style="bold")
            section = part
        text.append(f"{name} ", style="dim")
        text.append(f"{value}\n")
    return text


class DebugPanel(VerticalScroll):
    """Variables, visit counts and once-only choices of the game in progress ('*': changed from its default)."""

    DEFAULT_CSS = """
    DebugPanel { height: 100%; padding: 0 1; }
    DebugPanel > #debug-title { text-style: bold; color: $warning; }
    """

    def __init__(self, session: Session):
        super().__init__(id="debug-panel")
        self._initial = render_rows(debug_rows(session))

    def compose(self) -> ComposeResult:
        yield Static("Debug", id="debug-title")
        yield Static(self._initial, id="debug-body")

    def show(self, session: Session) -> None:
        self.query_one("#debug-body", Static).update(render_rows(debug_rows(session)))


def install_debug_panel(app: PetrogradApp) -> None:
    """Put a panel in each scene screen's debug dock and refresh it whenever the game moves."""

    def refresh(session: Session) -> None:
        for screen in reversed(app.screen_stack):
            docks = screen.query("#debug-dock")
            if not docks:
                continue
            dock = docks.first()
            panels = dock.query(DebugPanel)
            if panels:
                panels.first().show(session)
            else:
                dock.mount(DebugPanel(session))
                for side in screen.query("#side"):  # the panel lists every variable: give its room to the text
                    side.display = False
            return

    app.scene_listeners.append(refresh)
