"""Text the player reads that is not a template: a ``{`` or ``[[`` there is shown as written (W210).

Scene text, choice text and reasons are templates: ``{coins}`` is filled in and ``[[Soviet]]``
links to the glossary. A place, an act's title, a value's label, a glossary entry and the other
short texts below are shown exactly as written, so an author who writes ``{coins}`` in one would
see the braces on the player's screen, and nothing said so. ``check`` warns instead.

This module lists those texts (``plain_texts``, the one place that says which texts take no
template) and finds the exact column of the brace: the model keeps each record's position, and
the file is read again only for a text that has one (a clean story costs a scan of its strings).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import yaml

from game.story.errors import FindingList, Pos
from game.story.model import Citation, Story
from game.story.yamlnodes import SourceFile, YamlProblem, read_file

CODE = "W210"
_BRACE = re.compile(r"\{[^{}\n]{0,40}\}?")
_LINK = re.compile(r"\[\[[^\]\n]{0,40}(?:\]\])?")

Step = str | int  # a key of a mapping, or an index of a list


@dataclass(frozen=True)
class PlainText:
    """One text shown as written: what it is, the mapping that holds it, and the keys from there to it."""

    what: str  # "a perspective's description"
    owner: Pos  # where the mapping holding it starts
    path: tuple[Step, ...]
    text: str
    links: bool = False  # [[links]] are read in it (the primer's Markdown), only {…} is not


def plain_texts(story: Story, citations: Iterable[Citation] = ()) -> Iterator[PlainText]:
    """Every text the player may read that is not a template and holds a ``{`` or ``[[`` (scene and
    ending titles and variable labels are the loader's own business, so they are not listed here)."""
    if "{" in story.primer:
        yield PlainText("the primer", story.pos, ("primer",), story.primer, links=True)
    for what, owner, path, text in _texts(story, citations):
        if "{" in text or "[[" in text:
            yield PlainText(what, owner, path, text)


_Text = tuple[str, Pos, tuple[Step, ...], str]  # what, owner, path, text: a tuple is cheap to make for every text


def _texts(story: Story, citations: Iterable[Citation]) -> Iterator[_Text]:
    yield ("the story's title", story.pos, ("title",), story.title)
    yield ("the story's subtitle", story.pos, ("subtitle",), story.subtitle)
    for p in story.perspectives:
        yield ("a perspective's title", p.pos, ("title",), p.title)
        yield ("a perspective's description", p.pos, ("description",), p.description)
    for var in story.variables.values():
        for value, label in var.labels.items():
            yield (f"the label of '{var.name}' value '{value}'", var.pos, ("labels", value), label)
    for act in story.acts:
        yield ("an act's title", act.pos, ("title",), act.title)
        yield ("an act's summary", act.pos, ("summary",), act.summary)
    for scene in story.scenes.values():
        yield ("a scene's place", scene.pos, ("place",), scene.place)
    for ending in story.endings.values():
        yield ("an ending's place", ending.pos, ("place",), ending.place)
        yield ("an ending's summary", ending.pos, ("summary",), ending.summary)
        if ending.debrief is not None:
            for number, question in enumerate(ending.debrief.questions):
                yield ("a debrief question", ending.debrief.pos, ("questions", number), question)
            for note in (*ending.debrief.disagree, *ending.debrief.historians):
                yield ("a debrief note's title", note.pos, ("title",), note.title)
    for term in story.glossary.values():
        yield ("a glossary entry's name", term.pos, ("term" if term.kind == "term" else "name",), term.name)
        for number, alias in enumerate(term.aliases):
            yield ("a glossary entry's alias", term.pos, ("aliases", number), alias)
        yield ("a glossary entry's text", term.pos, ("text",), term.text)
        yield ("a person's role", term.pos, ("role",), term.role)
        yield ("a person's later life", term.pos, ("later",), term.later)
    for event in story.timeline:
        yield ("a timeline event", event.pos, ("event",), event.event)
    for source in story.sources.values():
        yield ("a source's title", source.pos, ("title",), source.title)
        yield ("a source's author", source.pos, ("author",), source.author)
    for citation in citations:  # a quote is the source's own words, braces and all; its note is the author's
        yield ("a citation's note", citation.pos, ("note",), citation.note)


def _mark(text: str, links: bool) -> re.Match[str] | None:
    """The first ``{…}`` (or ``[[…]]``, where links are not read) in ``text``."""
    found = [m for m in (_BRACE.search(text), None if links else _LINK.search(text)) if m is not None]
    return min(found, key=lambda m: m.start()) if found else None


def report_untemplated_marks(story: Story, citations: Iterable[Citation], found: FindingList) -> None:
    """W210 at the brace (or ``[[``) of every text shown as written that holds one."""
    files: dict[str, tuple[SourceFile, yaml.Node | None] | None] = {}
    seen: set[tuple[Pos, tuple[Step, ...]]] = set()
    for plain in plain_texts(story, citations):
        mark = _mark(plain.text, plain.links)
        if mark is None or (plain.owner, plain.path) in seen:
            continue
        seen.add((plain.owner, plain.path))  # a note story.yaml shares with every ending: once
        shown = mark.group()
        what = "is not filled in" if shown.startswith("{") else "is not a link"
        hint = ("this text takes [[links]] but no {…}" if plain.links else "this text takes no {…} or [[…]]") + \
            ": write the words out; 'Text' in docs/authoring.md lists the texts that are templates"
        found.warning(_locate(plain, files) or plain.owner, CODE, f"{plain.what} is shown as written: '{shown}' {what}", hint)


def _locate(plain: PlainText, files: dict[str, tuple[SourceFile, yaml.Node | None] | None]) -> Pos | None:
    """The position of the mark in the file, read again; None if the file no longer says the same."""
    path = plain.owner.file
    if path not in files:
        try:
            files[path] = read_file(path, path)
        except YamlProblem:
            files[path] = None
    got = files[path]
    if got is None or got[1] is None:
        return None
    source, root = got[0], got[1]
    node = _mapping_at(root, plain.owner)
    for step in plain.path:
        node = _child(node, step) if node is not None else None
    if not isinstance(node, yaml.ScalarNode):
        return None
    mark = _mark(str(node.value), plain.links)
    return source.offset_pos(node, mark.start()) if mark is not None else None


def _mapping_at(root: yaml.Node, pos: Pos) -> yaml.Node | None:
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            if (node.start_mark.line + 1, node.start_mark.column + 1) == (pos.line, pos.column):
                return node
            stack.extend(value for _, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return None


def _child(node: yaml.Node, step: Step) -> yaml.Node | None:
    if isinstance(step, int):
        items: list[yaml.Node] = node.value if isinstance(node, yaml.SequenceNode) else []
        return items[step] if step < len(items) else None
    pairs: list[tuple[yaml.Node, yaml.Node]] = node.value if isinstance(node, yaml.MappingNode) else []
    return next((value for key, value in pairs if str(key.value) == step), None)
