"""Plain mode through a real subprocess with piped stdin, from the start to an ending, and back."""

from __future__ import annotations

import io
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import STORY_DIR

ROOT = Path(__file__).resolve().parents[2]
STORY_ID = "tui-fixture"  # $PETROGRAD_SAVES is a saves root: the story's saves go in ROOT/STORY_ID


def goodbye(folder: Path) -> str:
    return f"Goodbye. The game is saved in {folder}; 'continue' resumes it."


def play(saves: Path, script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PETROGRAD_SAVES": str(saves)}
    env.pop("PETROGRAD_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "game", "play", str(STORY_DIR), "--plain", *args],
        input=script, capture_output=True, text=True, timeout=60, env=env, cwd=ROOT,
    )


def test_plain_mode_from_start_to_an_ending(tmp_path):
    script = "\n".join([
        "1",                    # perspective: soldier
        "2",                    # disabled: refused with the reason
        "glossary Trotsky",
        "1",                    # take a rifle
        "undo",
        "journal",
        "2", "2",               # after undo: choice 2 is still "Speak to the men" (disabled); then...
        "3",                    # go to the Smolny
        "save before the end",
        "1",                    # stay: the historical ending
        "The garrison had the guns",  # answer to question 1
        "",                     # skip question 2
        "quit",
    ]) + "\n"
    result = play(tmp_path, script)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "== The barracks ==" in out and "24 October 1917 (O.S.) · 6 November (N.S.)" in out
    assert "The Soviet meets tonight at the Smolny, and the chairman will speak." in out  # links as words
    assert "2. [unavailable] Speak to the men — needs Standing 2 or more; you have 1" in out
    assert "is not available: needs Standing 2 or more" in out
    assert "Leon Trotsky" in out and "Exiled in 1929" in out
    assert "You carry a rifle." in out  # the rifle, then undone
    assert "Your journal is empty" in out
    assert "Saved to slot 1 as 'before the end'." in out
    assert "== As it happened (historical ending) ==" in out
    assert "[Documented] The garrison went over to the Soviet before the rising." in out
    assert "Source: Revision notes on October: “went over to the Soviet”" in out
    assert "Sources disagree:" in out and "Your key decisions followed history all the way." in out
    assert "  - Which calendar?: Every date in this story is Old Style, thirteen days behind the West." in out
    assert ("Historians disagree:\n  - Coup or revolution? [General knowledge]: Some historians call October a "
            "party's coup; others a popular revolution.\n  - Who decided October? [General knowledge]: ") in out
    assert "Question 1: Why did the garrison matter more than the vote?" in out
    assert out.rstrip().endswith(goodbye(tmp_path / STORY_ID))


def test_plain_mode_end_of_input_autosaves_and_continue_resumes(tmp_path):
    first = play(tmp_path, "2\n")  # the worker; then the input ends
    assert first.returncode == 0 and "== The factory ==" in first.stdout
    assert "Goodbye" in first.stdout
    second = play(tmp_path, "continue\n1\n")
    assert "Loaded the autosave." in second.stdout
    assert "== The Smolny ==" in second.stdout  # the worker's choice 1 from the factory
    third = play(tmp_path, "continue\n2\n\nload 7\nload nothing-here\nfrobnicate\nhelp\n")
    out = third.stdout
    assert "Walk out with the Mensheviks" in out and "== The walkout" in out
    assert "slot 7 is empty" in out
    assert "no save called 'nothing-here'" in out
    assert "I don't know 'frobnicate'" in out and "save NAME" in out
    assert third.returncode == 0 and third.stderr == ""


def test_plain_mode_no_undo_and_fixed_perspective(tmp_path):
    result = play(tmp_path, "1\nundo\nquit\n", "--no-undo", "--perspective", "worker")
    assert "Whose story" not in result.stdout and "== The factory ==" in result.stdout
    assert "undo is turned off" in result.stdout


def test_plain_mode_does_not_import_textual():
    code = (
        "import sys, io\n"
        "from game.views.plain import run_plain\n"
        "from game.play.options import PlayOptions\n"
        "from game.story.loader import load_story\n"
        f"story = load_story({str(STORY_DIR)!r})\n"
        "import tempfile\n"
        "run_plain(story, PlayOptions('x', saves_dir=tempfile.mkdtemp()), stdin=io.StringIO('1\\n3\\n'),"
        " stdout=io.StringIO())\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


def test_a_game_from_the_compiled_story_plays_as_one_from_the_yaml(tmp_path, monkeypatch):
    """The second start reads the compiled story (each scene built when reached): same game, same words."""
    script = "1\n1\nundo\n3\njournal\n1\nAn answer\n\nquit\n"
    images = tmp_path / "cache"
    monkeypatch.setenv("PETROGRAD_CACHE", str(images))
    runs = []
    for n in range(2):
        runs.append(play(tmp_path / f"saves{n}", script))
        assert len(list(images.glob("*.story.json"))) == 1
    assert runs[0].returncode == runs[1].returncode == 0
    assert runs[0].stdout.replace("saves0", "saves1") == runs[1].stdout and "Question 1" in runs[0].stdout


# --- students' inputs: bytes, terminals, a full disk (issue 15) --------------------------------------


def play_bytes(saves: Path, script: bytes, *args: str, encoding: str | None = None,
               preexec=None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PETROGRAD_SAVES": str(saves)}
    env.pop("PETROGRAD_DEBUG", None)
    env.pop("PYTHONIOENCODING", None)
    if encoding:
        env["PYTHONIOENCODING"] = encoding
    return subprocess.run(
        [sys.executable, "-m", "game", "play", str(STORY_DIR), "--plain", *args],
        input=script, capture_output=True, timeout=60, env=env, cwd=ROOT, preexec_fn=preexec,
    )


TO_THE_QUESTIONS = b"1\n3\n1\n"  # soldier, Go to the Smolny, Stay: the ending's first question


def saved_answer(saves: Path) -> str:
    state = json.loads((saves / STORY_ID / "autosave.json").read_text(encoding="utf-8"))
    return state["answers"]["end_history/0"]


def test_an_answer_that_is_not_utf8_is_kept_with_a_replacement_character(tmp_path):
    result = play_bytes(tmp_path, TO_THE_QUESTIONS + b"J\xe9sus\n\nquit\n")
    assert result.returncode == 0 and result.stderr == b""
    assert "Your answer (Enter to skip): J\ufffdsus\n".encode() in result.stdout
    assert saved_answer(tmp_path) == "J\ufffdsus"


@pytest.mark.parametrize("encoding, answer, shown", [
    ("ascii", "J\ufffdsus", "J?sus"),
    ("latin-1", "Jésus", "Jésus"),  # in a Latin-1 terminal the byte is é
])
def test_plain_mode_on_a_terminal_that_cannot_show_dashes_or_quotes(tmp_path, encoding, answer, shown):
    result = play_bytes(tmp_path, TO_THE_QUESTIONS + b"J\xe9sus\n\nquit\n", encoding=encoding)
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode(encoding)
    assert "  1. Soldier-delegate -- A corporal elected to the Soviet by his company.\n" in out
    assert "  1. Take a rifle\n" in out
    place = "Volhynian barracks - 24 October" if encoding == "ascii" else "Volhynian barracks · 24 October"
    assert place in out
    assert '    Source: Revision notes on October: "went over to the Soviet"\n' in out.replace("      Source", "    Source")
    assert f"Your answer (Enter to skip): {shown}\n" in out
    assert out.rstrip().endswith(goodbye(tmp_path / STORY_ID))
    assert saved_answer(tmp_path) == answer


def _no_file_may_grow():
    """In the child: every write to a file fails with EFBIG, as on a full disk (root ignores permissions)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def test_quitting_when_the_game_cannot_be_saved_says_so_and_where_the_last_save_is(tmp_path):
    first = play_bytes(tmp_path, b"1\n1\nquit\n")  # soldier, take a rifle: autosaved in the barracks
    assert first.returncode == 0
    result = play_bytes(tmp_path, b"continue\n2\nquit\n", preexec=_no_file_may_grow)  # on to the Smolny
    out = result.stdout.decode()
    assert result.returncode == 1
    assert "Autosave failed: could not save to slot autosave: the file is larger than this system allows" in out
    assert "The game is saved" not in out
    lines = out.rstrip().splitlines()
    assert lines[-5:-2] == [
        "> quit",
        "Goodbye.",
        "Your game is NOT saved: could not save to slot autosave: the file is larger than this system allows.",
    ]
    assert re.fullmatch(r"Your last good save is the autosave of \d{4}-\d\d-\d\d \d\d:\d\d, at “The barracks”: "
                        + re.escape(str(tmp_path / STORY_ID / "autosave.json")), lines[-2]), lines[-2]
    assert lines[-1] == "Continue starts from there next time."


def test_a_saves_folder_that_cannot_be_made_exits_1_and_says_nothing_was_kept(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = play_bytes(tmp_path, b"2\n1\n", "--saves", str(blocker / "saves"))  # input ends: quit
    out = result.stdout.decode()
    assert result.returncode == 1 and result.stderr == b""
    assert out.rstrip().splitlines()[-3:] == [
        "Goodbye.",
        "Your game is NOT saved: could not save to slot autosave: part of the saves folder's path is a file,"
        " not a folder.",
        f"There is no earlier save of this story in {blocker / 'saves' / STORY_ID}: nothing of this game is kept.",
    ]


# --- the first prompt, the name, the ending (issue 19) ----------------------------------------------


class Keyboard(io.StringIO):
    """Typed input at a terminal: plain mode does not echo it, and asks for a name."""

    def isatty(self) -> bool:
        return True


def run_typed(tmp_path: Path, typed: str, **options) -> tuple[int, str]:
    from game.play.options import PlayOptions
    from game.story.loader import load_story
    from game.views.plain import run_plain

    out = io.StringIO()
    code = run_plain(load_story(str(STORY_DIR)), PlayOptions(str(STORY_DIR), saves_dir=str(tmp_path), **options),
                     stdin=Keyboard(typed), stdout=out)
    return code, out.getvalue()


def test_the_first_prompt_takes_help_load_saves_and_quit(tmp_path):
    play(tmp_path, "1\n1\nsave first\nquit\n")
    code, out = run_typed(tmp_path / STORY_ID, "help\nsaves\njournal\n7\nload nothing\nload first\n2\nquit\n")
    assert code == 0
    assert "Perspective number: Commands:\n  NUMBER          take that choice" in out
    assert "  1. first — The barracks, 24 October 1917 (O.S.) · 6 November (N.S.);" in out
    assert "Cannot do that: no game yet: type a perspective number, or 'continue' or 'load NAME'" in out
    assert "Perspective number: Type a number from 1 to 2.\n" in out
    assert "  quit            leave (the game is autosaved)\n(Whose story do you follow? Type a number from 1 to 2," \
           " or 'continue' or 'load NAME'.)\nPerspective number: " in out
    assert "Cannot do that: no save called 'nothing' (type 'saves' to list them)" in out
    assert "Loaded slot 1.\n\n== The barracks ==" in out
    assert "You carry a rifle." in out  # the loaded game, not a new one
    assert "Your name" not in out  # a loaded game keeps its own
    assert out.rstrip().endswith(goodbye(tmp_path / STORY_ID))


def test_continue_at_the_first_prompt_without_a_save_asks_again(tmp_path):
    code, out = run_typed(tmp_path, "continue\nquit\n")
    assert code == 0
    assert "Cannot load: slot autosave is empty\nPerspective number: " in out


def test_a_new_game_at_a_terminal_asks_the_name_once(tmp_path):
    code, out = run_typed(tmp_path, "1\n  Anna\x1b Petrova \n1\nnew\n2\nquit\n")
    assert code == 0
    assert out.count("Your name, for your transcript (Enter to skip): ") == 1
    autosave = json.loads((tmp_path / "autosave.json").read_text(encoding="utf-8"))
    assert autosave["summary"]["player"] == "Anna Petrova"  # the second game keeps the name
    assert autosave["summary"]["perspective"] == "worker"


def test_enter_skips_the_name_and_name_or_piped_input_are_not_asked(tmp_path):
    code, out = run_typed(tmp_path / "a", "1\n\nquit\n")
    assert "Your name, for your transcript (Enter to skip): \n" in out
    assert json.loads((tmp_path / "a" / "autosave.json").read_text(encoding="utf-8"))["summary"]["player"] == ""
    code, out = run_typed(tmp_path / "b", "1\nquit\n", player="Boris")
    assert "Your name" not in out
    assert json.loads((tmp_path / "b" / "autosave.json").read_text(encoding="utf-8"))["summary"]["player"] == "Boris"
    piped = play(tmp_path / "c", "1\n1\nquit\n")  # a script: its second line is a choice, not a name
    assert "Your name" not in piped.stdout and "You carry a rifle." in piped.stdout


def test_a_number_at_an_ending_says_there_are_no_choices(tmp_path):
    result = play(tmp_path, "1\n3\n1\n\n\n1\nquit\n", "--no-undo")
    assert "choose 1 to 0" not in result.stdout
    hint = "Type 'transcript' to write your transcript, 'new' to play again, 'journal', 'endings' or 'quit'."
    assert f"> 1\nThis is an ending: there are no more choices. {hint}\n" in result.stdout
    assert f"The end. {hint}" in result.stdout  # no 'undo' offered when undo is off


def test_debrief_markdown_is_printed_as_words_even_across_a_line_break(tmp_path):
    story = tmp_path / "story"
    shutil.copytree(STORY_DIR, story)
    scenes = story / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    assert "        - text: The Winter Palace fell in the night.\n" in text
    historians = "          text: Some historians call October a party's coup; others a popular revolution.\n"
    assert historians in text
    scenes.write_text(text.replace(
        "        - text: The Winter Palace fell in the night.\n",
        "        - text: |\n            The **Winter\n            Palace** fell in the *night*.\n\n"
        "            A second paragraph.\n").replace(
        historians, "          text: Some call it a *coup*; others a **popular\n            revolution**.\n"),
        encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PETROGRAD_SAVES": str(tmp_path / "saves")}
    result = subprocess.run([sys.executable, "-m", "game", "play", str(story), "--plain"],
                            input="1\n3\n1\n\n\nquit\n", capture_output=True, text=True, timeout=60, env=env, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert ("  - [General knowledge] The Winter Palace fell in the night.\n\n    A second paragraph.\n"
            in result.stdout)
    assert "Some call it a coup; others a popular revolution." in result.stdout  # the historians' notes too
    assert "*" not in result.stdout


def test_transcript_alone_writes_both_files_into_the_saves_folder_without_downloads(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PETROGRAD_SAVES": str(tmp_path / "saves"), "HOME": str(home),
           "XDG_CONFIG_HOME": str(home / ".config")}
    env.pop("PETROGRAD_TRANSCRIPTS", None)
    result = subprocess.run([sys.executable, "-m", "game", "play", str(STORY_DIR), "--plain", "--name", "Anna"],
                            input="1\n3\n1\n\n\ntranscript\nquit\n", capture_output=True, text=True, timeout=60,
                            env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    saves = tmp_path / "saves" / STORY_ID
    written = sorted(p.name for p in saves.glob("tui-fixture-anna-*"))
    assert [Path(n).suffix for n in written] == [".html", ".json"]
    assert f"> transcript\nTranscript written to {saves}: {written[0]} to read and print, {written[1]} to hand in.\n" \
        in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "saves"]  # nothing in the folder it started from
