"""The class report as Markdown, CSV (for a spreadsheet) or HTML with inline SVG charts."""

from __future__ import annotations

import csv
import io
from typing import Any

from game.play.printable import printable
from game.tools.html import page
from game.tools.report import ClassReport, Decision, Row
from game.tools.svgchart import Bar, bar_chart
from game.tools.transcript import played_minutes, played_text

COLUMNS = (
    "file", "student", "perspective", "ending", "ending_kind", "scenes_visited", "minutes_played",
    "answer_words", "unanswered", "verify", "detail",
)


def _cells(row: Row) -> list[str]:
    minutes = "" if row.played_seconds is None else str(played_minutes(row.played_seconds))
    return [
        row.file, row.student, row.perspective, row.ending or ("" if row.transcript is None else "(not finished)"),
        row.ending_kind, str(row.scenes) if row.transcript is not None else "", minutes,
        " ".join(str(w) for w in row.answer_words), str(row.unanswered) if row.transcript is not None else "",
        row.status, row.detail,
    ]


def render_csv(report: ClassReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in report.rows:
        # A leading = + - @ would make a spreadsheet run the cell as a formula.
        cells = [printable(c) for c in _cells(row)]
        writer.writerow(["'" + c if c[:1] in ("=", "+", "-", "@") else c for c in cells])
    return out.getvalue()


def _md(text: str) -> str:
    """One line of Markdown from untrusted text: no pipes breaking the table, no control characters."""
    return printable(" ".join(text.replace("|", "\\|").split()))


def _title(report: ClassReport) -> str:
    return f"Class report: {report.story.title}" if report.story else "Class report"


def _intro(report: ClassReport) -> str:
    counts = {s: sum(1 for r in report.rows if r.status == s) for s in ("genuine", "other version", "not genuine", "unverified", "broken", "foreign")}
    parts = [f"{n} {s}" for s, n in counts.items() if n]
    text = f"{len(report.rows)} files in {report.folder}: " + (", ".join(parts) or "none") + "."
    if report.story:
        text += f" Verified against {report.story.title} (content hash {report.story.content_hash})."
        text += (
            " The summary counts the transcripts whose path replays exactly (genuine, or made with another"
            " version of the story but replaying identically on this one)."
        )
    else:
        text += " No story was loaded, so nothing was verified and there is no summary."
    return text


def _decision_line(d: Decision) -> str:
    """'Most taken: “A” (5). Least taken: “B” (0).', or 'Every option was taken equally often.'"""
    if not d.least:
        return "Every option was taken equally often."
    most = " and ".join(f"“{o.text}”" for o in d.most)
    least = " and ".join(f"“{o.text}”" for o in d.least)
    never = " (never)" if d.least[0].count == 0 else f" ({d.least[0].count})"
    return f"Most taken: {most} ({d.most[0].count}). Least taken: {least}{never}."


def render_markdown(report: ClassReport) -> str:
    out = [f"# {_md(_title(report))}", "", _intro(report), "", "## Students", ""]
    out += ["| " + " | ".join(c.replace("_", " ") for c in COLUMNS[1:]) + " |", "|" + "---|" * (len(COLUMNS) - 1)]
    for row in report.rows:
        cells = _cells(row)
        cells[0] = cells[1] or f"({row.file})"
        out.append("| " + " | ".join(_md(c) for c in cells[:1] + cells[2:]) + " |")
    if report.story:
        out += ["", "## Endings reached", ""]
        out += [f"- {_md(t)}" + (f" ({k})" if k else "") + f": {n}" for t, k, n in report.endings]
        if report.story.has_history:  # a story with no sources has no key decisions to set against history
            out += ["", "## Key decisions", ""]
            for d in report.decisions:
                out.append(f"### {_md(d.title)} ({d.reached} choices made)")
                out.append("")
                for o in d.options:
                    out.append(f"- {_md(o.text)}: {o.count}" + (" *(historical)*" if o.historical else ""))
                out += ["", _md(_decision_line(d)), ""]
        else:
            out.append("")
        out += ["## Unanswered questions", ""]
        out += [f"- {_md(q)}: {n} of {a} left it empty" for q, n, a in report.unanswered if n] or ["- none"]
    grouped = report.answers_by_question()
    if grouped:
        out += ["", "## Answers", ""]
        for question, answers in grouped:
            out += [f"### {_md(question)}", ""]
            for row, answer in answers:
                flag = "" if row.status in ("genuine", "other version") else f" *({row.status})*"
                out.append(f"- **{_md(row.student or row.file)}**{flag}: {_md(answer) if answer else '*(no answer)*'}")
            out.append("")
    return printable("\n".join(out).rstrip() + "\n", multiline=True)


def _glance(report: ClassReport) -> dict[str, Any] | None:
    """The one-page overview: per ending and per key decision, the class against what really happened."""
    counted = len(report.counted)
    if report.story is None or not counted:
        return None
    endings = [
        {
            "title": title, "share": _percent(n, counted), "css": "hist" if kind == "historical" else "other",
            "words": f"{n} of {counted} · {kind}" if kind else f"{n} of {counted}",
        }
        for title, kind, n in report.endings
    ]
    decisions = []
    for d in report.decisions:
        historical = [o for o in d.options if o.historical]
        as_history = sum(o.count for o in historical)
        words = f"{as_history} of {d.reached} as history went" if historical else f"{d.reached} chose · none marked"
        decisions.append({"title": d.title, "share": _percent(as_history, d.reached), "words": words})
    return {"counted": counted, "endings": endings, "decisions": decisions}


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def render_html(report: ClassReport) -> str:
    """The class report as one self-contained page (templates/class_report.html): overview first, then details."""
    rows = []
    for row in report.rows:
        cells = _cells(row)
        rows.append({
            "name": cells[1], "file": row.file, "cells": cells[2:9], "status": row.status, "detail": row.detail,
            "css": "good" if row.status == "genuine" else ("" if row.status == "other version" else "bad"),
        })
    decisions = [
        {
            "title": d.title, "caption": _decision_line(d),
            "chart": bar_chart(
                f"What the class chose at {d.title}",
                [Bar(o.text, o.count, "historical" if o.historical else "", o.historical) for o in d.options],
            ),
        }
        for d in report.decisions
    ]
    gaps = [(q, n, a) for q, n, a in report.unanswered if n]
    gaps_chart = bar_chart("Reflection questions left empty", [Bar(q, n, f"of {a} asked") for q, n, a in gaps]) if gaps else None
    answers = [
        (question, [
            {"who": row.student or row.file, "text": answer,
             "flag": "" if row.status in ("genuine", "other version") else row.status}
            for row, answer in group
        ])
        for question, group in report.answers_by_question()
    ]
    times = sorted(r.played_seconds for r in report.counted if r.played_seconds is not None)
    return page(
        "class_report.html",
        title=_title(report), wide=True, intro=_intro(report), glance=_glance(report),
        columns=[c.replace("_", " ") for c in COLUMNS[1:]], rows=rows, has_story=report.story is not None,
        history=report.story is not None and report.story.has_history,
        decisions=decisions, gaps_chart=gaps_chart, answers=answers,
        median=played_text(times[len(times) // 2]) if times else "unknown",
    )
