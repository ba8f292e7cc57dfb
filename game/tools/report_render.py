"""The class report as Markdown, CSV (for a spreadsheet) or HTML with inline SVG charts."""

from __future__ import annotations

import csv
import io

from game.play.printable import printable
from game.tools.html import esc, page
from game.tools.report import ClassReport, Decision, Row
from game.tools.svgchart import Bar, bar_chart
from game.tools.transcript import played_text

COLUMNS = (
    "file", "student", "perspective", "ending", "ending_kind", "scenes_visited", "minutes_played",
    "answer_words", "unanswered", "verify", "detail",
)


def _cells(row: Row) -> list[str]:
    minutes = "" if row.played_seconds is None else str(round(row.played_seconds / 60))
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
        out += [f"- {_md(t)} ({k}): {n}" for t, k, n in report.endings]
        out += ["", "## Key decisions", ""]
        for d in report.decisions:
            out.append(f"### {_md(d.title)} ({d.reached} choices made)")
            out.append("")
            for o in d.options:
                out.append(f"- {_md(o.text)}: {o.count}" + (" *(historical)*" if o.historical else ""))
            out += ["", _md(_decision_line(d)), ""]
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


def render_html(report: ClassReport) -> str:
    body = [f"<h1>{esc(_title(report))}</h1>", f"<p>{esc(_intro(report))}</p>"]
    if report.story and report.endings:
        bars = [Bar(t, n, k, highlight=(k == "historical")) for t, k, n in report.endings]
        body.append(f"<h2>Endings reached</h2><figure>{bar_chart('Endings reached across the class', bars)}"
                    "<figcaption>Dark red: the historical endings.</figcaption></figure>")
    body.append("<h2>Students</h2><div class=\"scroll\"><table><thead><tr>")
    body.append("".join(f"<th scope=\"col\">{esc(c.replace('_', ' '))}</th>" for c in COLUMNS[1:]) + "</tr></thead><tbody>")
    for row in report.rows:
        cells = _cells(row)
        name = esc(cells[1]) if cells[1] else f"<span class=\"empty\">{esc(row.file)}</span>"
        css = "good" if row.status == "genuine" else ("" if row.status == "other version" else "bad")
        rest = "".join(f"<td>{esc(c)}</td>" for c in cells[2:9])
        body.append(
            f"<tr><th scope=\"row\">{name}</th>{rest}<td class=\"{css}\">{esc(row.status)}</td>"
            f"<td class=\"detail\">{esc(row.detail)}</td></tr>"
        )
    body.append("</tbody></table></div>")
    if report.story:
        body.append("<h2>Key decisions</h2>")
        for d in report.decisions:
            bars = [Bar(o.text, o.count, "historical" if o.historical else "", o.historical) for o in d.options]
            body.append(
                f"<h3>{esc(d.title)}</h3><figure>{bar_chart(f'What the class chose at {d.title}', bars)}"
                f"<figcaption>{esc(_decision_line(d))} "
                "Dark red: what really happened.</figcaption></figure>"
            )
        body.append("<h2>Unanswered questions</h2>")
        gaps = [(q, n, a) for q, n, a in report.unanswered if n]
        if gaps:
            bars = [Bar(q, n, f"of {a} asked") for q, n, a in gaps]
            body.append(f"<figure>{bar_chart('Reflection questions left empty', bars)}</figure>")
        else:
            body.append("<p>Every question that was asked was answered.</p>")
    grouped = report.answers_by_question()
    if grouped:
        body.append("<h2>Answers</h2>")
        for question, answers in grouped:
            body.append(f"<h3>{esc(question)}</h3><dl class=\"answers\">")
            for row, answer in answers:
                flag = "" if row.status in ("genuine", "other version") else f' <span class="bad">({esc(row.status)})</span>'
                text = esc(answer) if answer else '<span class="empty">(no answer)</span>'
                body.append(f"<dt>{esc(row.student or row.file)}{flag}</dt><dd>{text}</dd>")
            body.append("</dl>")
    times = sorted(r.played_seconds for r in report.counted if r.played_seconds is not None)
    median = played_text(times[len(times) // 2]) if times else "unknown"
    body.append(f"<footer>Made by petrograd class-report. Median time played: {esc(median)}.</footer>")
    return page(_title(report), "\n".join(body), wide=True)
