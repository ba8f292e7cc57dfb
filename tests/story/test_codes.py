"""Every finding code is registered, documented in docs/authoring.md, and produced by some test story."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from game.story.check import CODES, check_story
from game.story.codes import ALL_CODES, CHECK_CODES, LOAD_CODES, markdown_table
from game.story.errors import StoryError
from game.story.loader import load_story

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "fixtures" / "bad"
DOC = ROOT / "docs" / "authoring.md"


def test_docs_table_is_the_generated_one():
    text = DOC.read_text(encoding="utf-8")
    found = re.search(r"<!-- error-codes:[^>]*-->\n(.*?)<!-- /error-codes -->", text, re.S)
    assert found, "docs/authoring.md lost its error-codes markers"
    assert found.group(1) == markdown_table(), "regenerate the table from game.story.codes.markdown_table()"


def test_every_code_in_the_source_is_registered_and_back():
    written = set()
    for path in (ROOT / "game" / "story").glob("*.py"):
        if path.name != "codes.py":
            written |= set(re.findall(r'"([EW]\d{3})"', path.read_text(encoding="utf-8")))
    assert written == set(ALL_CODES)
    assert CODES == CHECK_CODES and not set(LOAD_CODES) & set(CHECK_CODES)
    assert all(c.startswith("E0") for c in LOAD_CODES)


def codes_of(root: str) -> set[str]:
    try:
        return {f.code for f in check_story(load_story(root)).findings}
    except StoryError as exc:
        return {f.code for f in exc.findings}


def test_no_story_yaml_is_E000(tmp_path):
    assert codes_of(str(tmp_path)) == {"E000"}
    assert codes_of(str(tmp_path / "missing")) == {"E000"}


def test_unreadable_file_is_E002(tmp_path):
    story = tmp_path / "story"
    story.mkdir()
    for name in os.listdir(BAD / "_clean"):
        (story / name).write_bytes((BAD / "_clean" / name).read_bytes())
    os.symlink(tmp_path / "nowhere.yaml", story / "broken.yaml")
    with pytest.raises(StoryError) as caught:
        load_story(str(story))
    [finding] = caught.value.findings
    assert (finding.code, finding.pos.file, finding.message) == (
        "E002", str(story / "broken.yaml"), "cannot read the file: No such file or directory"
    )


def test_every_code_is_produced_by_a_fixture_or_a_test_here(bad_stories):
    seen = {"E000", "E002", "E003"}  # above, and in test_yaml_safety (a 1 GiB file is not committed)
    for folder in bad_stories.iterdir():
        if folder.is_dir():
            seen |= codes_of(str(folder))
    assert set(ALL_CODES) - seen == set()
