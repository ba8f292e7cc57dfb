"""The compiled-story cache: used only while nothing loading depends on has changed, never an error."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.commands._common import load_checked
from game.story import cache
from game.story.image import FORMAT
from game.story.loader import load_story

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SCENES = ROOT / "scenes"


@pytest.fixture
def story_dir(tmp_path, monkeypatch):
    """A copy of the mini story and an empty cache folder of its own."""
    monkeypatch.setenv("PETROGRAD_CACHE", str(tmp_path / "cache"))
    root = tmp_path / "story"
    shutil.copytree(FIXTURES / "mini", root)
    return root


def _images(tmp_path):
    folder = tmp_path / "cache"
    return sorted(p.name for p in folder.glob("*.story.json")) if folder.exists() else []


def test_a_clean_story_is_stored_and_read_back_equal(story_dir, tmp_path):
    first = load_checked(str(story_dir), image=True)
    key = cache.story_key(str(story_dir))
    assert _images(tmp_path) == [f"{key}.story.json"]
    assert key is not None
    again = cache.read(key)
    assert again is not None and again is not first and again == first
    assert load_checked(str(story_dir), image=True) == first


def test_the_player_starts_from_the_image_without_yaml(tmp_path):
    """What the cache is for: the second start of the shipped story imports no PyYAML, loader or checks."""
    code = (
        "import sys; from game.commands._common import load_checked; "
        f"s = load_checked({str(SCENES)!r}, image=True); "
        "print(len(s.scenes), sorted(m for m in ('yaml', 'game.story.loader', 'game.story.check') if m in sys.modules))"
    )
    env = {**os.environ, "PETROGRAD_CACHE": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT) for _ in range(2)]
    shipped = load_checked(str(SCENES), image=True)
    assert shipped is not None
    scenes = len(shipped.scenes)  # any count: the story grows
    assert [r.stdout.strip() for r in runs] == [f"{scenes} ['game.story.check', 'game.story.loader', 'yaml']", f"{scenes} []"]
    assert [r.stderr for r in runs] == ["", ""]


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "scenes.yaml").write_text((root / "scenes.yaml").read_text() + "# a comment\n"),
        lambda root: (root / "more.yaml").write_text("scenes: []\n"),
        lambda root: (root / "sub").mkdir() or (root / "sub" / "x.yml").write_text("scenes: []\n"),
        lambda root: (root / "glossary.yaml").unlink(),
        lambda root: (root / "glossary.yaml").rename(root / "other.yaml"),
    ],
    ids=["edit", "new-file", "new-sub-file", "removed", "renamed"],
)
def test_any_change_of_the_story_files_changes_the_key(story_dir, change):
    before = cache.story_key(str(story_dir))
    change(story_dir)
    assert cache.story_key(str(story_dir)) not in (None, before)


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "notes.txt").write_text("not part of the story"),
        lambda root: (root / ".hidden.yaml").write_text("scenes: []\n"),
        lambda root: (root / "tests").mkdir() or (root / "tests" / "t.yaml").write_text("tests: []\n"),
    ],
    ids=["other-file", "hidden", "story-tests"],
)
def test_files_the_loader_never_reads_leave_the_key(story_dir, change):
    before = cache.story_key(str(story_dir))
    change(story_dir)
    assert cache.story_key(str(story_dir)) == before


def test_the_folder_as_given_and_the_engine_are_in_the_key(story_dir, monkeypatch):
    """Positions hold the folder as it was given, so another spelling is another image."""
    key = cache.story_key(str(story_dir))
    assert cache.story_key(str(story_dir) + os.sep) != key
    monkeypatch.setattr(cache, "_engine", lambda: b"another engine")
    assert cache.story_key(str(story_dir)) != key


def test_a_story_with_errors_is_never_stored(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PETROGRAD_CACHE", str(tmp_path / "cache"))
    assert load_checked(str(FIXTURES / "bad" / "syntax"), image=True) is None
    assert "error" in capsys.readouterr().err
    assert _images(tmp_path) == []


def test_a_story_that_changed_while_loading_is_not_stored(story_dir, tmp_path, monkeypatch):
    keys = iter(["a" * 64, "b" * 64])
    monkeypatch.setattr(cache, "story_key", lambda root: next(keys))
    assert load_checked(str(story_dir), image=True) is not None
    assert _images(tmp_path) == []


def _stored(story_dir):
    load_checked(str(story_dir), image=True)
    key = cache.story_key(str(story_dir))
    folder = cache.cache_dir()
    assert folder is not None
    return key, folder / f"{key}.story.json"


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: data[:-5] + (b"X" if data[-5:-4] != b"X" else b"Y") + data[-4:],
        lambda data: b"",
        lambda data: data.replace(b"petrograd-story %d " % FORMAT, b"petrograd-story %d " % (FORMAT + 1), 1),
        lambda data: data.split(b"\n", 1)[1],
    ],
    ids=["truncated", "flipped-byte", "empty", "other-format", "no-header"],
)
def test_a_damaged_image_is_ignored_and_replaced(story_dir, damage):
    key, path = _stored(story_dir)
    good = path.read_bytes()
    path.write_bytes(damage(good))
    assert cache.read(key) is None
    assert load_checked(str(story_dir), image=True) == load_story(str(story_dir))
    assert path.read_bytes() == good


def test_an_image_that_passes_its_checksum_but_is_not_a_story_is_ignored(story_dir):
    import zlib

    key, path = _stored(story_dir)
    body = b'{"format": %d, "classes": ["Popen"], "body": [10]}\n' % FORMAT
    path.write_bytes(f"petrograd-story {FORMAT} {key} {zlib.crc32(body):08x}".encode() + b"\n" + body)
    assert cache.read(key) is None
    assert load_checked(str(story_dir), image=True) is not None


def test_an_image_filed_under_another_key_is_ignored(story_dir):
    key, path = _stored(story_dir)
    other = "0" * 64
    path.rename(path.with_name(f"{other}.story.json"))
    assert cache.read(other) is None


@pytest.mark.parametrize("value", ["off", "OFF", "0", ""])
def test_off_means_no_cache(story_dir, tmp_path, monkeypatch, value):
    monkeypatch.setenv("PETROGRAD_CACHE", value)
    assert cache.cache_dir() is None
    assert load_checked(str(story_dir), image=True) is not None
    assert not any(tmp_path.rglob("*.story.json"))


def test_without_the_variable_the_user_cache_folder_is_used(monkeypatch, tmp_path):
    monkeypatch.delenv("PETROGRAD_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "petrograd" / "stories"


def test_an_unwritable_cache_folder_only_means_no_image(story_dir, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder would be")
    monkeypatch.setenv("PETROGRAD_CACHE", str(blocker / "cache"))
    assert load_checked(str(story_dir), image=True) == load_story(str(story_dir))
    assert not list(tmp_path.glob(".*.tmp"))


def test_an_unreadable_story_file_means_no_key(story_dir, monkeypatch):
    real_open = os.open

    def failing(path, *args, **kwargs):
        if str(path).endswith("scenes.yaml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("os.open", failing)
    assert cache.story_key(str(story_dir)) is None


def test_a_fifo_among_the_story_files_means_no_key_and_no_wait(story_dir):
    """Opening a FIFO for reading would wait for a writer for ever: it is refused unread."""
    os.mkfifo(story_dir / "more.yaml")
    assert cache.story_key(str(story_dir)) is None


def test_only_the_newest_images_are_kept(story_dir, tmp_path):
    story = load_story(str(story_dir))
    folder = cache.cache_dir()
    assert folder is not None
    for n in range(cache.KEEP + 5):
        cache.write(f"{n:064x}", story)
        os.utime(folder / f"{n:064x}.story.json", ns=(n * 10**9, n * 10**9))
    kept = _images(tmp_path)
    assert len(kept) == cache.KEEP
    assert f"{cache.KEEP + 4:064x}.story.json" in kept and f"{0:064x}.story.json" not in kept


def test_tools_go_to_the_yaml_and_keep_no_image(story_dir, tmp_path):
    """A tool reads every scene: from the YAML that is cheaper than the whole image, so none is read or written."""
    assert load_checked(str(story_dir)) == load_story(str(story_dir))
    assert _images(tmp_path) == []
    load_checked(str(story_dir), lazy=True)  # a game: kept for its next start
    key = cache.story_key(str(story_dir))
    assert _images(tmp_path) == [f"{key}.story.json"]
