"""verify: genuine transcripts pass; each kind of hand edit is caught with the first step that does not fit."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from test_transcript import STORY, WORKER_PATH, play

from game.cli import main
from game.story.loader import load_story
from game.tools.assignment import Assignment
from game.tools.transcript import build_transcript
from game.tools.verify import verify_transcript


@pytest.fixture(scope="module")
def story():
    return load_story(STORY)


@pytest.fixture(scope="module")
def genuine(story):
    return build_transcript(play(story), 1200)


def write(tmp_path: Path, data: dict, name: str = "t.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_genuine_transcript_is_accepted(story, genuine, tmp_path, capsys):
    verdict = verify_transcript(genuine, story)
    assert verdict.genuine and verdict.steps_checked == 3
    assert main(["verify", write(tmp_path, genuine), STORY]) == 0
    out = capsys.readouterr().out
    assert "genuine. Anna Petrova: 3 choices replay" in out and "reaches “As it happened”" in out
    assert "cannot show who played it" in out


def test_genuine_worker_path_and_unfinished_game(story):
    assert verify_transcript(build_transcript(play(story, "worker", WORKER_PATH), 5), story).genuine
    from game.play.session import Session

    session = Session(story, "soldier")
    session.choose("go")
    assert verify_transcript(build_transcript(session, 5), story).genuine


def _skip_scene(t):
    del t["steps"][1]


def _reorder(t):
    t["steps"][0], t["steps"][1] = t["steps"][1], t["steps"][0]


def _unavailable(t):
    t["steps"][1]["choice"] = "speak"


def _changed_ending(t):
    t["ending"]["title"] = "Walkout"


def _changed_ending_id(t):
    t["ending"]["id"] = "end_walkout"
    t["at"]["scene"] = "end_walkout"


def _changed_variable(t):
    t["final_vars"]["standing"] = 3


def _changed_debrief(t):
    t["debrief"]["what_happened"][0]["text"] = "The garrison stayed loyal to the government."


def _dropped_citation(t):
    t["debrief"]["what_happened"][0]["cite"] = []


def _wrong_hash(t):
    t["story"]["content_hash"] = "0000000000000000"


def _forged_perspective(t):
    t["perspective"] = {"id": "worker", "title": "Worker"}


def _forged_choice_text(t):
    t["steps"][2]["choice_text"] = "Storm the Winter Palace"


def _extra_step(t):
    t["steps"].append({"scene": "end_history", "title": "As it happened", "choice": "stay", "choice_text": "Stay"})


def _changed_question(t):
    t["questions"][0]["question"] = "What did you like?"


def _other_story(t):
    t["story"]["id"] = "petrograd-1917"


TAMPERING = [
    (_skip_scene, "step 2: the transcript is in scene 'smolny', but the path so far leads to 'barracks'"),
    (_reorder, "step 2: the transcript is in scene 'barracks', but the path so far leads to 'smolny' (“The Smolny”)"),
    (_unavailable, "step 2 (“The barracks”): the recorded choice could not be taken: “Speak to the men” is not available: "
                   "needs Standing with your unit 2 or more; you have 1"),
    (_changed_ending, "after the last step: ending.title: the transcript says “Walkout”, this path gives “As it happened”"),
    (_changed_ending_id, "after the last step: at.scene: the transcript says “end_walkout”, this path gives “end_history”"),
    (_changed_variable, "after the last step: final_vars.standing: the transcript says “3”, this path gives “2”"),
    (_changed_debrief, "after the last step: debrief.what_happened[1].text: the transcript says “The garrison stayed loyal"),
    (_dropped_citation, "after the last step: debrief.what_happened[1].cite has 0 entries; this path gives 1"),
    (_wrong_hash, "the transcript was made with a different text of the story (content hash 0000000000000000"),
    (_forged_perspective, "step 1: the transcript is in scene 'barracks', but the path so far leads to 'factory'"),
    (_forged_choice_text, "step 3 (“The Smolny”) was edited: choice_text: the transcript says “Storm the Winter Palace”, "
                          "this path gives “Stay in the hall”"),
    (_extra_step, "step 4 (“As it happened”): the recorded choice could not be taken: no choice 'stay'"),
    (_changed_question, "the reflection questions are not the ones this ending asks"),
    (_other_story, "the transcript is for story 'petrograd-1917', not 'teacher-fixture'"),
]


@pytest.mark.parametrize("tamper, message", TAMPERING, ids=[f.__name__.strip("_") for f, _ in TAMPERING])
def test_tampering_is_caught_with_the_first_misfit(story, genuine, tmp_path, capsys, tamper, message):
    forged = copy.deepcopy(genuine)
    tamper(forged)
    verdict = verify_transcript(forged, story)
    assert not verdict.genuine
    assert verdict.first.startswith(message), verdict.first
    assert main(["verify", write(tmp_path, forged), STORY]) == 1
    out = capsys.readouterr().out
    verdict_word = "cannot confirm" if tamper is _wrong_hash else "NOT genuine"  # the rest of it replays
    assert verdict_word in out and message in out


def test_reflection_answers_and_name_are_carried_not_checked(story, genuine):
    edited = copy.deepcopy(genuine)
    edited["questions"][0]["answer"] = "A different, later answer."
    edited["played_seconds"] = 99999
    assert verify_transcript(edited, story).genuine


def test_name_is_part_of_the_rendered_debrief(story, genuine):
    """The ending text greets the player by name, so swapping the name alone shows."""
    edited = copy.deepcopy(genuine)
    edited["student"] = "Someone Else"
    assert "ending.text" in verify_transcript(edited, story).first


def test_story_edited_since_is_reported_as_another_version(story, genuine, tmp_path, capsys):
    copy_dir = tmp_path / "story"
    shutil.copytree(STORY, copy_dir)
    scenes = copy_dir / "scenes.yaml"
    scenes.write_text(scenes.read_text(encoding="utf-8").replace("Machines stand still.", "The machines are silent."), encoding="utf-8")
    verdict = verify_transcript(genuine, load_story(str(copy_dir)))
    assert verdict.only_story_changed and "replay identically" in verdict.notes[-1]
    assert main(["verify", write(tmp_path, genuine), str(copy_dir)]) == 1
    assert "cannot confirm" in capsys.readouterr().out


def test_assignment_rules_are_checked_when_given(story, genuine):
    verdict = verify_transcript(genuine, story, Assignment(perspective="worker"))
    assert verdict.problems == ["the assignment fixes the perspective 'worker', the transcript has 'soldier'"]
    strict = Assignment(require_answers=True, min_words=6)
    assert verify_transcript(genuine, story, strict).first == (
        "question 1 is not answered as the assignment requires (5 words)"
    )


@pytest.mark.parametrize("content, message", [
    ("{oops", "not JSON"),
    ('{"kind": "petrograd-save"}', "not a Petrograd transcript"),
    (None, "cannot read the file"),
])
def test_unreadable_transcripts_exit_2(tmp_path, capsys, content, message):
    path = tmp_path / "x.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["verify", str(path), STORY]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_json_output(story, genuine, tmp_path, capsys):
    forged = copy.deepcopy(genuine)
    _skip_scene(forged)
    assert main(["verify", write(tmp_path, forged), STORY, "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["genuine"] is False and result["steps_checked"] == 1 and result["problems"][0].startswith("step 2")
