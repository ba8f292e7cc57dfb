"""Plain mode's reflection answers: never lost, however long, and 'quit' or 'help' there do what they say.

Through a real ``petrograd play --plain`` process with piped input, as a script or a screen-reader user
drives it, except where a disk error has to be made up (in process).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import STORY_DIR

from game.play.atomic import FileProblem
from game.play.options import PlayOptions
from game.play.savefile import CUT_MARK, MAX_ANSWER_CHARS, fit_answer
from game.story.loader import load_story
from game.views import long_answers, plain
from game.views.plain import ANSWER_HELP, PlainPlayer

ROOT = Path(__file__).resolve().parents[2]
TO_THE_QUESTIONS = "1\n3\n1\n"  # soldier, Go to the Smolny, Stay: the ending's two questions
QUESTION_1 = "Question 1: Why did the garrison matter more than the vote?"
QUESTION_2 = "Question 2: Which source would you trust for a date, and why?"
PROMPT = "Your answer (Enter to skip): "
LONG = "The garrison held the guns and the vote held none of them. " * 35_000  # 2.1 MB, one line


def play(tmp_path: Path, script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PETROGRAD_SAVES": str(tmp_path / "saves"),
           "PETROGRAD_TRANSCRIPTS": str(tmp_path / "handin")}
    env.pop("PETROGRAD_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "game", "play", str(STORY_DIR), "--plain", *args],
        input=script, capture_output=True, text=True, timeout=120, env=env, cwd=ROOT,
    )


def saved_answers(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "saves" / "tui-fixture"  # $PETROGRAD_SAVES is a root; PlayOptions.saves_dir is the folder
    folder = folder if folder.exists() else tmp_path / "saves"
    return json.loads((folder / "autosave.json").read_text(encoding="utf-8"))["answers"]


def goodbye(tmp_path: Path) -> str:
    """Plain mode's last line after a good quit: the game is saved in the story's own folder under the root."""
    return f"Goodbye. The game is saved in {tmp_path / 'saves' / 'tui-fixture'}; 'continue' resumes it."


def test_a_2_mb_answer_is_kept_whole_in_a_file_and_its_start_in_the_save(tmp_path):
    answer = LONG.strip()
    result = play(tmp_path, TO_THE_QUESTIONS + answer + "\n\ntranscript\nquit\n")
    assert (result.returncode, result.stderr) == (0, "")
    (whole,) = (tmp_path / "handin").glob("ending-end_history-question-1-*.txt")
    assert whole.read_text(encoding="utf-8") == answer + "\n"
    kept = saved_answers(tmp_path)["end_history/0"]
    assert kept == fit_answer(answer) and len(kept) <= MAX_ANSWER_CHARS
    start = kept[: -len(CUT_MARK)]
    assert kept.endswith(CUT_MARK) and answer.startswith(start) and answer[len(start)] == " "  # cut between words
    told = (
        f"Your answer is {len(answer):,} characters; a saved game keeps up to 20,000 (about 3,000 words), so it keeps"
        f" the first {len(kept) - len(CUT_MARK):,}, marked “[…]” where it stops. Your whole answer is in {whole}"
        " (hand it in with your transcript)."
    )
    assert f"{PROMPT}{answer}\n{told}\n\n{QUESTION_2}\n" in result.stdout
    assert result.stdout.rstrip().endswith(goodbye(tmp_path))
    (transcript,) = (tmp_path / "handin").glob("*.json")
    assert kept in transcript.read_text(encoding="utf-8")  # the hand-in carries what the save keeps
    again = play(tmp_path, "continue\n\n\nquit\n")  # and the game loads again with it
    assert again.returncode == 0 and f"Your answer so far: {kept}\n" in again.stdout


def test_an_answer_at_the_limit_is_kept_as_typed_with_no_file(tmp_path):
    answer = "x" * MAX_ANSWER_CHARS
    result = play(tmp_path, TO_THE_QUESTIONS + answer + "\n\nquit\n")
    assert (result.returncode, result.stderr) == (0, "")
    assert saved_answers(tmp_path)["end_history/0"] == answer
    assert "Your answer is" not in result.stdout and not (tmp_path / "handin").exists()


def test_when_the_whole_answer_cannot_be_written_the_student_is_told_to_copy_it(tmp_path, monkeypatch):
    def full_disk(path, text):
        raise FileProblem(Path(path), "the disk is full (free some space and save again)", "cannot write")

    monkeypatch.setattr(long_answers, "write_output", full_disk)
    monkeypatch.setenv("PETROGRAD_TRANSCRIPTS", str(tmp_path / "handin"))
    answer = "word " * 5000
    stdout = io.StringIO()
    options = PlayOptions(str(STORY_DIR), saves_dir=str(tmp_path / "saves"))
    code = PlainPlayer(load_story(str(STORY_DIR)), options, io.StringIO(TO_THE_QUESTIONS + answer + "\n\n"), stdout).run()
    assert code == 0
    out = stdout.getvalue()
    assert "Your answer is 24,999 characters; a saved game keeps up to 20,000" in out
    assert "Your whole answer could not be written to " in out
    assert "(the disk is full (free some space and save again)): copy it from above before you leave.\n" in out
    assert saved_answers(tmp_path)["end_history/0"] == fit_answer(answer.strip())


def test_quit_at_an_answer_prompt_leaves_with_the_answers_so_far_saved(tmp_path):
    result = play(tmp_path, TO_THE_QUESTIONS + "They held the guns.\nquit\nnot read\n")
    assert (result.returncode, result.stderr) == (0, "")
    assert f"{QUESTION_2}\n{PROMPT}quit\n{goodbye(tmp_path)}\n" in result.stdout
    assert "not read" not in result.stdout
    assert saved_answers(tmp_path) == {"end_history/0": "They held the guns."}
    again = play(tmp_path, "continue\n\nThe dated one.\nquit\n")
    assert f"Your answer so far: They held the guns.\n{PROMPT}\n\n{QUESTION_2}\n{PROMPT}The dated one.\n" in again.stdout
    assert saved_answers(tmp_path) == {"end_history/0": "They held the guns.", "end_history/1": "The dated one."}


def test_q_and_exit_leave_too_in_any_case(tmp_path):
    for word in ("Q", "Exit"):
        result = play(tmp_path, TO_THE_QUESTIONS + word + "\n")
        assert result.returncode == 0 and f"{PROMPT}{word}\nGoodbye." in result.stdout
        assert saved_answers(tmp_path) == {}


def test_help_at_an_answer_prompt_explains_and_asks_the_same_question_again(tmp_path):
    result = play(tmp_path, TO_THE_QUESTIONS + "help\nThey held the guns.\n\nquit\n")
    assert (result.returncode, result.stderr) == (0, "")
    assert f"{QUESTION_1}\n{PROMPT}help\n{ANSWER_HELP}\n{PROMPT}They held the guns.\n\n{QUESTION_2}\n" in result.stdout
    assert 'To answer with the word help or quit itself, type it in quotes: "quit".' in ANSWER_HELP
    assert saved_answers(tmp_path) == {"end_history/0": "They held the guns."}


def test_the_words_themselves_are_answers_in_quotes_and_longer_lines_are_answers_as_typed(tmp_path):
    result = play(tmp_path, TO_THE_QUESTIONS + '"quit"\n\'Help\'\n')
    assert result.returncode == 0
    assert saved_answers(tmp_path) == {"end_history/0": "quit", "end_history/1": "Help"}
    result = play(tmp_path, "new\n" + TO_THE_QUESTIONS + "quit the war\n\"quit\" was all they said\nquit\n")
    assert saved_answers(tmp_path) == {"end_history/0": "quit the war", "end_history/1": '"quit" was all they said'}


def typed_at_a_terminal(tmp_path: Path, typed: str) -> tuple[int, str]:
    """Plain mode as a student at a terminal drives it (the name is asked only there)."""
    from test_plain import run_typed

    return run_typed(tmp_path, typed)


def test_the_name_prompt_takes_quit_and_help_the_same_way(tmp_path):
    code, out = typed_at_a_terminal(tmp_path / "a", "1\nquit\n1\n")
    assert code == 0
    assert out.endswith("Your name, for your transcript (Enter to skip): ")  # left: no game started, none saved
    assert not (tmp_path / "a").exists()
    code, out = typed_at_a_terminal(tmp_path / "b", '1\nhelp\n"Quit"\nquit\n')
    assert code == 0
    assert f"Your name, for your transcript (Enter to skip): {plain.NAME_HELP}\nYour name, for" in out
    autosave = json.loads((tmp_path / "b" / "autosave.json").read_text(encoding="utf-8"))
    assert autosave["summary"]["player"] == "Quit"
