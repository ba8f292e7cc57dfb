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
    assert "What was checked: every recorded choice was open at its scene" in out


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
    assert "This shows the path is a real one" not in out  # never after NOT genuine (or cannot confirm)


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
    assert verdict.genuine  # the path is real: breaking a rule is not forgery
    assert verdict.rule_problems == [
        "the game was not played under an assignment (the transcript's \"assignment\" is empty)",
        "the assignment fixes the perspective 'worker', the transcript has 'soldier'",
    ]
    under = dict(genuine, assignment=Assignment(min_words=6).transcript_fields())
    strict = Assignment(require_answers=True, min_words=6)
    assert verify_transcript(under, story, strict).rule_problems == [
        "question 1 has 5 words, and the assignment asks for at least 6"
    ]


NO_UNDO = Assignment(title="Night", class_name="10B", undo=False, require_answers=True, min_words=3)


@pytest.mark.parametrize("block, problems", [
    (None, ["the game was not played under an assignment (the transcript's \"assignment\" is empty), so undo was not turned off"]),
    ({**NO_UNDO.transcript_fields(), "undo": True},
     ["the game was played with undo allowed (its assignment block says undo: true), and the assignment turns undo off"]),
    ({**NO_UNDO.transcript_fields(), "undo": None},
     ["the game was played with undo allowed (its assignment block says undo: null), and the assignment turns undo off"]),
    ({**NO_UNDO.transcript_fields(), "class": "9A"},
     ["the transcript was made for class '9A', the assignment is for class '10B'"]),
    (NO_UNDO.transcript_fields(), []),
])
def test_the_transcripts_own_assignment_block_is_compared(story, genuine, block, problems):
    verdict = verify_transcript(dict(genuine, assignment=block), story, NO_UNDO)
    assert verdict.genuine and verdict.rule_problems == problems and verdict.meets_assignment == (not problems)


def test_verify_says_path_and_rules_apart_in_plain_words(genuine, tmp_path, capsys):
    assignment = tmp_path / "a.yaml"
    assignment.write_text("title: Night\nclass: 10B\nundo: false\nrequire_answers: true\nmin_words: 3\n", encoding="utf-8")
    with_undo = dict(genuine, assignment={**NO_UNDO.transcript_fields(), "undo": True})
    assert main(["verify", write(tmp_path, with_undo), STORY, "--assignment", str(assignment)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{tmp_path / 't.json'}: genuine. Anna Petrova: 3 choices replay")
    assert lines[1] == (
        f"{tmp_path / 't.json'}: breaks the rules of the assignment “Night”: the game was played with undo allowed "
        "(its assignment block says undo: true), and the assignment turns undo off."
    )
    assert lines[2].startswith("  What was checked: every recorded choice was open") and len(lines) == 3
    kept = dict(genuine, assignment=NO_UNDO.transcript_fields())
    assert main(["verify", write(tmp_path, kept), STORY, "--assignment", str(assignment)]) == 0
    assert capsys.readouterr().out.splitlines()[1] == (
        f"{tmp_path / 't.json'}: keeps the rules of the assignment “Night”: played under it, class 10B, undo off, "
        "every question answered in at least 3 words, an ending reached."
    )
    forged = copy.deepcopy(kept)
    _skip_scene(forged)
    assert main(["verify", write(tmp_path, forged), STORY, "--assignment", str(assignment), "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert (result["genuine"], result["meets_assignment"], result["assignment_problems"]) == (False, True, [])


def test_a_name_cannot_erase_the_verdict(genuine, tmp_path, capsys):
    """Cursor-up, erase-line, carriage return and a right-to-left override in the name are shown, not obeyed."""
    forged = copy.deepcopy(genuine)
    _skip_scene(forged)
    forged["student"] = "Mallory\x1b[1A\x1b[2K\r\u202eeniuneg\x9b2K"
    path = tmp_path / "evil\x1b[2K.json"
    path.write_text(json.dumps(forged, ensure_ascii=False), encoding="utf-8")
    assert main(["verify", str(path), STORY]) == 1
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    assert first.startswith(f"{tmp_path}/evil\\x1b[2K.json: NOT genuine. Mallory\\x1b[1A\\x1b[2K\\r\\u202eeniuneg\\x9b2K: step 2")
    assert not any(c in out for c in "\x1b\r\u202e\x9b")
    assert main(["verify", str(path), STORY, "--json"]) == 1
    out = capsys.readouterr().out
    assert json.loads(out)["student"] == forged["student"] and not any(c in out for c in "\x1b\r\u202e\x9b")


@pytest.mark.parametrize("content, message", [
    ("{oops", "x.json:1:2: not JSON: Expecting property name enclosed in double quotes"),
    ('{"kind": "petrograd-transcript", "student": "\\ud83d"}',
     "x.json:1:46: \\ud83d is half of a character (a lone surrogate); the text was cut or edited"),
    ('{"seed": ' + "9" * 5000 + "}", "x.json:1:10: a number of 5000 digits is larger than any value this file may hold"),
    ('{"played_seconds": 1e999}', "x.json:1:20: the number 1e999 is too large to be a number"),
    ('{"played_seconds": NaN}', "x.json:1:20: NaN is not a number JSON allows"),
    ('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", "x.json:1:70: nested more than 64 deep"),
    ('{"kind": "petrograd-save"}', "not a Petrograd transcript"),
    (None, "cannot read the file"),
])
def test_unreadable_transcripts_exit_2(tmp_path, capsys, content, message):
    path = tmp_path / "x.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["verify", str(path), STORY]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and err.startswith("petrograd verify: ")


def test_json_output(story, genuine, tmp_path, capsys):
    forged = copy.deepcopy(genuine)
    _skip_scene(forged)
    assert main(["verify", write(tmp_path, forged), STORY, "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["genuine"] is False and result["steps_checked"] == 1 and result["problems"][0].startswith("step 2")
