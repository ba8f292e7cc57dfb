"""Where saves go: a saves root ($PETROGRAD_SAVES or --saves, the checkout, else the user data folder) and
in it each story's own folder."""

from __future__ import annotations

import pytest

from game.play import options


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """As installed from a wheel: no checkout to save into, a home of our own."""
    monkeypatch.delenv("PETROGRAD_SAVES", raising=False)
    monkeypatch.setattr(options, "CHECKOUT", tmp_path / "site-packages")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path


def test_saves_go_to_the_systems_user_data_folder(installed):
    assert options.default_saves_dir() == str(installed / "data" / "petrograd-1917" / "saves")


def test_saves_in_the_folder_earlier_versions_used_are_still_found(installed):
    earlier = installed / "home" / ".local" / "share" / "petrograd-1917" / "saves"
    earlier.mkdir(parents=True)
    (earlier / "autosave.json").write_text("{}")
    assert options.default_saves_dir() == str(earlier)
    chosen = installed / "data" / "petrograd-1917" / "saves"
    chosen.mkdir(parents=True)  # once the system's folder exists, it is the one
    assert options.default_saves_dir() == str(chosen)


def test_the_environment_and_the_checkout_come_first(installed, monkeypatch):
    monkeypatch.setenv("PETROGRAD_SAVES", "/somewhere/else")
    assert options.default_saves_dir() == "/somewhere/else"
    monkeypatch.delenv("PETROGRAD_SAVES")
    checkout = installed / "checkout"
    checkout.mkdir()
    (checkout / "pyproject.toml").write_text("")
    monkeypatch.setattr(options, "CHECKOUT", checkout)
    assert options.default_saves_dir() == str(checkout / "saves")


# --- each story's own saves folder ---------------------------------------------------


@pytest.fixture
def default_root(tmp_path, monkeypatch):
    """The default saves folder is tmp/saves (as if the checkout's); no folder chosen."""
    monkeypatch.delenv("PETROGRAD_SAVES", raising=False)
    root = tmp_path / "saves"
    root.mkdir()
    monkeypatch.setattr(options, "default_saves_dir", lambda: str(root))
    return root


def _save_of(folder, story_id, name="autosave.json"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text('{"kind": "petrograd-save", "format": 1, "engine": "0.1.0", "story": {"id": "%s", "version": 1}}'
                               % story_id)


def test_each_story_has_its_own_saves_folder(default_root):
    assert options.saves_dir_for("night-shift") == str(default_root / "night-shift")
    assert options.saves_dir_for("petrograd-1917") == str(default_root / "petrograd-1917")


def test_saves_written_before_story_folders_stay_where_they_are(default_root):
    _save_of(default_root, "petrograd-1917")
    assert options.saves_dir_for("petrograd-1917") == str(default_root)  # the shipped story's old autosave still loads
    assert options.saves_dir_for("night-shift") == str(default_root / "night-shift")  # and is never overwritten
    (default_root / "petrograd-1917").mkdir()
    assert options.saves_dir_for("petrograd-1917") == str(default_root / "petrograd-1917")


def test_a_player_code_folder_of_the_old_layout_counts(default_root):
    _save_of(default_root / "players" / "ABCDEFGH", "petrograd-1917", "1.json")
    assert options.saves_dir_for("petrograd-1917") == str(default_root)


def test_a_chosen_folder_is_a_root_like_the_default(default_root, monkeypatch):
    assert options.saves_dir_for("night-shift", "/my/saves") == "/my/saves/night-shift"
    assert options.saves_dir_for("ferry", "/my/saves") == "/my/saves/ferry"
    monkeypatch.undo()  # the real default_saves_dir, which reads $PETROGRAD_SAVES
    monkeypatch.setenv("PETROGRAD_SAVES", "/class/saves")
    assert options.saves_dir_for("night-shift") == "/class/saves/night-shift"
    assert options.saves_dir_for("night-shift", "/my/saves") == "/my/saves/night-shift"  # --saves comes first


def test_a_chosen_folder_with_this_storys_saves_of_before_stays_its_folder(tmp_path):
    chosen = tmp_path / "lesson"
    _save_of(chosen, "petrograd-1917")
    assert options.saves_dir_for("petrograd-1917", str(chosen)) == str(chosen)
    assert options.saves_dir_for("ferry", str(chosen)) == str(chosen / "ferry")
    (chosen / "petrograd-1917").mkdir()  # once the story has its own folder, that is the one
    assert options.saves_dir_for("petrograd-1917", str(chosen)) == str(chosen / "petrograd-1917")


def test_in_a_folder_two_stories_shared_the_story_of_the_newest_save_keeps_it(tmp_path):
    import os

    shared = tmp_path / "shared"
    _save_of(shared, "petrograd-1917", "1.json")
    _save_of(shared, "ferry", "autosave.json")
    os.utime(shared / "1.json", (1_000_000, 1_000_000))
    assert options.saves_dir_for("ferry", str(shared)) == str(shared)  # Continue still resumes the ferry game
    assert options.saves_dir_for("petrograd-1917", str(shared)) == str(shared / "petrograd-1917")
    os.utime(shared / "autosave.json", (500_000, 500_000))
    assert options.saves_dir_for("petrograd-1917", str(shared)) == str(shared)
    assert options.saves_dir_for("ferry", str(shared)) == str(shared / "ferry")


def test_a_folder_named_after_the_story_is_its_folder_so_resolving_twice_changes_nothing(tmp_path):
    once = options.saves_dir_for("ferry", str(tmp_path))
    assert once == str(tmp_path / "ferry")
    assert options.saves_dir_for("ferry", once) == once
    legacy = tmp_path / "old"
    _save_of(legacy, "ferry")
    assert options.saves_dir_for("ferry", options.saves_dir_for("ferry", str(legacy))) == str(legacy)


def test_files_that_are_not_saves_choose_nothing(tmp_path):
    import os

    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "profile.json").write_text('{"kind": "petrograd-profile", "endings": {"ferry": []}}')
    (folder / "notes.json").write_bytes(b"\xff\xfe not json")
    os.mkfifo(folder / "autosave.json")  # a named pipe: read without waiting for a writer
    assert options.saves_dir_for("ferry", str(folder)) == str(folder / "ferry")


def test_play_in_a_story_folder_saves_in_that_story_s_folder(default_root, monkeypatch, capsys):
    import io
    from pathlib import Path

    from game.cli import main

    monkeypatch.chdir(Path(__file__).resolve().parents[1] / "fixtures" / "fiction")
    monkeypatch.setattr("sys.stdin", io.StringIO("1\nquit\n"))
    assert main(["play", "--plain"]) == 0
    assert "== The landing ==" in capsys.readouterr().out
    assert (default_root / "fiction-fixture" / "autosave.json").is_file()
    assert not (default_root / "autosave.json").exists()
