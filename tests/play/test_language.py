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
        "story.yaml:9:11: error: 'enumeration' is not a valid type [E019] (use one of: int, bool, enum, set)"
    ]


# --- randomness and sets -------------------------------------------------------------

DICE = """\
id: dice
title: Dice
start: table
variables:
  roll: {type: int, default: 0}
  lucky: {type: bool, default: false}
  pack:
    type: set
    values: [die, coin, card]
    default: [coin]
    visible: true
    label: Pack
    labels: {die: a die, coin: a coin, card: a card}
"""

DICE_SCENES = """\
scenes:
  - id: table
    title: Table
    text: "{if \\"die\\" in pack}You have a die.{else}No die yet.{end}"
    choices:
      - id: take
        text: Take the die
        to: table
        once: true
        set: 'pack += "die"; pack -= "coin"'
      - id: throw
        text: Throw
        to: result
        if: '"die" in pack'
        reason: you have no die
        show_disabled: true
        set: roll = random(1, 6); lucky = chance(50)
  - id: result
    title: Result
    text: You threw {roll}.
    choices:
      - id: high
        text: Win
        to: won
        if: roll >= 5
      - id: low
        text: Lose
        to: lost
        if: roll < 5
endings:
  - {id: won, title: Won, text: Won.}
  - {id: lost, title: Lost, text: Lost.}
"""


def dice_story(tmp_path):
    return load_story(write(tmp_path, story=DICE, scenes=DICE_SCENES))


def test_a_set_holds_items_and_shows_their_labels(tmp_path):
    session = Session(dice_story(tmp_path))
    assert session.status()[0].value == "a coin"
    assert session.current().text == "No die yet."
    assert (session.choices()[1].available, session.choices()[1].reason) == (False, "you have no die")
    session.choose("take")
    assert session.state.vars["pack"] == "die"
    assert session.status()[0].value == "a die"
    assert session.current().text == "You have a die."


def test_draws_are_fixed_by_the_seed_and_differ_between_seeds(tmp_path):
    story = dice_story(tmp_path)

    def rolls(seed):
        session = Session(story, seed=seed)
        session.choose("take")
        session.choose("throw")
        return session.state.vars["roll"], session.state.vars["lucky"]

    assert [rolls(7) for _ in range(3)] == [rolls(7)] * 3
    assert len({rolls(seed) for seed in range(30)}) > 6
    assert all(1 <= rolls(seed)[0] <= 6 for seed in range(30))


def test_explore_follows_every_outcome_of_a_draw(tmp_path):
    from game.tools.explore import explore

    story = dice_story(tmp_path)
    result = explore(story)
    reached = {result.keys[i][0] for i in range(len(result.keys))}
    assert {"won", "lost"} <= reached
    for index in range(len(result.keys)):
        if result.keys[index][0] in ("won", "lost"):
            from game.tools.witness import replay

            assert replay(story, result.witness(index)).state.scene == result.keys[index][0]


@pytest.mark.parametrize(
    ("scenes_edit", "finding"),
    [
        (("if: roll >= 5", "if: random(1, 6) >= 5"),
         "scenes.yaml:25:13: error: random() draws only in effects ('set:', 'on_enter:'): a condition must not change as it is read "
         "[E030] (store the draw in a variable and test that: set: roll = random(1, 6))"),
        (("roll = random(1, 6)", "roll = random(6, 1)"),
         "scenes.yaml:17:21: error: random() takes the lowest and the highest number, like random(1, 6) [E031]"),
        (("lucky = chance(50)", "lucky = chance(150)"),
         "scenes.yaml:17:43: error: chance() takes one percent from 0 to 100, like chance(30) [E031]"),
        (('pack += "die"', 'pack += "dye"'),
         "scenes.yaml:10:23: error: 'dye' is not one of die, coin, card [E031] (did you mean 'die'?)"),
        (("""if: '"die" in pack'""", """if: '"die" in roll'"""),
         "scenes.yaml:14:20: error: 'in' looks into a set variable, but this is int [E030]"),
        (('pack -= "coin"', 'pack = "coin"'),
         "scenes.yaml:10:37: error: 'pack' is a set of die, coin, card but the value is text [E031] "
         "(a set is written in brackets: pack = [\"coin\"]; pack += \"coin\" adds one item)"),
    ],
)
def test_bad_draws_and_sets_are_load_errors(tmp_path, scenes_edit, finding):
    old, new = scenes_edit
    assert old in DICE_SCENES
    with pytest.raises(StoryError) as caught:
        load_story(write(tmp_path, story=DICE, scenes=DICE_SCENES.replace(old, new)))
    assert [str(f).replace(str(tmp_path) + "/", "") for f in caught.value.findings] == [finding]


# --- {elif}, expressions in text, and hints for what other systems write ----------------


def test_elif_and_expressions_in_text(tmp_path):
    scenes = SCENES.replace("text: You have {gold} gold.",
                            'text: "{if gold > 5}Rich{elif gold > 2}Comfortable{else}Poor{end}: {gold + 1} with a tip, {visits(a)} visit."')
    story = load_story(write(tmp_path, scenes=scenes))
    session = Session(story)
    assert session.current().text == "Comfortable: 4 with a tip, 1 visit."
    session.state.vars["gold"] = 9
    assert session.current().text == "Rich: 10 with a tip, 1 visit."
    session.state.vars["gold"] = 0
    assert session.current().text == "Poor: 1 with a tip, 1 visit."
    assert check_story(story).findings == []


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ('"{if gold > 1}Rich."', "scenes.yaml:4:12: error: '{if ...}' is never closed with '{end}' [E032] (add '{end}' where its text ends)"),
        ('"{if gold > 1}Rich{/if}"', "scenes.yaml:4:29: error: '{/if}' is neither a variable nor '{if ...}' [E032] (an '{if}' ends with '{end}')"),
        ('"{gold > 1: Rich|Poor}"',
         "scenes.yaml:4:12: error: '{gold > 1: Rich|Poor}' is neither a variable nor '{if ...}' [E032] "
         "(ink's '{condition: text}' is written '{if gold > 1}Rich{else}Poor{end}' here)"),
        ('"{if mood == calm}Calm{end}"',
         "scenes.yaml:4:24: error: unknown variable 'calm' [E032] ('calm' is a value of 'mood': write it in quotes, \"calm\")"),
        ('"{gold + gould}"', "scenes.yaml:4:20: error: unknown variable 'gould' [E032] (did you mean 'gold'?)"),
    ],
)
def test_template_mistakes_are_reported_where_they_are_with_a_hint(tmp_path, text, finding):
    with pytest.raises(StoryError) as caught:
        load_story(write(tmp_path, scenes=SCENES.replace("text: You have {gold} gold.", f"text: {text}")))
    assert [str(f).replace(str(tmp_path) + "/", "") for f in caught.value.findings] == [finding]


WORDS = DICE.replace("variables:\n", "variables:\n  mood: {type: enum, values: [calm, angry], default: calm, label: Mood, "
                     "labels: {calm: Calm as a pond, angry: Furious}}\n")

WORDS_SCENES = """\
scenes:
  - id: table
    title: Table
    text: "You carry {pack}. Mood: {mood}."
    choices:
      - id: add_die
        text: "Take the die (you carry {pack})"
        to: table
        set: 'pack += "die"'
      - id: add_card
        text: Take the card
        to: table
        set: 'pack += "card"'
      - id: drop_all
        text: Drop everything
        to: table
        set: 'pack -= "die"; pack -= "coin"; pack -= "card"'
      - id: rage
        text: Rage
        to: won
        if: mood == "angry"
        show_disabled: true
endings:
  - {id: won, title: Won, text: Won.}
"""


def test_sets_and_enums_read_as_words_in_text_status_and_reasons(tmp_path):
    session = Session(load_story(write(tmp_path, story=WORDS, scenes=WORDS_SCENES)))
    assert session.current().text == "You carry a coin. Mood: Calm as a pond."
    assert session.choices()[0].text == "Take the die (you carry a coin)"
    assert session.choices()[3].reason == "needs Mood to be Furious; it is Calm as a pond"
    session.choose("add_die")
    assert session.current().text == "You carry a die and a coin. Mood: Calm as a pond."
    session.choose("add_card")
    assert session.current().text == "You carry a die, a coin and a card. Mood: Calm as a pond."
    assert session.status()[0].value == "a die, a coin and a card"
    session.choose("drop_all")
    assert session.state.vars["pack"] == ""
    assert session.current().text == "You carry nothing. Mood: Calm as a pond."
    assert session.status()[0].value == "nothing"


SIZED = WORDS_SCENES.replace('text: "You carry {pack}. Mood: {mood}."',
                             'text: "{size(pack)} things: {if size(pack) >= 2}a load{else}light{end}."').replace(
    'if: mood == "angry"', "if: size(pack) >= 3")


def test_size_counts_the_items_of_a_set(tmp_path):
    story = load_story(write(tmp_path, story=WORDS, scenes=SIZED))
    session = Session(story)
    assert session.current().text == "1 things: light."
    assert session.choices()[3].reason == "needs items in Pack 3 or more; you have 1"
    session.choose("add_die")
    assert session.current().text == "2 things: a load."
    session.choose("add_card")
    assert session.choices()[3].available
    session.choose("drop_all")
    assert session.current().text == "0 things: light."
    assert [f.code for f in check_story(story).findings] == ["W203", "W203", "W203"]  # mood, roll, lucky: unused here


@pytest.mark.parametrize(
    ("condition", "finding"),
    [
        ("size(mood) >= 3", "scenes.yaml:21:18: error: size() counts the items of a set variable, but this is one of "
                            "calm, angry [E030]"),
        ("size(3) >= 3", "scenes.yaml:21:18: error: size() takes a set variable, not '3' [E030]"),
        ("length(pack) >= 3", "scenes.yaml:21:13: error: unknown function 'length' [E030] "
                              "(the functions are visited(scene), visits(scene) and size(set))"),
        ('size(pack) == "die"', "scenes.yaml:21:25: error: cannot compare int with text [E030]"),
    ],
)
def test_size_of_what_is_not_a_set_is_a_load_error(tmp_path, condition, finding):
    scenes = SIZED.replace("if: size(pack) >= 3", f"if: '{condition}'" if '"' in condition else f"if: {condition}")
    with pytest.raises(StoryError) as caught:
        load_story(write(tmp_path, story=WORDS, scenes=scenes))
    assert [str(f).replace(str(tmp_path) + "/", "") for f in caught.value.findings] == [finding]


LUCKY_START = """\
id: lucky
title: Lucky
start: door
perspectives:
  - {id: gambler, title: Gambler, start: door, set: "purse = random(1, 3)"}
variables:
  lucky: {type: bool, default: false}
  purse: {type: int, default: 0, min: 0, max: 3}
"""

LUCKY_SCENES = """\
scenes:
  - id: door
    title: Door
    text: A door.
    on_enter: lucky = chance(50)
    choices:
      - {id: in, text: In, to: won, if: lucky and purse >= 3}
      - {id: out, text: Out, to: lost, if: not lucky}
      - {id: wait, text: Wait, to: broke, if: lucky and purse < 3}
endings:
  - {id: won, title: Won, text: Won.}
  - {id: lost, title: Lost, text: Lost.}
  - {id: broke, title: Broke, text: Broke.}
"""


def test_explore_follows_every_outcome_of_a_draw_at_the_start(tmp_path):
    """A perspective's set: and the first scene's on_enter draw before any choice: each outcome is a start."""
    from game.tools.explore import explore
    from game.tools.witness import replay

    story = load_story(write(tmp_path, story=LUCKY_START, scenes=LUCKY_SCENES))
    result = explore(story)
    starts = sorted(result.values[i] for i in range(len(result.keys)) if result.parent[i] == -1)
    assert len(starts) == 6  # purse 1, 2 or 3, times lucky or not
    reached = {result.keys[i][0]: i for i in range(len(result.keys))}
    assert {"won", "lost", "broke"} <= set(reached)
    for ending in ("won", "lost", "broke"):
        assert replay(story, result.witness(reached[ending])).state.scene == ending
