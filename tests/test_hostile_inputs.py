"""Every command fed what careless students, confused teachers and attackers feed it (issue 15).

Each case runs ``petrograd`` in a real process, as a user does, and must end
with exit 0, 1 or 2 and no traceback: exit 3 is the internal-error path,
never the answer to user input. A case that a fix made into a one-line error
also names the exact line the user sees (``says``, a line of stderr or
stdout) and its exit code.

The world the cases run in (``world``) holds a folder where a file is
expected, a file where a folder is, a missing path, a non-UTF-8 name, saves,
a transcript and damaged copies of each. Saves go to its own folder unless a
case says otherwise, never to the checkout's.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MINI = FIXTURES / "mini"
SAVE = FIXTURES / "saves" / "mini_v1" / "worker-factory.json"
ENDED_SAVE = FIXTURES / "saves" / "mini_v1" / "worker-ending.json"
NON_UTF8 = os.fsdecode(b"caf\xe9")  # a folder name that is not UTF-8 (a surrogate escape in Python)
TO_AN_ENDING = "1\n3\n1\nquit\n"  # soldier, go to the Smolny, stay: an ending (mini story)


@dataclass(frozen=True)
class Case:
    """One command line; ``{name}`` in ``argv`` and ``env`` values is a path of the world (``world``)."""

    argv: tuple[str, ...]
    stdin: str = ""
    env: dict[str, str | None] = field(default_factory=dict)
    says: str = ""  # a whole line the user must see (stderr or stdout)
    code: int | None = None  # the exact exit code, when the case pins one


def case(name: str, *argv: str, **kwargs: object) -> object:
    return pytest.param(Case(tuple(argv), **kwargs), id=name)  # type: ignore[arg-type]


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The paths the cases name: ``{file}``, ``{folder}``, ``{missing}``, saves, a transcript and damaged ones."""
    base = tmp_path_factory.mktemp("hostile")
    (base / "folder").mkdir()
    (base / NON_UTF8).mkdir()
    from game.story.loader import load_story

    paths = {
        "mini": str(MINI),
        "mini_hash": load_story(str(MINI)).content_hash,  # the story's own, so an edit of the fixture needs no edit here
        "base": str(base),
        "file": str(_write(base / "file.txt", "just text\n")),
        "folder": str(base / "folder"),
        "missing": str(base / "missing" / "nothing"),
        "non_utf8": str(base / NON_UTF8),
        "saves": str(base / "saves"),
    }
    shutil.copy(SAVE, _write(base / "slots" / "1.json", ""))
    paths["slots"] = str(base / "slots")
    _write(base / "half-emoji" / "profile.json", '{"settings": {"theme": "\\ud83d"}, "endings": {"mini": []}}')
    paths["half_emoji_profile"] = str(base / "half-emoji")
    shutil.copy(SAVE, _write(base / "odd-names" / "\x1b[2Jgenuine\u202e.json", ""))  # names are anyone's
    shutil.copy(SAVE, _write(base / "odd-names" / os.fsdecode(b"caf\xe9.json"), ""))
    paths["odd_names"] = str(base / "odd-names")
    hostile = json.loads(SAVE.read_text())
    hostile["name"] = "\x1b]0;pwned\x07"  # a label that would set the terminal's title
    hostile["state"]["player"] = "\x1b[2J\u202eX"
    _write(base / "hostile-save" / "1.json", json.dumps(hostile))
    paths["hostile_save"] = str(base / "hostile-save")
    for fifo in ("fifo-saves/1.json", "fifo-root/mini/1.json", "fifo-class/anna.json", "fifo-profile/profile.json",
                 "pipe.json"):
        (base / fifo).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(base / fifo)  # a named pipe where a file is expected: opening it to read waits for a writer
    paths.update({name.replace("-", "_").removesuffix(".json"): str(base / name)
                  for name in ("fifo-saves", "fifo-root", "fifo-class", "fifo-profile", "pipe.json")})
    paths["other_assignment"] = str(_write(base / "other-story.yaml", "title: Another class\nstory: other\n"))
    made = run_petrograd(("transcript", str(ENDED_SAVE), "--story", str(MINI), "--format", "json",
                          "-o", str(base / "transcript.json")), {}, "", base)
    assert made.returncode == 0, made.stderr
    paths["transcript"] = str(base / "transcript.json")
    shutil.copy(base / "transcript.json", base / "fifo-class" / "boris.json")
    shutil.copy(base / "transcript.json", _write(base / "class" / "boris.json", ""))
    paths["class"] = str(base / "class")
    transcript = (base / "transcript.json").read_text()
    huge = transcript.replace('"format": 1', '"format": "' + "x" * 1_000_000 + '"', 1)
    paths["megabyte_format"] = str(_write(base / "damaged" / "big-format.json", huge))
    paths["no_format"] = str(_write(base / "damaged" / "no-format.json", transcript.replace('"format": 1,', "", 1)))
    return paths


def run_petrograd(argv: tuple[str, ...], env: dict[str, str | None], stdin: str, cwd: Path,
                  saves: str = "") -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    environment.pop("PETROGRAD_DEBUG", None)
    if saves:
        environment["PETROGRAD_SAVES"] = saves
    for key, value in env.items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value
    done = subprocess.run(  # bytes: stdin may hold bytes that are not UTF-8 (written as surrogate escapes)
        [sys.executable, "-m", "game", *argv], input=stdin.encode("utf-8", "surrogateescape"), capture_output=True,
        env=environment, cwd=cwd, timeout=120,
    )
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode("utf-8", "replace"),
                                       done.stderr.decode("utf-8", "replace"))


CASES = [
    # --- story folders that are not story folders ----------------------------------------------------
    *[case(f"{command} {what}", command, "{" + what + "}", *extra)
      for command, extra in [("check", ()), ("endings", ()), ("explore", ()), ("graph", ()), ("playtest", ("--runs", "3")),
                             ("test", ()), ("cite-check", ("--corpus", "{folder}")), ("check", ("--json",))]
      for what in ("missing", "file", "folder", "non_utf8")],
    case("cite-check corpus is a file", "cite-check", "{mini}", "--corpus", "{file}", code=2,
         says="petrograd cite-check: no corpus folder '{file}'"),
    # --- numbers on the command line -------------------------------------------------------------------
    case("explore --max-states 0", "explore", "{mini}", "--max-states", "0", code=2,
         says="petrograd explore: error: argument --max-states: must be at least 1, not 0"),
    case("endings --max-states -1", "endings", "{mini}", "--max-states", "-1", code=2,
         says="petrograd endings: error: argument --max-states: must be at least 1, not -1"),
    case("explore --sample -1", "explore", "{mini}", "--max-states", "2", "--sample", "-1", code=2,
         says="petrograd explore: error: argument --sample: must be at least 0, not -1"),
    case("playtest --max-steps 0", "playtest", "{mini}", "--max-steps", "0", code=2,
         says="petrograd playtest: error: argument --max-steps: must be at least 1, not 0"),
    case("explore --max-states huge", "explore", "{mini}", "--max-states", "9" * 30),
    case("explore --max-states 1e9", "explore", "{mini}", "--max-states", "1e9", code=2),
    case("playtest --runs -1", "playtest", "{mini}", "--runs", "-1", code=2),
    case("playtest --runs empty", "playtest", "{mini}", "--runs", "", code=2,
         says="petrograd playtest: error: argument --runs: must be a whole number of at least 1, not ''"),
    case("playtest --seed huge", "playtest", "{mini}", "--runs", "3", "--seed", "9" * 100),
    case("playtest --seed negative", "playtest", "{mini}", "--runs", "3", "--seed", "-5"),
    case("playtest --max-steps huge", "playtest", "{mini}", "--runs", "3", "--max-steps", "9" * 30),
    case("play --seed huge", "play", "{mini}", "--plain", "--seed", "9" * 100, stdin=TO_AN_ENDING),
    case("serve --port huge", "serve", "{mini}", "--port", "9" * 30, code=2,
         says="petrograd serve: --port must be between 1 and 65535, not " + "9" * 30),
    case("serve --max-players 0", "serve", "{mini}", "--max-players", "0", code=2),
    case("serve --warm -1", "serve", "{mini}", "--warm", "-1", code=2),
    case("serve --host empty", "serve", "{mini}", "--host", "", code=2),
    case("serve --saves is a file", "serve", "{mini}", "--port", "18765", "--saves", "{file}", code=1),
    case("serve --web-build missing", "serve", "{mini}", "--web-build", "{missing}", code=2),
    case("serve --assignment is a folder", "serve", "{mini}", "--assignment", "{folder}", code=2),
    # --- perspectives and scenes that do not exist -----------------------------------------------------
    case("explore --perspective unknown", "explore", "{mini}", "--perspective", "nope", code=2,
         says="petrograd explore: --perspective nope: no such perspective (this story has: soldier, worker)"),
    case("play --perspective unknown", "play", "{mini}", "--plain", "--perspective", "nope", stdin="quit\n", code=2,
         says="petrograd play: --perspective nope: no such perspective (this story has: soldier, worker)"),
    case("play --warp unknown", "play", "{mini}", "--plain", "--warp", "nope", code=2),
    case("play --set without =", "play", "{mini}", "--plain", "--warp", "smolny", "--set", "standing", code=2),
    case("play --set huge", "play", "{mini}", "--plain", "--warp", "smolny", "--set", "standing=" + "9" * 5000, code=2),
    case("play --set wrong type", "play", "{mini}", "--plain", "--warp", "smolny", "--set", "armed=maybe", code=2),
    # --- files given where they do not fit --------------------------------------------------------------
    case("play --replay a folder", "play", "{mini}", "--plain", "--replay", "{folder}", code=2),
    case("play --replay text", "play", "{mini}", "--plain", "--replay", "{file}", code=2),
    case("play --replay a save", "play", "{mini}", "--plain", "--replay", str(SAVE), code=2),
    case("play --assignment missing", "play", "{mini}", "--plain", "--assignment", "{missing}", code=2),
    case("play --assignment text", "play", "{mini}", "--plain", "--assignment", "{file}", code=2),
    case("verify missing", "verify", "{missing}", "{mini}", code=2),
    case("verify a folder", "verify", "{folder}", "{mini}", code=2),
    case("verify text", "verify", "{file}", "{mini}", code=2),
    case("verify a save", "verify", str(SAVE), "{mini}", code=2),
    case("verify story and transcript swapped", "verify", "{mini}", "{transcript}", code=2,
         says="petrograd verify: {mini} is a folder: give the transcript first, then the story folder"),
    case("verify story missing", "verify", "{transcript}", "{missing}", code=2),
    case("verify --assignment a folder", "verify", "{transcript}", "{mini}", "--assignment", "{folder}", code=2),
    case("verify a megabyte where the format is", "verify", "{megabyte_format}", "{mini}", code=2,
         says='petrograd verify: {megabyte_format}: transcript format "' + "x" * 38 + '… is not one this version reads (1)'),
    case("verify no format", "verify", "{no_format}", "{mini}", code=2,
         says="petrograd verify: {no_format}: transcript format null is not one this version reads (1)"),
    case("class-report missing", "class-report", "{missing}", "--story", "{mini}", code=2),
    case("class-report a file", "class-report", "{file}", "--story", "{mini}", code=2),
    case("class-report empty folder", "class-report", "{folder}", "--story", "{mini}", code=0),
    case("check-saves missing", "check-saves", "{missing}", "{mini}", code=2),
    case("check-saves text", "check-saves", "{file}", "{mini}", code=1),
    case("check-saves broken saves", "check-saves", str(FIXTURES / "saves" / "broken"), "{mini}", code=1),
    case("check-saves file names with escapes", "check-saves", "{odd_names}", "{mini}", code=0,
         says="{odd_names}/\\x1b[2Jgenuine\\u202e.json: loads as is"),
    case("check-saves file name not UTF-8", "check-saves", "{odd_names}", "{mini}", code=0,
         env={"PYTHONIOENCODING": "utf-8"}, says="{odd_names}/caf\\udce9.json: loads as is"),
    case("check-saves --json file names", "check-saves", "--json", "{odd_names}", "{mini}", code=0,
         env={"PYTHONIOENCODING": "utf-8"}, says='      "file": "{odd_names}/\\u001b[2Jgenuine\\u202e.json",'),
    case("transcript a folder", "transcript", "{folder}", "--story", "{mini}", code=2),
    case("transcript --saves is a file", "transcript", "1", "--saves", "{file}", "--story", "{mini}", code=2),
    case("transcript --assignment text", "transcript", "1", "--saves", "{slots}", "--story", "{mini}",
         "--assignment", "{file}", code=2),
    case("transcript --assignment for another story", "transcript", "1", "--saves", "{slots}", "--story", "{mini}",
         "--assignment", "{other_assignment}", code=2,
         says="petrograd transcript: {other_assignment}: the assignment is for story 'other', but this story is 'mini'"),
    case("test --tests missing", "test", "{mini}", "--tests", "{missing}", code=2,
         says="petrograd test: --tests {missing}: no such file or folder"),
    case("test --tests a named pipe", "test", "{mini}", "--tests", "{pipe}", code=2,
         says="petrograd test: --tests {pipe}: not a file or folder"),
    # --- slot names --------------------------------------------------------------------------------------
    case("slot ../x", "transcript", "../x", "--saves", "{slots}", "--story", "{mini}", code=2),
    case("slot ..", "transcript", "..", "--saves", "{slots}", "--story", "{mini}", code=2),
    case("slot too long", "transcript", "a" * 300, "--saves", "{slots}", "--story", "{mini}", code=2),
    case("slot empty", "transcript", "", "--saves", "{slots}", "--story", "{mini}", code=2),
    case("slot reserved", "transcript", "con", "--saves", "{slots}", "--story", "{mini}", code=2),
    case("slot with an escape", "transcript", "a\x1b[2Jb", "--saves", "{slots}", "--story", "{mini}", code=2),
    case("plain save ../x", "play", "{mini}", "--plain", stdin="1\nsave ../x\nquit\n"),
    case("plain load a long name", "play", "{mini}", "--plain", stdin="load " + "a" * 5000 + "\nquit\n"),
    # --- files the commands write ------------------------------------------------------------------------
    case("explore --junit a folder", "explore", "{mini}", "--junit", "{folder}", code=2,
         says="petrograd explore: cannot write {folder}: this is a folder, not a file"),
    case("playtest --junit under a file", "playtest", "{mini}", "--runs", "3", "--junit", "{file}/report.xml", code=2,
         says="petrograd playtest: cannot write {file}/report.xml: {file} is a file, not a folder"),
    case("test --junit a folder", "test", "{mini}", "--junit", "{folder}", code=2,
         says="petrograd test: cannot write {folder}: this is a folder, not a file"),
    case("explore --witness-dir a file", "explore", "{mini}", "--witness-dir", "{file}", code=2,
         says="petrograd explore: cannot write to {file}: it is a file, not a folder"),
    case("endings --witness-dir under a file", "endings", "{mini}", "--witness-dir", "{file}/w", code=2,
         says="petrograd endings: cannot write to {file}/w: {file} is a file, not a folder"),
    case("schema -o a folder", "schema", "-o", "{folder}", code=2,
         says="petrograd schema: cannot write {folder}: this is a folder, not a file"),
    case("schema -o under a file", "schema", "-o", "{file}/x.json", code=2,
         says="petrograd schema: cannot write {file}/x.json: {file} is a file, not a folder"),
    case("graph -o under a file", "graph", "{mini}", "-o", "{file}/map.dot", code=2,
         says="petrograd graph: cannot write {file}/map.dot: {file} is a file, not a folder"),
    case("class-report -o a folder", "class-report", "{folder}", "--story", "{mini}", "-o", "{folder}", code=2,
         says="petrograd class-report: cannot write {folder}: this is a folder, not a file"),
    case("transcript -o a folder", "transcript", "1", "--saves", "{slots}", "--story", "{mini}", "-o", "{folder}",
         code=1, says="petrograd transcript: Could not write {folder}: this is a folder, not a file"),
    case("transcript of a transcript -o under a file", "transcript", "{transcript}", "-o", "{file}/t.md", code=2,
         says="petrograd transcript: cannot write {file}/t.md: {file} is a file, not a folder"),
    case("transcript -o a name too long", "transcript", "{transcript}", "-o", "{base}/" + "b" * 300 + ".md", code=2,
         says="petrograd transcript: cannot write {base}/" + "b" * 300 + ".md: the file name is too long"),
    case("graph -o a folder name too long", "graph", "{mini}", "-o", "{base}/" + "c" * 300 + "/map.md", code=2,
         says="petrograd graph: cannot write {base}/" + "c" * 300 + "/map.md: the file name is too long"),
    case("plain transcript to a name with a NUL", "play", "{mini}", "--plain", stdin="1\ntranscript a\0b.html\nquit\n",
         code=0, says="Cannot write the transcript: Could not write a\\x00b.html: a file name cannot hold a NUL character"),
    case("plain transcript to a name too long", "play", "{mini}", "--plain", code=0,
         stdin="1\ntranscript " + "d" * 300 + ".html\nquit\n",
         says="Cannot write the transcript: Could not write " + "d" * 300 + ".html: the file name is too long"),
    # --- the environment ---------------------------------------------------------------------------------
    case("saves folder is a file", "play", "{mini}", "--plain", stdin=TO_AN_ENDING, env={"PETROGRAD_SAVES": "{file}"},
         code=1, says="Your game is NOT saved: could not save to slot autosave: part of the saves folder's path is a file,"
                      " not a folder."),
    case("saves folder under a file", "play", "{mini}", "--plain", stdin=TO_AN_ENDING,
         env={"PETROGRAD_SAVES": "{file}/saves"}, code=1),
    case("saves folder not there yet", "play", "{mini}", "--plain", stdin=TO_AN_ENDING,
         env={"PETROGRAD_SAVES": "{base}/new/deeper/saves"}, code=0),
    case("cache is a file", "play", "{mini}", "--plain", stdin=TO_AN_ENDING, env={"PETROGRAD_CACHE": "{file}"}, code=0),
    case("cache under a file", "endings", "{mini}", env={"PETROGRAD_CACHE": "{file}/cache"}, code=0),
    case("HOME unset", "play", "{mini}", "--plain", stdin=TO_AN_ENDING, env={"HOME": None}, code=0),
    case("TERM dumb, NO_COLOR", "play", "{mini}", "--plain", stdin=TO_AN_ENDING, env={"TERM": "dumb", "NO_COLOR": "1"}),
    case("verify on an ASCII terminal", "verify", "{transcript}", "{mini}", env={"PYTHONIOENCODING": "ascii"}, code=0,
         says='{transcript}: genuine. Boris: 2 choices replay on A Small Story (hash {mini_hash}) and the path'
              ' reaches "Walkout" with the debrief the transcript shows.'),
    case("transcript on an ASCII terminal", "transcript", "{transcript}", env={"PYTHONIOENCODING": "ascii"}, code=0,
         says="2. **The Smolny** (25 October 1917 (O.S.) - 7 November (N.S.)): Walk out"),
    case("class-report on a Latin-1 terminal", "class-report", "{class}", "--story", "{mini}",
         env={"PYTHONIOENCODING": "latin-1"}, code=0, says='Most taken: "Walk out" (1). Least taken: "Stay" (never).'),
    case("endings on a Latin-1 terminal", "endings", str(ROOT / "scenes"), env={"PYTHONIOENCODING": "latin-1"}, code=0),
    case("plain input not UTF-8", "play", "{mini}", "--plain", stdin="\udcff\udcfe\n1\nquit\n", code=0),
    case("profile.json with half an emoji", "play", "{mini}", "--plain", stdin=TO_AN_ENDING,
         env={"PETROGRAD_SAVES": "{half_emoji_profile}"}, code=0, says="== As it happened (historical ending) =="),
    case("plain saves lists a save's names with their escapes", "play", "{mini}", "--plain", stdin="saves\nquit\n",
         env={"PETROGRAD_SAVES": "{hostile_save}", "TZ": "UTC"}, code=0,
         says="  1. \\x1b]0;pwned\\x07 — The factory, ; saved 2026-11-25 17:10, played 0 min"),
    case("check-saves a named pipe", "check-saves", "{fifo_saves}", "{mini}", code=1,
         says="{fifo_saves}/1.json: fails: not a regular file"),
    case("plain saves with a named pipe", "play", "{mini}", "--plain", stdin="saves\nquit\n",
         env={"PETROGRAD_SAVES": "{fifo_root}"}, code=0, says="  1. cannot be loaded: not a regular file"),
    case("a named pipe in the saves root", "play", "{mini}", "--plain", stdin=TO_AN_ENDING,
         env={"PETROGRAD_SAVES": "{fifo_saves}"}, code=0, says="Goodbye. The game is saved in {fifo_saves}/mini;"
                                                               " 'continue' resumes it."),
    case("verify a named pipe", "verify", "{pipe}", "{mini}", code=2,
         says="petrograd verify: {pipe}: cannot read the file: not a regular file"),
    case("play --replay a named pipe", "play", "{mini}", "--plain", "--replay", "{pipe}", code=2,
         says="petrograd play: {pipe}: cannot read the file: not a regular file"),
    case("class-report with a named pipe", "class-report", "{fifo_class}", "--story", "{mini}", code=0,
         says="| (anna.json) |  |  |  |  |  |  |  | broken | cannot read the file: not a regular file |"),
    case("profile.json a named pipe", "play", "{mini}", "--plain", stdin=TO_AN_ENDING,
         env={"PETROGRAD_SAVES": "{fifo_profile}"}, code=0, says="== As it happened (historical ending) =="),
    # --- what a student types in plain mode -----------------------------------------------------------------
    case("plain ² for a perspective", "play", "{mini}", "--plain", stdin="²\nquit\n", code=0,
         says="I don't know '²'. Type a choice's number, or 'help'."),
    case("plain ² for a choice", "play", "{mini}", "--plain", stdin="1\n²\nquit\n", code=0,
         says="I don't know '²'. Type a choice's number, or 'help'."),
    case("plain a number of 5,000 digits", "play", "{mini}", "--plain", stdin="1\n" + "7" * 5000 + "\nquit\n", code=0,
         says="I don't know '" + "7" * 39 + "…'. Type a choice's number, or 'help'."),
    case("plain a number no menu has", "play", "{mini}", "--plain", stdin="1\n99\nquit\n", code=0,
         says="Cannot do that: there is no choice 99; choose 1 to 3"),
]


@pytest.mark.parametrize("given", CASES)
def test_no_input_makes_a_command_crash(given: Case, world: dict[str, str]) -> None:
    argv = tuple(arg.format(**world) for arg in given.argv)
    env = {key: None if value is None else value.format(**world) for key, value in given.env.items()}
    result = run_petrograd(argv, env, given.stdin, Path(world["base"]), saves=world["saves"])
    output = result.stdout + result.stderr
    assert result.returncode in (0, 1, 2), output[-2000:]
    assert "Traceback" not in output and "internal error" not in output, output[-2000:]
    if given.code is not None:
        assert result.returncode == given.code, output[-2000:]
    if given.says:
        assert given.says.format(**world) in output.splitlines(), output[-2000:]
