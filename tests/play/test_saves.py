"""Save slots: what a save holds, backups, safe names, links, size cap, broken files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import game
from game.play.savefile import KIND, MAX_SAVE_BYTES, SAVE_FORMAT
from game.play.saves import AUTOSAVE, NUMBERED_SLOTS, SaveError, SaveStore, validate_slot_name
from game.play.session import Session

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

BROKEN = FIXTURES / "saves" / "broken"


@pytest.fixture
def store(tmp_path, mini_story):
    return SaveStore(tmp_path / "saves", mini_story)


def played(story, *choices, perspective="soldier", player="Anna"):
    session = Session(story, perspective, player=player)
    for choice in choices:
        session.choose(choice)
    return session


def test_save_file_carries_everything_a_teacher_or_tool_needs(store, mini_story):
    session = played(mini_story, "go", "stay")
    session.answer(0, "Because the garrison went over.")
    store.save("1", session, 754.25)
    data = json.loads((store.folder / "1.json").read_text())
    assert data["kind"] == KIND and data["format"] == SAVE_FORMAT
    assert data["engine"] == game.__version__
    assert data["story"] == {"id": "mini", "version": 1, "hash": mini_story.content_hash}
    assert data["played_seconds"] == 754.2
    assert data["saved_at"].endswith("Z")
    assert data["state"] == session.state.to_json()
    assert data["answers"] == {"end_history/0": "Because the garrison went over."}
    assert [(e["scene"], e["choice"]) for e in data["journal"]] == [("barracks", "go"), ("smolny", "stay")]
    assert data["journal"][0]["title"] == "The barracks" and data["journal"][0]["date"] == "1917-10-24"
    assert data["summary"]["ending"] is True


def test_load_gives_back_the_same_game(store, mini_story):
    session = played(mini_story, "take_rifle", "go", player="Boris")
    store.save("2", session, 60)
    loaded = store.load("2")
    assert loaded.session.state.to_json() == session.state.to_json()
    assert loaded.played_seconds == 60 and loaded.notices == [] and not loaded.from_backup
    assert loaded.info.title == "The Smolny" and loaded.info.player == "Boris"
    assert loaded.info.perspective_title == "Soldier"
    loaded.session.choose("stay")  # and it plays on
    assert loaded.session.finished


def test_nine_numbered_slots_and_autosave_are_listed_autosave_first(store, mini_story):
    session = played(mini_story)
    for slot in NUMBERED_SLOTS:
        store.save(slot, session, int(slot))
    store.autosave(session, 99)
    infos = store.list()
    assert [i.slot for i in infos] == [AUTOSAVE, *NUMBERED_SLOTS]
    assert all(i.ok for i in infos)
    assert store.latest() is not None


def test_latest_is_the_most_recently_saved(store, mini_story, monkeypatch):
    import game.play.saves as saves

    times = iter(["2026-01-01T10:00:00Z", "2026-01-01T12:00:00Z", "2026-01-01T11:00:00Z"])
    monkeypatch.setattr(saves, "now_text", lambda: next(times))
    for slot in ("1", "2", "3"):
        store.save(slot, played(mini_story), 0)
    assert store.latest().slot == "2"


def test_latest_is_none_without_saves(store):
    assert store.latest() is None and store.list() == []


@pytest.mark.parametrize(
    "name", ["../x", "..", "/etc/passwd", "a/b", "a\\b", "C:x", "", " ", "a b", "x" * 33, "con", "LPT1", "profile",
             ".hidden", "-x", "é", "a\x00b"]
)
def test_unsafe_slot_names_are_refused(store, mini_story, name):
    with pytest.raises(SaveError, match="not a usable slot name"):
        store.save(name, played(mini_story), 0)
    with pytest.raises(SaveError, match="not a usable slot name"):
        store.load(name)
    assert not store.folder.exists() or all(p.parent == store.folder for p in store.folder.rglob("*"))


def test_slot_names_are_normalised():
    assert validate_slot_name(" Chapter_2 ") == "chapter_2"
    assert validate_slot_name("a-1") == "a-1"


def test_a_linked_save_file_is_refused_for_reading_and_writing(store, mini_story, tmp_path):
    outside = tmp_path / "outside.json"
    store.save("1", played(mini_story), 0)
    outside.write_bytes((store.folder / "1.json").read_bytes())
    (store.folder / "1.json").unlink()
    (store.folder / "1.json.bak").unlink(missing_ok=True)
    (store.folder / "1.json").symlink_to(outside)
    before = outside.read_bytes()
    with pytest.raises(SaveError, match="link"):
        store.load("1")
    with pytest.raises(SaveError, match="link"):
        store.save("1", played(mini_story, "go"), 0)
    assert outside.read_bytes() == before
    info = next(i for i in store.list() if i.slot == "1")
    assert not info.ok and "link" in info.problem


def test_a_linked_backup_is_refused(store, mini_story, tmp_path):
    outside = tmp_path / "victim.txt"
    outside.write_text("keep me")
    store.save("1", played(mini_story), 0)
    (store.folder / "1.json.bak").symlink_to(outside)
    with pytest.raises(SaveError, match="link"):
        store.save("1", played(mini_story, "go"), 0)
    assert outside.read_text() == "keep me"


def test_previous_save_is_kept_as_backup_and_loaded_when_the_newest_is_broken(store, mini_story):
    store.save("1", played(mini_story), 10)
    store.save("1", played(mini_story, "go"), 20)
    backup = json.loads((store.folder / "1.json.bak").read_text())
    assert backup["state"]["scene"] == "barracks"
    (store.folder / "1.json").write_text('{"kind": "petrograd-save", "format": 1, "sto')
    loaded = store.load("1")
    assert loaded.from_backup and loaded.session.state.scene == "barracks" and loaded.played_seconds == 10
    assert "could not be read" in loaded.notices[0] and "cut short" in loaded.notices[0]
    info = next(i for i in store.list() if i.slot == "1")
    assert info.ok and info.from_backup


def test_a_broken_file_never_replaces_a_good_backup(store, mini_story):
    store.save("1", played(mini_story), 10)
    store.save("1", played(mini_story, "go"), 20)
    good_backup = (store.folder / "1.json.bak").read_bytes()
    (store.folder / "1.json").write_text("garbage")
    store.save("1", played(mini_story, "go", "stay"), 30)
    assert (store.folder / "1.json.bak").read_bytes() == good_backup
    assert store.load("1").session.finished


def test_both_files_broken_names_the_newest_and_why(store, mini_story):
    store.save("1", played(mini_story), 10)
    (store.folder / "1.json").write_text("")
    (store.folder / "1.json.bak").write_text("[]")
    with pytest.raises(SaveError) as caught:
        store.load("1")
    assert str(caught.value) == f"{store.folder / '1.json'}: the file is empty"


def test_oversized_file_is_refused_without_reading_it_all(store, mini_story):
    store.save("1", played(mini_story), 0)
    with open(store.folder / "2.json", "wb") as f:
        f.truncate(MAX_SAVE_BYTES + 1)
    with pytest.raises(SaveError, match="over the 2,000,000-byte limit"):
        store.load("2")
    assert store.load("1").session.state.scene == "barracks"


def test_a_save_over_the_cap_is_refused_and_the_slot_kept(store, mini_story):
    store.save("1", played(mini_story), 0)
    before = (store.folder / "1.json").read_bytes()
    session = played(mini_story, "go", "stay")
    session.answer(0, "x" * MAX_SAVE_BYTES)
    with pytest.raises(SaveError, match="over the"):
        store.save("1", session, 0)
    assert (store.folder / "1.json").read_bytes() == before


EXPECTED_PROBLEMS = {
    "bad-state.json": "the saved game cannot be restored: the state has no current scene",
    "binary.json": "not a text file (bad UTF-8 at byte 1)",
    "empty.json": "the file is empty",
    "list.json": "not a save file (the JSON is not an object)",
    "newer-format.json": "made by a newer version of the game (save format 7; this one reads up to 2)",
    "not-json.json": "not valid JSON (line 1 column 1",
    "other-story.json": "made for the story 'kronstadt-1921', not 'mini'",
    "truncated.json": "the file is cut short (truncated JSON)",
}


@pytest.mark.parametrize("name", sorted(EXPECTED_PROBLEMS))
def test_broken_files_get_one_line_naming_file_and_reason(mini_story, name):
    store = SaveStore(BROKEN, mini_story)
    with pytest.raises(SaveError) as caught:
        store.load_file(BROKEN / name)
    message = str(caught.value)
    assert message.startswith(f"{BROKEN / name}: {EXPECTED_PROBLEMS[name]}")
    assert "\n" not in message


def test_every_other_save_still_loads_beside_broken_ones(tmp_path, mini_story):
    folder = tmp_path / "saves"
    folder.mkdir()
    for path in BROKEN.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    store = SaveStore(folder, mini_story)
    store.save("good", played(mini_story, "go"), 5)
    infos = {i.slot: i for i in store.list()}
    assert infos["good"].ok
    assert not infos["truncated"].ok and "cut short" in infos["truncated"].problem
    latest = store.latest()
    assert latest is not None and latest.slot == "good"


def test_save_failure_names_the_file(store, mini_story):
    store.folder.mkdir(parents=True)
    (store.folder / "1.json").mkdir()  # a folder where the save should go
    with pytest.raises(SaveError) as caught:
        store.save("1", played(mini_story), 0)
    assert str(caught.value).startswith(str(store.folder / "1.json"))


def test_delete_removes_slot_and_backup(store, mini_story):
    store.save("1", played(mini_story), 0)
    store.save("1", played(mini_story, "go"), 0)
    store.delete("1")
    assert store.list() == []


def test_endings_found_across_games(store, mini_story, tmp_path):
    assert store.endings_found() == set()
    assert store.record_ending("end_history") is True
    assert store.record_ending("end_history") is False
    store.record_ending("end_walkout")
    assert SaveStore(store.folder, mini_story).endings_found() == {"end_history", "end_walkout"}
    assert store.list() == []  # the profile is not a slot


def test_unreadable_profile_counts_as_empty(store):
    store.folder.mkdir(parents=True)
    (store.folder / "profile.json").write_text("{not json")
    assert store.endings_found() == set()
    store.record_ending("end_history")
    assert store.endings_found() == {"end_history"}


@pytest.mark.parametrize("text", [
    '{"settings": {"\\ud83d": "x"}, "endings": {"mini": []}}',  # half an emoji as a key
    '{"settings": {"theme": "\\ud83d"}}',  # and as a value
    '{"x": 1e999}', '{"x": ' + "9" * 5000 + "}", "[" * 10_000 + "]" * 10_000,
])
def test_a_profile_the_checked_decoder_refuses_counts_as_empty_and_an_ending_is_still_recorded(store, text):
    """json.loads let a lone surrogate through; writing the profile back at the next ending then crashed the game."""
    store.folder.mkdir(parents=True)
    (store.folder / "profile.json").write_text(text)
    assert store.endings_found() == set()
    assert store.record_ending("end_history") is True
    assert json.loads((store.folder / "profile.json").read_text())["endings"] == {"mini": ["end_history"]}


def test_names_from_a_save_file_are_shown_with_their_escapes_and_cut_short(store, mini_story):
    """A save is anyone's file: its player name and label reach every load menu (plain, TUI, browser)."""
    session = Session(mini_story, "worker", player="\x1b[2J\u202eX" * 100)
    store.save("1", session, 0, name="\x1b]0;pwned\x07")
    info = store.list()[0]
    assert info.name == "\\x1b]0;pwned\\x07"
    assert info.player == ("\\x1b[2J\\u202eX" * 6)[:59] + "…"


def test_stale_temp_files_are_cleaned_and_never_listed(store, mini_story):
    store.save("1", played(mini_story), 0)
    stale = store.folder / ".1.json.123.abcd.tmp"
    stale.write_text("{")
    os.utime(stale, (0, 0))
    fresh = store.folder / ".1.json.456.ef01.tmp"
    fresh.write_text("{")
    assert [i.slot for i in store.list()] == ["1"]
    store.save("1", played(mini_story), 0)
    assert not stale.exists() and fresh.exists()


def test_format_0_bare_state_is_upgraded(store, mini_story):
    session = played(mini_story, "go")
    store.folder.mkdir(parents=True)
    Path(store.folder / "old.json").write_text(json.dumps(session.state.to_json()))
    loaded = store.load("old")
    assert loaded.upgraded_from == 0
    assert loaded.session.state.to_json() == session.state.to_json()
    assert "older version of the game" in loaded.notices[0]


def test_a_save_keeps_the_players_label_and_time(store, mini_story):
    info = store.save("3", played(mini_story), 0, name="Before the Congress")
    assert info.name == "Before the Congress"
    listed = store.list()[0]
    assert listed.name == "Before the Congress"
    assert abs(listed.saved_timestamp - __import__("time").time()) < 120


def test_the_profile_keeps_keys_it_does_not_own(store):
    store.folder.mkdir(parents=True)
    (store.folder / "profile.json").write_text(json.dumps({"settings": {"theme": "textual-light"}}))
    store.record_ending("end_history")
    data = json.loads((store.folder / "profile.json").read_text())
    assert data["settings"] == {"theme": "textual-light"}
    assert data["endings"] == {"mini": ["end_history"]}


def test_a_missing_newest_file_falls_back_to_the_backup(store, mini_story):
    store.save("1", played(mini_story), 10)
    store.save("1", played(mini_story, "go"), 20)
    (store.folder / "1.json").unlink()
    loaded = store.load("1")
    assert loaded.from_backup and loaded.session.state.scene == "barracks"
    assert "does not exist" in loaded.notices[0]


def test_a_save_is_written_to_a_temp_file_fsynced_replaced_and_the_folder_fsynced(store, mini_story, monkeypatch):

    store.save("1", played(mini_story), 0)  # so the second save also keeps a backup
    events: list[tuple[str, str]] = []
    names: dict[int, str] = {}
    real_open, real_fsync, real_replace, real_link = os.open, os.fsync, os.replace, os.link

    def spy_open(path, flags, *args, **kwargs):
        fd = real_open(path, flags, *args, **kwargs)
        names[fd] = Path(path).name
        return fd

    def spy_fsync(fd):
        events.append(("fsync", names.get(fd, "?")))
        return real_fsync(fd)

    def spy_replace(src, dst):
        events.append(("replace", f"{Path(src).name} -> {Path(dst).name}"))
        return real_replace(src, dst)

    def spy_link(src, dst, **kwargs):
        events.append(("link", f"{Path(src).name} -> {Path(dst).name}"))
        return real_link(src, dst, **kwargs)

    monkeypatch.setattr(os, "open", spy_open)
    monkeypatch.setattr(os, "fsync", spy_fsync)
    monkeypatch.setattr(os, "replace", spy_replace)
    monkeypatch.setattr(os, "link", spy_link)
    store.save("1", played(mini_story, "go"), 0)
    kinds = [kind for kind, _ in events]
    assert kinds == ["fsync", "link", "replace", "replace", "fsync"], events
    temp = events[0][1]
    assert temp.startswith(".1.json.") and temp.endswith(".tmp")  # a temp file in the same folder
    assert events[1][1].startswith("1.json -> .1.json.bak.")  # the previous save, hard-linked
    assert events[2][1].startswith(".1.json.bak.") and events[2][1].endswith("-> 1.json.bak")
    assert events[3] == ("replace", f"{temp} -> 1.json")
    assert events[4] == ("fsync", store.folder.name)  # the folder, after the rename
