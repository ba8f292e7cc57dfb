"""``WebGame``: one browser tab's game, driven by the page's clicks and keys, answering with HTML.

The page's script calls ``act(action, arg, data)`` for every control it is
given (``data-action`` on a button or form) and gets back a JSON object:
``main`` (the screen's HTML), ``nav`` (the game's menu), ``title`` (the
document's), ``announce`` (a sentence for the ARIA live region), ``focus``
(move the focus to the screen's heading) and ``download`` (files to hand the
student). Everything the game decides -- which choices exist, what undo does,
whether a transcript may be exported, how a save is read -- is decided here by
the same Session, GameStore and transcript code the terminal uses.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from game.play.savefile import MAX_ANSWER_CHARS
from game.play.session import Session
from game.play.slots import AUTOSAVE, NUMBERED_SLOTS
from game.story.errors import PlayError
from game.story.model import Story
from game.story.text import read_as
from game.views.browser import pages
from game.views.browser.markdown import to_html
from game.views.browser.storage import LocalSaves, StorageFull
from game.views.markup import story_markdown
from game.views.store import GameStore, StoreError, with_undo_history

SAVES_FOLDER = "/tmp/petrograd-saves"
_NAV = (("Journal", "journal", "j"), ("Glossary", "glossary", "g"), ("People", "people", "p"),
        ("Timeline", "timeline", "l"), ("Sources", "sources", "r"), ("Saves", "saves", "s"), ("Help", "help", "?"))


def offered(story: Story, action: str) -> bool:
    """Whether the page ``action`` opens is offered: a story shows only the reference pages it has
    (``Story.offers``; this player lists the glossary's people apart from its terms)."""
    return story.offers("terms" if action == "glossary" else action)


class WebGame:
    """The game in one tab: the story, the session, the saves mirrored in localStorage."""

    def __init__(self, story: Story, storage: Any = None, assignment: dict[str, Any] | None = None,
                 folder: str = SAVES_FOLDER):
        from game.tools.assignment import Assignment

        self.story = story
        self.assignment = Assignment(**assignment) if assignment else None
        self.undo = story.undo and not (self.assignment is not None and self.assignment.undo is False)
        self.local = LocalSaves(storage, story.id, folder)
        self.local.restore()
        self.store = GameStore(story, folder, self.undo)
        self.session: Session | None = None
        self.screen = "title"
        self.term = ""
        self.played_before = 0.0
        self.started = time.monotonic()
        self.notices: list[str] = []

    # --- the page's one entry ------------------------------------------------------

    def act(self, action: str, arg: str = "", data: str = "") -> str:
        """Do what a control asks; the JSON answer the module's note describes."""
        try:
            values = json.loads(data) if data else {}
        except ValueError:
            values = {}
        if not isinstance(values, dict):
            values = {}
        handler = getattr(self, "do_" + action.replace("-", "_"), None)
        if handler is None:
            return self._answer(announce=f"Nothing to do for '{action}'.", show=False)
        try:
            result: str = handler(str(arg), {str(k): str(v) for k, v in values.items()})
        except (PlayError, StoreError, StorageFull) as exc:
            return self._answer(announce=f"Cannot do that: {exc}", show=False)
        return result

    def page(self) -> str:
        """The screen as it is now (the first call after loading)."""
        return self._answer()

    # --- actions ------------------------------------------------------------------------

    def do_title(self, arg: str, data: dict[str, str]) -> str:
        self.screen = "title"
        return self._answer()

    def do_new(self, arg: str, data: dict[str, str]) -> str:
        self.screen = "new"
        return self._answer()

    def do_begin(self, arg: str, data: dict[str, str]) -> str:
        """Start a game with the name and perspective of the new-game form."""
        perspective = (self.assignment.perspective if self.assignment else "") or data.get("perspective") or None
        player = " ".join(data.get("name", "").split())[:80]
        self.session = Session(self.story, perspective=perspective, player=player, undo=self.undo)
        self.played_before, self.started = 0.0, time.monotonic()
        self.notices = []
        self.screen = "game"
        return self._after_change("A new game begins.")

    def do_continue(self, arg: str, data: dict[str, str]) -> str:
        latest = self.store.latest()
        if latest is None:
            return self._answer(announce="There is no saved game in this browser yet.", show=False)
        return self._load(latest.slot)

    def do_load(self, arg: str, data: dict[str, str]) -> str:
        return self._load(arg)

    def do_choose(self, arg: str, data: dict[str, str]) -> str:
        session = self._game()
        shown = {c.id: c for c in session.choices()}
        view = shown.get(arg)
        if view is not None and not view.available:
            return self._answer(announce=f"“{view.text}” is not available: {view.reason or 'not possible now'}",
                                show=False)
        session.choose(arg)
        self.notices = []
        self.screen = "game"
        return self._after_change()

    def do_undo(self, arg: str, data: dict[str, str]) -> str:
        session = self._game()
        session.undo()
        self.screen = "game"
        return self._after_change("The last choice was taken back.")

    def do_back(self, arg: str, data: dict[str, str]) -> str:
        self.screen = "game" if self.session is not None else "title"
        return self._answer()

    def do_answers(self, arg: str, data: dict[str, str]) -> str:
        """Keep the reflection answers of the form (``arg`` "quiet": while typing, no new screen)."""
        session = self._game()
        for index, (_question, old) in enumerate(session.answers()):
            text = data.get(str(index))
            if text is not None and text != old:
                session.answer(index, text[:MAX_ANSWER_CHARS])
        self._autosave()
        if arg == "quiet":
            return self._answer(show=False)
        return self._answer(announce="Your answers are kept.", show=False)

    def do_transcript(self, arg: str, data: dict[str, str]) -> str:
        """The transcript as the terminal writes it (``export``), refused when the assignment says so."""
        from game.tools.export import ExportRefused, transcript_files

        try:
            files = transcript_files(self._game(), self.played(), self.assignment)
        except ExportRefused as exc:
            return self._answer(announce=str(exc), show=False)
        wanted = [(name, text) for name, text in files if name.endswith("." + (arg or "html"))]
        kind = {"html": "text/html", "json": "application/json"}
        downloads = [{"name": n, "type": kind.get(n.rsplit(".", 1)[-1], "text/plain"), "text": t} for n, t in wanted]
        return self._answer(announce=f"Transcript downloaded: {wanted[0][0]}." if wanted else "", show=False,
                            download=downloads)

    def do_save(self, arg: str, data: dict[str, str]) -> str:
        slot = data.get("slot") or arg
        if slot not in NUMBERED_SLOTS:
            return self._answer(announce="Choose a slot from 1 to 9.", show=False)
        name = " ".join(data.get("name", "").split())[:60]
        self.store.save(slot, self._game(), self.played(), name)
        self.local.sync()
        return self._answer(announce=f"Saved in slot {slot}" + (f" as “{name}”." if name else "."))

    def do_export_save(self, arg: str, data: dict[str, str]) -> str:
        """The current game as a save file, to import in another browser (or the terminal game's saves folder)."""
        from game.play.savefile import encode

        session = self._game()
        text = encode(session, AUTOSAVE, self.played()).decode("utf-8")
        name = f"{self.story.id}-save-{time.strftime('%Y-%m-%d')}.json"
        return self._answer(announce=f"Save exported: {name}.", show=False,
                            download=[{"name": name, "type": "application/json", "text": text}])

    def do_import_save(self, arg: str, data: dict[str, str]) -> str:
        """A save file the student picked: read and fitted to the story exactly as the terminal reads one."""
        from game.play.savefile import MAX_SAVE_BYTES, SaveError
        from game.play.saves import SaveStore

        text = data.get("text", "")
        shown = data.get("file", "the file")[:80] or "the file"
        if len(text.encode("utf-8")) > MAX_SAVE_BYTES:
            return self._answer(announce=f"Cannot import {shown}: larger than any save could be.", show=False)
        path = Path(self.store.folder) / "import.json.tmp"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        try:
            loaded = SaveStore(self.store.folder, self.story, undo=self.undo).load_file(path, slot=AUTOSAVE)
        except SaveError as exc:
            return self._answer(announce=f"Cannot import {shown}: {exc.reason}", show=False)
        finally:
            path.unlink(missing_ok=True)
        self.session = with_undo_history(loaded.session)
        self.played_before, self.started = loaded.played_seconds, time.monotonic()
        self.notices = ["The save was imported.", *loaded.notices]
        self.screen = "game"
        return self._after_change()

    def do_term(self, arg: str, data: dict[str, str]) -> str:
        self.term = arg
        term = self.story.term(arg) or self.story.glossary.get(arg)
        self.screen = "people" if term is not None and term.kind == "person" else "glossary"
        return self._answer()

    def _panel(self, name: str) -> str:
        self.screen = name
        self.term = ""
        return self._answer()

    def do_journal(self, arg: str, data: dict[str, str]) -> str:
        return self._panel("journal")

    def do_glossary(self, arg: str, data: dict[str, str]) -> str:
        return self._panel("glossary")

    def do_people(self, arg: str, data: dict[str, str]) -> str:
        return self._panel("people")

    def do_timeline(self, arg: str, data: dict[str, str]) -> str:
        return self._panel("timeline")

    def do_sources(self, arg: str, data: dict[str, str]) -> str:
        return self._panel("sources")

    def do_saves(self, arg: str, data: dict[str, str]) -> str:
        return self._panel("saves")

    def do_help(self, arg: str, data: dict[str, str]) -> str:
        return self._panel("help")

    def do_endings(self, arg: str, data: dict[str, str]) -> str:
        return self._panel("endings")

    # --- helpers -------------------------------------------------------------------------

    def _game(self) -> Session:
        if self.session is None:
            raise PlayError("no game in progress; start one on the first page")
        return self.session

    def played(self) -> float:
        return self.played_before + time.monotonic() - self.started

    def _load(self, slot: str) -> str:
        self.session, self.played_before = self.store.load(slot)
        self.started = time.monotonic()
        self.notices = list(self.store.notices)
        self.screen = "game"
        where = "the autosave" if slot == AUTOSAVE else f"slot {slot}"
        return self._answer(announce=f"Loaded {where}.")

    def _autosave(self) -> None:
        if self.session is not None:
            self.store.autosave(self.session, self.played())
            self.local.sync()

    def _after_change(self, announce: str = "") -> str:
        """After a choice, an undo or a new game: autosave, remember an ending, show the scene."""
        session = self._game()
        problems: list[str] = []
        ending = session.ending
        try:
            if ending is not None:
                self.store.record_ending(ending.id)
            self._autosave()
        except (StoreError, StorageFull) as exc:
            problems.append(f"Not saved: {exc}")
        self.notices = [*self.notices, *problems]
        return self._answer(announce=announce)

    def _answer(self, announce: str = "", show: bool = True, download: list[dict[str, str]] | None = None) -> str:
        out: dict[str, Any] = {"announce": announce}
        if show:
            main, title = self._screen()
            out.update(main=main, nav=self._nav(), title=title, focus=True)
        if download:
            out["download"] = download
        return json.dumps(out, ensure_ascii=False)

    def _screen(self) -> tuple[str, str]:
        """The HTML of the current screen and the document title."""
        story = self.story
        screen = self.screen
        if screen == "game" and self.session is not None:
            view = self.session.current()
            main = pages.scene_page(view, self.notices)
            debrief = self.session.debrief()
            if debrief is not None:
                note = self.assignment.student_note() if self.assignment else ""
                main += pages.debrief_sections(debrief, story, self.session.answers(), note)
                main += (f'<p class="buttons">{pages.button("New game", "new", key="n")} '
                         f'{pages.button("Endings found", "endings", key="e")}</p>')
            return main, f"{view.title} · {story.title}"
        if screen == "new":
            return self._new_game(), f"New game · {story.title}"
        if screen == "journal" and self.session is not None:
            return pages.journal_page(self.session.journal()), f"Journal · {story.title}"
        if screen in ("glossary", "people"):
            chosen = story.term(self.term) or story.glossary.get(self.term) if self.term else None
            return pages.glossary_page(story, screen == "people", chosen), f"{screen.title()} · {story.title}"
        if screen == "timeline":
            return pages.timeline_page(story), f"Timeline · {story.title}"
        if screen == "sources":
            return pages.sources_page(story), f"Sources · {story.title}"
        if screen == "saves":
            return self._saves_page(), f"Saves · {story.title}"
        if screen == "help":
            return pages.help_page(self.undo, [a for _, a, _ in _NAV if offered(story, a)]), f"Help · {story.title}"
        if screen == "endings":
            return self._endings_page(), f"Endings · {story.title}"
        self.screen = "title"
        return self._title_page(), story.title

    def _nav(self) -> str:
        items = []
        if self.session is not None and self.screen != "title":
            if self.undo:
                items.append(pages.button("Undo", "undo", key="u", disabled=not self.session.can_undo))
            items += [pages.button(label, action, key=key) for label, action, key in _NAV if offered(self.story, action)]
        else:
            items += [pages.button(label, action, key=key) for label, action, key in _NAV
                      if action != "journal" and offered(self.story, action)]
        return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"

    def _title_page(self) -> str:
        story = self.story
        out = [pages.heading(story.title, story.subtitle)]
        if self.assignment is not None:
            out.append(f'<div class="assignment">{to_html(self.assignment.briefing())}</div>')
        latest = self.store.latest()
        buttons = []
        if latest is not None:
            where = latest.scene_title + (f", {latest.date_text}" if latest.date_text else "")
            buttons.append(pages.button(f"Continue: {where}", "continue", key="c", kind="primary"))
        buttons.append(pages.button("New game", "new", key="n", kind="" if latest else "primary"))
        out.append('<p class="buttons">' + " ".join(buttons) + "</p>")
        out.append("<p>Your game is saved in this browser after every choice; nothing is sent anywhere.</p>")
        return "".join(out)

    def _new_game(self) -> str:
        story = self.story
        out = [pages.heading("New game"), pages.back_button(),
               '<form class="new-game" data-action="begin" aria-labelledby="screen-title">',
               '<p><label for="player-name">Your name (it goes on the transcript you hand in)</label>'
               '<input id="player-name" name="name" autocomplete="name" maxlength="80"></p>']
        fixed = self.assignment.perspective if self.assignment else ""
        if story.perspectives and not fixed:
            out.append('<fieldset><legend>Whose story do you follow?</legend>')
            for i, p in enumerate(story.perspectives):
                checked = " checked" if i == 0 else ""
                desc = f'<span class="description">{pages.esc(p.description)}</span>' if p.description else ""
                out.append(f'<p><input type="radio" name="perspective" id="persp-{i}" value="{pages.esc(p.id)}"{checked}>'
                           f'<label for="persp-{i}">{pages.esc(p.title)}</label> {desc}</p>')
            out.append("</fieldset>")
        elif fixed:
            chosen = story.perspective(fixed)
            out.append(f"<p>Your teacher chose the perspective: <strong>{pages.esc(chosen.title if chosen else fixed)}"
                       "</strong>.</p>")
        out.append('<p><button type="submit" class="primary">Begin</button></p></form>')
        if story.primer:
            out.append(f'<section class="primer" aria-labelledby="primer-title"><h2 id="primer-title">Before you begin'
                       f"</h2>{to_html(story_markdown(story.primer))}</section>")
        return "".join(out)

    def _saves_page(self) -> str:
        out = [pages.heading("Saved games"), pages.back_button()]
        latest = self.store.latest()
        if latest is not None:
            out.append(f'<p>{pages.button("Continue the autosave", "load", AUTOSAVE)}</p>'
                       if latest.slot == AUTOSAVE else "")
        rows = []
        for info in self.store.slots():
            if not info.exists:
                what = "empty"
            elif info.note:
                what = f"cannot be loaded: {info.note}"
            else:
                what = f"{info.name or info.scene_title}: {info.scene_title}, {info.date_text}; played {info.played_text}"
            load = pages.button(f"Load slot {info.slot}", "load", info.slot) if info.exists and not info.note else ""
            save = (f'<button type="submit" name="slot" value="{pages.esc(info.slot)}">Save in slot {pages.esc(info.slot)}'
                    "</button>") if self.session is not None and info.slot in NUMBERED_SLOTS else ""
            rows.append(f"<tr><th scope=\"row\">{pages.esc(info.slot)}</th><td>{pages.esc(what)}</td>"
                        f"<td>{load} {save}</td></tr>")
        table = ('<table class="slots"><caption>Save slots</caption><thead><tr><th scope="col">Slot</th>'
                 '<th scope="col">Game</th><th scope="col">Actions</th></tr></thead><tbody>' + "".join(rows) +
                 "</tbody></table>")
        if self.session is not None:
            out.append('<form data-action="save" aria-label="Save the game">'
                       '<p><label for="save-name">Name for the save (optional)</label>'
                       f'<input id="save-name" name="name" maxlength="60"></p>{table}</form>')
            out.append('<h2>Move to another computer</h2><p>'
                       + pages.button("Export this game as a file", "export-save") + "</p>")
        else:
            out.append(table)
        out.append('<h2>Import a save file</h2><p><label for="import-file">Save file (.json)</label> '
                   '<input type="file" id="import-file" accept=".json,application/json" data-action="import-save"></p>')
        return "".join(out)

    def _endings_page(self) -> str:
        found = self.store.endings_found()
        endings = self.story.endings
        out = [pages.heading("Endings found"), pages.back_button(),
               f"<p>You have found {len(found & set(endings))} of {len(endings)} endings in this browser.</p><ul>"]
        for ending in endings.values():
            shown = pages.esc(read_as(ending.title_shown, ending.title, self.story.variables)) if ending.id in found else "Not found yet"
            kind = f' <span class="tag">{pages.esc(ending.kind)}</span>' if self.story.has_history else ""
            out.append(f"<li>{shown}{kind}</li>")
        out.append("</ul>")
        return "".join(out)
