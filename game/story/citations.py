"""cite-check: every quote must be an exact passage of its source's text in a corpus folder.

Comparison folds runs of whitespace to one space and typographic quotes to
straight ones, and nothing else: a changed word or dash is a failure.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from game.story.check import all_citations
from game.story.errors import Pos
from game.story.files import NotAFile, read_bytes
from game.story.model import Story

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"', "\u00a0": " "})


def fold(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


@dataclass(frozen=True)
class CiteResult:
    source: str
    corpus_file: str
    quote: str
    pos: Pos
    found: bool
    problem: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "corpus_file": self.corpus_file,
            "quote": self.quote,
            "file": self.pos.file,
            "line": self.pos.line,
            "column": self.pos.column,
            "found": self.found,
            "problem": self.problem,
        }


def cite_check(story: Story, corpus: str) -> list[CiteResult]:
    texts: dict[str, str | None] = {}
    results: list[CiteResult] = []
    missing: set[str] = set()
    unreadable: dict[str, str] = {}
    for citation in all_citations(story):
        source = story.sources.get(citation.source)
        if source is None:
            results.append(CiteResult(citation.source, "", citation.quote, citation.pos, False, f"unknown source '{citation.source}'"))
            continue
        path = os.path.join(corpus, source.file)
        if source.key not in texts:
            try:  # read as a story file is: a FIFO or a device would hang the check
                texts[source.key] = fold(read_bytes(path).decode("utf-8", errors="replace"))
            except NotAFile as exc:
                texts[source.key] = None
                unreadable[source.key] = f"the source's file {source.file} is {exc.kind}, not a regular file"
            except OSError:
                texts[source.key] = None
        text = texts[source.key]
        if text is None:
            if source.key not in missing:  # once, where the file is named, not at every quote
                missing.add(source.key)
                why = unreadable.get(source.key) or _missing(corpus, source.file)
                results.append(CiteResult(source.key, path, "", source.pos, False, why))
            continue
        quote = fold(citation.quote)
        ok = bool(quote) and quote in text
        problem = "" if ok else "the quote is not in the source's text"
        if not ok and quote:
            problem += _near_miss(quote, text)
        results.append(CiteResult(source.key, path, citation.quote, citation.pos, ok, problem))
    return results


def _missing(corpus: str, name: str) -> str:
    """'the source's file X is missing from the corpus (did you mean 'Y'?)'."""
    from game.story.loader import did_you_mean

    try:
        present = sorted(os.listdir(corpus))
    except OSError:
        present = []
    hint = did_you_mean(name, present)
    return f"the source's file '{name}' is not in {corpus}" + (f" ({hint})" if hint else "") + "; its quotes are not checked"


def _near_miss(quote: str, text: str) -> str:
    """Point at the first word where the longest matching prefix stops."""
    words = quote.split(" ")
    lo, hi = 0, len(words)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if " ".join(words[:mid]) in text:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0:
        return ""
    return f" (it matches up to '{' '.join(words[max(0, lo - 3):lo])}', then differs at '{words[lo] if lo < len(words) else ''}')"
