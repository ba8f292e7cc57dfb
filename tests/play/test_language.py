"""The language authors expect: templated choice text, enum labels (and more as it grows)."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.play.session import Session
from game.story.check import check_story
from game.story.errors import StoryError
from game.story.loader import load_story

STORY = """\
id: lang
title: Language
start: a
variables:
  gold:
    type: int
    default: 3
  mood:
    type: enum
    values: [calm, angry]
    default: calm
    visible: true
    label: Mood
    labels: {calm: Calm as a pond, angry: Furious}
"""

SCENES = """\
scenes:
  - id: a
    title: A
    text: You have {gold} gold.
    choices:
      - text: "Pay {gold} gold{if mood == \\"angry\\"}, grudgingly{end}"
        to: b
        set: mood = "angry"
      - id: leave
        text: Leave
        to: b
  - id: b
    title: B
    text: Again.
    choices:
      - text: "{if mood == \\"angry\\"}Storm out{else}Walk out{end}"
        to: end
endings:
  - id: end
    title: End
    text: Done.
"""


def write(tmp_path: Path, story: str = STORY, scenes: str = SCENES) -> str:
    (tmp_path / "story.yaml").write_text(story, encoding="utf-8")
    (tmp_path / "scenes.yaml").write_text(scenes, encoding="utf-8")
    return str(tmp_path)


def test_choice_text_takes_variables_and_conditions(tmp_path):
    story = load_story(write(tmp_path))
    session = Session(story)
    assert [c.text for c in session.choices()] == ["Pay 3 gold", "Leave"]
    session.choose_number(1)
    assert [c.text for c in session.choices()] == ["Storm out"]
    assert check_story(story).findings == []


def test_enum_values_show_their_labels(tmp_path):
    session = Session(load_story(write(tmp_path)))
    assert [(s.label, s.value) for s in session.status()] == [("Mood", "Calm as a pond")]
    session.choose_number(1)
    assert [(s.label, s.value) for s in session.status()] == [("Mood", "Furious")]


def test_an_unknown_variable_in_choice_text_is_an_error(tmp_path):
    with pytest.raises(StoryError) as caught:
        load_story(write(tmp_path, scenes=SCENES.replace("Pay {gold} gold", "Pay {gould} gold")))
    assert [str(f).replace(str(tmp_path) + "/", "") for f in caught.value.findings] == [
        "scenes.yaml:6:21: error: unknown variable 'gould' in text [E033] (did you mean 'gold'?)"
    ]


def test_labels_name_values_of_the_enum(tmp_path):
    with pytest.raises(StoryError) as caught:
        load_story(write(tmp_path, story=STORY.replace("angry: Furious", "angri: Furious")))
    assert [str(f).replace(str(tmp_path) + "/", "") for f in caught.value.findings] == [
        "story.yaml:14:36: error: 'angri' is not a value of 'mood' [E019] (did you mean 'angry'?)"
    ]


NAMED = STORY + """\
conditions:
  rich: gold >= 3
  rich_and_calm: rich and mood == "calm"
"""


def test_named_conditions_are_written_once_and_used_anywhere(tmp_path):
    scenes = SCENES.replace('        set: mood = "angry"', '        if: rich_and_calm\n        reason: you cannot afford it\n        set: mood = "angry"')
    scenes = scenes.replace("text: You have {gold} gold.", "text: You have {gold} gold.{if rich} You are rich.{end}")
    story = load_story(write(tmp_path, story=NAMED, scenes=scenes))
    session = Session(story)
    assert "You are rich." in session.current().text
    assert session.choices()[0].available
    session.state.vars["gold"] = 1
    shown = session.choices()[0]
    assert (shown.available, shown.reason) == (False, "you cannot afford it")
    assert check_story(story).findings == []


@pytest.mark.parametrize(
    ("conditions", "finding"),
    [
        ("  gold: gold >= 3\n", "story.yaml:16:3: error: 'gold' cannot name a condition: it is a variable or a reserved word [E041] (choose another name)"),
        ("  rich: gold + 3\n", "story.yaml:16:9: error: a condition must be true or false, but this is int [E030]"),
        ("  rich: gould >= 3\n", "story.yaml:16:9: error: unknown variable 'gould' [E030] (did you mean 'gold'?)"),
    ],
)
def test_bad_named_conditions(tmp_path, conditions, finding):
    with pytest.raises(StoryError) as caught:
        load_story(write(tmp_path, story=STORY + "conditions:\n" + conditions))
    assert [str(f).replace(str(tmp_path) + "/", "") for f in caught.value.findings] == [finding]


def test_one_bad_variable_declaration_gives_one_error(tmp_path):
    scenes = SCENES.replace("text: Again.", "text: Again, {mood}.")
    with pytest.raises(StoryError) as caught:
        load_story(write(tmp_path, story=STORY.replace("    type: enum", "    type: enumeration"), scenes=scenes))
    assert [str(f).replace(str(tmp_path) + "/", "") for f in caught.value.findings] == [
        "story.yaml:9:11: error: 'enumeration' is not a valid type [E019] (use one of: int, bool, enum)"
    ]
