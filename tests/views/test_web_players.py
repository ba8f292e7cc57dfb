"""Player codes: random, forgiving to type, and never a way out of saves/players/."""

from __future__ import annotations

import json

import pytest

from game.play.players import (
    ALPHABET,
    CODE_LENGTH,
    PlayerCodeError,
    create_player,
    display_code,
    new_code,
    normalise_code,
    open_player,
    player_dir,
)


def test_new_codes_use_the_alphabet_and_differ():
    codes = {new_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(len(c) == CODE_LENGTH and set(c) <= set(ALPHABET) for c in codes)
    # 40 bits: far beyond what a student can guess by trying
    assert len(ALPHABET) ** CODE_LENGTH >= 2**40


def test_every_symbol_is_used():
    seen = set("".join(new_code() for _ in range(400)))
    assert seen == set(ALPHABET)


def test_display_and_typing_round_trip():
    code = new_code()
    shown = display_code(code)
    assert shown[4] == "-"
    assert normalise_code(shown) == code
    assert normalise_code(" " + shown.lower() + " ") == code


def test_look_alikes_read_as_digits():
    assert normalise_code("oOiL-2345") == "0011" + "2345"


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("", "type your player code"),
        ("ABC", "has 3"),
        ("ABCD-EFGHJ", "has 9"),
        ("../../etc", "'/'"),
        ("ABCD EFG!", "'!'"),
        ("ABCD-EFGU", "'U'"),
    ],
)
def test_bad_codes_say_what_is_wrong(typed, words):
    with pytest.raises(PlayerCodeError) as caught:
        normalise_code(typed)
    assert words in str(caught.value)


def test_create_then_open_another_day(tmp_path):
    code = create_player(tmp_path, name="Anya")
    folder = tmp_path / "players" / code
    assert folder.is_dir()
    assert json.loads((folder / "player.json").read_text())["code"] == code
    again, path = open_player(tmp_path, display_code(code).lower())
    assert again == code and path == folder
    assert player_dir(tmp_path, code) == folder


def test_unknown_code_is_refused_and_creates_nothing(tmp_path):
    create_player(tmp_path)
    with pytest.raises(PlayerCodeError, match="no player has the code"):
        open_player(tmp_path, "ZZZZ-ZZZZ")
    assert not (tmp_path / "players" / "ZZZZZZZZ").exists()


def test_a_symlinked_player_folder_is_not_opened(tmp_path):
    (tmp_path / "players").mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "players" / "ABCDEFGH").symlink_to(elsewhere)
    with pytest.raises(PlayerCodeError):
        open_player(tmp_path, "ABCD-EFGH")


def test_players_never_share_a_folder(tmp_path, monkeypatch):
    import game.play.players as players

    codes = iter(["AAAAAAAA", "AAAAAAAA", "BBBBBBBB"])
    monkeypatch.setattr(players, "new_code", lambda: next(codes))
    assert create_player(tmp_path) == "AAAAAAAA"
    assert create_player(tmp_path) == "BBBBBBBB"
