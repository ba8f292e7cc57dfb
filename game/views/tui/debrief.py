"""The ending and its debrief: what really happened, your path beside history, sources, questions.

The debrief is long, so it is split into parts (``debrief_parts.py``) with a
contents line at the top and a number key per part; exporting with questions
left unanswered asks first.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Static, TextArea

from game.play.savefile import fit_answer
from game.story.errors import PlayError
from game.views.long_answers import cut_notice, keep_whole_answer, whole_answer_path
from game.views.tui.debrief_parts import MAX_PARTS, Part, contents_markup, debrief_parts, ending_heading, path_markdown
from game.views.tui.keyhints import KeyHints
from game.views.tui.pathline import path_timeline
from game.views.tui.scenetext import SceneText

if TYPE_CHECKING:
    from game.views.tui.app import PetrogradApp

class Contents(Static):
    """The debrief's contents line, re-broken between entries whenever its width changes."""

    def __init__(self, parts: list[Part], id: str):  # noqa: A002 (Textual's name for it)
        super().__init__(contents_markup(parts), id=id)
        self.parts = parts

    def on_resize(self) -> None:
        self.update(contents_markup(self.parts, self.content_size.width))


class DebriefScreen(Screen[None]):
    """Pushed over the scene screen when the session reaches an ending."""

    BINDINGS = [
        Binding("1", "part(1)", "Parts", key_display=f"1-{MAX_PARTS}"),
        *[Binding(str(n), f"part({n})", f"Part {n}", show=False) for n in range(2, MAX_PARTS + 1)],
        Binding("u,ctrl+z", "undo", "Undo"),
        Binding("j", "journal", "Journal"),
        Binding("s", "save", "Save", show=False),  # on the button bar; the key line has room for eight keys
        Binding("e", "endings", "Endings", show=False),
        Binding("t", "transcript", "Transcript"),
        Binding("escape", "title", "Title"),
    ]

    _autosave_timer: Timer | None = None
    parts: list[Part] = []

    def __init__(self) -> None:
        super().__init__()
        self._too_long: dict[int, str] = {}  # question -> the whole answer, waiting to be written
        self._whole_paths: dict[int, Path] = {}

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
                self.parts = debrief_parts(session, debrief)
                yield SceneText(ending_heading(debrief, session.story.has_history), id="debrief-ending")
                if self.parts:
                    yield Contents(self.parts, id="debrief-contents")
                yield SceneText(session.current().text.strip(), id="debrief-ending-text")
                for part in self.parts:
                    with Vertical(id=f"part-{part.key}", classes="debrief-part"):
                        yield SceneText(part.markdown)
                        if part.key == "choices":
                            yield Static(path_timeline(debrief.path, debrief.left_history_at), id="path-timeline")
                            yield SceneText(path_markdown(session, debrief), id="path-points")
                        elif part.key == "questions":
                            yield from self._questions()
            with Horizontal(id="debrief-buttons"):
                yield Button("Title screen", id="to-title", variant="primary")
                yield Button("Journal", id="journal")
                yield Button("Save", id="save")
                yield Button("Endings found", id="endings")
                yield Button("Transcript", id="export-transcript")
        yield KeyHints()

    def _questions(self) -> ComposeResult:
        session = self.game.session
        if session is None:
            return
        from game.tools.assignment import note_for  # the teacher's rules, said before export refuses

        if note := note_for(self.game.options):
            yield Static(note, id="assignment-note")
        for i, (question, answer) in enumerate(session.answers()):
            yield Static(f"{i + 1}. {question}", classes="question")
            yield TextArea(answer, id=f"answer-{i}", classes="answer", soft_wrap=True)

    def on_mount(self) -> None:
        self.query_one("#debrief").focus()

    def action_part(self, number: int) -> None:
        """Scroll part ``number`` (1 = the first this debrief has) to the top."""
        if not 1 <= number <= len(self.parts):
            return
        part = self.query_one(f"#part-{self.parts[number - 1].key}")
        self.query_one("#debrief", VerticalScroll).scroll_to_widget(part, top=True, animate=False)

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
        index, text = int(area_id.removeprefix("answer-")), event.text_area.text
        kept = fit_answer(text)  # a save keeps so much of an answer; the whole is written to a file
        try:
            session.answer(index, kept)
        except PlayError as exc:
            self.notify(str(exc), severity="warning")
            return
        if kept != text:
            self._too_long[index] = text
            if index not in self._whole_paths:  # one file per question while the debrief is open
                self._whole_paths[index] = whole_answer_path(session, index, self.game.store.folder)
        else:
            self._too_long.pop(index, None)
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
        self._autosave_timer = self.set_timer(1.0, self._keep_answers)

    def _keep_answers(self) -> None:
        """Once typing pauses: the autosave, and the whole of each answer too long for it in a file (a thread)."""
        self.game.autosave()
        for index, text in list(self._too_long.items()):
            del self._too_long[index]
            job = partial(self._write_whole_answer, self._whole_paths[index], text)
            self.run_worker(job, thread=True, group="answers", exit_on_error=False)

    def _write_whole_answer(self, path: Path, text: str) -> None:
        told = f"{cut_notice(text, fit_answer(text))} {keep_whole_answer(path, text, 'from its box')}"
        self.app.call_from_thread(self.notify, told, title="A long answer", timeout=20)

    def on_unmount(self) -> None:
        """A long answer still waiting when the debrief goes (the student quit at once) is written now,
        and what became of it said where the terminal shows it after the game (``farewell``)."""
        for index, text in self._too_long.items():
            told = f"{cut_notice(text, fit_answer(text))} {keep_whole_answer(self._whole_paths[index], text, 'from its box')}"
            self.game.farewell.append(told)
        self._too_long.clear()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"to-title": self.action_title, "journal": self.action_journal, "save": self.action_save,
                   "endings": self.action_endings, "export-transcript": self.action_transcript}
        action = actions.get(event.button.id or "")
        if action is not None:
            event.stop()
            action()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """As Screen's, with the parts key shown as the range this debrief has ("1-5" without a path)."""
        bindings = super().active_bindings
        first = bindings.get("1")
        if first is not None and first.binding.action == "part(1)":
            shown = "1" if len(self.parts) == 1 else f"1-{len(self.parts)}"
            bindings["1"] = first._replace(binding=replace(first.binding, key_display=shown))
        return bindings

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "part":
            number = parameters[0] if parameters else 0
            return isinstance(number, int) and number <= len(self.parts)
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

    def _after_confirm(self, export: bool, first_empty: int) -> None:
        if export:
            self.action_transcript(confirmed=True)
            return
        area = self.query_one(f"#answer-{first_empty}", TextArea)
        area.scroll_visible(animate=False)
        area.focus()

    def action_transcript(self, confirmed: bool = False) -> None:
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
        empty = [i for i, (_question, answer) in enumerate(session.answers()) if not answer.strip()]
        if empty and not confirmed:
            from game.views.tui.confirm import ConfirmDialog

            total = len(session.answers())
            if len(empty) == total:
                which = "You have not answered the question yet." if total == 1 else (
                    f"You have not answered any of the {total} questions yet.")
            else:
                which = f"{len(empty)} of {total} questions {'has' if len(empty) == 1 else 'have'} no answer yet."
            dialog = ConfirmDialog("Export the transcript?", f"{which} Your teacher may want your answers.",
                                   yes="Export anyway", no="Answer them first")
            self.app.push_screen(dialog, lambda export: self._after_confirm(bool(export), empty[0]))
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
