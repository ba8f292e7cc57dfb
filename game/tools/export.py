"""Write a transcript file from a session: the one path the CLI, plain mode and the app share.

The assignment's rules (an ending reached, answers given) are checked here, so
no front end can export what the teacher asked to be refused.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.play.atomic import OUTPUT_WORDS, FileProblem, atomic_write
from game.play.printable import printable
from game.tools.transcript import build_transcript, to_json_text

if TYPE_CHECKING:
    from game.play.session import Session
    from game.tools.assignment import Assignment



class ExportRefused(Exception):
    """The transcript may not be written (yet); the message is shown to the student as is."""


def format_for(path: str, wanted: str | None = None) -> str:
    """The format asked for, else the one the file name implies (.html, .json), else Markdown."""
    if wanted:
        return wanted
    suffix = Path(path).suffix.lower()
    return {".html": "html", ".htm": "html", ".json": "json"}.get(suffix, "md")


def render(transcript: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return to_json_text(transcript)
    if fmt == "html":
        from game.tools.transcript_html import render_html

        return render_html(transcript)
    from game.tools.transcript_markdown import render_markdown

    return render_markdown(transcript)


def export_transcript(
    session: Session,
    played_seconds: float,
    path: str,
    fmt: str | None = None,
    assignment: Assignment | None = None,
) -> str:
    """Write the transcript to ``path``; return a one-line confirmation, or raise ExportRefused."""
    if assignment is not None:
        problem = assignment.export_problem(session)
        if problem:
            raise ExportRefused(problem)
    if not path.strip():
        raise ExportRefused("Name a file for the transcript, e.g. transcript.html")
    kind = format_for(path, fmt)
    text = render(build_transcript(session, played_seconds, assignment), kind)
    target = Path(path).expanduser()
    try:
        atomic_write(target, text.encode("utf-8"), OUTPUT_WORDS)
    except FileProblem as exc:
        raise ExportRefused(f"Could not write {printable(path)}: {exc.reason}") from None
    except OSError as exc:
        raise ExportRefused(f"Could not write {printable(path)}: {exc.strerror or exc}") from None
    return f"Transcript written to {target} ({kind.upper() if kind != 'md' else 'Markdown'})."


def file_stem(transcript: dict[str, Any]) -> str:
    """'petrograd-1917-anna-petrova-2026-11-25': a safe, telling file name for any system."""
    story = transcript.get("story", {}).get("id", "story")
    who = str(transcript.get("student") or "transcript")
    day = str(transcript.get("exported", ""))[:10]
    words = unicodedata.normalize("NFKD", f"{story} {who} {day}").encode("ascii", "ignore").decode().lower()
    stem = re.sub(r"[^a-z0-9]+", "-", words).strip("-")
    return stem[:80] or "transcript"


def transcript_files(
    session: Session, played_seconds: float, assignment: Assignment | None = None
) -> list[tuple[str, str]]:
    """The two files the app hands a student: (name, text) of the HTML to read and the JSON to verify.

    Raises ExportRefused with the assignment's reason when it may not be exported yet.
    """
    if assignment is not None:
        problem = assignment.export_problem(session)
        if problem:
            raise ExportRefused(problem)
    transcript = build_transcript(session, played_seconds, assignment)
    stem = file_stem(transcript)
    return [(f"{stem}.html", render(transcript, "html")), (f"{stem}.json", render(transcript, "json"))]


def write_transcript_files(
    session: Session, played_seconds: float, folder: str | Path, assignment: Assignment | None = None
) -> str:
    """Write the two hand-in files into ``folder``; a one-line confirmation naming the folder, or ExportRefused."""
    files = transcript_files(session, played_seconds, assignment)
    for name, text in files:
        try:
            atomic_write(Path(folder) / name, text.encode("utf-8"), OUTPUT_WORDS)
        except FileProblem as exc:
            raise ExportRefused(f"Could not write {Path(folder) / name}: {exc.reason}") from None
    (html, _), (json_name, _) = files
    return f"Transcript written to {folder}: {html} to read and print, {json_name} to hand in."


def transcript_folder(saves_dir: str | Path = "") -> str:
    """Where the app saves transcripts in a terminal, said to the student in its notice.

    ``$PETROGRAD_TRANSCRIPTS``; else the system's downloads folder (platformdirs:
    ``~/Downloads``, or what the desktop names it) when it exists; else the
    saves folder, beside the student's games. Never the folder the game was
    started from (often the checkout), unless nothing else can be made.
    """
    chosen = os.environ.get("PETROGRAD_TRANSCRIPTS")
    if chosen:
        candidates = [Path(chosen).expanduser()]
    else:
        from platformdirs import user_downloads_path

        downloads = user_downloads_path()
        candidates = [downloads] if downloads.is_dir() else []
    if saves_dir:
        candidates.append(Path(saves_dir))
    for folder in candidates:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        return str(folder)
    return str(Path.cwd())
