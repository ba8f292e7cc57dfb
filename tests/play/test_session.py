"""Session: choose, undo, disabled reasons, once-only choices, endings, JSON round trip."""

import pytest

from game.play.session import Session
from game.story.errors import PlayError


def test_start_applies_perspective_effects(mini_story):
    session = Session(mini_story, "soldier")
    assert session.state.scene == "barracks"
    assert session.state.vars["standing"] == 1
    assert session.state.vars["perspective"] == "soldier"
    assert session.state.visits == {"barracks": 1}


def test_disabled_choice_has_derived_reason_and_cannot_be_chosen(mini_story):
    session = Session(mini_story, "soldier")
    speak = next(c for c in session.choices() if c.id == "speak")
    assert not speak.available
    assert speak.reason == "needs Standing with your unit 2 or more; you have 1"
    with pytest.raises(PlayError, match="not available"):
        session.choose("speak")
    assert session.state.path == []


def test_author_reason_wins_over_derived(mini_story):
    session = Session(mini_story, "soldier")
    session.choose("go")
    leave = next(c for c in session.choices() if c.id == "leave")
    assert (leave.available, leave.reason) == (False, "Your comrades would never forgive you.")


def test_once_choice_disappears_after_taken(mini_story):
    session = Session(mini_story, "soldier")
    session.choose("take_rifle")
    assert "take_rifle" not in [c.id for c in session.choices()]
    assert "You carry a rifle." in session.current().text


def test_effects_clamp_and_enum(mini_story):
    session = Session(mini_story, "soldier")
    session.choose("go")
    assert session.state.vars["standing"] == 2
    assert session.state.vars["leaning"] == "bolshevik"


def test_undo_restores_state_any_number_of_times(mini_story):
    session = Session(mini_story, "soldier")
    before = session.state.to_json()
    session.choose("take_rifle")
    session.choose("go")
    session.undo()
    session.undo()
    assert session.state.to_json() == before
    with pytest.raises(PlayError, match="nothing to undo"):
        session.undo()


def test_undo_off(mini_story):
    session = Session(mini_story, "soldier", undo=False)
    session.choose("go")
    assert not session.can_undo
    with pytest.raises(PlayError, match="turned off"):
        session.undo()


def test_undo_off_keeps_no_copies_of_the_state(mini_story):
    """A no-undo game (and every tool that plays without undo) pays nothing for undo."""
    session = Session(mini_story, "soldier", undo=False)
    session.choose("go")
    session.choose("stay")
    assert session._history == []
    with_undo = Session(mini_story, "soldier")
    with_undo.choose("go")
    assert len(with_undo._history) == 1


def test_ending_and_debrief(mini_story):
    session = Session(mini_story, "soldier")
    session.choose("go")
    session.choose("stay")
    assert session.ending is not None and session.ending.id == "end_history"
    debrief = session.debrief()
    assert debrief is not None
    assert [s.text for s in debrief.epilogue] == ["Your party won.", "Years passed."]
    assert debrief.citations()[0].source == "notes"
    assert [p.historical for p in debrief.path] == [True, True]
    assert debrief.left_history_at is None


def test_side_action_in_a_scene_is_not_the_decision(mini_story):
    session = Session(mini_story, "soldier")
    session.choose("take_rifle")  # loops back to the barracks
    session.choose("go")
    session.choose("stay")
    debrief = session.debrief()
    assert debrief is not None
    assert [p.choice_text for p in debrief.path] == ["Go to the Smolny", "Stay"]
    assert debrief.left_history_at is None


def test_left_history_marks_first_non_historical_choice(mini_story):
    session = Session(mini_story, "worker")
    session.choose_number(1)  # the factory has no history note: not a key decision
    session.choose("leave")  # the smolny marks 'stay' as what really happened
    debrief = session.debrief()
    assert debrief is not None
    assert [(p.scene, p.historical) for p in debrief.path] == [("smolny", False)]
    assert debrief.left_history_at == 0


def test_state_json_round_trip(mini_story):
    session = Session(mini_story, "soldier", seed=7, player="Anna")
    session.choose("go")
    restored = Session.restore(mini_story, session.state.to_json())
    assert restored.state == session.state
    assert restored.current() == session.current()


def test_restore_rejects_unknown_scene(mini_story):
    data = Session(mini_story, "soldier").state.to_json()
    data["scene"] = "nowhere"
    with pytest.raises(PlayError, match="not in this story"):
        Session.restore(mini_story, data)


def test_choose_number_skips_nothing(mini_story):
    session = Session(mini_story, "worker")
    session.choose_number(1)
    assert session.state.scene == "smolny"
    with pytest.raises(PlayError, match="no choice 5"):
        session.choose_number(5)


def test_date_header_in_both_calendars(mini_story):
    assert Session(mini_story, "soldier").current().date_text == "24 October 1917 (O.S.) · 6 November (N.S.)"


def test_state_text_round_trip_and_bad_text(mini_story):
    from game.play.state import State

    session = Session(mini_story, "soldier", seed=3, player="Anna")
    session.choose("take_rifle")
    assert State.loads(session.state.dumps()) == session.state
    with pytest.raises(PlayError, match="not JSON"):
        State.loads('{"scene": ')
    with pytest.raises(PlayError, match="path"):
        State.loads('{"scene": "barracks", "path": [["a"]]}')
