"""The ending and its debrief: what really happened, your path beside history, sources, questions."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Static, TextArea

from game.play.session import DebriefView, RenderedStatement, Session
from game.story.errors import PlayError
from game.story.model import TAG_LABELS, Citation, Story
from game.views.tui.keyhints import KeyHints
from game.views.tui.pathline import path_timeline
from game.views.tui.scenetext import SceneText

if TYPE_CHECKING:
    from game.views.tui.app import PetrogradApp

KIND_LABELS = {"historical": "Historical ending", "counterfactual": "Counterfactual ending: this is not what happened"}


def cite_lines(cites: tuple[Citation, ...], story: Story) -> list[str]:
    out = []
    for cite in cites:
        source = story.sources.get(cite.source)
        title = source.title if source else cite.source
        note = f" ({cite.note})" if cite.note else ""
        out.append(f"> “{cite.quote}”  \n> — *{title}*{note}")
        out.append("")
    return out


def statement_lines(statement: RenderedStatement, story: Story) -> list[str]:
    label = TAG_LABELS.get(statement.tag, statement.tag)
    return [f"- **[{label}]** {statement.text.strip()}", "", *cite_lines(statement.cite, story)]


def debrief_top(session: Session, debrief: DebriefView) -> str:
    """Ending text and 'What really happened'."""
    story = session.story
    lines = [f"# {debrief.title}", ""]
    if story.has_history:  # a fiction story's endings are just endings
        lines += [f"*{KIND_LABELS.get(debrief.kind, debrief.kind)}*", ""]
    lines += [session.current().text.strip(), ""]
    if debrief.what_happened:
        lines += ["## What really happened", ""]
        for s in debrief.what_happened:
            lines += statement_lines(s, story)
    if story.has_history:
        lines += ["## Your choices and history", ""]
    return "\n".join(lines)


def debrief_rest(session: Session, debrief: DebriefView) -> str:
    """Path points, 'Sources disagree', 'Historians disagree' and the epilogue."""
    story = session.story
    lines: list[str] = []
    for point in debrief.path:
        date = f" ({point.date.old_text()})" if point.date else ""
        mark = {True: "as it happened", False: "not as it happened", None: ""}[point.historical]
        mark_text = f" — *{mark}*" if mark else ""
        lines.append(f"- **{point.title}**{date}: you chose “{point.choice_text}”{mark_text}")
        if point.history:
            label = TAG_LABELS.get(point.history.tag, point.history.tag)
            lines.append(f"  - What happened: **[{label}]** {point.history.text.strip()}")
        lines.append("")
        if point.history:
            lines += cite_lines(point.history.cite, story)
    if debrief.disagree:
        lines += ["## Sources disagree", ""]
        for note in debrief.disagree:
            lines += [f"**{note.title}**", "", note.text.strip(), "", *cite_lines(note.cite, story)]
    if debrief.historians:
        lines += ["## Historians disagree", ""]
        for note in debrief.historians:
            label = TAG_LABELS.get(note.tag, note.tag)
            lines += [f"**{note.title}** *[{label}]*", "", note.text.strip(), "", *cite_lines(note.cite, story)]
    if debrief.epilogue:
        lines += ["## Epilogue", ""]
        for s in debrief.epilogue:
            lines += statement_lines(s, story)
    if debrief.questions:
        lines += ["## Questions to think about", "",
                  "Your answers are saved with the game. Tab moves to the next box; Esc leaves a box."]
    return "\n".join(lines)


class DebriefScreen(Screen[None]):
    """Pushed over the scene screen when the session reaches an ending."""

    BINDINGS = [
        Binding("u,ctrl+z", "undo", "Undo"),
        Binding("j", "journal", "Journal"),
        Binding("s", "save", "Save"),
        Binding("e", "endings", "Endings"),
        Binding("t", "transcript", "Transcript"),
        Binding("escape", "title", "Title"),
    ]

    _autosave_timer: Timer | None = None

    @property
    def game(self) -> PetrogradApp:
        return cast("PetrogradApp", self.app)

    def compose(self) -> ComposeResult:
        session = self.game.session
        debrief = session.debrief() if session else None
        with VerticalScroll(id="debrief"):
            if session is None or debrief is None:
                yield Static("No ending reached.")
            else:
                yield SceneText(debrief_top(session, debrief), id="debrief-top")
                if session.story.has_history:
                    yield Static(path_timeline(debrief.path, debrief.left_history_at), id="path-timeline")
                yield SceneText(debrief_rest(session, debrief), id="debrief-rest")
                from game.tools.assignment import note_for  # the teacher's rules, said before export refuses

                if note := note_for(self.game.options):
                    yield Static(note, id="assignment-note")
                for i, (question, answer) in enumerate(session.answers()):
                    yield Static(f"{i + 1}. {question}", classes="question")
                    yield TextArea(answer, id=f"answer-{i}", classes="answer", soft_wrap=True)
            with Horizontal(id="debrief-buttons"):
                yield Button("Title screen", id="to-title", variant="primary")
                yield Button("Journal", id="journal")
                yield Button("Save", id="save")
                yield Button("Endings found", id="endings")
                yield Button("Transcript", id="export-transcript")
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one("#debrief").focus()

    def on_scene_text_link_clicked(self, event: SceneText.LinkClicked) -> None:
        event.stop()
        term = self.game.story.term(event.key)
        if term is not None:
            from game.views.tui.term import TermDialog

            self.app.push_screen(TermDialog(term, self.game.story))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        session = self.game.session
        area_id = event.text_area.id or ""
        if session is None or not area_id.startswith("answer-"):
            return
        try:
            session.answer(int(area_id.removeprefix("answer-")), event.text_area.text)
        except PlayError as exc:
            self.notify(str(exc), severity="warning")
            return
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
        self._autosave_timer = self.set_timer(1.0, self.game.autosave)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"to-title": self.action_title, "journal": self.action_journal, "save": self.action_save,
                   "endings": self.action_endings, "export-transcript": self.action_transcript}
        action = actions.get(event.button.id or "")
        if action is not None:
            event.stop()
            action()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            session = self.game.session
            return bool(session and session.can_undo)
        return True

    def action_undo(self) -> None:
        session = self.game.session
        if session is None:
            return
        try:
            session.undo()
        except PlayError as exc:
            self.notify(str(exc), title="Undo")
            return
        self.game.autosave()
        self.dismiss(None)

    def action_journal(self) -> None:
        self.game.open_dialog("journal")

    def action_save(self) -> None:
        self.game.open_dialog("save")

    def action_endings(self) -> None:
        self.game.open_dialog("endings")

    def action_transcript(self) -> None:
        """Hand-in files (HTML to read, JSON to verify); the assignment's rules come from game.tools.export."""
        import io

        from game.tools.assignment import AssignmentError, assignment_for
        from game.tools.export import ExportRefused, transcript_files, transcript_folder

        session = self.game.session
        if session is None:
            return
        try:
            files = transcript_files(session, self.game.played(), assignment_for(self.game.options))
        except (ExportRefused, AssignmentError) as exc:
            self.notify(str(exc), title="Transcript not exported", severity="warning", timeout=8)
            return
        folder = transcript_folder(self.game.store.folder)
        for name, text in files:
            self.app.deliver_text(io.StringIO(text), save_directory=folder, save_filename=name)
        where = "your browser's downloads" if self.game.options.web else folder
        names = " and ".join(name for name, _ in files)
        self.notify(f"Saved {names} to {where}. Hand in the .json; the .html is for reading and printing.",
                    title="Transcript", timeout=10)

    def action_title(self) -> None:
        if isinstance(self.focused, TextArea):  # Esc in an answer box leaves the box, not the game
            self.query_one("#debrief").focus()
            return
        self.game.to_title()
