"""Two stories played with one saves folder (--saves DIR or $PETROGRAD_SAVES) each keep their own games.

Every command that takes ``--saves`` resolves it by ``saves_dir_for``: play,
transcript, serve (and check-saves looks in the story's folder of a root).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main

ROOT = Path(__file__).resolve().parents[1]
FICTION = ROOT / "tests" / "fixtures" / "fiction"  # id fiction-fixture, no perspectives
MINI = ROOT / "tests" / "fixtures" / "mini"  # id mini, perspectives soldier and worker


@pytest.fixture(autouse=True)
def no_saves_from_the_environment(monkeypatch):
    monkeypatch.delenv("PETROGRAD_SAVES", raising=False)


def play(monkeypatch, capsys, typed: str, *argv: str) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    assert main(["play", "--plain", *argv]) == 0
    return capsys.readouterr().out


def saved(path: Path) -> tuple[str, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["story"]["id"], data["state"]["scene"]


def test_two_stories_with_one_saves_folder_each_keep_their_autosave(tmp_path, monkeypatch, capsys):
    lesson = tmp_path / "lesson"
    out = play(monkeypatch, capsys, "1\nquit\n", str(FICTION), "--saves", str(lesson))
    assert out.rstrip().endswith(f"Goodbye. The game is saved in {lesson / 'fiction-fixture'}; 'continue' resumes it.")
    play(monkeypatch, capsys, "2\nquit\n", str(MINI), "--saves", str(lesson))  # the worker, in the factory
    assert saved(lesson / "fiction-fixture" / "autosave.json") == ("fiction-fixture", "landing")
    assert saved(lesson / "mini" / "autosave.json") == ("mini", "factory")
    assert sorted(p.name for p in lesson.iterdir()) == ["fiction-fixture", "mini"]
    out = play(monkeypatch, capsys, "continue\nquit\n", str(FICTION), "--saves", str(lesson))
    assert "(Type 'continue' to resume your last game at “The landing”.)" in out
    assert "Loaded the autosave.\n\n== The landing ==" in out


def test_two_stories_with_one_petrograd_saves_each_keep_their_autosave(tmp_path, monkeypatch, capsys):
    shared = tmp_path / "everything"
    monkeypatch.setenv("PETROGRAD_SAVES", str(shared))
    play(monkeypatch, capsys, "2\nquit\n", str(MINI))
    play(monkeypatch, capsys, "1\nquit\n", str(FICTION))
    assert saved(shared / "mini" / "autosave.json") == ("mini", "factory")
    assert saved(shared / "fiction-fixture" / "autosave.json") == ("fiction-fixture", "landing")
    out = play(monkeypatch, capsys, "continue\nquit\n", str(MINI))
    assert "Loaded the autosave.\n\n== The factory ==" in out


def test_a_folder_of_saves_from_before_keeps_its_story_and_the_other_story_gets_its_own(tmp_path, monkeypatch,
                                                                                        capsys):
    old = tmp_path / "old"
    play(monkeypatch, capsys, "2\nquit\n", str(MINI), "--saves", str(old / "mini"))
    (old / "mini").rename(old / "then")  # a folder as every --saves folder was before: the slots in it
    then = old / "then"
    out = play(monkeypatch, capsys, "continue\nquit\n", str(MINI), "--saves", str(then))
    assert "Loaded the autosave.\n\n== The factory ==" in out  # nobody's game goes missing
    assert out.rstrip().endswith(f"Goodbye. The game is saved in {then}; 'continue' resumes it.")
    play(monkeypatch, capsys, "1\nquit\n", str(FICTION), "--saves", str(then))
    assert saved(then / "autosave.json") == ("mini", "factory")
    assert saved(then / "fiction-fixture" / "autosave.json") == ("fiction-fixture", "landing")


def test_transcript_finds_each_storys_game_in_the_folder_play_was_given(tmp_path, monkeypatch, capsys):
    lesson = tmp_path / "lesson"
    play(monkeypatch, capsys, "1\nquit\n", str(FICTION), "--saves", str(lesson), "--name", "Neil")
    play(monkeypatch, capsys, "2\nquit\n", str(MINI), "--saves", str(lesson), "--name", "Anna")
    assert main(["transcript", "autosave", "--saves", str(lesson), "--story", str(FICTION), "--format", "json"]) == 0
    fiction = json.loads(capsys.readouterr().out)
    assert main(["transcript", "autosave", "--saves", str(lesson), "--story", str(MINI), "--format", "json"]) == 0
    mini = json.loads(capsys.readouterr().out)
    assert (fiction["story"]["id"], fiction["student"], fiction["at"]["scene"]) == \
        ("fiction-fixture", "Neil", "landing")
    assert (mini["story"]["id"], mini["student"], mini["at"]["scene"]) == ("mini", "Anna", "factory")


def test_check_saves_of_a_saves_root_checks_the_storys_own_folder(tmp_path, monkeypatch, capsys):
    lesson = tmp_path / "lesson"
    play(monkeypatch, capsys, "1\nquit\n", str(FICTION), "--saves", str(lesson))
    play(monkeypatch, capsys, "2\nquit\n", str(MINI), "--saves", str(lesson))
    assert main(["check-saves", str(lesson), str(MINI)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [f"{lesson / 'mini' / 'autosave.json'}: loads as is",
                                "1 save: 1 load as is, 0 migrate, 0 fail"]


def test_each_game_a_server_starts_saves_in_the_folder_the_server_chose(tmp_path):
    from game.commands.play import configure
    from game.play.options import saves_dir_for
    from game.views.web import game_command

    for root in (tmp_path / "class", tmp_path / "older"):
        if root.name == "older":  # a server's folder from before: players' saves straight in it
            player = root / "players" / "ABCDEFGH"
            player.mkdir(parents=True)
            (player / "autosave.json").write_text('{"kind": "petrograd-save", "story": {"id": "mini"}}')
        chosen = saves_dir_for("mini", str(root))
        parser = argparse.ArgumentParser()
        configure(parser)
        args = parser.parse_args(game_command(str(MINI), chosen)[4:])
        assert saves_dir_for("mini", args.saves) == chosen
    assert saves_dir_for("mini", str(tmp_path / "class")) == str(tmp_path / "class" / "mini")
    assert saves_dir_for("mini", str(tmp_path / "older")) == str(tmp_path / "older")


def test_in_plain_mode_the_shipped_story_and_the_ferry_keep_their_games(tmp_path):
    """End to end, as a student types it: one $PETROGRAD_SAVES, the shipped story, the example story, Continue."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PETROGRAD_SAVES": str(tmp_path)}
    env.pop("PETROGRAD_DEBUG", None)

    def run(story: str, typed: str) -> str:
        done = subprocess.run([sys.executable, "-m", "game", "play", story, "--plain"], input=typed,
                              capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        return done.stdout

    run(str(ROOT / "scenes"), "1\n1\nquit\n")  # the soldier, who speaks for the Bolsheviks
    out = run(str(ROOT / "examples" / "ferry"), "3\nquit\n")  # down to the jetty
    assert out.rstrip().endswith(f"Goodbye. The game is saved in {tmp_path / 'ferry'}; 'continue' resumes it.")
    assert saved(tmp_path / "petrograd-1917" / "autosave.json") == ("petrograd-1917", "s_company_meeting")
    assert saved(tmp_path / "ferry" / "autosave.json") == ("ferry", "jetty")
    out = run(str(ROOT / "scenes"), "continue\nquit\n")
    assert "(Type 'continue' to resume your last game at “The question of power”.)" in out
    assert "Loaded the autosave." in out and "could not be read" not in out


def test_transcript_of_a_students_game_under_serve_by_their_player_code(tmp_path, capsys):
    from game.play.players import create_player, display_code, player_dir
    from game.play.saves import SaveStore
    from game.play.session import Session
    from game.story.loader import load_story

    story = load_story(str(MINI))
    served = tmp_path / "class-9b"  # petrograd serve --saves class-9b: the story's folder is class-9b/mini
    code = create_player(served / "mini")
    game = Session(story, "worker", player="Anna")
    SaveStore(player_dir(served / "mini", code), story).autosave(game)
    argv = ["transcript", "autosave", "--saves", str(served), "--story", str(MINI), "--format", "json"]
    assert main([*argv, "--player", display_code(code).lower()]) == 0
    transcript = json.loads(capsys.readouterr().out)
    assert (transcript["student"], transcript["at"]["scene"]) == ("Anna", "factory")
    assert main([*argv, "--player", "ZZZZ-ZZZZ"]) == 2
    assert capsys.readouterr().err == (
        "petrograd transcript: --player: no player has the code ZZZZ-ZZZZ: check it against what you wrote down,"
        f" or start as a new player (in {served / 'mini'})\n"
    )
