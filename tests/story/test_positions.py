"""An error inside an expression or text points at the exact character in the YAML file.

The same mistake is written in every scalar style YAML offers (plain, single-
and double-quoted, with escapes, multi-line, literal and folded blocks); the
reported line and column must land on the offending character each time.
"""

from __future__ import annotations

import pytest

from game.story.errors import StoryError
from game.story.loader import load_story

STORY = """id: pos
title: Positions
start: hall
variables:
  standing: {type: int, default: 0}
  armed: {type: bool, default: false}
"""

# (how the condition is written after "if:", the text the error must point at)
CONDITIONS = {
    "plain": ("standing >= 1 and @armed", "@armed"),
    "single": ("'standing >= 1 and @armed'", "@armed"),
    "single_escaped": ("'standing >= 1 and ''x'' == ''y'' and @armed'", "@armed"),
    "double": ('"standing >= 1 and @armed"', "@armed"),
    "double_escaped": ('"standing >= 1 and \\"x\\" == \\"y\\" and @armed"', "@armed"),
    "double_tab_escape": ('"standing >= 1\\tand @armed"', "@armed"),
    "plain_two_lines": ("standing >= 1\n          and @armed", "@armed"),
    "double_two_lines": ('"standing >= 1\n          and @armed"', "@armed"),
    "literal": ("|\n          standing >= 1\n          and @armed", "@armed"),
    "literal_keep": ("|+\n          standing >= 1 and\n\n          @armed\n", "@armed"),
    "folded": (">\n          standing >= 1\n          and @armed", "@armed"),
    "folded_strip": (">-\n          standing >= 1 and\n          (armed or\n          @armed)", "@armed"),
    "unknown_name": ("standing >= 1 and armd", "armd"),
    "unknown_name_folded": (">\n          standing >= 1\n          and armd", "armd"),
    "end_of_double": ('"standing >= 1 and"', '"'),
}


def _scene(condition: str, text: str = "Hello.") -> str:
    return f"""scenes:
  - id: hall
    title: Hall
    text: {text}
    choices:
      - text: Stay
        to: hall
        if: {condition}
"""


def _first_error(tmp_path, scene_file: str):
    (tmp_path / "story.yaml").write_text(STORY, encoding="utf-8")
    (tmp_path / "scenes.yaml").write_text(scene_file, encoding="utf-8")
    with pytest.raises(StoryError) as caught:
        load_story(str(tmp_path))
    finding = caught.value.findings[0]
    lines = (tmp_path / "scenes.yaml").read_text(encoding="utf-8").split("\n")
    return finding, lines[finding.pos.line - 1][finding.pos.column - 1 :]


@pytest.mark.parametrize("style", sorted(CONDITIONS))
def test_condition_error_points_at_the_character(tmp_path, style):
    written, target = CONDITIONS[style]
    finding, at = _first_error(tmp_path, _scene(written))
    assert finding.code == "E030"
    assert at.startswith(target), (finding, at)


TEXTS = {
    "plain": ("The {if standng}men{end} wait.", "standng"),
    "double": ('"The \\"men\\" {if standng}wait{end}."', "standng"),
    "literal": ("|\n      The men wait.\n        Indented {if standng}more{end}.", "standng"),
    "folded": (">\n      The men\n      wait {if standng}here{end}.", "standng"),
    "interp_literal": ("|\n      First line.\n      You have {standin}.", "standin"),
    "interp_folded": (">\n      First line,\n      you have {standin}.", "standin"),
    "unclosed_brace": ("|\n      Line one.\n      A {brace never closed", "{brace"),
    # Escapes that write one character from several: the old walk drifted after them.
    "hex_escapes": ('"\\x41\\u00e9 and \\x42 then {standin}."', "standin"),
    "hex_escapes_two_lines": ('"\\x41b \\x41b\n      and \\"q\\" {standin}."', "standin"),
    "single_quotes_doubled": ("'it''s ''here'' {standin}'", "standin"),
}


@pytest.mark.parametrize("style", sorted(TEXTS))
def test_text_error_points_at_the_character(tmp_path, style):
    written, target = TEXTS[style]
    finding, at = _first_error(tmp_path, _scene("standing >= 0", written))
    assert finding.code in ("E030", "E032", "E033")
    assert at.startswith(target), (finding, at)


def test_effects_list_items_point_into_their_own_item(tmp_path):
    scene = _scene("armed").replace("        if: armed\n", "        if: armed\n        set:\n          - standing += 1\n          - 'armed = maybe'\n")
    finding, at = _first_error(tmp_path, scene)
    assert finding.code == "E031"
    assert at.startswith("maybe")


def test_every_link_of_a_long_folded_text_points_at_its_word(tmp_path):
    """Many links in one long text: each position found from where the last one was left."""
    lines = [f"      Line {n} names [[Soviet]] and {{standin{n}}} again." for n in range(300)]
    scene = _scene("standing >= 0", ">\n" + "\n".join(lines))
    (tmp_path / "story.yaml").write_text(STORY, encoding="utf-8")
    (tmp_path / "scenes.yaml").write_text(scene, encoding="utf-8")
    with pytest.raises(StoryError) as caught:
        load_story(str(tmp_path))
    written = scene.split("\n")
    found = [f for f in caught.value.findings if f.code == "E033"]
    assert len(found) == 300
    for n, finding in enumerate(found):
        assert written[finding.pos.line - 1][finding.pos.column - 1 :].startswith(f"standin{n}}}"), finding
