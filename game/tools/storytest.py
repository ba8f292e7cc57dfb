"""Story tests: scripted playthroughs authors write in ``tests/*.yaml`` of a story folder.

Files are read with the loader's own machinery (``SHAPES["tests_file"]``, the
same positions and "did you mean" hints as scene files), and each test drives a
real ``Session``. A failing test reports the file:line:column of the step or
expectation that failed, and stops there: the first failure is the one to fix.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Union

import yaml

from game.play.session import Session
from game.story.errors import Finding, PlayError, Pos, did_you_mean
from game.story.expr import Value, set_members
from game.story.loader import FileReader, scalar_value
from game.story.model import Story, Variable
from game.story.yamlnodes import SourceFile, int_value
from game.tools.witness import find_choice

Located = tuple[str, Pos]
Wanted = Union[Value, tuple[str, ...]]  # a set is written as the list of its items: pack: [letter, rope]


@dataclass
class Expect:
    ending: Located | None = None
    scene: Located | None = None
    visited: list[Located] = field(default_factory=list)
    vars: list[tuple[str, Wanted, Pos]] = field(default_factory=list)
    pos: Pos = Pos()
    unavailable: list[tuple[str, str, Pos]] = field(default_factory=list)  # choice id, its reason ('' any), where
    text: list[Located] = field(default_factory=list)  # words the scene's text must show


@dataclass
class StoryTest:
    name: str
    pos: Pos
    choices: list[Located]
    expect: Expect
    perspective: Located | None = None
    seed: int = 0


@dataclass
class Outcome:
    test: StoryTest
    failure: str = ""  # empty when the test passed
    at: Pos = Pos()
    path: tuple[str, ...] = ()  # the choices taken before it stopped
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return not self.failure

    def finding(self) -> Finding:
        return Finding(self.at, "T100", f"test '{self.test.name}' failed: {self.failure}")


def find_test_files(story_root: str, extra: list[str] | None = None) -> list[str]:
    """``tests/**/*.yaml`` of the story folder, or the given files and folders, in sorted order."""
    roots = extra if extra else [os.path.join(story_root, "tests")]
    found: list[str] = []
    for root in roots:
        if os.path.isfile(root):
            found.append(root)
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            found.extend(os.path.join(folder, f) for f in sorted(files) if f.endswith((".yaml", ".yml")) and not f.startswith("."))
    return found


def load_tests(paths: list[str]) -> tuple[list[StoryTest], list[Finding]]:
    """Every test in ``paths``, and the load errors (bad YAML, unknown keys) found on the way."""
    tests: list[StoryTest] = []
    findings: list[Finding] = []
    for path in paths:
        loader = FileReader(os.path.dirname(path) or ".")
        got = loader.read(os.path.basename(path))
        if got is not None:
            source, node = got
            f = loader.fields(source, node, "tests_file", path)
            for item, t in loader.items(source, f.get("tests") if f else None, "story_test", "a story test"):
                if "name" not in t or "choices" not in t:
                    continue
                expect = Expect(pos=source.pos(item))
                if "expect" in t:
                    e = loader.fields(source, t["expect"], "expect", "'expect'") or {}
                    expect = Expect(
                        _located(source, e.get("ending")),
                        _located(source, e.get("scene")),
                        [(str(n.value), source.pos(n)) for n in e["visited"].value] if "visited" in e else [],
                        [(str(k.value), _scalar(v), source.pos(v)) for k, v in e["vars"].value] if "vars" in e else [],
                        source.pos(t["expect"]),
                        [(str(k.value), str(v.value), source.pos(k)) for k, v in e["unavailable"].value] if "unavailable" in e else [],
                        [(str(n.value), source.pos(n)) for n in e["text"].value] if "text" in e else [],
                    )
                tests.append(StoryTest(
                    str(t["name"].value).strip(),
                    source.pos(item),
                    [(str(c.value), source.pos(c)) for c in t["choices"].value],
                    expect,
                    _located(source, t.get("perspective")),
                    (int_value(t["seed"]) or 0) if "seed" in t else 0,
                ))
        findings.extend(loader.findings)
    return tests, findings


def _located(source: SourceFile, node: yaml.Node | None) -> Located | None:
    if node is None:
        return None
    return str(node.value), source.pos(node)


def _scalar(node: yaml.Node) -> Wanted:
    if isinstance(node, yaml.SequenceNode):
        return tuple(str(item.value) for item in node.value)
    value = scalar_value(node)
    return str(node.value) if value is None else value


class _Failed(Exception):
    def __init__(self, message: str, at: Pos):
        super().__init__(message)
        self.message = message
        self.at = at


def run_test(story: Story, test: StoryTest) -> Outcome:
    began = time.perf_counter()
    session: Session | None = None
    try:
        session = _start(story, test)
        for number, (wanted, pos) in enumerate(test.choices, 1):
            _step(session, number, wanted, pos)
        _check(story, session, test.expect)
    except _Failed as failed:
        path = tuple(s.choice for s in session.state.path) if session else ()
        return Outcome(test, failed.message, failed.at, path, time.perf_counter() - began)
    return Outcome(test, "", test.pos, tuple(s.choice for s in session.state.path), time.perf_counter() - began)


def _start(story: Story, test: StoryTest) -> Session:
    perspective = test.perspective[0] if test.perspective else None
    if perspective is not None and story.perspective(perspective) is None:
        hint = did_you_mean(perspective, [p.id for p in story.perspectives])
        assert test.perspective is not None
        raise _Failed(f"no perspective '{perspective}' in this story" + (f" ({hint})" if hint else ""), test.perspective[1])
    try:
        return Session(story, perspective, seed=test.seed)
    except PlayError as exc:
        raise _Failed(f"cannot start: {exc}", test.pos) from None


def _step(session: Session, number: int, wanted: str, pos: Pos) -> None:
    node = session.node
    if session.finished:
        raise _Failed(f"step {number} '{wanted}': the game already ended at '{node.id}'", pos)
    choice = find_choice(session, wanted)
    if choice is None:
        shown = ", ".join(c.id for c in session.available_choices()) or "none"
        hint = did_you_mean(wanted, [c.id for c in node.choices])
        raise _Failed(
            f"step {number}: '{node.id}' has no choice '{wanted}'" + (f" ({hint})" if hint else "") + f"; available: {shown}", pos
        )
    try:
        session.choose(choice.id)
    except PlayError as exc:
        raise _Failed(f"step {number} in '{node.id}': {exc}", pos) from None


def _check(story: Story, session: Session, expect: Expect) -> None:
    here = session.node.id
    if expect.ending is not None:
        wanted, pos = expect.ending
        _known(story, wanted, pos)
        if here != wanted:
            what = "ending" if session.finished else "scene (not an ending)"
            raise _Failed(f"expected ending '{wanted}' but the game is at {what} '{here}'", pos)
    if expect.scene is not None:
        wanted, pos = expect.scene
        _known(story, wanted, pos)
        if here != wanted:
            raise _Failed(f"expected to be at '{wanted}' but the game is at '{here}'", pos)
    for wanted, pos in expect.visited:
        _known(story, wanted, pos)
        if not session.state.visits.get(wanted):
            raise _Failed(f"expected '{wanted}' to have been visited, but it was not", pos)
    for name, value, pos in expect.vars:
        var = story.variables.get(name)
        if var is None and name != "perspective":
            hint = did_you_mean(name, list(story.variables))
            raise _Failed(f"no variable '{name}' in this story" + (f" ({hint})" if hint else ""), pos)
        actual = session.state.vars.get(name)
        if isinstance(value, tuple):
            _check_set(name, value, var, actual, pos)
            continue
        if type(actual) is not type(value):  # 1 and "1" print alike: say which is which
            raise _Failed(f"expected {name} = {_show(value)} ({_type_name(value)}) but it is {_show(actual)} ({_type_name(actual)})", pos)
        if actual != value:
            raise _Failed(f"expected {name} = {_show(value)} but it is {_show(actual)}", pos)
    if expect.text:
        shown = session.render(session.node.text, "plain")
        for words, pos in expect.text:
            if words not in shown:
                raise _Failed(f"expected the text of '{here}' to show “{words}”, but it does not", pos)
    for choice_id, reason, pos in expect.unavailable:
        _check_unavailable(session, choice_id, reason, pos)


def _check_set(name: str, items: tuple[str, ...], var: Variable | None, actual: Value | None, pos: Pos) -> None:
    """``pack: [letter, rope]``: the set holds those items and no other, in any order."""
    if var is None or var.type.kind != "set":
        raise _Failed(f"expected {name} to hold [{', '.join(items)}], but {name} is not a set ({_show(actual)})", pos)
    for item in items:
        if item not in var.type.values:
            hint = did_you_mean(item, var.type.values)
            raise _Failed(f"'{item}' is not one of {', '.join(var.type.values)}" + (f" ({hint})" if hint else ""), pos)
    held = set_members(actual if actual is not None else "")
    if set(held) != set(items):
        raise _Failed(f"expected {name} = [{', '.join(items)}] but it holds [{', '.join(held)}]", pos)


def _check_unavailable(session: Session, choice_id: str, reason: str, pos: Pos) -> None:
    """The choice is not available now: hidden, or shown disabled (with ``reason``, when one is given)."""
    node = session.node
    if not any(c.id == choice_id for c in node.choices):
        hint = did_you_mean(choice_id, [c.id for c in node.choices])
        raise _Failed(f"'{node.id}' has no choice '{choice_id}'" + (f" ({hint})" if hint else ""), pos)
    if any(c.id == choice_id for c in session.available_choices()):
        raise _Failed(f"expected choice '{choice_id}' to be unavailable, but it can be taken", pos)
    shown = next((c for c in session.choices() if c.id == choice_id), None)
    if reason and (shown is None or shown.reason != reason):
        said = f"its reason is “{shown.reason}”" if shown is not None else "it is hidden, with no reason shown"
        raise _Failed(f"expected choice '{choice_id}' to be unavailable because “{reason}”, but {said}", pos)


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a number"
    return "text" if isinstance(value, str) else "nothing"


def _known(story: Story, node_id: str, pos: Pos) -> None:
    if story.node(node_id) is None:
        hint = did_you_mean(node_id, [*story.scenes, *story.endings])
        raise _Failed(f"no scene or ending '{node_id}' in this story" + (f" ({hint})" if hint else ""), pos)


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def endings_without_tests(story: Story, tests: list[StoryTest]) -> list[str]:
    expected = {t.expect.ending[0] for t in tests if t.expect.ending}
    return [e for e in story.endings if e not in expected]
