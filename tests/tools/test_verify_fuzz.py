"""verify and the renderers on randomly damaged transcripts: a verdict or a clean refusal, never a crash."""

from __future__ import annotations

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_transcript import STORY, play

from game.story.loader import load_story
from game.tools.transcript import TranscriptError, build_transcript, parse_transcript, with_story_calendar
from game.tools.transcript_html import render_html
from game.tools.transcript_markdown import render_markdown
from game.tools.verify import verify_transcript

STORY_OBJ = load_story(STORY)
GENUINE = build_transcript(play(STORY_OBJ), 600)
JUNK = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=8),
                 st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


def paths(value, prefix=()):
    """Every key path inside a JSON value."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from paths(item, (*prefix, i))


ALL_PATHS = [p for p in paths(GENUINE) if p]
# Carried, not checked (the guide says so): answers, time, export date, assignment, engine, seed, name.
CARRIED = {"questions", "played_seconds", "exported", "assignment", "engine", "seed", "student"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(ALL_PATHS), JUNK, st.booleans()), min_size=1, max_size=4))
def test_damaged_transcripts_never_crash(edits):
    data = copy.deepcopy(GENUINE)
    for path, junk, delete in edits:
        holder = data
        try:
            for key in path[:-1]:
                holder = holder[key]
            if delete and isinstance(holder, dict):
                holder.pop(path[-1], None)
            else:
                holder[path[-1]] = junk
        except (KeyError, IndexError, TypeError):
            continue
    try:
        checked = parse_transcript(json.dumps(data))
    except TranscriptError:
        return
    verdict = verify_transcript(checked, STORY_OBJ)
    if verdict.genuine:  # then everything verify claims to check is exactly as the game wrote it
        # A story block with no calendar is one written before stories declared theirs: verify reads it
        # in the story's calendar, as the renderers do when the story is at hand.
        checked = with_story_calendar(checked, STORY_OBJ)
        for key in set(GENUINE) - CARRIED:
            assert checked.get(key) == GENUINE[key], key
        assert [q["question"] for q in checked["questions"]] == [q["question"] for q in GENUINE["questions"]]
    else:
        assert verdict.first
    render_markdown(checked)
    render_html(checked)
