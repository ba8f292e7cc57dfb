"""A finished run and its answers stay reachable after the autosave moves on (issue 19)."""

from __future__ import annotations

import pytest

from game.play.saves import AUTOSAVE, SaveStore, ending_slot
from game.play.session import Session


@pytest.fixture
def store(tmp_path, mini_story):
    return SaveStore(tmp_path / "saves", mini_story)


def finished(story) -> Session:
    session = Session(story, "soldier", player="Anna")
    session.choose("go")
    session.choose("stay")
    session.answer(0, "The garrison had the rifles.")
    return session


def test_another_run_moves_the_finished_run_to_its_ending_slot(store, mini_story):
    store.autosave(finished(mini_story), 600)
    assert store.keep_finished_run(finished(mini_story)) is None  # the same run again: nothing to keep
    store.autosave(Session(mini_story, "soldier"), 5)  # a new game (or a loaded save) takes the autosave
    kept = store.load("ending-end_history")
    assert kept.session.finished and kept.session.state.scene == "end_history"
    assert kept.session.answers()[0][1] == "The garrison had the rifles."
    assert kept.played_seconds == 600
    assert kept.info is not None and kept.info.name == "Ending: As it happened"
    assert store.load(AUTOSAVE).session.state.scene == "barracks"
    assert [i.slot for i in store.list()] == [AUTOSAVE, "ending-end_history"]


def test_the_same_run_saved_again_keeps_its_newest_answers(store, mini_story):
    run = finished(mini_story)
    store.autosave(run, 600)
    run.answer(0, "Changed my mind: the Soviet decided.")
    store.autosave(run, 700)
    assert store.list()[0].slot == AUTOSAVE and len(store.list()) == 1  # no copy for the same run
    store.autosave(Session(mini_story, "soldier"), 5)
    assert store.load("ending-end_history").session.answers()[0][1] == "Changed my mind: the Soviet decided."


def test_an_unfinished_or_damaged_autosave_is_not_kept(store, mini_story):
    assert store.keep_finished_run(Session(mini_story, "soldier")) is None  # no autosave yet
    store.autosave(Session(mini_story, "soldier"), 5)
    assert store.keep_finished_run(finished(mini_story)) is None  # an unfinished run is just overwritten
    store.path_for(AUTOSAVE).write_text("not json", encoding="utf-8")
    assert store.keep_finished_run(Session(mini_story, "soldier")) is None


@pytest.mark.parametrize(("ending", "slot"), [
    ("end_history", "ending-end_history"),
    ("End Of.Days", "ending-end-of-days"),
    ("x" * 40, "ending-" + "x" * 25),
])
def test_ending_slot_names_are_valid_slot_names(ending, slot):
    assert ending_slot(ending) == slot


def test_finished_runs_gives_the_newest_save_at_each_ending(store, mini_story, monkeypatch):
    import game.play.saves as saves

    times = iter(["2026-12-01T10:00:00Z", "2026-12-01T11:00:00Z", "2026-12-01T12:00:00Z", "2026-12-01T13:00:00Z"])
    monkeypatch.setattr(saves, "now_text", lambda: next(times))
    store.save("2", finished(mini_story), 100)  # 10:00
    store.autosave(finished(mini_story), 200)  # 11:00, the same ending, newer
    walkout = Session(mini_story, "worker")
    walkout.choose(walkout.choices()[0].id)  # walk to the Smolny
    walkout.choose("leave")
    store.save("3", walkout, 50)  # 12:00
    store.save("4", Session(mini_story, "soldier"), 5)  # not finished: not a run to reopen
    runs = store.finished_runs()
    assert sorted(runs) == ["end_history", "end_walkout"]
    assert runs["end_history"].slot == AUTOSAVE and runs["end_walkout"].slot == "3"
