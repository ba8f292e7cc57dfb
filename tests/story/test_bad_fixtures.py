"""Every bad-story fixture gives exactly these findings: file, line, column, code, message and hint.

Each folder under tests/fixtures/bad/ is the clean story ``_clean`` with one
mistake (or, for ``errors_in_many_files``, one in each file): it holds only the
files that differ and a ``BASE`` file naming ``_clean``, and the ``bad_stories``
fixture (tests/conftest.py) builds it whole. The table is the
contract authors see; a change in wording or position must be made here on purpose.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.story.check import check_story
from game.story.errors import StoryError
from game.story.loader import load_story

BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad"
HINT_W210 = "this text takes no {…} or [[…]]: write the words out; 'Text' in docs/authoring.md lists the texts that are templates"

CASES = {
    'alias': [
        ('scenes.yaml', 15, 12, 'E006', 'YAML aliases (*name) are not allowed', 'write the value out in full'),
    ],
    'bad_date': [
        ('scenes.yaml', 5, 11, 'E018', "'24 October 1917' is not a date", 'write dates as YYYY-MM-DD in the story\'s calendar, or YYYY-MM or "YYYY" when the day is not known'),
    ],
    'bad_default': [
        ('story.yaml', 13, 14, 'E043', "default 'green' of 'side' is not one of red, white", ''),
    ],
    'bad_id': [
        ('scenes.yaml', 14, 9, 'E017', "'Upper-Stairs' is not a valid id", "ids are lower case letters, digits and '_', starting with a letter"),
    ],
    'bad_tag': [
        ('endings.yaml', 9, 16, 'E019', "'documentd' is not a valid tag", "did you mean 'documented'?"),
    ],
    'billion_laughs': [
        ('sources.yaml', 3, 9, 'E006', 'YAML aliases (*name) are not allowed', 'write the value out in full'),
    ],
    'condition_not_bool': [
        ('scenes.yaml', 12, 13, 'E030', 'a condition must be true or false, but this is int', ''),
    ],
    'deep_block': [
        ('glossary.yaml', 5, 1999, 'E005', 'nesting deeper than 64 levels', ''),
    ],
    'deep_flow': [
        ('glossary.yaml', 4, 73, 'E005', 'nesting deeper than 64 levels', ''),
    ],
    'documented_no_cite': [
        ('endings.yaml', 13, 11, 'W205', "a statement tagged 'documented' has no citation", "add 'cite:' or change the tag"),
    ],
    'duplicate_choice': [
        ('scenes.yaml', 20, 9, 'E046', "duplicate choice id 'end_one' in scene 'stairs' (first at {root}/scenes.yaml:18:9)", "give each choice its own 'id:'"),
    ],
    'duplicate_key': [
        ('scenes.yaml', 16, 5, 'E012', "key 'title' appears twice in scene 'stairs'", ''),
    ],
    'duplicate_scene': [
        ('scenes.yaml', 21, 5, 'E040', "duplicate scene id 'hall' (first defined at {root}/scenes.yaml:3:5)", 'ids must be unique across the story'),
    ],
    'duplicate_source': [
        ('sources.yaml', 5, 5, 'E040', "duplicate source key 'notes' (first defined at {root}/sources.yaml:2:5)", ''),
    ],
    'empty_file': [
        ('glossary.yaml', 1, 1, 'E008', 'the file is empty', 'add the keys this file needs'),
    ],
    'empty_text': [
        ('scenes.yaml', 14, 5, 'W204', "'stairs' has no text", 'write what the player reads here'),
    ],
    'empty_value': [
        ('scenes.yaml', 15, 11, 'E013', "'title' of scene 'stairs' is empty", ''),
    ],
    'ending_no_citation': [
        ('endings.yaml', 7, 7, 'W202', "the debrief of 'end_one' cites no source", "add 'cite:' to a statement"),
    ],
    'ending_no_debrief': [
        ('endings.yaml', 3, 5, 'W201', "ending 'end_one' has no debrief", "add 'debrief:' with what really happened"),
    ],
    'enum_effect_value': [
        ('scenes.yaml', 20, 21, 'E031', "'whites' is not one of red, white", "did you mean 'white'?"),
    ],
    'enum_value': [
        ('scenes.yaml', 12, 39, 'E030', "'reds' is not one of red, white", "did you mean 'red'?"),
    ],
    'errors_in_many_files': [
        ('story.yaml', 7, 14, 'E043', "default 'zero' of 'standing' is not int", ''),
        ('glossary.yaml', 5, 5, 'E011', "unknown key 'txt' in glossary term 'Duma'", "did you mean 'text'?"),
        ('act2/more.yaml', 5, 16, 'E033', "unknown variable 'mud' in text", "write '{{' for a literal brace"),
        ('endings.yaml', 5, 11, 'E019', "'tragic' is not a valid kind", 'use one of: historical, counterfactual'),
        ('scenes.yaml', 15, 5, 'E011', "unknown key 'titel' in scene 'stairs'", "did you mean 'title'?"),
    ],
    'expr_quoted': [
        ('scenes.yaml', 12, 41, 'E030', 'expected a value but found the end of the expression', ''),
    ],
    'expr_syntax': [
        ('scenes.yaml', 12, 27, 'E030', "unexpected character '&'", "write 'and', 'or' and 'not'"),
        ('scenes.yaml', 19, 10, 'E031', "expected a value but found '*'", ''),
        ('scenes.yaml', 23, 38, 'E031', "unknown variable 'maybe'", ''),
    ],
    'braces_shown_as_written': [
        ('endings.yaml', 14, 19, 'W210', "a debrief question is shown as written: '{side}' is not filled in", HINT_W210),
        ('glossary.yaml', 5, 18, 'W210', "a glossary entry's text is shown as written: '{count}' is not filled in", HINT_W210),
        ('scenes.yaml', 5, 13, 'W210', "a scene's place is shown as written: '{if armed}' is not filled in", HINT_W210),
        ('story.yaml', 3, 23, 'W210', "the story's subtitle is shown as written: '{player}' is not filled in", HINT_W210),
        ('story.yaml', 16, 16, 'W210', "the label of 'side' value 'red' is shown as written: '[[Reds]]' is not a link", HINT_W210),
        ('story.yaml', 24, 23, 'W210', "an act's summary is shown as written: '{standing}' is not filled in", HINT_W210),
    ],
    'glossary_clash': [
        ('glossary.yaml', 4, 5, 'E045', "glossary name 'soviet' is used by two entries (also {root}/glossary.yaml:2:5)", ''),
    ],
    'history_none_marked': [
        ('scenes.yaml', 18, 7, 'W209', "the story has 1 history note(s) but marks no choice 'historical: true'", 'mark the option history took at each key decision; the debrief compares the path with them'),
    ],
    'history_unmarked': [
        ('scenes.yaml', 19, 7, 'W208', "scene 'stairs' has a history note and a real choice but marks no option 'historical: true'", "mark the option history took, or add 'personal: true' to the scene if history took none"),
    ],
    'int_as_text': [
        ('story.yaml', 2, 10, 'E016', "'version' of story.yaml must be a whole number, not 'three'", ''),
    ],
    'list_for_string': [
        ('scenes.yaml', 15, 12, 'E015', "'title' of scene 'stairs' must be a single value, not a list", ''),
    ],
    'min_above_max': [
        ('story.yaml', 8, 10, 'E044', "min 9 is above max 5 for 'standing'", ''),
    ],
    'missing_key': [
        ('scenes.yaml', 14, 5, 'E014', "scene 'stairs' has no 'title'", "add 'title:' (str)"),
    ],
    'no_choices': [
        ('endings.yaml', 3, 5, 'W200', "'end_one' cannot be reached from any start", 'add a choice that goes to it'),
        ('scenes.yaml', 14, 5, 'E104', "scene 'stairs' has no choices and is not an ending", 'add a choice, or make it an ending'),
    ],
    'no_questions': [
        ('endings.yaml', 7, 7, 'W207', "the debrief of 'end_one' has no reflection questions", "add 'questions:'"),
    ],
    'non_utf8': [
        ('scenes.yaml', 16, 21, 'E004', 'the file is not UTF-8 text', 'save it as UTF-8'),
    ],
    'not_a_mapping': [
        ('glossary.yaml', 1, 1, 'E010', 'glossary.yaml must be a mapping of keys, not a list', ''),
    ],
    'python_tag': [
        ('scenes.yaml', 15, 12, 'E007', 'the tag !!python/object/apply:os.system is not allowed', 'remove the tag; story files hold plain text, numbers, lists and mappings'),
    ],
    'readonly_assign': [
        ('scenes.yaml', 20, 14, 'E031', "'perspective' cannot be changed by effects", ''),
    ],
    'reserved_name': [
        ('story.yaml', 14, 3, 'E041', "'visited' is a reserved name", 'choose another variable name'),
    ],
    'stray_brace': [
        ('scenes.yaml', 7, 38, 'E032', "'{standing points}' is neither a variable nor '{if ...}'", "write '{{' for a literal brace"),
    ],
    'string_vs_int': [
        ('scenes.yaml', 12, 22, 'E030', 'cannot compare int with text', ''),
    ],
    'tab_indent': [
        ('scenes.yaml', 15, 1, 'E001', 'YAML syntax: found a tab character that violates indentation', 'indent with spaces, not tabs'),
    ],
    'two_documents': [
        ('endings.yaml', 15, 1, 'E009', 'more than one YAML document in a file', "remove the '---' line"),
    ],
    'unclosed_if': [
        ('scenes.yaml', 8, 7, 'E032', "'{if ...}' is never closed with '{end}'", "add '{end}' where its text ends"),
    ],
    'undeclared_in_condition': [
        ('scenes.yaml', 12, 13, 'E030', "unknown variable 'standng'", "did you mean 'standing'?"),
    ],
    'undeclared_in_effect': [
        ('scenes.yaml', 20, 14, 'E031', "unknown variable 'morale'", ''),
    ],
    'undeclared_in_text': [
        ('scenes.yaml', 7, 39, 'E033', "unknown variable 'standin' in text", "did you mean 'standing'?"),
    ],
    'unknown_act': [
        ('scenes.yaml', 3, 5, 'E102', "'hall' is in unknown act 'act2'", "did you mean 'act1'?"),
        ('scenes.yaml', 14, 5, 'E102', "'stairs' is in unknown act 'act2'", "did you mean 'act1'?"),
    ],
    'unknown_glossary': [
        ('scenes.yaml', 7, 13, 'E106', "glossary link to unknown term 'sovet'", "did you mean 'soviet'?"),
    ],
    'unknown_key': [
        ('scenes.yaml', 17, 5, 'E011', "unknown key 'choises' in scene 'stairs'", "did you mean 'choices'?"),
    ],
    'unknown_perspective': [
        ('scenes.yaml', 14, 5, 'E103', "'stairs' names unknown perspective 'sailor'", ''),
    ],
    'unknown_source': [
        ('endings.yaml', 11, 15, 'E105', "citation names unknown source 'note'", "did you mean 'notes'?"),
    ],
    'unknown_start': [
        ('endings.yaml', 3, 5, 'W200', "'end_one' cannot be reached from any start", 'add a choice that goes to it'),
        ('scenes.yaml', 3, 5, 'W200', "'hall' cannot be reached from any start", 'add a choice that goes to it'),
        ('scenes.yaml', 14, 5, 'W200', "'stairs' cannot be reached from any start", 'add a choice that goes to it'),
        ('story.yaml', 3, 8, 'E101', "start scene 'hal' does not exist", "did you mean 'hall'?"),
    ],
    'unknown_target': [
        ('endings.yaml', 3, 5, 'W200', "'end_one' cannot be reached from any start", 'add a choice that goes to it'),
        ('scenes.yaml', 11, 13, 'E100', "choice goes to unknown scene 'stairz'", "did you mean 'stairs'?"),
        ('scenes.yaml', 14, 5, 'W200', "'stairs' cannot be reached from any start", 'add a choice that goes to it'),
    ],
    'unreachable': [
        ('scenes.yaml', 21, 5, 'W200', "'attic' cannot be reached from any start", 'add a choice that goes to it'),
    ],
    'unreal_date': [
        ('scenes.yaml', 5, 11, 'E018', "'1917-02-30' is not a real date", 'February 1917 has 28 days in the Gregorian calendar'),
    ],
    'unused_variable': [
        ('story.yaml', 15, 5, 'W203', "variable 'morale' is never used", 'remove it, or use it in a condition'),
    ],
    'values_on_int': [
        ('story.yaml', 8, 13, 'E042', "'values' is only for enum and set variables, and 'standing' is int", ''),
    ],
    'visited_unknown': [
        ('scenes.yaml', 12, 13, 'E034', "visited() names unknown scene 'hal'", "did you mean 'hall'?"),
    ],
    'written_never_read': [
        ('story.yaml', 15, 5, 'W206', "variable 'morale' is changed but never read", "read it in a condition or show it with 'visible: true'"),
    ],
    'yaml_syntax': [
        ('scenes.yaml', 15, 22, 'E001', 'YAML syntax: mapping values are not allowed in this context', "quote text that contains ': ' or indent it as a block with '|'"),
    ],
    'control_characters': [
        ('sources.yaml', 3, 18, 'E020', 'the text holds U+001B, a control character', 'remove it: story text cannot hold control or bidi characters, which YAML escapes such as \\e, \\x1b or \\0 write'),
        ('glossary.yaml', 3, 24, 'E020', 'the text holds U+202E, a bidi control character', 'remove it: story text cannot hold control or bidi characters, which YAML escapes such as \\e, \\x1b or \\0 write'),
        ('endings.yaml', 5, 15, 'E020', 'the text holds U+0000, a control character', 'remove it: story text cannot hold control or bidi characters, which YAML escapes such as \\e, \\x1b or \\0 write'),
        ('scenes.yaml', 16, 19, 'E020', 'the text holds U+001B, a control character', 'remove it: story text cannot hold control or bidi characters, which YAML escapes such as \\e, \\x1b or \\0 write'),
    ],
    'deep_expression': [
        ('scenes.yaml', 12, 63, 'E030', 'the expression nests deeper than 50 levels', 'split it: set a variable in one effect and use it in the next'),
        ('scenes.yaml', 16, 512, 'E032', "'{if}'s nest deeper than 50 levels", "join conditions with 'and' instead of nesting"),
        ('scenes.yaml', 20, 3825, 'E031', 'the expression nests deeper than 50 levels', 'split it: set a variable in one effect and use it in the next'),
    ],
    'huge_numbers': [
        ('story.yaml', 9, 10, 'E016', "'max' of variable 'standing' is too large: 99999999999999999999", 'whole numbers in a story lie between -10^18 and 10^18'),
        ('scenes.yaml', 20, 26, 'E031', 'number is too large', 'whole numbers in a story lie between -10^18 and 10^18'),
    ],
    'renamed_malformed': [
        ('story.yaml', 22, 15, 'E015', "'old_hall' of 'scenes' must be a single value, not a list", ''),
        ('story.yaml', 23, 5, 'E017', "'Old-Stairs' is not a valid id in 'scenes'", "ids are lower case letters, digits and '_', starting with a letter"),
        ('story.yaml', 25, 5, 'E012', "'lobby' appears twice in 'scenes'", ''),
        ('story.yaml', 27, 11, 'E047', "'renamed:' maps to 'standng', which is no variable of the story", "did you mean 'standing'?"),
    ],
    'yaml11_numbers': [
        ('story.yaml', 9, 10, 'E016', "'min' of variable 'standing' must be a whole number, not '1:30'", 'write whole numbers in plain decimal digits (YAML 1.2 reads 0b…, 1:30 and 1_000 as text)'),
        ('sources.yaml', 5, 11, 'E016', "'year' of source 'notes' must be a whole number, not '0b11111'", 'write whole numbers in plain decimal digits (YAML 1.2 reads 0b…, 1:30 and 1_000 as text)'),
        ('scenes.yaml', 20, 15, 'E016', "'once' of a choice of 'stairs' must be true or false, not 'yes'", 'write true or false (YAML 1.2 reads yes, no, on and off as text)'),
    ],
}

# What the file holds at the reported position, for findings whose column matters.
POINTS = {
    "alias": "*t",
    "bad_date": "24 October",
    "bad_tag": "documentd",
    "braces_shown_as_written": "{side} win?",
    "billion_laughs": "*a",
    "deep_flow": "[[[[",
    "duplicate_choice": "text: Finish quickly",
    "duplicate_key": "title: The steps",
    "enum_effect_value": '"whites"',
    "enum_value": '"reds"',
    "expr_quoted": '"\n',
    "expr_syntax": "&& armed",
    "history_none_marked": "text: The delegates",
    "history_unmarked": "text: The delegates",
    "int_as_text": "three",
    "non_utf8": "\ufffd.",
    "python_tag": "!!python",
    "readonly_assign": "perspective =",
    "stray_brace": "{standing points}",
    "string_vs_int": '== "high"',
    "undeclared_in_condition": "standng",
    "undeclared_in_effect": "morale",
    "undeclared_in_text": "standin}",
    "unknown_glossary": "Sovet]]",
    "unknown_key": "choises:",
    "unknown_source": "source: note\n",
    "unknown_start": "hal\n",
    "unknown_target": "stairz",
    "visited_unknown": "visited(hal)",
    "yaml_syntax": ": going up",
    "control_characters": "\\x1b]0;",
    "deep_expression": "(" * 59 + "standing",
    "huge_numbers": "99999999999999999999",
    "renamed_malformed": "[hall]",
    "yaml11_numbers": "1:30",
}


def findings(story: Path) -> tuple[str, list[tuple[str, int, int, str, str, str]]]:
    root = str(story)
    try:
        found = check_story(load_story(root)).findings
    except StoryError as exc:
        found = exc.findings
    rows = [
        (os.path.relpath(f.pos.file, root), f.pos.line, f.pos.column, f.code, f.message, f.hint)
        for f in found
    ]
    return root, rows


def test_there_are_enough_fixtures_and_each_has_a_case():
    folders = sorted(p.name for p in BAD.iterdir() if p.is_dir() and not p.name.startswith("_"))
    assert folders == sorted(CASES)
    assert len(CASES) >= 25


def test_the_base_story_is_clean():
    assert findings(BAD / "_clean")[1] == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_findings(bad_stories, name):
    root, rows = findings(bad_stories / name)
    expected = [(f, line, col, code, msg.replace("{root}", root), hint) for f, line, col, code, msg, hint in CASES[name]]
    assert rows == expected


@pytest.mark.parametrize("name", sorted(POINTS))
def test_position_points_at_the_mistake(bad_stories, name):
    root, rows = findings(bad_stories / name)
    errors = [r for r in rows if r[3].startswith("E")] or rows
    rel, line, column = errors[0][:3]
    text = (bad_stories / name / rel).read_bytes().decode("utf-8", "replace")
    lines = text.split("\n")
    at = lines[line - 1][column - 1 :] + "\n"
    assert at.startswith(POINTS[name]), at


def test_a_fifo_named_yaml_is_refused_unread(tmp_path):
    """Opening a FIFO for reading waits for a writer: check and play would hang; it is an error instead."""
    story = tmp_path / "story"
    story.mkdir()
    for name in os.listdir(BAD / "_clean"):
        (story / name).write_bytes((BAD / "_clean" / name).read_bytes())
    os.mkfifo(story / "more.yaml")
    with pytest.raises(StoryError) as caught:
        load_story(str(story))
    assert [(str(f.pos), f.code, f.message, f.hint) for f in caught.value.findings] == [
        (
            str(story / "more.yaml"),
            "E002",
            "the file is a named pipe (FIFO), not a regular file",
            "remove it, or rename it so that its name does not end in .yaml",
        )
    ]


def test_a_case_holds_only_the_files_it_changes(bad_stories):
    """A case with a BASE file keeps no copy of a base file; a folder without BASE is a whole story, used as it is."""
    for case in sorted(p for p in BAD.iterdir() if (p / "BASE").is_file()):
        base = BAD / (case / "BASE").read_text(encoding="utf-8").strip()
        kept = [p.relative_to(case) for p in case.rglob("*") if p.is_file() and p.name != "BASE"]
        assert kept, f"{case.name} changes nothing"
        copies = [str(p) for p in kept if (base / p).is_file() and (base / p).read_bytes() == (case / p).read_bytes()]
        assert copies == [], f"{case.name} holds copies of {base.name}: {copies}"
    assert findings(bad_stories / "_clean")[1] == []


def test_a_number_of_thousands_of_digits_is_too_large_not_a_crash(tmp_path):
    """int() refuses 4,300+ digits (ValueError): the bound is checked on the text first, and the message is short."""
    story = tmp_path / "story"
    story.mkdir()
    for name in os.listdir(BAD / "_clean"):
        (story / name).write_bytes((BAD / "_clean" / name).read_bytes())
    text = (story / "story.yaml").read_text(encoding="utf-8")
    assert "    max: 5\n" in text
    (story / "story.yaml").write_text(text.replace("    max: 5\n", "    max: " + "9" * 5000 + "\n", 1), encoding="utf-8")
    with pytest.raises(StoryError) as caught:
        load_story(str(story))
    [finding] = [f for f in caught.value.errors if f.code == "E016"]
    assert finding.message == "'max' of variable 'standing' is too large: 999999999999999999999999… (5000 digits)"
    assert finding.hint == "whole numbers in a story lie between -10^18 and 10^18"
