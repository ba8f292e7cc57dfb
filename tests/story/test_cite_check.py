"""cite-check: a missing corpus file is reported once, where the source names it, with did-you-mean."""

from __future__ import annotations

import shutil
from pathlib import Path

from game.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_a_missing_corpus_file_is_reported_once_with_did_you_mean(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notes.text").write_text("The garrison went over to the Soviet.", encoding="utf-8")
    story = tmp_path / "story"
    shutil.copytree(FIXTURES / "mini", story)
    assert main(["cite-check", str(story), "--corpus", str(corpus)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"{story}/sources.yaml:2:5: error: citation of 'notes': the source's file 'notes.txt' is not in {corpus} "
        "(did you mean 'notes.text'?); its quotes are not checked"
    ]


def test_a_named_pipe_in_the_corpus_is_refused_unread(tmp_path, capsys):
    """Opening a FIFO waits for a writer: cite-check would hang; it names the file kind instead."""
    import os

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    os.mkfifo(corpus / "notes.txt")
    story = tmp_path / "story"
    shutil.copytree(FIXTURES / "mini", story)
    assert main(["cite-check", str(story), "--corpus", str(corpus)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"{story}/sources.yaml:2:5: error: citation of 'notes': the source's file notes.txt is a named pipe (FIFO),"
        " not a regular file"
    ]
