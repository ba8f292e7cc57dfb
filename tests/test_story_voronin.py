"""Walking away from the attempted lynching of Captain Voronin has a cost the soldier meets later (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.play.session import Session
from game.story.loader import load_story

SCENES = Path(__file__).resolve().parent.parent / "scenes"


@pytest.fixture(scope="module")
def story():
    return load_story(str(SCENES))


def _play(story, officer_choice: str, then: list[str]) -> list[tuple[str, str]]:
    """The (scene, text) of every scene a soldier sees, choosing ``officer_choice`` at Voronin's wall."""
    session = Session(story, "soldier")
    seen = [(session.state.scene, " ".join(session.current().text.split()))]
    for choice in ["ask_gorbunov", "back_soviet_power", "back_barracks", officer_choice, *then]:
        session.choose(choice)
        seen.append((session.state.scene, " ".join(session.current().text.split())))
    return seen


LATER = ["men_follow_soviet", "vote_trotsky", "follow_walkout", "walk_to_smolny", "escort_lenin",
         "escort_home_soldier", "refuse_order", "promise_gorbunov", "say_rise_now", "accept_commissar",
         "mrc_first_go", "vote_mrc_control"]


def test_walking_away_is_met_in_the_corridor_the_order_and_the_fortress(story):
    seen = dict(_play(story, "walk_away", ["corridor_to_tearoom", *LATER]))
    assert "with his jaw broken" in seen["s_voronin_corridor"]
    assert "jaw wired shut" in seen["s_military_org"]
    assert "came the week Voronin went to hospital" in seen["s_front_order"]
    assert "beat its captain half to death" in seen["s_fortress"]


@pytest.mark.parametrize("choice", ["protect_officer", "committee_arrest"])
def test_the_other_choices_do_not_carry_it(story, choice):
    seen = dict(_play(story, choice, LATER))
    assert "s_voronin_corridor" not in seen
    for scene in ("s_military_org", "s_front_order", "s_fortress"):
        text = seen[scene]
        assert "wired shut" not in text and "went to hospital" not in text and "half to death" not in text
