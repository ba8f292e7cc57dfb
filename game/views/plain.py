"""Plain mode: a line-based player for screen readers, dumb terminals and scripts.

Same Session and saves as the Textual app. Reads a choice number or a command
per line; end of input quits cleanly (the game is autosaved), so a script can
pipe a whole playthrough into it.
"""

from __future__ import annotations

import sys
import time
import unicodedata
from typing import TextIO

from game.play.options import PlayOptions
from game.play.savefile import fit_answer
from game.play.session import DebriefView, Session
from game.play.slots import AUTOSAVE, NUMBERED_SLOTS
from game.story.errors import PlayError
from game.story.model import TAG_LABELS, Citation, Story
from game.story.text import read_as
from game.views.long_answers import cut_notice, keep_whole_answer, whole_answer_path
from game.views.markup import story_markdown
from game.views.plain_console import console_streams
from game.views.plaintext import indented, plain_markdown
from game.views.store import GameStore, StoreError

HELP = """Commands:
  NUMBER          take that choice
  undo            take back the last choice
  journal         your path so far
  status          the story's visible values
  glossary TERM   explain a word or person (glossary alone lists them)
  save NAME       save to a slot (1-9, or a name)
  load NAME       load a slot (1-9, a name, or 'autosave'); 'continue' loads the autosave
  saves           list the save slots
  timeline        what really happened, day by day
  sources         the sources the story is built on
  endings         the endings you have found
  transcript      write your transcript to hand in: .html to read, .json to check (it says where)
  transcript FILE write it to FILE (.html to read and print, .json for checking, .md)
  new             start again
  help            this list
  quit            leave (the game is autosaved)"""




def help_text(story: Story) -> str:
    """HELP without the reference commands this story has nothing for (a story without sources has no 'sources')."""
    return "\n".join(line for line in HELP.splitlines() if story.offers(line.split(" ", 3)[2] if line.startswith("  ") else ""))


QUIT_WORDS = ("quit", "q", "exit")
ANSWER_HELP = """You are answering a question about your ending: type your answer on one line and press Enter.
Enter alone skips the question; 'look' at the end brings the questions back.
  help    this note
  quit    leave the game (your answers so far are saved; 'continue' brings you back here)
To answer with the word help or quit itself, type it in quotes: "quit"."""
NAME_HELP = """Your name goes on your transcript, so your teacher knows whose it is; Enter alone leaves it out.
  help    this note
  quit    leave the game
To give the name Help or Quit itself, type it in quotes: "Quit"."""
NAME_LENGTH = 40  # as the Textual app's name field
NUMBER_DIGITS = 9  # no menu has a billion entries; int() refuses numbers of over 4,300 digits
ECHO_LENGTH = 40  # how much of a line the game did not understand it repeats


class _Leaving(Exception):
    """The player typed 'quit' (or input ended) at a question inside a command: leave from ``run``."""


def clean_name(typed: str) -> str:
    """A typed name as the transcript will show it: control characters dropped, at most NAME_LENGTH characters."""
    kept = "".join(ch for ch in typed if unicodedata.category(ch) != "Cc")
    return " ".join(kept.split())[:NAME_LENGTH]


def typed_number(word: str) -> int | None:
    """The choice or perspective number a player typed, or None when ``word`` is not one.

    ASCII digits only: ``str.isdigit`` is also true of '²' (a key of French
    keyboards) and '①', which ``int`` refuses. More than NUMBER_DIGITS digits
    is no number of any menu, so it is not read as one.
    """
    if word.isascii() and word.isdigit() and len(word) <= NUMBER_DIGITS:
        return int(word)
    return None


def shortened(line: str) -> str:
    """A line as the game repeats it back: at most ECHO_LENGTH characters."""
    return line if len(line) <= ECHO_LENGTH else line[: ECHO_LENGTH - 1] + "…"


class PlainPlayer:
    """One plain-mode run; ``run()`` returns the exit code."""

    def __init__(self, story: Story, options: PlayOptions, stdin: TextIO, stdout: TextIO,
                 session: Session | None = None):
        self.story = story
        self.options = options
        self.stdin = stdin
        self.stdout = stdout
        self.undo = options.undo and story.undo
        self.store = GameStore(story, options.saves_dir or "saves", self.undo)
        self.session = session
        self.played_before = 0.0
        self.started = time.monotonic()
        self.echo = not _isatty(stdin)
        self.asked_name: str | None = None  # the name typed at the first new game of this run
        from game.tools.assignment import assignment_for  # a teacher's rules (perspective, undo, answers)

        self.assignment = assignment_for(options)

    # --- output ----------------------------------------------------------------

    def say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")

    def read(self, prompt: str) -> str | None:
        """One line of input, or None at end of input."""
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            self.say()
            return None
        if self.echo:  # piped input: show it, so the output reads as a transcript
            self.say(line.rstrip("\n"))
        return line.strip()

    # --- the game ------------------------------------------------------------------

    def run(self) -> int:
        self.say(f"{self.story.title}" + (f": {self.story.subtitle}" if self.story.subtitle else ""))
        self.say("Type a choice's number, or 'help' for commands.")
        if self.assignment is not None:
            self.say(plain_markdown(self.assignment.briefing()))
        try:
            if self.session is None:
                latest = self.store.latest()
                if latest is not None:
                    self.say(f"(Type 'continue' to resume your last game at “{latest.scene_title}”.)")
                if not self.new_game():
                    return 0
            self.show()
            while True:
                line = self.read("> ")
                if line is None or line.lower() in QUIT_WORDS:
                    return self.leave()
                if line:
                    self.command(line)
        except _Leaving:
            return self.leave()

    def leave(self) -> int:
        """Autosave and say goodbye: 0 when the game is saved, else 1 and where the last good save is."""
        if self.session is None:
            return 0
        try:
            self.store.autosave(self.session, self.played())
        except StoreError as exc:
            from game.play.saves import SaveStore

            self.say("Goodbye.")
            for line in SaveStore(self.store.folder, self.story).not_saved_notice(str(exc)):
                self.say(line)
            return 1
        from game.play.printable import printable

        self.say(f"Goodbye. The game is saved in {printable(str(self.store.folder))}; 'continue' resumes it.")
        return 0

    def new_game(self) -> bool:
        """Start a game: the perspective when the story has several, then the player's name; True when one is ready.

        The perspective prompt is the first prompt of a run, so it takes what
        the intro line offers too: 'continue' and 'load NAME' (which end the
        question with the loaded game), 'help', 'saves' and the other commands
        that need no game. 'quit' or end of input leaves (``_Leaving``).
        """
        perspective = self.options.perspective or None
        perspectives = self.story.perspectives
        if perspectives and perspective is None:
            self.list_perspectives()
            while perspective is None:
                line = self.read("Perspective number: ")
                if line is None or line.lower() in QUIT_WORDS:
                    raise _Leaving
                number = typed_number(line)
                if number is not None:
                    if 1 <= number <= len(perspectives):
                        perspective = perspectives[number - 1].id
                    else:
                        self.say(f"Type a number from 1 to {len(perspectives)}.")
                elif self.first_prompt_command(line):
                    return True
        player = self.options.player or self.ask_name()
        try:
            self.session = Session(self.story, perspective=perspective, seed=self.options.seed,
                                   player=player, undo=self.undo)
        except PlayError as exc:
            self.say(f"Cannot start: {exc}")
            return False
        self.played_before, self.started = 0.0, time.monotonic()
        if self.story.primer:
            self.say()
            self.say(plain_markdown(story_markdown(self.story.primer, links="plain")))
        return True

    def list_perspectives(self) -> None:
        self.say("Whose story do you follow?")
        for n, p in enumerate(self.story.perspectives, 1):
            self.say(f"  {n}. {p.title}" + (f" — {p.description}" if p.description else ""))

    def first_prompt_command(self, line: str) -> bool:
        """A command typed at the perspective prompt; True when it loaded a game."""
        word, _, rest = line.partition(" ")
        word = word.lower()
        if word in ("load", "continue"):
            try:
                return self.load(self.slot_to_load(word, rest.strip()))
            except PlayError as exc:
                self.say(f"Cannot do that: {exc}")
                return False
        if word == "new":
            self.list_perspectives()
        elif line:
            self.command(line)
            self.say(f"(Whose story do you follow? Type a number from 1 to {len(self.story.perspectives)},"
                     " or 'continue' or 'load NAME'.)")
        return False

    def ask_name(self) -> str:
        """The student's name for their transcript, asked once per run at a terminal; Enter skips.

        Piped input (a script) is not asked: its next line is a choice, not a
        name, and a script gives ``--name``.
        """
        if self.echo or self.asked_name is not None:
            return self.asked_name or ""
        line = self.read_own_words("Your name, for your transcript (Enter to skip): ", NAME_HELP)
        if line is None:
            raise _Leaving
        self.asked_name = clean_name(line)
        return self.asked_name

    @property
    def game(self) -> Session:
        if self.session is None:
            raise PlayError("no game yet: type a perspective number, or 'continue' or 'load NAME'")
        return self.session

    def played(self) -> float:
        return self.played_before + time.monotonic() - self.started

    def autosave(self) -> None:
        if self.session is not None:
            try:
                self.store.autosave(self.session, self.played())
            except StoreError as exc:
                self.say(f"Autosave failed: {exc}")

    def show(self) -> None:
        view = self.game.current(links="plain")
        self.say()
        self.say(f"== {view.title} ==")
        meta = " · ".join(p for p in (view.place, view.date_text) if p)
        if meta:
            self.say(meta)
        self.say()
        self.say(plain_markdown(view.text))
        if view.status:
            self.say()
            self.say("Status: " + "; ".join(f"{s.label}: {s.value}" for s in view.status))
        if view.is_ending:
            self.ending()
            return
        self.say()
        for c in view.choices:
            if c.available:
                self.say(f"  {c.number}. {c.text}")
            else:
                self.say(f"  {c.number}. [unavailable] {c.text} — {c.reason or 'not possible now'}")

    def command(self, line: str) -> None:
        word, _, rest = line.partition(" ")
        word, rest = word.lower(), rest.strip()
        number = typed_number(word)
        try:
            if number is not None and self.game.finished:
                self.say(f"This is an ending: there are no more choices. {self.ending_hint()}")
            elif number is not None:
                self.game.choose_number(number)
                self.autosave()
                self.show()
            elif word == "undo":
                self.game.undo()
                self.autosave()
                self.show()
            elif not self.story.offers(word) and word in ("glossary", "timeline", "sources"):
                self.say(f"This story has no {word}.")
            elif word in ("journal", "status", "timeline", "sources", "endings", "saves", "help", "look"):
                getattr(self, f"cmd_{word}")()
            elif word == "glossary":
                self.cmd_glossary(rest)
            elif word == "save":
                self.cmd_save(rest)
            elif word == "transcript":
                self.cmd_transcript(rest)
            elif word in ("load", "continue"):
                if self.load(self.slot_to_load(word, rest)):
                    self.show()
            elif word == "new":
                if self.new_game():
                    self.show()
            else:
                self.say(f"I don't know '{shortened(line)}'. Type a choice's number, or 'help'.")
        except (PlayError, StoreError) as exc:
            self.say(f"Cannot do that: {exc}")

    def load(self, slot: str) -> bool:
        try:
            self.session, self.played_before = self.store.load(slot)
        except StoreError as exc:
            self.say(f"Cannot load: {exc}")
            return False
        self.started = time.monotonic()
        self.say(f"Loaded {'the autosave' if slot == AUTOSAVE else 'slot ' + slot}.")
        for notice in self.store.notices:
            self.say(notice)
        return True

    # --- commands --------------------------------------------------------------------

    def slot_to_load(self, word: str, name: str) -> str:
        """The slot that 'continue' (the autosave) or 'load NAME' means."""
        return AUTOSAVE if word == "continue" else self.find_slot(name, for_save=False)

    def find_slot(self, name: str, for_save: bool) -> str:
        """A slot from '1'-'9', 'autosave', or a save's name (a new name takes the first empty slot)."""
        if not name:
            raise PlayError("say which slot: a number 1-9 or a name")
        if name in NUMBERED_SLOTS or name.lower() == AUTOSAVE:
            return name.lower()
        slots = self.store.slots()
        for info in slots:
            if info.exists and info.name.lower() == name.lower():
                return info.slot
        if for_save:
            for info in slots:
                if not info.exists and info.slot in NUMBERED_SLOTS:
                    return info.slot
            raise PlayError("all nine slots are full; save over one by number (save 1 ... save 9)")
        raise PlayError(f"no save called '{name}' (type 'saves' to list them)")

    def cmd_save(self, name: str) -> None:
        slot = self.find_slot(name, for_save=True)
        label = "" if name in NUMBERED_SLOTS else name
        self.store.save(slot, self.game, self.played(), label)
        self.say(f"Saved to slot {slot}" + (f" as '{label}'." if label else "."))

    def cmd_saves(self) -> None:
        for info in self.store.slots():
            if not info.exists:
                self.say(f"  {info.slot}. (empty)")
            elif info.note:
                self.say(f"  {info.slot}. cannot be loaded: {info.note}")
            else:
                self.say(f"  {info.slot}. {info.name or info.scene_title} — {info.scene_title}, {info.date_text};"
                         f" saved {info.saved_text}, played {info.played_text}")

    def cmd_transcript(self, path: str) -> None:
        """Write the transcript (game.tools.export applies the assignment's rules)."""
        from game.tools.export import ExportRefused, export_transcript, transcript_folder, write_transcript_files

        try:
            if path:
                self.say(export_transcript(self.game, self.played(), path, assignment=self.assignment))
            else:  # as the app does: both files, in the downloads folder (else the saves folder)
                folder = transcript_folder(self.store.folder)
                self.say(write_transcript_files(self.game, self.played(), folder, self.assignment))
        except ExportRefused as exc:
            self.say(f"Cannot write the transcript: {exc}")
            if self.game.finished:
                self.say("(Type 'look' to see the questions again and answer them.)")

    def cmd_look(self) -> None:
        self.show()

    def cmd_help(self) -> None:
        self.say(help_text(self.story) + ("" if self.undo else "\n(Undo is turned off for this game.)"))

    def cmd_journal(self) -> None:
        entries = self.game.journal()
        if not entries:
            self.say("Your journal is empty: no choices made yet.")
        for n, entry in enumerate(entries, 1):
            date = f" ({entry.date.both()})" if entry.date else ""
            self.say(f"  {n}. {entry.title}{date}: you chose “{entry.choice_text}”")

    def cmd_status(self) -> None:
        items = self.game.status()
        self.say("; ".join(f"{s.label}: {s.value}" for s in items) or "This story shows no status.")

    def cmd_glossary(self, name: str) -> None:
        if not name:
            self.say("Glossary: " + ", ".join(sorted(t.name for t in self.story.glossary.values())))
            return
        term = self.story.term(name)
        if term is None:
            self.say(f"'{name}' is not in the glossary; type 'glossary' for the list.")
            return
        self.say(f"{term.name}: {term.text}".rstrip(": "))
        for label, value in (("Role", term.role), ("Later", term.later)):
            if value:
                self.say(f"  {label}: {value}")

    def cmd_timeline(self) -> None:
        for event in self.story.timeline:
            self.say(f"  {event.date.both()}: {event.event} [{TAG_LABELS.get(event.tag, event.tag)}]")

    def cmd_sources(self) -> None:
        for source in self.story.sources.values():
            self.say(f"  {source.title}" + (f", {source.author}" if source.author else "")
                     + (f" ({source.year})" if source.year else ""))
            if source.reliability:
                self.say(f"    How far to trust it: {source.reliability}")

    def cmd_endings(self) -> None:
        found = self.store.endings_found()
        self.say(f"You have found {len(found & set(self.story.endings))} of {len(self.story.endings)} endings.")
        for ending in self.story.endings.values():
            kind = f" ({ending.kind})" if self.story.has_history else ""
            self.say(f"  {read_as(ending.title_shown, ending.title, self.story.variables)}{kind}" if ending.id in found else f"  locked{kind}")

    # --- the ending ---------------------------------------------------------------------

    def ending(self) -> None:
        session = self.game
        debrief = session.debrief()
        ending = session.ending
        if ending is not None:
            try:
                self.store.record_ending(ending.id)
            except StoreError as exc:
                self.say(f"Could not record the ending: {exc}")
        if debrief is not None and (self.story.has_history or debrief.what_happened or debrief.disagree or debrief.epilogue):
            self.say()
            self.say(debrief_text(debrief, self.story))
        if debrief is not None:
            for i, (question, answer) in enumerate(session.answers()):
                self.say()
                self.say(f"Question {i + 1}: {question}")
                if answer:
                    self.say(f"Your answer so far: {answer}")
                line = self.read_own_words("Your answer (Enter to skip): ", ANSWER_HELP)
                if line is None:
                    break
                if line:
                    session.answer(i, self.kept_answer(i, line))
        self.autosave()
        self.say()
        self.say(f"The end. {self.ending_hint()}")

    def read_own_words(self, prompt: str, guide: str) -> str | None:
        """A line of the student's own words (an answer, their name), or None at end of input.

        A line that is exactly a command word is that command, as at every other
        prompt of plain mode: 'quit' (or 'q', 'exit') leaves, with the game so
        far saved; 'help' shows ``guide`` and asks again. The word itself is
        typed in quotes ("quit"). Any other line is taken as typed.
        """
        while True:
            line = self.read(prompt)
            if line is None:
                return None
            word = line.lower()
            if word in QUIT_WORDS:
                raise _Leaving
            if word == "help":
                self.say(guide)
                continue
            if len(line) > 2 and line[0] == line[-1] and line[0] in "\"'" and line[1:-1].lower() in ("help", *QUIT_WORDS):
                return line[1:-1]
            return line

    def kept_answer(self, question: int, text: str) -> str:
        """The answer as the save keeps it; one too long for a save is kept whole in a text file, and the
        student told both (``game.views.long_answers``)."""
        kept = fit_answer(text)
        if kept != text:
            path = whole_answer_path(self.game, question, self.store.folder)
            self.say(f"{cut_notice(text, kept)} {keep_whole_answer(path, text)}")
        return kept

    def ending_hint(self) -> str:
        """What can be done at an ending ('undo' only where undo is on)."""
        others = ["'undo'"] * self.undo + ["'journal'", "'endings'"]
        return f"Type 'transcript' to write your transcript, 'new' to play again, {', '.join(others)} or 'quit'."


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _cites(cites: tuple[Citation, ...], story: Story) -> list[str]:
    out = []
    for cite in cites:
        source = story.sources.get(cite.source)
        out.append(f"      Source: {source.title if source else cite.source}: “{cite.quote}”")
    return out


def _words(markdown: str) -> str:
    """A debrief item's Markdown as words, its later lines indented under the item."""
    return indented(plain_markdown(markdown), "    ")


def _path_lines(debrief: DebriefView, story: Story) -> list[str]:
    """The player's key decisions beside what happened there (history stories only)."""
    lines: list[str] = []
    for point in debrief.path:
        mark = {True: "as it happened", False: "not as it happened", None: "no historical option"}[point.historical]
        lines.append(f"  - {point.title}: you chose “{point.choice_text}” ({mark})")
        if point.history:
            lines.append(f"    What happened: [{TAG_LABELS.get(point.history.tag, point.history.tag)}] "
                         f"{_words(point.history.text)}")
            lines += _cites(point.history.cite, story)
    if all(point.historical is None for point in debrief.path):
        lines.append("  The story marks no historical option at these decisions: compare them with what happened.")
    elif debrief.left_history_at is None:
        lines.append("  Your key decisions followed history all the way.")
    else:
        lines.append(f"  You left history at “{debrief.path[debrief.left_history_at].title}”.")
    return lines


def debrief_text(debrief: DebriefView, story: Story) -> str:
    """The debrief in words only (no drawing), for screen readers."""
    if not story.has_history:  # a fiction story's endings are just endings
        lines = [f"== {debrief.title} =="]
    else:
        kind = "historical ending" if debrief.kind == "historical" else "counterfactual ending: this is not what happened"
        lines = [f"== {debrief.title} ({kind}) =="]
    if debrief.what_happened:
        lines += ["", "What really happened:"]
        for s in debrief.what_happened:
            lines.append(f"  - [{TAG_LABELS.get(s.tag, s.tag)}] {_words(s.text)}")
            lines += _cites(s.cite, story)
    if story.has_history:
        lines += ["", "Your choices and history:", *_path_lines(debrief, story)]
    if debrief.disagree:
        lines += ["", "Sources disagree:"]
        for note in debrief.disagree:
            lines.append(f"  - {note.title}: {_words(note.text)}")
            lines += _cites(note.cite, story)
    if debrief.historians:
        lines += ["", "Historians disagree:"]
        for note in debrief.historians:
            lines.append(f"  - {note.title} [{TAG_LABELS.get(note.tag, note.tag)}]: {_words(note.text)}")
            lines += _cites(note.cite, story)
    if debrief.epilogue:
        lines += ["", "Epilogue:"]
        for s in debrief.epilogue:
            lines.append(f"  - [{TAG_LABELS.get(s.tag, s.tag)}] {_words(s.text)}")
            lines += _cites(s.cite, story)
    return "\n".join(lines)


def run_plain(story: Story, options: PlayOptions, session: Session | None = None,
              stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Run plain mode on the console (or the given streams)."""
    stdin, stdout = console_streams(sys.stdin if stdin is None else stdin, sys.stdout if stdout is None else stdout)
    player = PlainPlayer(story, options, stdin, stdout, session)
    try:
        return player.run()
    except KeyboardInterrupt:
        player.say()
        return player.leave()
