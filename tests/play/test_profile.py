"""profile.json has one owner (game.play.profile): endings and settings share the file and never erase each other."""

from __future__ import annotations

import json

import pytest

from game.play.profile import PROFILE_NAME, add_ending, read_profile, read_settings, save_settings


def test_settings_and_endings_keep_each_other(tmp_path):
    save_settings(tmp_path, {"theme": "textual-light"})
    assert add_ending(tmp_path, "story-a", "end_1") is True
    save_settings(tmp_path, {"theme": "textual-dark", "animations": "off"})
    assert read_profile(tmp_path) == {"story-a": ["end_1"]}
    assert read_settings(tmp_path) == {"theme": "textual-dark", "animations": "off"}
    data = json.loads((tmp_path / PROFILE_NAME).read_text(encoding="utf-8"))
    assert data["kind"] == "petrograd-profile" and data["format"] == 1


@pytest.mark.parametrize(
    "text",
    [
        "{not json",
        '{"settings": {"theme": "\\ud83d"}}',  # half an emoji: refused by the checked decoder
        '{"settings": {"theme": "x"}, "n": ' + "9" * 5000 + "}",  # a number str() cannot print
        '{"settings": ' + "[" * 200 + "]" * 200 + "}",  # nesting past the decoder's limit
        '["settings"]',
    ],
)
def test_a_damaged_profile_counts_as_empty_and_is_replaced_on_write(tmp_path, text):
    (tmp_path / PROFILE_NAME).write_text(text, encoding="utf-8")
    assert read_settings(tmp_path) == {}
    assert read_profile(tmp_path) == {}
    save_settings(tmp_path, {"theme": "textual-light"})
    assert read_settings(tmp_path) == {"theme": "textual-light"}


def test_settings_that_are_not_strings_are_left_out(tmp_path):
    (tmp_path / PROFILE_NAME).write_text(json.dumps({"settings": {"theme": 3, "animations": "off"}}), encoding="utf-8")
    assert read_settings(tmp_path) == {"animations": "off"}
