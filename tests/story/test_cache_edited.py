"""A compiled-story image edited on purpose, its checksum written again: never a traceback, never a wrong game.

The checksum only finds damage. These tests take a real image from the cache,
change something a game relies on (a choice's target, an expression's types, a
record's fields), write the checksum as ``game.story.cache`` does, and check
that the game plays as the story's YAML says: refused at start, or, for a
scene built when the game first visits it, taken from the YAML then (and the
image removed, so the next start writes a good one).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zlib
from dataclasses import fields
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.commands._common import load_checked
from game.play.session import Session
from game.story import cache
from game.story.errors import PlayError
from game.story.image import NODES, ImageError, loads, pack
from game.story.loader import load_story
from game.story.model import Scene

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini"
PLAY = ["1", "2", "1", "", ""]  # take the rifle, go to the Smolny, stay, skip the question, leave


class Image:
    """A story image taken apart: its header's key, its first line as JSON and each node's JSON by id."""

    def __init__(self, path: Path):
        head, _, body = path.read_bytes().partition(b"\n")
        line, _, section = body.partition(b"\n")
        self.path = path
        self.key = head.split(b" ")[2].decode()
        self.doc = orjson.loads(line)
        self.nodes: dict[str, Any] = {}
        for part in self.doc["body"][1:]:
            if type(part) is list and part and part[0] == NODES:
                for i in range(2, len(part), 2):
                    start, end = part[i]
                    part[i] = self.nodes[part[i - 1]] = orjson.loads(section[start:end])

    def code(self, name: str) -> int:
        return self.doc["classes"].index(name) + 10

    def records(self, value: Any, name: str) -> list[list[Any]]:
        """Every record of class ``name`` inside ``value``."""
        found = []
        if type(value) is list and value:
            if value[0] == self.code(name):
                found.append(value)
            for item in value[1:]:
                found += self.records(item, name)
        return found

    def write(self) -> None:
        """Pack it as ``image.dumps`` does and write the header with the checksum as ``cache`` does (CRC-32)."""
        doc = orjson.loads(orjson.dumps(self.doc))
        body = pack(doc)
        header = f"petrograd-story {doc['format']} {self.key} {zlib.crc32(body):08x}".encode()
        self.path.write_bytes(header + b"\n" + body)


def _target_to_nowhere(image: Image) -> None:
    choices = [c for c in image.records(image.nodes["barracks"], "Choice") if c[3] == "smolny"]  # id, text, target
    assert choices
    for choice in choices:
        choice[3] = "nowhere"


def _number_to_text(image: Image) -> None:
    """``standing += 1`` becomes ``standing += "one"``: the tree is well formed, its types are not."""
    (assign,) = [a for a in image.records(image.nodes["barracks"], "Assign") if a[1] == "standing"]
    assign[3][1] = "one"


def _operand_to_text(image: Image) -> None:
    """A comparison whose left side is a bare string where an expression node belongs."""
    (binary,) = image.records(image.nodes["barracks"], "Binary")
    binary[2] = "standing"


def _scene_cut_short(image: Image) -> None:
    image.nodes["smolny"].pop()


def _choices_not_a_tuple(image: Image) -> None:
    (scene,) = image.records(image.nodes["smolny"], "Scene")
    choices = scene.index([0, *image.records(image.nodes["smolny"], "Choice")])
    scene[choices] = "stay"


def _unknown_variable(image: Image) -> None:
    for name in image.records(image.nodes["smolny"], "Name"):
        name[1] = "morale"


def _start_to_nowhere(image: Image) -> None:
    for perspective in image.records(image.doc["body"], "Perspective"):
        perspective[4] = "nowhere"


EDITS = {
    "choice-target-missing": (_target_to_nowhere, "barracks"),
    "number-becomes-text": (_number_to_text, "barracks"),
    "operand-not-a-node": (_operand_to_text, "barracks"),
    "scene-cut-short": (_scene_cut_short, "smolny"),
    "choices-not-a-tuple": (_choices_not_a_tuple, "smolny"),
    "unknown-variable": (_unknown_variable, "smolny"),
    "start-missing": (_start_to_nowhere, None),
}


@pytest.fixture
def mini(tmp_path, monkeypatch):
    """A copy of the mini story, its image in a cache folder of its own, and that image taken apart."""
    monkeypatch.setenv("PETROGRAD_CACHE", str(tmp_path / "cache"))
    root = tmp_path / "story"
    shutil.copytree(MINI, root)
    assert load_checked(str(root), lazy=True) is not None
    key = cache.story_key(str(root))
    path = tmp_path / "cache" / f"{key}.story.json"
    assert path.exists()
    return root, Image(path)


def _play(root: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PETROGRAD_CACHE": str(tmp_path / "cache"), "PETROGRAD_SAVES": str(tmp_path / "saves")}
    return subprocess.run(
        [sys.executable, "-m", "game", "play", "--plain", "--perspective", "soldier", str(root)],
        input="\n".join(PLAY) + "\n", capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )


@pytest.mark.parametrize("edit", list(EDITS), ids=list(EDITS))
def test_an_edited_image_plays_the_story_as_its_yaml_says(mini, tmp_path, edit):
    """End to end: the whole game through ``petrograd play --plain``, the edited scene reached mid-way."""
    root, image = mini
    good = _play(root, tmp_path)
    assert good.returncode == 0, good.stderr
    shutil.rmtree(tmp_path / "saves")
    change, _ = EDITS[edit]
    change(image)
    image.write()
    assert cache.read(image.key, lazy=False) is None  # an eager read refuses it at once (the next test)
    edited = _play(root, tmp_path)
    assert (edited.returncode, edited.stderr) == (0, "")
    assert edited.stdout == good.stdout
    assert "The Smolny" in edited.stdout and "Traceback" not in edited.stdout + edited.stderr
    assert not image.path.exists() or Image(image.path).doc != image.doc  # removed, or written again good
    assert load_checked(str(root), lazy=True) == load_story(str(root))


@pytest.mark.parametrize("edit", list(EDITS), ids=list(EDITS))
def test_an_edited_image_is_refused_at_start_or_when_its_scene_is_built(mini, edit):
    root, image = mini
    change, scene = EDITS[edit]
    change(image)
    image.write()
    body = image.path.read_bytes().partition(b"\n")[2]
    with pytest.raises(ImageError, match=r"^not a story image \("):
        loads(body)  # built whole: refused at once
    yaml_story = load_story(str(root))
    lazy = cache.read(image.key, lazy=True)
    if scene is None:
        assert lazy is None  # a part outside the scenes: refused at start, the YAML is read
    else:
        assert lazy is not None and image.path.exists()
        assert lazy.scenes[scene] == yaml_story.scenes[scene]  # built from the YAML mid-game
        assert not image.path.exists()  # and the edited image is gone


def test_an_edited_image_whose_story_no_longer_loads_names_the_image(mini):
    """The last resort: the YAML changed into an error after the game started. One line, naming both."""
    root, image = mini
    _scene_cut_short(image)
    image.write()
    lazy = cache.read(image.key, lazy=True)
    assert lazy is not None
    (root / "scenes.yaml").write_text("scenes: [")
    with pytest.raises(ImageError) as caught:
        lazy.scenes["smolny"]
    assert str(caught.value) == (
        f"{image.path}: not a story image (Scene with {len(fields(Scene)) - 1} fields); the story's files in {root} do not load now"
        " either (run 'petrograd check' on them)"
    )


_GOOD: dict[Path, bytes] = {}


def good_image(path: Path) -> bytes:
    """The image as the cache wrote it (the fixture runs once for all of hypothesis's examples)."""
    if path not in _GOOD:
        _GOOD[path] = path.read_bytes()
    return _GOOD[path]


def test_that_error_is_one_line_and_exit_1_from_the_command_line(mini, monkeypatch, capsys):
    from game.cli import main
    from game.commands import play

    root, image = mini
    _scene_cut_short(image)
    image.write()
    (root / "scenes.yaml").write_text("scenes: [")
    lazy = cache.read(image.key, lazy=True)
    assert lazy is not None
    monkeypatch.setattr(play, "run", lambda args: lazy.scenes["smolny"])  # the game reaches the scene
    assert main(["play", "--plain", str(root)]) == 1
    assert capsys.readouterr().err == (
        f"petrograd play: {image.path}: not a story image (Scene with {len(fields(Scene)) - 1} fields); the story's files in {root}"
        " do not load now either (run 'petrograd check' on them)\n"
    )


def _leaves(value: Any, at: tuple[int, ...] = ()) -> list[tuple[int, ...]]:
    """The places of every scalar inside a node's JSON (skipping each list's first item, its kind)."""
    if type(value) is not list:
        return [at]
    return [place for i, item in enumerate(value[1:], 1) for place in _leaves(item, (*at, i))]


REPLACEMENTS = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from(["", "nowhere", "standing", "smolny", "=="]),
    st.just([0]), st.just([2, 0]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzz_any_edited_scalar_plays_without_a_crash(mini, data):
    """Any one value of any scene changed, the checksum written again: a game walks every choice it offers
    without an error other than a refused choice, or the image is refused."""
    root, image = mini
    image.path.write_bytes(good_image(image.path))
    image = Image(image.path)
    node = data.draw(st.sampled_from(sorted(image.nodes)))
    place = data.draw(st.sampled_from(_leaves(image.nodes[node])))
    holder = image.nodes[node]
    for i in place[:-1]:
        holder = holder[i]
    holder[place[-1]] = data.draw(REPLACEMENTS)
    image.write()
    story = cache.read(image.key, lazy=True)
    if story is None:
        return
    for perspective in ("soldier", "worker"):
        session = Session(story, perspective)
        for _ in range(8):
            view = session.current()
            session.status()
            if session.finished:
                session.debrief()
                break
            offered = [c for c in view.choices if c.available]
            if not offered:
                break
            try:
                session.choose(data.draw(st.sampled_from(offered)).id)
            except PlayError:
                break


def test_a_good_image_is_read_whole_eager_and_lazy(mini):
    root, image = mini
    data = image.path.read_bytes().partition(b"\n")[2]
    eager = loads(data)
    lazy = loads(data, lazy=True)
    assert eager == load_story(str(root))
    assert {k: lazy.scenes[k] for k in lazy.scenes} == dict(eager.scenes)
