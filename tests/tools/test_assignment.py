"""Assignment files: safe loading, one-line positioned errors, what they force, when export is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_transcript import STORY, play

from game.cli import main
from game.play.options import PlayOptions
from game.play.session import Session
from game.story.loader import load_story
from game.tools.assignment import Assignment, AssignmentError, apply, load_assignment

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLE = ROOT / "docs" / "assignment-example.yaml"


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "assignment.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_documented_example_loads_and_fits_the_shipped_story_ids():
    a = load_assignment(str(EXAMPLE))
    assert (a.title, a.class_name, a.due, a.story) == ("Petrograd 1917: who decided in October?", "10B", "2026-12-04", "petrograd-1917")
    assert (a.perspective, a.undo, a.require_answers, a.min_words, a.require_ending) == ("soldier", False, True, 25, True)
    assert "about 25 minutes of reading" in a.instructions
    assert a.heading == "Petrograd 1917: who decided in October? · class 10B · due 2026-12-04"


def test_apply_forces_perspective_and_undo():
    a = load_assignment(str(EXAMPLE))
    forced = apply(PlayOptions("scenes", perspective="worker", assignment=str(EXAMPLE)))
    assert (forced.perspective, forced.undo, forced.assignment) == ("soldier", False, str(EXAMPLE))
    untouched = Assignment(title="only a title").apply(PlayOptions("scenes", perspective="worker"))
    assert (untouched.perspective, untouched.undo) == ("worker", True)
    assert apply(PlayOptions("scenes")) == PlayOptions("scenes")
    assert a.transcript_fields()["title"] == a.title


@pytest.mark.parametrize("text, message", [
    ("title: x\nundoo: false\n", "assignment.yaml:2:1: unknown key 'undoo' in the assignment (did you mean 'undo'?)"),
    ("colour: red\n", "assignment.yaml:1:1: unknown key 'colour' in the assignment (allowed keys: title, class,"),
    ("undo: flase\n", "assignment.yaml:1:7: 'undo' must be true or false, not 'flase'"),
    ("require_ending: [a]\n", "assignment.yaml:1:17: 'require_ending' must be true or false, not a list"),
    ("undo: {a: 1}\n", "assignment.yaml:1:7: 'undo' must be true or false, not a mapping"),
    ("min_words: many\nrequire_answers: true\n", "assignment.yaml:1:12: 'min_words' must be a whole number of 0 or more"),
    ("min_words: 10\n", "assignment.yaml:1:1: 'min_words' needs 'require_answers: true'"),
    ("due: next friday\n", "assignment.yaml:1:6: 'due' must be a date written YYYY-MM-DD, not 'next friday'"),
    ("due: 2026-02-30\n", "'due' must be a date written YYYY-MM-DD, not '2026-02-30'"),
    ("title: [a, b]\n", "assignment.yaml:1:8: 'title' must be text"),
    ("title: a\ntitle: b\n", "assignment.yaml:2:1: 'title' is given twice"),
    ("- title: a\n", "assignment.yaml:1:1: an assignment is a mapping of keys"),
    ("", "assignment.yaml:1:1: the assignment file is empty"),
    ("title: &t x\nclass: *t\n", "YAML aliases (*name) are not allowed"),
    ("title: !!python/object:os.system x\n", "is not allowed"),
    ("title: 'unclosed\n", "YAML syntax"),
])
def test_bad_files_give_one_line_with_position(tmp_path, text, message):
    with pytest.raises(AssignmentError) as caught:
        load_assignment(write(tmp_path, text))
    shown = str(caught.value)
    assert message in shown and "\n" not in shown
    assert shown.startswith(str(tmp_path))


def test_missing_file(tmp_path):
    with pytest.raises(AssignmentError, match="cannot read the file"):
        load_assignment(str(tmp_path / "nope.yaml"))


def test_check_story_names_the_mismatch():
    story = load_story(STORY)
    assert Assignment(path="a.yaml", perspective="sailor").check_story(story) == (
        "a.yaml: no perspective 'sailor' in 'teacher-fixture' (it has: soldier, worker)"
    )
    assert "is for story 'petrograd-1917'" in (Assignment(path="a.yaml", story="petrograd-1917").check_story(story) or "")
    assert Assignment(perspective="worker", story="teacher-fixture").check_story(story) is None


def test_export_rules():
    story = load_story(STORY)
    strict = Assignment(require_answers=True, min_words=3)
    unfinished = Session(story, "soldier")
    assert "reach an ending" in (strict.export_problem(unfinished) or "")
    assert Assignment(require_ending=False).export_problem(unfinished) is None
    blank = play(story, answers=())
    assert strict.export_problem(blank) == "Answer every reflection question before exporting: question 1 has no answer yet."
    short = play(story, answers=("Rifles.", "The handout, as it cites."))
    assert (strict.export_problem(short) or "").startswith("Question 1 needs at least 3 words (your answer has 1)")
    assert strict.export_problem(play(story)) is None
    assert Assignment().export_problem(blank) is None


def test_play_refuses_a_bad_assignment_before_starting(tmp_path, capsys):
    bad = write(tmp_path, "perspectiv: soldier\n")
    assert main(["play", STORY, "--plain", "--assignment", bad]) == 2
    err = capsys.readouterr().err
    assert "unknown key 'perspectiv' in the assignment (did you mean 'perspective'?)" in err
    assert len(err.strip().splitlines()) == 1
    wrong = write(tmp_path, "perspective: sailor\n")
    assert main(["play", STORY, "--plain", "--assignment", wrong]) == 2
    assert "no perspective 'sailor'" in capsys.readouterr().err


def test_transcript_command_applies_the_assignment(tmp_path, capsys):
    from game.play.saves import SaveStore

    story = load_story(STORY)
    SaveStore(tmp_path / "saves", story).save("1", play(story, answers=("Rifles.",)), 60)
    rule = write(tmp_path, "title: Homework 3\nrequire_answers: true\n")
    assert main(["transcript", "1", "--saves", str(tmp_path / "saves"), "--story", STORY, "--assignment", rule]) == 1
    assert "question 2 has no answer yet" in capsys.readouterr().err


def test_documented_example_fits_the_shipped_story():
    story = load_story(str(ROOT / "scenes"))  # a story that does not load fails here, never skips
    assert load_assignment(str(EXAMPLE)).check_story(story) is None


def test_teacher_guide_shows_the_example_as_it_is(tmp_path):
    guide = (ROOT / "docs" / "teacher-guide.md").read_text(encoding="utf-8")
    block = guide.split("```yaml\n", 1)[1].split("```", 1)[0]
    shown = load_assignment(write(tmp_path, block))
    example = load_assignment(str(EXAMPLE))
    assert {**shown.__dict__, "path": ""} == {**example.__dict__, "path": ""}
