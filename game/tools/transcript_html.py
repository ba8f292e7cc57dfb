"""A transcript as one printable, self-contained HTML page that reads well on a phone."""

from __future__ import annotations

from typing import Any

from game.tools.html import esc, inline, page, paragraphs
from game.tools.transcript import as_dict, as_list, date_text, text_of
from game.tools.transcript_markdown import Citations, facts, path_lines, tag_label


def _refs(numbers: list[int]) -> str:
    return "".join(f'<sup><a href="#cite-{n}">[{n}]</a></sup>' for n in numbers)


def _statement(s: Any, cites: Citations) -> str:
    s = as_dict(s)
    return (
        f"<li>{inline(text_of(s.get('text')))} <span class=\"tag\">{esc(tag_label(s.get('tag')))}</span>"
        f"{_refs(cites.numbers(s.get('cite')))}</li>"
    )


def render_html(t: dict[str, Any]) -> str:
    """The whole transcript as a self-contained HTML page (every value escaped)."""
    cites = Citations()
    story = as_dict(t.get("story"))
    title = f"{text_of(story.get('title'), 'Story')}: transcript"
    student = text_of(t.get("student"))
    out = [f"<h1>{esc(title)}{(' · ' + esc(student)) if student else ''}</h1>"]
    out.append('<table class="facts">')
    out += [f"<tr><th scope=\"row\">{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in facts(t)]
    out.append("</table>")
    out.append('<h2>Your path</h2><ol class="path">')
    for step in as_list(t.get("steps")):
        step = as_dict(step)
        when = date_text(step.get("date"))
        out.append(
            f"<li><strong>{esc(text_of(step.get('title')))}</strong>"
            + (f" <small>{esc(when)}</small>" if when else "")
            + f"<br>{esc(text_of(step.get('choice_text') or step.get('choice')))}</li>"
        )
    out.append("</ol>")
    ending = as_dict(t.get("ending"))
    if ending:
        out.append(f"<h2>The ending: {esc(text_of(ending.get('title')))}</h2>")
        when = date_text(ending.get("date"))
        if when:
            out.append(f"<p><em>{esc(when)}</em></p>")
        out.append(paragraphs(text_of(ending.get("text"))))
    debrief = as_dict(t.get("debrief"))
    if debrief:
        out += _debrief_html(debrief, cites)
    questions = as_list(t.get("questions"))
    if questions:
        out.append("<h2>Reflection</h2>")
        for i, qa in enumerate(questions, 1):
            qa = as_dict(qa)
            answer = text_of(qa.get("answer")).strip()
            out.append(f"<h3>{i}. {esc(text_of(qa.get('question')))}</h3>")
            if answer:
                body = "".join(f"<p>{esc(' '.join(p.split()))}</p>" for p in answer.split("\n\n") if p.strip())
                out.append(f"<blockquote>{body}</blockquote>")
            else:
                out.append('<p class="empty">(no answer)</p>')
    out += _sources_html(t, cites)
    out.append(
        f"<footer>Exported by petrograd {esc(text_of(t.get('engine')))}. "
        "A teacher can check this run with <code>petrograd verify</code> on the JSON transcript.</footer>"
    )
    return page(title + (f" · {student}" if student else ""), "\n".join(out))


def _debrief_html(debrief: dict[str, Any], cites: Citations) -> list[str]:
    out: list[str] = []
    happened = as_list(debrief.get("what_happened"))
    if happened:
        out.append('<h2>What really happened</h2><ul class="debrief">')
        out += [_statement(s, cites) for s in happened]
        out.append("</ul>")
    path = path_lines(debrief, cites)
    if path:
        out.append('<h2>Your choices and history</h2><ul class="debrief">')
        for p in path:
            line = f"<li><strong>{esc(p.title)}</strong>: you chose “{esc(p.choice)}”"
            line += f' <span class="tag">{esc(p.mark)}</span>' if p.mark else ""
            if p.left_here:
                line += ' <span class="left">Here your path left history.</span>'
            if p.history:
                line += f'<br>History: {inline(p.history)} <span class="tag">{esc(p.history_tag)}</span>{_refs(p.refs)}'
            out.append(line + "</li>")
        out.append("</ul>")
    disagree = as_list(debrief.get("disagree"))
    if disagree:
        out.append("<h2>Where the sources disagree</h2>")
        for d in disagree:
            d = as_dict(d)
            out.append(f"<h3>{esc(text_of(d.get('title')))}</h3>")
            out.append(paragraphs(text_of(d.get("text"))) + _refs(cites.numbers(d.get("cite"))))
    historians = as_list(debrief.get("historians"))
    if historians:
        out.append("<h2>Where historians disagree</h2>")
        for d in map(as_dict, historians):
            out.append(f'<h3>{esc(text_of(d.get("title")))} <span class="tag">{esc(tag_label(d.get("tag")))}</span></h3>')
            out.append(paragraphs(text_of(d.get("text"))) + _refs(cites.numbers(d.get("cite"))))
    epilogue = as_list(debrief.get("epilogue"))
    if epilogue:
        out.append('<h2>Afterwards</h2><ul class="debrief">')
        out += [_statement(s, cites) for s in epilogue]
        out.append("</ul>")
    return out


def _sources_html(t: dict[str, Any], cites: Citations) -> list[str]:
    out: list[str] = []
    sources = [as_dict(s) for s in as_list(t.get("sources"))]
    titles = {text_of(s.get("key")): text_of(s.get("title")) for s in sources}
    if cites.items:
        out.append("<h2>Citations</h2><ol>")
        for n, c in enumerate(cites.items, 1):
            note = f" <small>({esc(c['note'])})</small>" if c["note"] else ""
            out.append(
                f'<li id="cite-{n}"><strong>{esc(titles.get(c["source"]) or c["source"])}</strong>: '
                f"“{esc(c['quote'])}”{note}</li>"
            )
        out.append("</ol>")
    if sources:
        out.append("<h2>Sources</h2><ul>")
        for s in sources:
            year = f", {esc(text_of(s.get('year')))}" if s.get("year") else ""
            out.append(
                f"<li><strong>{esc(text_of(s.get('title')))}</strong>, {esc(text_of(s.get('author')))}{year}. "
                f"<em>{esc(text_of(s.get('kind')))}.</em> {esc(text_of(s.get('reliability')))}</li>"
            )
        out.append("</ul>")
    return out
