"""A slot holding another story's game is never replaced (defence in depth beside saves_dir_for)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.play.saves import SaveError, SaveStore
from game.play.session import Session

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="module")
def fiction_story():
    from game.story.loader import load_story

    return load_story(str(FIXTURES / "fiction"))


def story_in(path: Path) -> tuple[str, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["story"]["id"], data["state"]["scene"]


def test_a_save_into_another_storys_slot_is_refused_and_both_files_kept(tmp_path, mini_story, fiction_story):
    shared = tmp_path / "shared"
    mini = SaveStore(shared, mini_story)
    game = Session(mini_story, "soldier")
    game.choose("go")
    mini.autosave(game)
    mini.autosave(game)  # a backup of its own too
    before = {p.name: p.read_bytes() for p in shared.iterdir()}
    fiction = SaveStore(shared, fiction_story)
    with pytest.raises(SaveError) as refused:
        fiction.autosave(Session(fiction_story))
    assert str(refused.value) == (
        f"{shared / 'autosave.json'}: could not save: this slot holds a game of another story ('mini'),"
        " which is kept; save this game in another slot"
    )
    assert {p.name: p.read_bytes() for p in shared.iterdir()} == before
    assert mini.load("autosave").session.state.scene == "smolny"


def test_a_numbered_slot_of_another_story_is_refused_and_a_free_one_taken(tmp_path, mini_story, fiction_story):
    SaveStore(tmp_path, mini_story).save("1", Session(mini_story, "worker"))
    fiction = SaveStore(tmp_path, fiction_story)
    with pytest.raises(SaveError, match=r"1\.json: could not save: this slot holds a game of another story \('mini'\)"):
        fiction.save("1", Session(fiction_story))
    fiction.save("2", Session(fiction_story))
    assert story_in(tmp_path / "1.json") == ("mini", "factory")
    assert story_in(tmp_path / "2.json") == ("fiction-fixture", "control_room")


def test_a_backup_holding_another_storys_game_is_left_as_it_is(tmp_path, mini_story, fiction_story):
    """Two stories that shared a folder before each had its own may have left one's game in the other's backup."""
    mini = SaveStore(tmp_path, mini_story)
    mini.save("1", Session(mini_story, "soldier"))
    (tmp_path / "1.json").rename(tmp_path / "1.json.bak")  # the other story's last copy, as the old rule left it
    fiction = SaveStore(tmp_path, fiction_story)
    fiction.save("1", Session(fiction_story))
    fiction.save("1", Session(fiction_story))  # would have copied its first save over the backup
    assert story_in(tmp_path / "1.json.bak") == ("mini", "barracks")
    assert story_in(tmp_path / "1.json") == ("fiction-fixture", "control_room")


def test_a_damaged_file_in_a_slot_is_still_replaced(tmp_path, fiction_story):
    (tmp_path / "autosave.json").write_text('{"story": {"id": "mini"}, "broken')
    SaveStore(tmp_path, fiction_story).autosave(Session(fiction_story))
    assert story_in(tmp_path / "autosave.json") == ("fiction-fixture", "control_room")
