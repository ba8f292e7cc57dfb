"""Where saves go by default: $PETROGRAD_SAVES, the checkout, else the system's user data folder (platformdirs)."""

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


def test_a_chosen_folder_is_used_as_it_is(default_root, monkeypatch):
    assert options.saves_dir_for("night-shift", "/my/saves") == "/my/saves"
    monkeypatch.setenv("PETROGRAD_SAVES", "/class/saves")
    assert options.saves_dir_for("night-shift") == "/class/saves"


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
