"""A reflection answer longer than a save keeps: its whole text goes to a file where transcripts go.

A save keeps ``MAX_ANSWER_CHARS`` of an answer (``game.play.savefile.fit_answer``).
Refusing a longer one lost the student's work; cutting it silently would hand in
less than they wrote. So the save keeps its start and the whole text is written
beside the transcripts, and the student is told both, in the same words by plain
mode and the Textual app.
"""

from __future__ import annotations

import time
from pathlib import Path

from game.play.atomic import FileProblem, write_output
from game.play.savefile import CUT_MARK, MAX_ANSWER_CHARS
from game.play.saves import ending_slot
from game.play.session import Session


def whole_answer_path(session: Session, question: int, saves_folder: str | Path) -> Path:
    """Where the whole of an answer to ``question`` (0-based) goes: a new name each time (its time in it)."""
    from game.tools.export import transcript_folder

    ending = session.ending
    stamp = time.strftime("%Y%m%d-%H%M%S")
    name = f"{ending_slot(ending.id if ending else 'answer')}-question-{question + 1}-{stamp}.txt"
    return Path(transcript_folder(saves_folder)) / name


def cut_notice(text: str, kept: str) -> str:
    """What the student is told when the save keeps ``kept`` of their answer ``text``."""
    return (
        f"Your answer is {len(text):,} characters; a saved game keeps up to {MAX_ANSWER_CHARS:,} (about 3,000"
        f" words), so it keeps the first {len(kept) - len(CUT_MARK):,}, marked “[…]” where it stops."
    )


def keep_whole_answer(path: Path, text: str, typed_in: str = "from above") -> str:
    """Write the whole answer to ``path``; the sentence that tells the student where it is (or that it is not,
    and to copy it ``typed_in``: where the view shows what they typed)."""
    try:
        write_output(path, text + "\n")
    except FileProblem as exc:
        return f"Your whole answer could not be written to {path} ({exc.reason}): copy it {typed_in} before you leave."
    return f"Your whole answer is in {path} (hand it in with your transcript)."
