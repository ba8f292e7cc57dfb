"""`petrograd check` as an author runs it: exit codes, compiler-style lines, --json shape, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main

ROOT = Path(__file__).resolve().parent.parent
BAD = Path("tests/fixtures/bad")  # relative, as an author types it (tests run from a copy of the checkout's fixtures)
STAT_KEYS = {
    "scenes", "endings", "choices", "variables", "sources", "glossary",
    "people", "perspectives", "acts", "words", "reading_minutes",
}


@pytest.fixture(autouse=True)
def _in_checkout(monkeypatch, checkout):
    """In a folder laid out like the checkout, with every bad story whole (tests/conftest.py: ``checkout``)."""
    monkeypatch.chdir(checkout)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_story_exits_0(capsys):
    code, out, err = run(capsys, "tests/fixtures/mini")
    assert code == 0
    assert out.strip().endswith("0 errors, 0 warnings")
    assert err == ""


def test_warnings_pass_unless_strict(capsys):
    code, out, _ = run(capsys, str(BAD / "unreachable"))
    assert code == 0
    assert "tests/fixtures/bad/unreachable/scenes.yaml:21:5: warning: 'attic' cannot be reached from any start [W200]" in out
    code, _, _ = run(capsys, str(BAD / "unreachable"), "--strict")
    assert code == 1


def test_errors_exit_1_with_compiler_lines_on_stderr(capsys):
    code, out, err = run(capsys, str(BAD / "unknown_key"))
    assert code == 1
    assert err.splitlines()[0] == (
        "tests/fixtures/bad/unknown_key/scenes.yaml:17:5: error: unknown key 'choises' in scene 'stairs' "
        "[E011] (did you mean 'choices'?)"
    )
    code, _, err = run(capsys, str(BAD / "unknown_target"))
    assert code == 1
    assert "scenes.yaml:11:13: error: choice goes to unknown scene 'stairz' [E100] (did you mean 'stairs'?)" in err


@pytest.mark.parametrize("args", [["--bogus"], ["a", "b"], ["--json=yes"]])
def test_usage_errors_exit_2(capsys, args):
    with pytest.raises(SystemExit) as caught:
        main(["check", *args])
    assert caught.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_missing_story_folder_is_a_usage_error(capsys):
    code, _, err = run(capsys, "no/such/folder")
    assert code == 2
    assert "no/such/folder" in err and "Traceback" not in err


def test_real_process_exit_codes():
    def rc(*args: str) -> int:
        return subprocess.run([sys.executable, "-m", "game", "check", *args], cwd=Path.cwd(), capture_output=True).returncode

    assert (rc("tests/fixtures/mini"), rc(str(BAD / "unknown_key")), rc("--nope")) == (0, 1, 2)


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / BAD).iterdir() if p.is_dir()))
def test_no_fixture_gives_a_traceback(capsys, name):
    for extra in ([], ["--json"]):
        code, out, err = run(capsys, str(BAD / name), *extra)
        assert code in (0, 1)
        assert "Traceback" not in out + err and "internal error" not in err
        if extra:
            json.loads(out)


def test_json_shape(capsys):
    code, out, _ = run(capsys, str(BAD / "unknown_target"), "--json")
    assert code == 1
    data = json.loads(out)
    assert set(data) == {"errors", "warnings", "stats"}
    [error] = data["errors"]
    assert error == {
        "file": "tests/fixtures/bad/unknown_target/scenes.yaml",
        "line": 11,
        "column": 13,
        "code": "E100",
        "message": "choice goes to unknown scene 'stairz'",
        "hint": "did you mean 'stairs'?",
        "severity": "error",
    }
    assert [w["code"] for w in data["warnings"]] == ["W200", "W200"]
    assert STAT_KEYS <= set(data["stats"])


def test_json_stats_of_a_clean_story(capsys):
    code, out, _ = run(capsys, "tests/fixtures/mini", "--json")
    assert code == 0
    stats = json.loads(out)["stats"]
    assert {k: stats[k] for k in STAT_KEYS - {"words", "reading_minutes"}} == {
        "scenes": 3, "endings": 2, "choices": 6, "variables": 3, "sources": 1,
        "glossary": 1, "people": 1, "perspectives": 2, "acts": 1,
    }
    assert stats["words"] > 0
    assert set(stats["reading_minutes"]) == {"act1"}
    assert isinstance(stats["reading_minutes"]["act1"], float)


def test_json_file_is_the_path_as_given(capsys, tmp_path):
    absolute = str(Path.cwd() / BAD / "unknown_target")
    _, out, _ = run(capsys, absolute, "--json")
    assert json.loads(out)["errors"][0]["file"] == os.path.join(absolute, "scenes.yaml")
    _, out, _ = run(capsys, "./" + str(BAD / "unknown_key"), "--json")
    assert json.loads(out)["errors"][0]["file"] == "./tests/fixtures/bad/unknown_key/scenes.yaml"


def test_json_load_errors_from_several_files(capsys):
    code, out, _ = run(capsys, str(BAD / "errors_in_many_files"), "--json")
    assert code == 1
    files = {os.path.basename(e["file"]) for e in json.loads(out)["errors"]}
    assert files == {"story.yaml", "glossary.yaml", "more.yaml", "endings.yaml", "scenes.yaml"}


def test_commands_act_on_the_story_folder_they_are_run_in(monkeypatch, capsys):
    from game.cli import main

    fiction = Path(__file__).resolve().parent / "fixtures" / "fiction"
    monkeypatch.chdir(fiction)
    assert main(["check", "--strict"]) == 0
    assert capsys.readouterr().out.startswith(".: 2 scenes, 2 endings, 4 choices")
    shipped_act = Path(__file__).resolve().parents[1] / "scenes" / "act1"
    monkeypatch.chdir(shipped_act)
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith("..: ")  # scenes/, from scenes/act1
