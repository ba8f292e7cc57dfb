"""The project's own error types and the Finding record every check reports."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Pos:
    """A 1-based position in a source file."""

    file: str = ""
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.file:
            return "<story>"
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


NOWHERE = Pos()


@dataclass(frozen=True)
class Finding:
    """One error or warning, as a compiler would print it."""

    pos: Pos
    code: str
    message: str
    hint: str = ""
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        text = f"{self.pos}: {self.severity}: {self.message} [{self.code}]"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.pos.file,
            "line": self.pos.line,
            "column": self.pos.column,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            "severity": self.severity,
        }


class StoryError(Exception):
    """Raised when a story cannot be loaded; carries every finding made."""

    def __init__(self, findings: list[Finding]):
        self.findings = list(findings)
        first = self.findings[0] if self.findings else None
        super().__init__(str(first) if first else "story error")

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


class ExprError(Exception):
    """A syntax or type error in a condition, effect or text template.

    ``offset`` is the 0-based character offset inside the expression, so the
    loader can turn it into a file position.
    """

    def __init__(self, message: str, offset: int = 0, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.hint = hint


class PlayError(Exception):
    """A rule of play was broken: an unavailable choice, undo when forbidden."""


@dataclass
class FindingList:
    """Collects findings while loading or checking."""

    items: list[Finding] = field(default_factory=list)

    def error(self, pos: Pos, code: str, message: str, hint: str = "") -> None:
        self.items.append(Finding(pos, code, message, hint, "error"))

    def warning(self, pos: Pos, code: str, message: str, hint: str = "") -> None:
        self.items.append(Finding(pos, code, message, hint, "warning"))

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.items)


def close_matches(word: str, choices: list[str] | tuple[str, ...]) -> list[str]:
    """The closest of ``choices`` to a misspelt ``word`` (at most one), for hints."""
    from difflib import get_close_matches  # only for errors: not imported by a clean load

    return get_close_matches(word, list(choices), n=1, cutoff=0.6)


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """'did you mean X?' for the closest of ``choices``, or '': the one wording of every such hint."""
    match = close_matches(word, choices)
    return f"did you mean '{match[0]}'?" if match else ""
