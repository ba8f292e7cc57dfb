"""The shipped story's endings read right for everyone who can reach them, and every debrief teaches.

The explorer finds every (ending, final state) a player can reach from each
perspective; its states are merged only where nothing the ending's text or
epilogue reads differs, so replaying one witness per state renders every
reachable combination of the texts' conditional branches. On each rendering:
no wording that fits only another perspective ("a soldier-Bolshevik like you"
for the worker), and no conditional parts run together ("real.You").

Then the debriefs themselves: 3-4 reflection questions with at least one on the
sources, one on historians' interpretations and one on the choices of the
people involved; a "historians disagree" section of the ending's own; the
shared lessons on sources and calendars; and an epilogue that tells 1917-1922,
not only the 1930s.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

from game.story.loader import load_story
from game.story.model import Story
from game.tools.explore import explore
from game.tools.witness import replay

SCENES = Path(__file__).resolve().parent.parent / "scenes"

# Wording that fits one perspective only; no other perspective may meet it in an ending.
ONLY_FOR = {
    "soldier": [r"\byour (own )?(battalion|company|regiment)\b", r"\blike you, rose\b", r"\ba soldier of the old army\b",
                r"\byour men\b"],
    "worker": [r"\b(at|from) your works\b", r"\byour works has\b"],
    "left_sr": [r"\byour (own )?party\b", r"\byour Left SR comrades\b", r"\byour home province\b"],
}
# Two words run together where conditional parts meet: "real.You", "too.Your", "fell,The".
JOINED = re.compile(r"[a-z]{2,}[.!?;:,][A-Z][a-z]|\b[a-z]{2,}[A-Z][a-z]{2,}\b")


@cache
def story() -> Story:
    return load_story(str(SCENES))


@cache
def renderings() -> dict[tuple[str, str | None], list[str]]:
    """(ending, perspective) -> the ending's text and debrief, rendered for every reachable final state."""
    s = story()
    found = explore(s)
    assert found.complete, "the explorer stopped before it had seen every state"
    out: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    for i, key in enumerate(found.keys):
        if key[0] not in s.endings:
            continue
        session = replay(s, found.witness(i))
        d = session.debrief()
        assert d is not None
        parts = [session.current().text, *(x.text for x in d.what_happened), *(n.text for n in (*d.disagree, *d.historians))]
        parts += [x.text for x in d.epilogue]
        out[(key[0], found.perspective[i])].append("\n\n".join(parts))
    return dict(out)


def test_every_ending_is_reached_and_walked():
    reached = renderings()
    assert {ending for ending, _ in reached} == set(story().endings)
    # the worker and the Left SR can be commissars and rise too (E9), and only the soldier goes to the front (E8)
    assert ("end_e9_rose", "worker") in reached and ("end_e9_rose", "left_sr") in reached
    assert {p for e, p in reached if e == "end_e8_front"} == {"soldier"}


@pytest.mark.parametrize("perspective", sorted(ONLY_FOR))
def test_no_ending_speaks_to_the_wrong_perspective(perspective):
    own = [re.compile(p, re.I) for p in ONLY_FOR[perspective]]
    wrong = []
    for (ending, who), texts in renderings().items():
        if who == perspective:
            continue
        for text in texts:
            for pattern in own:
                if m := pattern.search(text):
                    wrong.append(f"{ending} as {who}: …{text[max(0, m.start() - 50):m.end() + 20]}…")
    assert sorted(set(wrong)) == []
    # the markers are live: each still appears in some ending its own perspective reaches
    mine = [t for (_, who), texts in renderings().items() if who == perspective for t in texts]
    for pattern in own:
        assert any(pattern.search(t) for t in mine), f"{pattern.pattern} no longer appears for {perspective}"


def test_conditional_parts_never_run_words_together():
    joined = set()
    for (ending, who), texts in renderings().items():
        for text in texts:
            for m in JOINED.finditer(text):
                joined.add(f"{ending} as {who}: …{text[max(0, m.start() - 30):m.end() + 10]}…")
    assert sorted(joined) == []


def test_the_join_and_perspective_checks_can_fail():
    """A negative control: the patterns catch the faults they are for."""
    assert JOINED.search("It does not yet feel real.You insisted") and JOINED.search("too.Your own party")
    assert not JOINED.search("in St. Petersburg. You see; Mr. Smith, 10 a.m. Then")
    assert re.search(ONLY_FOR["soldier"][1], "Yezhov, a soldier-Bolshevik of 1917 like you, rose to run the Purge", re.I)


SOURCES = re.compile(r"\b(sources?|handout|notes|calendar page|page|evidence)\b", re.I)
HISTORIANS = re.compile(r"\b([Hh]istorians?|Pipes|Rabinowitch|Smith|Figes|Sukhanov|Soviet (histories|textbook))\b")
ETHICS = re.compile(r"\b(judg\w*|right|wrong|responsib\w*|betray\w*|loyal\w*|weigh|justified|refus\w*)\b", re.I)


@pytest.mark.parametrize("ending_id", sorted(story().endings))
def test_questions_are_three_or_four_and_balanced(ending_id):
    debrief = story().endings[ending_id].debrief
    assert debrief is not None
    questions = debrief.questions
    assert 3 <= len(questions) <= 4, questions
    for name, family in (("the sources", SOURCES), ("historians' interpretations", HISTORIANS), ("choices and ethics", ETHICS)):
        assert any(family.search(q) for q in questions), f"{ending_id} asks nothing about {name}"


@pytest.mark.parametrize("ending_id", sorted(story().endings))
def test_every_debrief_teaches_sources_calendars_historians_and_the_aftermath(ending_id):
    d = story().endings[ending_id].debrief
    assert d is not None
    titles = [n.title for n in d.disagree]
    assert "How far to trust each source" in titles and "Which calendar is a date in?" in titles
    shared = {"Revolution or coup? The schools of interpretation", "Did Stalin betray the revolution?"}
    own = [n for n in d.historians if n.title not in shared]
    assert own and all(n.tag == "general" for n in d.historians)
    assert shared <= {n.title for n in d.historians}
    for school in ("Soviet", "Trotsky", "Pipes", "Rabinowitch", "Figes"):
        assert any(school in n.text.source for n in d.historians), school
    # the epilogue tells what happened under Lenin, not only the 1930s: an unconditional general statement on 1917-1922
    assert any(
        s.condition is None and s.tag == "general" and re.search(r"\b19(1[7-9]|2[0-2])\b", s.text.source) for s in d.epilogue
    ), ending_id
