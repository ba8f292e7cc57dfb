"""The HTML of each screen of the web build: the scene, the debrief, the title and the reference pages.

Every value from the story or the player goes through ``esc`` (or the Markdown
renderer, which escapes); the page's script puts these fragments into the
page as they are. Controls carry ``data-action`` (what a click asks the game
for) and ``data-key`` (the key that clicks it), so the script needs to know no
rule: a disabled choice is a button the game answers with its reason.
Each screen starts with one ``h1`` with ``id="screen-title"``, which the script
focuses when the screen changes, so a screen reader reads the new scene.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from game.play.session import ChoiceView, DebriefView, JournalEntry, RenderedStatement, SceneView, StatusItem
from game.story.model import TAG_LABELS, Citation, Story, Term
from game.views.browser.markdown import term_id, to_html


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def heading(text: str, small: str = "") -> str:
    """The screen's one ``h1``, which takes the focus when the screen appears."""
    extra = f' <span class="subtitle">{esc(small)}</span>' if small else ""
    return f'<h1 id="screen-title" tabindex="-1">{esc(text)}{extra}</h1>'


def button(label: str, action: str, arg: str = "", key: str = "", kind: str = "", described: str = "",
           disabled: bool = False) -> str:
    """A control the game answers; ``key`` is the key that presses it (shown, and told to screen readers).

    A ``disabled`` one stays focusable and is marked ``aria-disabled``: pressing it makes the game say why.
    """
    attrs = [f'type="button" data-action="{esc(action)}"']
    if disabled:
        attrs.append('aria-disabled="true"')
    if arg:
        attrs.append(f'data-arg="{esc(arg)}"')
    if key:
        attrs.append(f'data-key="{esc(key)}" aria-keyshortcuts="{esc(key)}"')
    if kind:
        attrs.append(f'class="{esc(kind)}"')
    if described:
        attrs.append(f'aria-describedby="{esc(described)}"')
    hint = f' <kbd aria-hidden="true">{esc(_key_name(key))}</kbd>' if key else ""
    return f"<button {' '.join(attrs)}>{esc(label)}{hint}</button>"


def _key_name(key: str) -> str:
    return {"Escape": "Esc"}.get(key, key.upper() if len(key) == 1 else key)


def back_button() -> str:
    return f'<p class="back">{button("Back to the game", "back", key="Escape")}</p>'


# --- the scene -----------------------------------------------------------------------


def scene_page(view: SceneView, notices: Iterable[str] = ()) -> str:
    """A scene (or an ending's text): header, text, choices and the status panel."""
    out = [_notices(notices), '<article class="scene" aria-labelledby="screen-title">']
    if view.act is not None:
        out.append(f'<p class="act">{esc(view.act.title)}</p>')
    out.append(heading(view.title))
    meta = [f'<span class="place">{esc(view.place)}</span>' if view.place else "",
            f'<span class="date">{esc(view.date_text)}</span>' if view.date_text else ""]
    if any(meta):
        out.append(f'<p class="meta">{" · ".join(m for m in meta if m)}</p>')
    out.append(f'<div class="text">{to_html(view.text)}</div>')
    if view.choices:
        out.append(_choices(view.choices))
    out.append("</article>")
    if view.status:
        out.append(status_panel(view.status))
    return "".join(out)


def _choices(choices: tuple[ChoiceView, ...]) -> str:
    out = ['<section class="choices" aria-labelledby="choices-title"><h2 id="choices-title">What do you do?</h2><ol>']
    for c in choices:
        key = str(c.number) if c.number <= 9 else ""
        if c.available:
            out.append(f"<li>{_choice_button(c, key)}</li>")
        else:
            why = f"why-{c.number}"
            reason = c.reason or "not possible now"
            out.append(
                f'<li class="unavailable">{_choice_button(c, key, why)}'
                f'<p class="reason" id="{why}">Not available: {esc(reason)}</p></li>'
            )
    out.append("</ol></section>")
    return "".join(out)


def _choice_button(c: ChoiceView, key: str, described: str = "") -> str:
    attrs = f'type="button" class="choice" data-action="choose" data-arg="{esc(c.id)}"'
    if key:
        attrs += f' data-key="{key}" aria-keyshortcuts="{key}"'
    if described:
        attrs += f' aria-disabled="true" aria-describedby="{described}"'
    number = f'<span class="number" aria-hidden="true">{esc(key)}</span> ' if key else ""
    return f"<button {attrs}>{number}<span>{esc(c.text)}</span></button>"


def status_panel(items: tuple[StatusItem, ...]) -> str:
    rows = "".join(f"<div><dt>{esc(s.label)}</dt><dd>{esc(s.value)}</dd></div>" for s in items)
    return f'<aside class="status" aria-labelledby="status-title"><h2 id="status-title">Status</h2><dl>{rows}</dl></aside>'


def _notices(notices: Iterable[str]) -> str:
    items = [n for n in notices if n]
    if not items:
        return ""
    body = "".join(f"<li>{esc(n)}</li>" for n in items)
    return f'<div class="notice" role="status"><ul>{body}</ul></div>'


# --- the debrief ---------------------------------------------------------------------


class Citations:
    """Numbers each cited passage once, in the order it first appears (as the transcript does)."""

    def __init__(self) -> None:
        self.items: list[Citation] = []
        self._index: dict[tuple[str, str], int] = {}

    def refs(self, cites: tuple[Citation, ...]) -> str:
        out = []
        for c in cites:
            key = (c.source, c.quote)
            if key not in self._index:
                self.items.append(c)
                self._index[key] = len(self.items)
            n = self._index[key]
            out.append(f'<sup><a href="#cite-{n}" aria-label="source {n}">[{n}]</a></sup>')
        return "".join(out)


def tag_label(tag: str) -> str:
    return TAG_LABELS.get(tag, tag)


def _statement(s: RenderedStatement, cites: Citations) -> str:
    return (f'<li><div class="said">{to_html(s.text)}</div> <span class="tag">{esc(tag_label(s.tag))}</span>'
            f"{cites.refs(s.cite)}</li>")


def debrief_sections(debrief: DebriefView, story: Story, answers: list[tuple[str, str]], export_note: str) -> str:
    """The debrief after an ending's text: history, sources, questions (answers kept) and the transcript."""
    cites = Citations()
    out = ['<section class="debrief" aria-labelledby="debrief-title"><h2 id="debrief-title">Debrief</h2>']
    if debrief.what_happened:
        out.append('<h3>What really happened</h3><ul class="statements">')
        out += [_statement(s, cites) for s in debrief.what_happened]
        out.append("</ul>")
    if debrief.path:
        out.append('<h3>Your choices and history</h3><ol class="history">')
        for i, p in enumerate(debrief.path):
            mark = {True: "as history went", False: "not what happened"}.get(p.historical, "") \
                if p.historical is not None else ""
            line = f"<li><strong>{esc(p.title)}</strong>: you chose “{esc(p.choice_text)}”"
            if mark:
                line += f' <span class="tag">{esc(mark)}</span>'
            if debrief.left_history_at == i:
                line += ' <strong class="left">Here your path left history.</strong>'
            if p.history is not None:
                line += (f'<br><span class="history-label">History:</span> <div class="said">{to_html(p.history.text)}</div>'
                         f' <span class="tag">{esc(tag_label(p.history.tag))}</span>{cites.refs(p.history.cite)}')
            out.append(line + "</li>")
        out.append("</ol>")
    if debrief.disagree:
        out.append("<h3>Where the sources disagree</h3>")
        for d in debrief.disagree:
            out.append(f'<h4>{esc(d.title)}</h4><div class="said">{to_html(d.text)}</div>{cites.refs(d.cite)}')
    if debrief.historians:
        out.append("<h3>Historians disagree</h3>")
        for d in debrief.historians:
            tag = f' <span class="tag">{esc(tag_label(d.tag))}</span>' if d.tag else ""
            out.append(f'<h4>{esc(d.title)}</h4><div class="said">{to_html(d.text)}</div>{tag}{cites.refs(d.cite)}')
    if debrief.epilogue:
        out.append('<h3>Afterwards</h3><ul class="statements">')
        out += [_statement(s, cites) for s in debrief.epilogue]
        out.append("</ul>")
    if answers:
        out.append(_questions(answers))
    if cites.items:
        out.append('<h3>Citations</h3><ol class="citations">')
        for n, c in enumerate(cites.items, 1):
            source = story.sources.get(c.source)
            name = source.title if source else c.source
            note = f" <small>({esc(c.note)})</small>" if c.note else ""
            out.append(f'<li id="cite-{n}"><strong>{esc(name)}</strong>: “{esc(c.quote)}”{note}</li>')
        out.append("</ol>")
    out.append(_transcript_box(export_note))
    out.append("</section>")
    return "".join(out)


def _questions(answers: list[tuple[str, str]]) -> str:
    out = ['<h3 id="questions-title">Questions to think about</h3>',
           '<form class="questions" data-action="answers" data-autosubmit aria-labelledby="questions-title">']
    for i, (question, answer) in enumerate(answers):
        out.append(
            f'<p><label for="answer-{i}">{i + 1}. {esc(question)}</label>'
            f'<textarea id="answer-{i}" name="{i}" rows="4">{esc(answer)}</textarea></p>'
        )
    out.append('<p><button type="submit">Keep my answers</button> '
               '<span class="hint">(answers are also kept as you type and leave a box)</span></p></form>')
    return "".join(out)


def _transcript_box(export_note: str) -> str:
    note = f'<p class="assignment-note">{esc(export_note)}</p>' if export_note else ""
    return (
        '<h3>Hand in your transcript</h3>' + note +
        '<p>Hand in the JSON file: your teacher can check it with petrograd verify. '
        'The page is the same transcript to read and print.</p>'
        f'<p class="buttons">{button("Download transcript (JSON, to hand in)", "transcript", "json", key="t", kind="primary")} '
        f'{button("Download transcript (page, to read or print)", "transcript", "html")}</p>'
    )


# --- reference pages -----------------------------------------------------------------


def journal_page(entries: list[JournalEntry]) -> str:
    out = [heading("Journal"), back_button()]
    if not entries:
        out.append("<p>Your journal is empty: no choices made yet.</p>")
    else:
        out.append('<ol class="journal">')
        for e in entries:
            when = f' <span class="date">{esc(e.date.both())}</span>' if e.date else ""
            out.append(f"<li><strong>{esc(e.title)}</strong>{when}<br>You chose “{esc(e.choice_text)}”</li>")
        out.append("</ol>")
    return "".join(out)


def glossary_page(story: Story, people: bool, chosen: Term | None = None) -> str:
    """The glossary (terms) or the people; ``chosen`` (a link followed from the text) is shown first."""
    title = "People" if people else "Glossary"
    out = [heading(title if chosen is None else f"{title}: {chosen.name}"), back_button()]
    if chosen is not None:
        out.append(f'<div class="chosen">{_term(chosen, with_id=False)}</div><h2>All {title.lower()}</h2>')
    entries = sorted((t for t in story.glossary.values() if (t.kind == "person") == people), key=lambda t: t.name.lower())
    if not entries:
        out.append(f"<p>This story has no {title.lower()}.</p>")
    out.append('<dl class="glossary">' + "".join(_term(t) for t in entries) + "</dl>")
    return "".join(out)


def _term(t: Term, with_id: bool = True) -> str:
    ident = f' id="{term_id(t.key)}"' if with_id else ""
    extra = "".join(
        f"<p><strong>{label}:</strong> {esc(value)}</p>" for label, value in (("Role", t.role), ("Later", t.later)) if value
    )
    body = f"<dt{ident}>{esc(t.name)}</dt><dd>{to_html(t.text)}{extra}</dd>"
    return body if with_id else f"<dl>{body}</dl>"


def timeline_page(story: Story) -> str:
    out = [heading("Timeline"), back_button(), '<ol class="timeline">']
    for event in story.timeline:
        out.append(f'<li><span class="date">{esc(event.date.both())}</span>: {esc(event.event)} '
                   f'<span class="tag">{esc(tag_label(event.tag))}</span></li>')
    out.append("</ol>")
    return "".join(out)


def sources_page(story: Story) -> str:
    out = [heading("Sources"), back_button(), '<ul class="sources">']
    for s in story.sources.values():
        by = f", {esc(s.author)}" if s.author else ""
        year = f" ({esc(s.year)})" if s.year else ""
        trust = f"<br>How far to trust it: {esc(s.reliability)}" if s.reliability else ""
        out.append(f"<li><strong>{esc(s.title)}</strong>{by}{year}{trust}</li>")
    out.append("</ul>")
    return "".join(out)


PAGE_KEYS = {"journal": "J", "glossary": "G", "people": "P", "timeline": "L", "sources": "R", "saves": "S"}


def help_page(undo: bool, pages: list[str] | None = None) -> str:
    """The keys, listing only the pages this story offers (``pages``, the actions of the page menu)."""
    offered = list(PAGE_KEYS) if pages is None else [p for p in PAGE_KEYS if p in pages]
    keys = [("1 to 9", "take that choice"), ("U", "undo the last choice" if undo else "undo (turned off in this game)"),
            *[(PAGE_KEYS[p], p) for p in offered],
            ("T", "download the transcript to hand in (at an ending)"), ("?", "this help"),
            ("Esc", "back to the game"), ("Tab", "move between links and buttons")]
    rows = "".join(f"<tr><th scope=\"row\"><kbd>{esc(k)}</kbd></th><td>{esc(v)}</td></tr>" for k, v in keys)
    return (heading("Help") + back_button() + '<table class="keys"><caption>Keys</caption>'
            f"<thead><tr><th scope=\"col\">Key</th><th scope=\"col\">Does</th></tr></thead><tbody>{rows}</tbody></table>"
            "<p>Your game is saved in this browser after every choice. Close the tab whenever you like: "
            "<strong>Continue</strong> on the first page takes you back. To move to another computer, "
            "export the save on the Saves page and import it there.</p>")
