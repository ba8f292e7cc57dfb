"""The web build's Python side without a browser: WebGame's answers, saves in (fake) localStorage,
the builder's refusals, and an engine that imports without PyYAML, orjson, platformdirs or Textual."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from game.play.session import Session
from game.story.image import decode, encode
from game.views.browser.game import WebGame
from game.views.browser.start import start_game
from game.views.browser.storage import LocalSaves, MemoryStorage
from game.webbuild.build import BuildError, build_site, engine_zip, story_bundle

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def story():
    from game.story.loader import load_story

    return load_story(str(ROOT / "scenes"))


def answer(game: WebGame, action: str, arg: str = "", data: dict[str, str] | None = None) -> dict[str, object]:
    return json.loads(game.act(action, arg, json.dumps(data) if data else ""))


def test_a_new_game_plays_saves_after_every_choice_and_continues_in_a_new_tab(story, tmp_path):
    storage = MemoryStorage()
    game = WebGame(story, storage, folder=str(tmp_path / "a"))
    shown = answer(game, "begin", data={"name": "Anna"})
    assert '<h1 id="screen-title" tabindex="-1">Back from the Pulkovo heights</h1>' in str(shown["main"])
    assert shown["focus"] is True
    assert list(storage.items) == ["petrograd:petrograd-1917:autosave.json"]
    first = game.session.choices()[0] if game.session else None
    assert first is not None
    answer(game, "choose", first.id)
    saved = json.loads(storage.items["petrograd:petrograd-1917:autosave.json"])
    assert saved["kind"] == "petrograd-save" and saved["journal"][0]["choice"] == first.id

    other_tab = WebGame(story, storage, folder=str(tmp_path / "b"))
    title = str(json.loads(other_tab.page())["main"])
    assert "Continue: " in title
    answer(other_tab, "continue")
    assert other_tab.session is not None and game.session is not None
    assert other_tab.session.state.path == game.session.state.path
    assert other_tab.session.state.player == "Anna"


def test_a_disabled_choice_is_refused_with_its_reason_and_nothing_changes(story, tmp_path):
    game = WebGame(story, MemoryStorage(), folder=str(tmp_path))
    answer(game, "begin")
    assert game.session is not None
    for _ in range(30):
        blocked = [c for c in game.session.choices() if not c.available]
        if blocked:
            break
        answer(game, "choose", next(c.id for c in game.session.choices() if c.available))
    before = game.session.state.key()
    reply = answer(game, "choose", blocked[0].id)
    assert reply == {"announce": f"“{blocked[0].text}” is not available: {blocked[0].reason}"}
    assert game.session.state.key() == before
    page = str(json.loads(game.page())["main"])
    assert f'aria-disabled="true" aria-describedby="why-{blocked[0].number}"' in page
    assert f"Not available: {blocked[0].reason}" in page


def test_undo_with_nothing_to_undo_says_so(story, tmp_path):
    game = WebGame(story, MemoryStorage(), folder=str(tmp_path))
    answer(game, "begin")
    assert answer(game, "undo") == {"announce": "Cannot do that: nothing to undo"}


def test_an_assignment_refuses_the_transcript_before_the_ending(story, tmp_path):
    game = WebGame(story, MemoryStorage(), {"title": "History 10B", "undo": False, "require_ending": True},
                   folder=str(tmp_path))
    assert "Assignment: History 10B" in str(json.loads(game.page())["main"])
    answer(game, "begin")
    assert answer(game, "transcript", "json") == {
        "announce": "This assignment asks you to reach an ending before you export the transcript."}
    assert game.session is not None and not game.session.undo_allowed


def test_storage_entries_that_are_not_save_files_never_become_files(tmp_path):
    storage = MemoryStorage()
    storage.setItem("petrograd:s:../../etc/passwd", "x")
    storage.setItem("petrograd:s:1.json", "{}")
    storage.setItem("other:1.json", "{}")
    assert LocalSaves(storage, "s", tmp_path).restore() == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1.json"]


def test_a_full_browser_storage_is_a_sentence_not_a_crash(story, tmp_path):
    class Full(MemoryStorage):
        def setItem(self, key: str, value: str) -> None:  # noqa: N802
            raise RuntimeError("QuotaExceededError")

    game = WebGame(story, Full(), folder=str(tmp_path))
    shown = answer(game, "begin")
    assert "Not saved: this browser would not keep the save" in str(shown["main"])


def test_the_image_in_story_json_is_the_story(story):
    doc = json.loads(story_bundle(story, None))
    again = decode(doc["image"], lazy=True)
    assert again.content_hash == story.content_hash
    walk_a, walk_b = Session(story), Session(again)
    for _ in range(10):
        choice = walk_a.available_choices()[0].id
        walk_a.choose(choice)
        walk_b.choose(choice)
    assert walk_a.current() == walk_b.current()
    assert doc["image"] == encode(story)


def test_start_game_reads_the_bundle(story, tmp_path):
    game = start_game(story_bundle(story, None).decode(), MemoryStorage(), folder=str(tmp_path))
    assert json.loads(game.page())["title"] == "Petrograd 1917"


def test_the_engine_zip_plays_without_yaml_orjson_platformdirs_or_textual(tmp_path):
    archive = tmp_path / "engine.zip"
    archive.write_bytes(engine_zip())
    names = zipfile.ZipFile(archive).namelist()
    assert "game/views/browser/game.py" in names and "markdown_it/main.py" in names
    assert not [n for n in names if n.startswith(("game/views/tui/app", "game/story/loader"))]
    engine = tmp_path / "engine"
    zipfile.ZipFile(archive).extractall(engine)  # as the page unpacks it into Pyodide's file system
    bundle = tmp_path / "story.json"
    from game.story.loader import load_story

    bundle.write_bytes(story_bundle(load_story(str(ROOT / "scenes")), None))
    code = f"""
import sys
for name in ("yaml", "orjson", "platformdirs", "textual", "rich"):
    sys.modules[name] = None
sys.path = [{str(engine)!r}] + [p for p in sys.path if "site-packages" not in p and p not in ("", {str(ROOT)!r})]
import json
from game.views.browser.start import start_game
game = start_game(open({str(bundle)!r}, encoding="utf-8").read(), None, folder={str(tmp_path / "saves")!r})
game.act("begin", "", json.dumps({{"name": "x"}}))
while not game.session.finished:
    game.act("choose", [c.id for c in game.session.choices() if c.available][0])
print(json.loads(game.act("transcript", "json"))["download"][0]["name"].endswith(".json"),
      sys.modules["game"].__file__.startswith({str(engine)!r}))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert done.stderr == ""
    assert done.stdout.split() == ["True", "True"]


def test_build_refuses_a_folder_it_did_not_make(story, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(BuildError, match="is not empty and was not made by build-web; name a new or empty folder"):
        build_site(str(tmp_path), story, pyodide=str(ROOT / "web" / "node_modules" / "pyodide"))
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_build_without_pyodide_says_how_to_get_it(story, tmp_path):
    with pytest.raises(BuildError) as caught:
        build_site(str(tmp_path / "out"), story, pyodide=str(tmp_path / "nothing"))
    assert str(caught.value) == (
        f"no Pyodide runtime at {tmp_path / 'nothing'} (no such folder); run 'npm ci --prefix web' in the checkout,"
        " or pass --pyodide DIR (a folder holding pyodide.mjs)"
    )
    assert not (tmp_path / "out").exists()


def test_build_web_command_errors_are_one_line_and_exit_2(tmp_path):
    (tmp_path / "a.yaml").write_text("title: T\nstory: another-story\n")
    done = subprocess.run([sys.executable, "-m", "game", "build-web", str(tmp_path / "out"), str(ROOT / "scenes"),
                           "--assignment", str(tmp_path / "a.yaml")], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2
    assert done.stderr == (f"petrograd build-web: {tmp_path / 'a.yaml'}: the assignment is for story 'another-story',"
                           " but this story is 'petrograd-1917'\n")
    done = subprocess.run([sys.executable, "-m", "game", "build-web", str(tmp_path / "out"), str(ROOT / "scenes"),
                           "--pyodide", str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2
    assert done.stderr == (f"petrograd build-web: no Pyodide runtime at {tmp_path} (it has no pyodide.mjs);"
                           " run 'npm ci --prefix web' in the checkout, or pass --pyodide DIR (a folder holding"
                           " pyodide.mjs)\n")


def test_an_assignment_built_into_the_site_is_the_one_the_browser_plays(story, tmp_path):
    from game.tools.assignment import load_assignment

    path = tmp_path / "homework.yaml"
    path.write_text("title: History 10B\nclass: 10B\ndue: 2026-12-11\nperspective: soldier\nundo: false\n"
                    "require_answers: true\nmin_words: 5\n", encoding="utf-8")
    bundle = json.loads(story_bundle(story, load_assignment(str(path))))
    assert bundle["assignment"]["path"] == "homework.yaml"  # the teacher's folders stay off the web
    game = start_game(json.dumps(bundle), MemoryStorage(), folder=str(tmp_path / "saves"))
    assert "Assignment: History 10B · class 10B · due 2026-12-11" in str(json.loads(game.page())["main"])
    assert "Your teacher chose the perspective" in str(answer(game, "new")["main"])
    answer(game, "begin", data={"perspective": "someone-else"})
    assert game.session is not None and game.session.state.perspective == "soldier"
    while not game.session.finished:
        answer(game, "choose", next(c.id for c in game.session.choices() if c.available))
    assert answer(game, "transcript", "json") == {
        "announce": "Answer every reflection question before exporting: question 1 has no answer yet."}
    questions = len(game.session.ending.debrief.questions)  # type: ignore[union-attr]
    answer(game, "answers", "quiet", {str(i): "five words in this answer" for i in range(questions)})
    files: Any = answer(game, "transcript", "json")["download"]
    transcript = json.loads(files[0]["text"])
    assert transcript["assignment"]["title"] == "History 10B" and transcript["assignment"]["undo"] is False


def test_story_markup_is_text_and_nothing_points_off_the_page():
    from game.views.browser.markdown import to_html

    shown = to_html('<script>alert(1)</script> [a site](https://example.org) ![a map](http://example.org/m.png) '
                    '[Soviet](glossary:soviet) [x](javascript:alert(1))')
    assert "<script" not in shown and "&lt;script&gt;" in shown
    assert "href=\"https" not in shown and "<img" not in shown and "javascript:alert(1)\"" not in shown
    assert '<span class="link-text">a site</span>' in shown
    assert '<span class="image-text">[a map]</span>' in shown
    assert '<a class="term" href="#term-soviet" data-action="term" data-arg="soviet">Soviet</a>' in shown


def test_any_story_plays_to_its_end_in_the_web_player(tmp_path):
    from game.story.loader import load_story

    story = load_story(str(ROOT / "tests" / "fixtures" / "mini"))
    game = start_game(story_bundle(story, None).decode(), MemoryStorage(), folder=str(tmp_path))
    answer(game, "begin")
    assert game.session is not None
    for _ in range(100):
        if game.session.finished:
            break
        shown = answer(game, "choose", next(c.id for c in game.session.choices() if c.available))
        assert shown["focus"] is True
    assert game.session.finished
    for panel in ("journal", "glossary", "people", "timeline", "sources", "saves", "help", "endings"):
        assert '<h1 id="screen-title"' in str(answer(game, panel)["main"]), panel
    assert answer(game, "transcript", "json")["download"]


def test_a_named_slot_is_kept_in_storage_and_loads_in_another_tab(story, tmp_path):
    storage = MemoryStorage()
    game = WebGame(story, storage, folder=str(tmp_path / "a"))
    answer(game, "begin")
    assert game.session is not None
    answer(game, "choose", game.session.choices()[0].id)
    assert answer(game, "save", "", {"slot": "2", "name": "before the vote"})["announce"] == \
        "Saved in slot 2 as “before the vote”."
    assert answer(game, "save", "", {"slot": "../x"}) == {"announce": "Choose a slot from 1 to 9."}
    assert "petrograd:petrograd-1917:2.json" in storage.items
    answer(game, "choose", next(c.id for c in game.session.choices() if c.available))

    other = WebGame(story, storage, folder=str(tmp_path / "b"))
    assert "before the vote" in str(answer(other, "saves")["main"])
    assert answer(other, "load", "2")["announce"] == "Loaded slot 2."
    assert other.session is not None and len(other.session.state.path) == 1


def test_a_fiction_story_offers_only_the_pages_it_has_and_no_word_of_history(tmp_path):
    """The ferry has no glossary, people, timeline or sources: the page menu, the help and the endings
    page say nothing of them (issue 16), and its templated title and status label read the game."""
    from game.story.loader import load_story

    story = load_story(str(ROOT / "examples" / "ferry"))
    game = start_game(story_bundle(story, None).decode(), MemoryStorage(), folder=str(tmp_path))
    title_nav = str(json.loads(game.page())["nav"])
    for absent in ("Glossary", "People", "Timeline", "Sources"):
        assert absent not in title_nav, absent
    assert 'data-action="saves"' in title_nav and 'data-action="help"' in title_nav
    answer(game, "begin")
    for choice in ("buy_lantern", "to_jetty", "riverbank", "to_bridge", "cross_lit", "to_lighthouse", "give_letter"):
        shown = answer(game, "choose", choice)
    nav = str(shown["nav"])
    assert 'data-action="journal"' in nav and "Glossary" not in nav and "Sources" not in nav
    help_page = str(answer(game, "help")["main"])
    assert "journal" in help_page and "glossary" not in help_page and "sources" not in help_page
    endings = str(answer(game, "endings")["main"])
    assert "Delivered" in endings and "historical" not in endings and "counterfactual" not in endings
    journal = str(answer(game, "journal")["main"])
    assert "<strong>The far bank</strong>" in journal and "{if" not in journal


def test_the_historians_notes_are_in_the_web_debrief(story, tmp_path):
    """Every shipped ending carries a 'Historians disagree' note; the web build shows it as the terminal does."""
    game = WebGame(story, MemoryStorage(), folder=str(tmp_path))
    game.session = Session.warp(story, next(iter(story.endings)), {})
    game.screen = "game"
    main = str(json.loads(game.page())["main"])
    debrief = game.session.debrief()
    assert debrief is not None and debrief.historians
    assert "<h3>Historians disagree</h3>" in main
    assert all(f"<h4>{note.title}</h4>" in main for note in debrief.historians)
