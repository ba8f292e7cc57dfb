"""Where the terminal game writes transcripts: $PETROGRAD_TRANSCRIPTS, the system's downloads, else the saves folder."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from tui_steps import pilot_test, start_game

from game.tools.export import transcript_folder


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A home of our own, with no Downloads folder and no desktop settings; started from a 'checkout'."""
    monkeypatch.delenv("PETROGRAD_TRANSCRIPTS", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    (tmp_path / "home").mkdir()
    (tmp_path / "checkout").mkdir()
    monkeypatch.chdir(tmp_path / "checkout")
    return tmp_path / "home"


def test_without_downloads_transcripts_go_to_the_saves_folder(home, tmp_path):
    assert transcript_folder(tmp_path / "saves") == str(tmp_path / "saves")
    assert (tmp_path / "saves").is_dir()


def test_the_downloads_folder_the_desktop_names_is_used(home, tmp_path):
    (home / "Downloads").mkdir()
    assert transcript_folder(tmp_path / "saves") == str(home / "Downloads")
    (home / ".config").mkdir()
    (home / ".config" / "user-dirs.dirs").write_text('XDG_DOWNLOAD_DIR="$HOME/Téléchargements"\n', encoding="utf-8")
    (home / "Téléchargements").mkdir()
    assert transcript_folder(tmp_path / "saves") == str(home / "Téléchargements")


def test_the_environment_comes_first(home, tmp_path, monkeypatch):
    monkeypatch.setenv("PETROGRAD_TRANSCRIPTS", str(tmp_path / "out"))
    assert transcript_folder(tmp_path / "saves") == str(tmp_path / "out")


def transcripts_written(folder: Path) -> bool:
    files = list(folder.glob("tui-fixture-transcript-*"))
    return len(files) == 2 and all(p.read_text(encoding="utf-8").rstrip().endswith(("}", "</html>")) for p in files)


@pilot_test
async def test_the_debrief_exports_into_the_saves_folder_and_says_so(home, make, tmp_path):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_game(pilot)
        await pilot.press("3", "1")  # to the Smolny, stay: the debrief
        await pilot.pause()
        await pilot.press("t")  # no answers yet: the game asks first
        await pilot.pause()
        await pilot.click("#yes")  # Export anyway
        await pilot.pause()
        notes = [n.message for n in app._notifications]
    saves = tmp_path / "saves"
    assert any(f" to {saves}. Hand in the .json" in m for m in notes), notes
    deadline = time.monotonic() + 20  # Textual writes delivered files from a thread
    while time.monotonic() < deadline and not transcripts_written(saves):
        time.sleep(0.05)
    assert sorted(p.suffix for p in saves.glob("tui-fixture-transcript-*")) == [".html", ".json"]
    assert list(Path(tmp_path / "checkout").iterdir()) == []
