"""A set given whole: ``pack = ["lamp", "rope"]``, ``pack = []``, ``pack = spare``, adding and taking out
several items at once, and comparing whole sets (``pack == []``), in play, explore and the loader's checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.play.session import Session
from game.story import expr as ex
from game.story.check import check_story
from game.story.errors import StoryError
from game.story.loader import load_story

STORY = """\
id: satchel
title: Satchel
start: shop
variables:
  pack:
    type: set
    values: [map, rope, lamp]
    default: [map]
    visible: true
    label: Pack
    labels: {map: a map, rope: some rope, lamp: a lamp}
  spare:
    type: set
    values: [map, rope, lamp]
    default: [rope, lamp]
"""

SHOP = """\
scenes:
  - id: shop
    title: Shop
    text: "You carry {pack}."
    choices:
      - {id: empty, text: Empty the pack, to: shop, set: "pack = []"}
      - id: kit
        text: Buy the kit
        to: shop
        set: pack = ["lamp", "rope"]
      - id: swap
        text: Take the spare
        to: shop
        set: pack = spare; spare = []
      - id: add
        text: Add a map and rope
        to: shop
        set: pack += ["map", "rope"]
      - id: drop
        text: Drop the rope and the lamp
        to: shop
        set: pack -= ["rope", "lamp"]
"""

LEAVING = """\
      - id: light
        text: Travel light
        to: light
        if: pack == []
        show_disabled: true
      - id: kitted
        text: Set out with the kit
        to: kitted
        if: '["rope", "lamp"] == pack'
        show_disabled: true
      - id: other
        text: Set out as you are
        to: other
        if: pack != [] and pack != ["lamp", "rope"]
"""

ENDINGS = """\
endings:
  - {id: light, title: Light, text: Light.}
  - {id: kitted, title: Kitted, text: Kitted.}
  - {id: other, title: Other, text: Other.}
"""

SCENES = SHOP + LEAVING + ENDINGS


def write(tmp_path: Path, story: str = STORY, scenes: str = SCENES) -> str:
    (tmp_path / "story.yaml").write_text(story, encoding="utf-8")
    (tmp_path / "scenes.yaml").write_text(scenes, encoding="utf-8")
    return str(tmp_path)


def test_a_set_is_given_whole_emptied_and_compared(tmp_path):
    session = Session(load_story(write(tmp_path)))
    reasons = {c.id: c.reason for c in session.choices() if not c.available}
    assert reasons == {"light": "needs Pack to be nothing; it is a map",
                       "kitted": "needs Pack to be some rope and a lamp; it is a map"}
    session.choose("kit")
    assert session.state.vars["pack"] == "rope,lamp"  # stored in declared order, as written in any
    assert session.current().text == "You carry some rope and a lamp."
    assert [c.id for c in session.choices() if c.available] == ["empty", "kit", "swap", "add", "drop", "kitted"]
    session.choose("add")
    assert session.state.vars["pack"] == "map,rope,lamp"
    session.choose("drop")
    assert session.state.vars["pack"] == "map"
    session.choose("empty")
    assert (session.state.vars["pack"], session.status()[0].value) == ("", "nothing")
    assert [c.id for c in session.choices() if c.available] == ["empty", "kit", "swap", "add", "drop", "light"]
    session.choose("swap")  # the spare's items, and the spare emptied after
    assert (session.state.vars["pack"], session.state.vars["spare"]) == ("rope,lamp", "")
    session.choose("kitted")
    assert session.ending is not None


def test_explore_applies_a_whole_set_as_play_does(tmp_path):
    """Each ending's witness replays in a Session: the explorer's compiled effects agree with play."""
    from game.tools.explore import explore
    from game.tools.witness import replay

    story = load_story(write(tmp_path))
    result = explore(story)
    assert result.complete
    packs = {result.values[i][list(story.variables).index("pack")] for i in range(len(result.keys))}
    assert {"", "map", "rope,lamp", "map,rope,lamp"} <= packs
    reached = {result.keys[i][0]: i for i in range(len(result.keys))}
    for ending in ("light", "kitted", "other"):
        assert replay(story, result.witness(reached[ending])).state.scene == ending


def test_the_playtester_applies_a_whole_set_as_play_does(tmp_path):
    """Random runs through the playtester's compiled rules end where a Session taking the same choices ends."""
    from game.tools.playtest import playtest
    from game.tools.witness import replay

    story = load_story(write(tmp_path))
    result = playtest(story, runs=60, seed=5)
    assert set(result.endings) == {"light", "kitted", "other"}
    assert result.choices_taken.keys() >= {("shop", c) for c in ("empty", "kit", "swap", "add", "drop")}
    for run in result.runs:
        assert replay(story, run.witness()).state.scene == run.end


def test_a_story_with_whole_sets_comes_back_from_its_image(tmp_path):
    from game.story.image import dumps, loads

    story = load_story(write(tmp_path))
    assert loads(dumps(story)) == story


def test_a_set_literal_prints_back_as_written():
    for source in ('pack == []', '["lamp", "rope"] != pack', 'size(pack) == 0 or pack == ["map"]'):
        node = ex.parse(source)
        assert ex.to_source(node) == source
        assert ex.to_source(ex.parse(ex.to_source(node))) == source


def test_a_set_assigned_but_never_read_is_reported(tmp_path):
    story = STORY.replace("    visible: true\n", "")
    leaving = """\
      - {id: light, text: Travel light, to: light}
      - {id: kitted, text: Set out with the kit, to: kitted}
      - {id: other, text: Set out as you are, to: other}
"""
    scenes = (SHOP + leaving + ENDINGS).replace('"You carry {pack}."', "A shop.")
    found = [str(f).replace(str(tmp_path) + "/", "") for f in check_story(load_story(write(tmp_path, story, scenes))).findings]
    assert found == ["story.yaml:6:5: warning: variable 'pack' is changed but never read [W206] "
                     "(read it in a condition or show it with 'visible: true')"]


@pytest.mark.parametrize(
    ("old", "new", "finding"),
    [
        ('pack = ["lamp", "rope"]', 'pack = ["lamp", "rop"]',
         "scenes.yaml:10:30: error: 'rop' is not one of map, rope, lamp [E031] (did you mean 'rope'?)"),
        ('pack += ["map", "rope"]', 'pack += ["mop", "rope"]',
         "scenes.yaml:18:23: error: 'mop' is not one of map, rope, lamp [E031] (did you mean 'map'?)"),
        ('pack = ["lamp", "rope"]', "pack = none",
         "scenes.yaml:10:21: error: unknown variable 'none' [E031] (a set with no items is written []: pack = [])"),
        ('pack = ["lamp", "rope"]', "pack = lamp",
         "scenes.yaml:10:21: error: unknown variable 'lamp' [E031] ('lamp' is an item of 'pack': write it in quotes, [\"lamp\"])"),
        ('pack = ["lamp", "rope"]', 'pack = "lamp"',
         "scenes.yaml:10:21: error: 'pack' is a set of map, rope, lamp but the value is text [E031] "
         "(a set is written in brackets: pack = [\"lamp\"]; pack += \"lamp\" adds one item)"),
        ('pack = ["lamp", "rope"]', "pack = (lamp, rope)",
         "scenes.yaml:10:26: error: expected ')' but found ',' [E031] "
         "(a set is written in square brackets with its items in quotes: [\"lantern\", \"rope\"], or [] for none)"),
        ('pack = ["lamp", "rope"]', "pack = ()",
         "scenes.yaml:10:21: error: '()' is not a value [E031] "
         "(a set is written in square brackets with its items in quotes: [\"lantern\", \"rope\"], or [] for none)"),
        ('pack = ["lamp", "rope"]', "pack = [lamp]",
         "scenes.yaml:10:22: error: expected an item in quotes but found 'lamp' [E031] (write the item in quotes: \"lamp\")"),
        ('pack = ["lamp", "rope"]', 'pack = ["lamp", "lamp"]',
         "scenes.yaml:10:30: error: 'lamp' is in the set twice [E031] (write each item once)"),
        ('pack = ["lamp", "rope"]', 'pack = ["lamp" "rope"]',
         "scenes.yaml:10:29: error: expected ',' or ']' in the set but found '\"rope\"' [E031] "
         "(a set is written in square brackets with its items in quotes: [\"lantern\", \"rope\"], or [] for none)"),
        ("spare = []", "spare = 0",
         "scenes.yaml:14:36: error: 'spare' is a set of map, rope, lamp but the value is int [E031]"),
        ('pack = ["lamp", "rope"]', "pack = pack",
         "scenes.yaml:10:21: error: 'pack = pack' changes nothing [E031] (remove it)"),
        ("if: pack == []", "if: pack == 0",
         "scenes.yaml:26:18: error: cannot compare a set of map, rope, lamp with int [E030]"),
        ("if: pack == []", "if: 'pack == \"map\"'",
         "scenes.yaml:26:19: error: cannot compare a set of map, rope, lamp with text [E030] "
         "(to test one item write \"map\" in pack; to compare the whole set, pack == [\"map\"])"),
        ("if: pack == []", 'if: pack == ["mpa"]',
         "scenes.yaml:26:22: error: 'mpa' is not one of map, rope, lamp [E030] (did you mean 'map'?)"),
    ],
)
def test_a_bad_whole_set_is_a_load_error_where_it_is_written(tmp_path, old, new, finding):
    assert old in SCENES
    with pytest.raises(StoryError) as caught:
        load_story(write(tmp_path, scenes=SCENES.replace(old, new)))
    assert [str(f).replace(str(tmp_path) + "/", "") for f in caught.value.findings] == [finding]


@pytest.mark.parametrize(
    ("variables", "effect", "finding"),
    [
        ("  gold: {type: int, default: 0}\n", "gold = []", "'gold' is int but the value is an empty set"),
        ("  calm: {type: bool, default: false}\n", 'calm = ["map"]', "'calm' is bool but the value is a set of map"),
        ("  mood: {type: enum, values: [calm, angry], default: calm}\n", 'mood = ["calm"]',
         "'mood' is one of calm, angry but the value is a set of calm"),
        ("  tools: {type: set, values: [saw, map], default: []}\n", "pack = tools",
         "'pack' is a set of map, rope, lamp but the value is a set of saw, map"),
    ],
)
def test_a_set_where_another_type_belongs_names_both_types(tmp_path, variables, effect, finding):
    scenes = SCENES.replace('pack = ["lamp", "rope"]', effect)
    with pytest.raises(StoryError) as caught:
        load_story(write(tmp_path, story=STORY + variables, scenes=scenes))
    assert [f.message for f in caught.value.findings] == [finding]
    assert str(caught.value.findings[0].pos).endswith("scenes.yaml:10:21")  # where the value starts


DUMP = """\
scenes:
  - id: a
    title: A
    text: A.
    choices:
      - {id: take, text: Take rope, to: b, set: 'pack += "rope"'}
      - {id: skip, text: Skip, to: b}
  - id: b
    title: B
    text: B.
    choices:
      - {id: dump, text: Dump it all, to: c, set: "pack = []"}
  - id: c
    title: C
    text: C.
    choices:
      - {id: go, text: Go, to: light, if: "pack == []"}
endings:
  - {id: light, title: Light, text: Light.}
"""


def test_explore_knows_a_whole_set_overwrites_what_it_held(tmp_path):
    """At 'b' the pack is emptied before anything reads it: whether it held the rope cannot matter
    there, so the explorer keeps one state for 'b', not two (as it does for ``x = 1`` on an int)."""
    from game.tools.explore import explore

    result = explore(load_story(write(tmp_path, story=STORY.replace("start: shop", "start: a"), scenes=DUMP)))
    assert result.complete
    assert [key[0] for key in result.keys].count("b") == 1
    assert "light" in {key[0] for key in result.keys}
