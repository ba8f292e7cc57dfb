"""check-saves on a `petrograd serve` saves folder: each player's saves under players/CODE/, not player.json."""

from __future__ import annotations

from pathlib import Path

from game.cli import main
from game.play.players import create_player, player_dir
from game.play.saves import SaveStore
from game.play.session import Session
from game.story.loader import load_story

MINI = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "mini"


def serve_folder(root: Path) -> tuple[str, str]:
    """Two players as `serve` leaves them: one with an autosave and a slot, one who never chose."""
    story = load_story(str(MINI))
    played = create_player(root, "Anna")
    store = SaveStore(player_dir(root, played), story)
    session = Session(story, perspective="soldier")
    store.autosave(session, 10)
    store.save("1", session, 10)
    idle = create_player(root, "")
    return played, idle


def test_check_saves_looks_into_each_players_folder_and_skips_player_json(tmp_path, capsys):
    played, idle = serve_folder(tmp_path)
    assert main(["check-saves", str(tmp_path), str(MINI)]) == 0
    captured = capsys.readouterr()
    folder = tmp_path / "players" / played
    assert captured.out.splitlines() == [
        f"{folder / '1.json'}: loads as is",
        f"{folder / 'autosave.json'}: loads as is",
        "2 saves: 2 load as is, 0 migrate, 0 fail",
    ]
    assert captured.err == ""


def test_check_saves_on_one_players_folder_or_the_players_folder(tmp_path, capsys):
    played, _ = serve_folder(tmp_path)
    assert main(["check-saves", str(tmp_path / "players" / played), str(MINI)]) == 0
    assert "player.json" not in capsys.readouterr().out
    assert main(["check-saves", str(tmp_path / "players"), str(MINI)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("2 saves: 2 load as is, 0 migrate, 0 fail")


def test_a_players_folder_lists_no_player_slot(tmp_path):
    played, idle = serve_folder(tmp_path)
    story = load_story(str(MINI))
    assert [i.slot for i in SaveStore(player_dir(tmp_path, played), story).list()] == ["autosave", "1"]
    assert SaveStore(player_dir(tmp_path, idle), story).list() == []  # player.json is not a damaged save
