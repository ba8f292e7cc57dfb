"""W210: a ``{…}`` or ``[[…]]`` in text shown as written (not a template) is reported where it is.

The bad fixture ``braces_shown_as_written`` covers a place, a label, an act, the subtitle, a glossary
entry and a debrief question (tests/story/test_bad_fixtures.py); here are the other kinds of text,
the primer (which reads [[links]] but not {…}), notes shared by every ending, quotes (the source's
own words, never reported) and what happens when the file changed after loading.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.story import plain_text
from game.story.check import check_story
from game.story.loader import load_story

STORY = """\
id: braces
title: Braces
primer: |
  Read the [[Soviet]] entry first.
perspectives:
  - id: clerk
    title: The clerk
    description: You keep the minutes.
    start: hall
variables:
  coins: {type: int, default: 1, visible: true, label: Coins}
debrief:
  historians:
    - title: What the delegates knew
      text: Less than they said.
timeline:
  - date: 1917-10-25
    event: The Soviet meets.
    tag: general
"""

SCENES = """\
scenes:
  - id: hall
    title: Hall
    text: You have {coins}.
    choices:
      - {id: go, text: Go, to: end, set: coins += 1}
endings:
  - id: end
    title: End
    text: The end.
    debrief:
      what_happened:
        - text: It ended.
          tag: documented
          cite:
            - source: minutes
              quote: "the {chair} said"
              note: as the minutes say
      questions: [Why?]
"""

SOURCES = """\
sources:
  - key: minutes
    title: Minutes
    file: minutes.txt
"""

GLOSSARY = """\
terms:
  - term: Soviet
    text: A council.
"""


def write(tmp_path: Path, story: str = STORY, scenes: str = SCENES) -> str:
    for name, text in (("story.yaml", story), ("scenes.yaml", scenes), ("sources.yaml", SOURCES), ("glossary.yaml", GLOSSARY)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return str(tmp_path)


def w210(root: str) -> list[str]:
    return [str(f).replace(root + "/", "") for f in check_story(load_story(root), stats=False).findings if f.code == "W210"]


def test_a_clean_story_has_no_w210_and_reads_no_file_again(tmp_path, monkeypatch):
    """Quotes keep their braces (the source's words); the primer's [[link]] is read; nothing is re-read."""
    monkeypatch.setattr(plain_text, "read_file", lambda *a: pytest.fail("a clean story's files are read again"))
    assert w210(write(tmp_path)) == []


HINT = "this text takes no {…} or [[…]]: write the words out; 'Text' in docs/authoring.md lists the texts that are templates"


@pytest.mark.parametrize(
    ("where", "old", "new", "finding"),
    [
        ("story", "Read the [[Soviet]] entry first.", "Welcome, {player}.",
         "story.yaml:4:12: warning: the primer is shown as written: '{player}' is not filled in [W210] "
         "(this text takes [[links]] but no {…}: write the words out; 'Text' in docs/authoring.md lists the texts that are templates)"),
        ("story", "title: The clerk", "title: The clerk ({coins} coins)",
         f"story.yaml:7:23: warning: a perspective's title is shown as written: '{{coins}}' is not filled in [W210] ({HINT})"),
        ("story", "You keep the minutes.", "You keep the [[minutes]].",
         f"story.yaml:8:31: warning: a perspective's description is shown as written: '[[minutes]]' is not a link [W210] ({HINT})"),
        ("story", "What the delegates knew", "What {coins} delegates knew",
         f"story.yaml:14:19: warning: a debrief note's title is shown as written: '{{coins}}' is not filled in [W210] ({HINT})"),
        ("story", "The Soviet meets.", "The [[Soviet]] meets.",
         f"story.yaml:18:16: warning: a timeline event is shown as written: '[[Soviet]]' is not a link [W210] ({HINT})"),
        ("scenes", "as the minutes say", "as {the minutes} say",
         f"scenes.yaml:18:24: warning: a citation's note is shown as written: '{{the minutes}}' is not filled in [W210] ({HINT})"),
        ("scenes", "questions: [Why?]", "questions: ['Why {coins}?']",
         f"scenes.yaml:19:24: warning: a debrief question is shown as written: '{{coins}}' is not filled in [W210] ({HINT})"),
    ],
)
def test_each_kind_of_text_shown_as_written_is_reported_at_its_brace(tmp_path, where, old, new, finding):
    story, scenes = (STORY.replace(old, new), SCENES) if where == "story" else (STORY, SCENES.replace(old, new))
    assert (story, scenes) != (STORY, SCENES)
    assert w210(write(tmp_path, story, scenes)) == [finding]


def test_a_source_title_is_reported_in_sources_yaml(tmp_path):
    root = write(tmp_path)
    (tmp_path / "sources.yaml").write_text(SOURCES.replace("title: Minutes", "title: Minutes of {date}"), encoding="utf-8")
    assert w210(root) == [f"sources.yaml:3:23: warning: a source's title is shown as written: '{{date}}' is not filled in [W210] ({HINT})"]


def test_a_note_every_ending_shares_is_reported_once(tmp_path):
    scenes = SCENES.replace("      - {id: go, text: Go, to: end, set: coins += 1}",
                            "      - {id: go, text: Go, to: end, set: coins += 1}\n      - {id: other, text: Other, to: end2}")
    scenes += "  - {id: end2, title: End two, text: Also the end., debrief: {questions: [How?]}}\n"
    found = w210(write(tmp_path, STORY.replace("What the delegates knew", "What {coins} delegates knew"), scenes))
    assert len(found) == 1 and found[0].startswith("story.yaml:14:19: warning: a debrief note's title")


def test_a_file_changed_since_loading_is_reported_at_the_record(tmp_path):
    root = write(tmp_path, STORY.replace("title: The clerk", "title: The clerk ({coins} coins)"))
    story = load_story(root)
    (tmp_path / "story.yaml").write_text("id: gone\n", encoding="utf-8")
    found = [str(f).replace(root + "/", "") for f in check_story(story, stats=False).findings if f.code == "W210"]
    assert found == [f"story.yaml:6:5: warning: a perspective's title is shown as written: '{{coins}}' is not filled in [W210] ({HINT})"]
