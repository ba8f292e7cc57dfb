"""Scene titles and status labels are templates, like scene and choice text (issue 16).

A title reads the state of its moment: the header shows it for now, and the
journal, the debrief and a save show each step as the player read it then.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.play.savefile import encode
from game.play.session import Session
from game.story.check import check_story
from game.story.errors import StoryError
from game.story.loader import load_story
from game.story.text import read_as

STORY = """\
id: heads
title: Headings
start: road
variables:
  day:
    type: int
    default: 1
    visible: true
    label: "{if tired}Day (tired){else}Day{end}"
  gold:
    type: int
    default: 3
  lamp:
    type: bool
    default: false
conditions:
  tired: day >= 3
"""

SCENES = """\
scenes:
  - id: road
    title: "Day {day} on the road{if lamp}, by lamplight{end}"
    text: The road goes on.
    choices:
      - id: walk
        text: "Walk on with {gold} gold"
        to: road
        if: day < 3
        set: day += 1; gold -= 1
      - id: light
        text: Light the lamp
        to: road
        if: not lamp
        set: lamp = true
      - id: stop
        text: Stop
        to: inn
        reason: "not before day 3 (it is day {day})"
        if: day >= 3
  - id: inn
    title: The inn
    text: You stop.
    choices:
      - id: sleep
        text: Sleep
        to: end
        if: visited(road)
endings:
  - id: end
    title: "{if lamp}Asleep by the lamp{else}Asleep in the dark{end}"
    text: Done.
"""


def write(tmp_path: Path, story: str = STORY, scenes: str = SCENES) -> str:
    (tmp_path / "story.yaml").write_text(story, encoding="utf-8")
    (tmp_path / "scenes.yaml").write_text(scenes, encoding="utf-8")
    return str(tmp_path)


@pytest.fixture
def story(tmp_path):
    return load_story(write(tmp_path))


def test_the_header_reads_the_title_for_now(story):
    session = Session(story)
    assert session.current().title == "Day 1 on the road"
    session.choose("walk")
    session.choose("light")
    assert session.current().title == "Day 2 on the road, by lamplight"
    assert session.title == "Day 2 on the road, by lamplight"


def test_the_journal_shows_each_step_as_the_player_read_it_then(story):
    session = Session(story)
    for choice in ("walk", "light", "walk", "stop"):
        session.choose(choice)
    entries = session.journal()
    assert [e.title for e in entries] == [
        "Day 1 on the road",
        "Day 2 on the road",
        "Day 2 on the road, by lamplight",
        "Day 3 on the road, by lamplight",
    ]
    assert [e.choice_text for e in entries] == ["Walk on with 3 gold", "Light the lamp", "Walk on with 2 gold", "Stop"]


def test_a_restored_save_shows_the_same_journal(story):
    session = Session(story, seed=7)
    for choice in ("walk", "light", "walk"):
        session.choose(choice)
    again = Session.restore(story, session.state.to_json())
    assert again.journal() == session.journal()


def test_a_warped_game_keeps_what_it_read_and_a_restore_reads_the_state_of_now(story):
    session = Session.warp(story, "road", {"day": 2})
    session.choose("walk")
    [entry] = session.journal()
    assert (entry.title, entry.choice_text) == ("Day 2 on the road", "Walk on with 3 gold")  # as read, kept
    [entry] = Session.restore(story, session.state.to_json()).journal()
    assert (entry.title, entry.choice_text) == ("Day 3 on the road", "Walk on with 2 gold")  # no replay reaches it


def test_undo_forgets_the_step_it_takes_back(story):
    session = Session(story)
    session.choose("walk")
    session.choose("walk")
    session.undo()
    session.choose("light")
    assert [e.title for e in session.journal()] == ["Day 1 on the road", "Day 2 on the road"]
    assert [e.choice_text for e in session.journal()] == ["Walk on with 3 gold", "Light the lamp"]


def test_the_ending_title_the_debrief_and_a_save_read_the_state(story):
    session = Session(story)
    for choice in ("light", "walk", "walk", "stop", "sleep"):
        session.choose(choice)
    assert session.current().title == "Asleep by the lamp"
    debrief = session.debrief()
    assert debrief is not None and debrief.title == "Asleep by the lamp"
    saved = encode(session, "autosave", 1.0).decode()
    assert '"title": "Asleep by the lamp"' in saved
    assert '"title": "Day 1 on the road"' in saved  # the journal in the save, as read then
    assert "{if" not in saved


def test_a_page_with_no_game_reads_a_title_as_at_the_start(story):
    end = story.endings["end"]
    assert read_as(end.title_shown, end.title, story.variables) == "Asleep in the dark"
    assert read_as(None, "The inn", story.variables) == "The inn"


def test_a_status_label_is_a_template_that_may_use_a_named_condition(story):
    session = Session(story)
    [day] = session.status()
    assert (day.label, day.value) == ("Day", "1")
    session.choose("walk")
    session.choose("walk")
    [day] = session.status()
    assert (day.label, day.value) == ("Day (tired)", "3")


def test_a_derived_reason_names_a_scene_by_its_title_for_now(tmp_path):
    scenes = SCENES.replace("        if: visited(road)\n", "        if: not visited(road)\n        show_disabled: true\n")
    session = Session(load_story(write(tmp_path, scenes=scenes)))
    session.choose("light")
    session.choose("walk")
    session.choose("walk")
    session.choose("stop")
    [sleep] = session.choices()
    assert sleep.reason == "only if you have not been at “Day 3 on the road, by lamplight”"


def test_an_unknown_variable_in_a_title_is_a_load_error_at_its_place(tmp_path):
    scenes = SCENES.replace('title: "Day {day} on the road', 'title: "Day {dya} on the road')
    with pytest.raises(StoryError) as err:
        load_story(write(tmp_path, scenes=scenes))
    [finding] = err.value.findings
    assert finding.code == "E033"
    assert finding.message == "unknown variable 'dya' in text"
    assert finding.hint == "did you mean 'day'?"
    assert (Path(finding.pos.file).name, finding.pos.line, finding.pos.column) == ("scenes.yaml", 3, 18)


def test_an_unclosed_if_in_a_status_label_is_a_load_error_at_its_place(tmp_path):
    story = STORY.replace('label: "{if tired}Day (tired){else}Day{end}"', 'label: "{if tired}Day (tired)"')
    with pytest.raises(StoryError) as err:
        load_story(write(tmp_path, story=story))
    [finding] = err.value.findings
    assert (finding.code, finding.message) == ("E032", "'{if ...}' is never closed with '{end}'")
    assert (Path(finding.pos.file).name, finding.pos.line, finding.pos.column) == ("story.yaml", 9, 13)


def test_a_variable_read_only_in_a_title_or_label_is_read(tmp_path):
    story = STORY.replace("conditions:", "  weather:\n    type: enum\n    values: [dry, wet]\n    default: dry\nconditions:")
    scenes = SCENES.replace("title: The inn\n", 'title: "The inn, {weather}"\n')
    report = check_story(load_story(write(tmp_path, story=story, scenes=scenes)), stats=False)
    assert not [f for f in report.findings if f.code in ("W203", "W206") and "weather" in f.message]
    # and the same story without the title reads it nowhere: the check can fail
    report = check_story(load_story(write(tmp_path, story=story)), stats=False)
    assert [f.code for f in report.findings if "weather" in f.message] == ["W203"]


def test_plain_titles_stay_plain_words_and_cost_no_replay(tmp_path):
    plain = SCENES.replace('title: "Day {day} on the road{if lamp}, by lamplight{end}"', "title: The road").replace(
        'text: "Walk on with {gold} gold"', "text: Walk on"
    ).replace('title: "{if lamp}Asleep by the lamp{else}Asleep in the dark{end}"', "title: Asleep")
    story = load_story(write(tmp_path, scenes=plain))
    assert not story.has_templated_headings
    assert all(n.title_shown is None for n in story.nodes())
    session = Session(story)
    session.choose("walk")
    assert [(e.title, e.choice_text) for e in session.journal()] == [("The road", "Walk on")]
