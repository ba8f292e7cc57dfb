"""A debrief's 'historians disagree' notes, and the notes story.yaml shares with every debrief.

``historians:`` is its own section (tagged general by default); story.yaml's
``debrief:`` notes are declared once and the loader appends them to every
ending's debrief, after the ending's own notes. Checks count them once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.play.session import Session
from game.story.check import all_citations, check_story
from game.story.errors import StoryError
from game.story.loader import load_story

STORY = """id: notes
title: Notes
start: hall
{extra}"""

SCENES = """sources:
  - key: src
    title: A source
    file: src.txt
"""

ENDINGS = """endings:
  - id: end_a
    title: A
    text: The end.
    debrief:
      what_happened:
        - text: It happened.
          tag: general
      disagree:
        - title: Own note
          text: The ending's own note.
      historians:
        - title: Coup or revolution?
          text: Some call it a coup, some a revolution.
        - title: Documented view
          tag: documented
          text: A note that claims its source.
          cite:
            - source: src
              quote: "a passage"
      questions:
        - Why?
  - id: end_b
    title: B
    text: The other end.
    debrief:
      questions:
        - Why not?
"""

SHARED = """debrief:
  disagree:
    - title: Which calendar?
      text: Old Style, thirteen days behind.
      cite:
        - source: src
          quote: "a shared passage"
  historians:
    - title: Who decided?
      text: Historians still argue.
"""


def write(tmp_path: Path, extra: str = SHARED, endings: str = ENDINGS) -> str:
    (tmp_path / "story.yaml").write_text(STORY.format(extra=extra), encoding="utf-8")
    (tmp_path / "sources.yaml").write_text(SCENES, encoding="utf-8")
    scenes = "scenes:\n  - id: hall\n    title: Hall\n    text: Hi.\n    choices:\n      - {text: A, to: end_a}\n      - {text: B, to: end_b}\n"
    (tmp_path / "scenes.yaml").write_text(scenes + endings, encoding="utf-8")
    return str(tmp_path)


def test_historians_notes_are_their_own_section_tagged_general_by_default(tmp_path):
    story = load_story(write(tmp_path, extra=""))
    d = story.endings["end_a"].debrief
    assert d is not None
    assert [(n.title, n.tag) for n in d.historians] == [("Coup or revolution?", "general"), ("Documented view", "documented")]
    assert [n.title for n in d.disagree] == ["Own note"]
    assert [c.quote for c in d.citations()] == ["a passage"]
    session = Session(story)
    session.choose(story.scenes["hall"].choices[0].id)
    view = session.debrief()
    assert view is not None
    assert [(n.title, n.text, n.tag) for n in view.historians] == [
        ("Coup or revolution?", "Some call it a coup, some a revolution.", "general"),
        ("Documented view", "A note that claims its source.", "documented"),
    ]


def test_shared_notes_reach_every_debrief_after_its_own(tmp_path):
    story = load_story(write(tmp_path))
    a, b = story.endings["end_a"].debrief, story.endings["end_b"].debrief
    assert a is not None and b is not None
    assert [n.title for n in a.disagree] == ["Own note", "Which calendar?"]
    assert [n.title for n in a.historians] == ["Coup or revolution?", "Documented view", "Who decided?"]
    assert [n.title for n in b.disagree] == ["Which calendar?"]
    assert [n.title for n in b.historians] == ["Who decided?"]
    assert b.historians[0].pos.file.endswith("story.yaml") and (b.historians[0].pos.line, b.historians[0].pos.column) == (12, 7)
    # the shared citation sits in both debriefs but is one citation of the story
    assert [c.quote for c in all_citations(story)] == ["a shared passage", "a passage"]


def test_documented_historians_note_without_citation_is_warned(tmp_path):
    endings = ENDINGS.replace('          cite:\n            - source: src\n              quote: "a passage"\n', "")
    story = load_story(write(tmp_path, extra="", endings=endings))
    found = [(f.code, f.pos.line, f.message) for f in check_story(story, stats=False).findings if f.code == "W205"]
    assert found == [("W205", 22, "a 'historians' note tagged 'documented' has no citation")]


@pytest.mark.parametrize(
    ("extra", "line", "column", "code", "message"),
    [
        ("debrief:\n  historian:\n    - {title: T, text: X}\n", 5, 3, "E011", "unknown key 'historian'"),
        ("debrief:\n  historians:\n    - {title: T, text: X, tag: guessed}\n", 6, 32, "E019", "'guessed' is not a valid tag"),
        ("debrief:\n  historians:\n    - {title: T}\n", 6, 7, "E014", "has no 'text'"),
        ("debrief: [one]\n", 4, 10, "E015", "'debrief' of story.yaml must be a mapping"),
    ],
)
def test_bad_shared_notes_are_one_clear_error(tmp_path, extra, line, column, code, message):
    with pytest.raises(StoryError) as caught:
        load_story(write(tmp_path, extra=extra))
    findings = [f for f in caught.value.findings if f.code == code]
    assert findings, [str(f) for f in caught.value.findings]
    f = findings[0]
    assert f.pos.file.endswith("story.yaml") and (f.pos.line, f.pos.column) == (line, column)
    assert message in f.message
