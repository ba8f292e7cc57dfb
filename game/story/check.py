"""Static checks on a loaded story: findings with positions, stable codes and hints.

Codes are stable (docs/authoring.md lists them): E1xx errors, W2xx warnings.
Load errors (E0xx) come from the loader before any of these run.
"""

from __future__ import annotations

import random
import re
from collections import deque
from dataclasses import dataclass, field

from game.story import expr as ex
from game.story.codes import CHECK_CODES
from game.story.errors import Finding, FindingList, did_you_mean
from game.story.model import (
    Branch,
    Citation,
    Disagreement,
    Effects,
    Ending,
    Interp,
    Link,
    Scene,
    Statement,
    Story,
    Template,
)
from game.story.plain_text import report_untemplated_marks
from game.story.text import plain, walk_parts

WORDS_PER_MINUTE = 200
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")

CODES = CHECK_CODES  # stable codes; docs/authoring.md lists them all (game.story.codes)


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    stats: dict[str, object] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def to_json(self) -> dict[str, object]:
        return {
            "errors": [f.to_json() for f in self.errors],
            "warnings": [f.to_json() for f in self.warnings],
            "stats": self.stats,
        }


def words(text: str) -> int:
    return len(_WORD.findall(text))


def all_citations(story: Story) -> list[Citation]:
    """Every citation written anywhere in the story, in file order."""
    out: list[Citation] = []
    for node in story.nodes():
        if isinstance(node, Scene) and node.history:
            out.extend(node.history.cite)
        if isinstance(node, Ending) and node.debrief:
            out.extend(node.debrief.citations())
    for term in story.glossary.values():
        out.extend(term.cite)
    for event in story.timeline:
        out.extend(event.cite)
    return list(dict.fromkeys(out))  # story.yaml's shared debrief notes sit in every ending: count them once


def _statements(story: Story) -> list[Statement]:
    out: list[Statement] = []
    for scene in story.scenes.values():
        if scene.history:
            out.append(scene.history)
    for ending in story.endings.values():
        if ending.debrief:
            out.extend(ending.debrief.what_happened)
            out.extend(ending.debrief.epilogue)
    return out


def _historians_notes(story: Story) -> list[Disagreement]:
    """Every 'historians disagree' note, once (the shared ones sit in every ending)."""
    out = [n for e in story.endings.values() if e.debrief for n in e.debrief.historians]
    return list({n.pos: n for n in out}.values())


def _templates(story: Story) -> list[Template]:
    out: list[Template] = []
    for node in story.nodes():
        out.append(node.text)
        if node.title_shown is not None:
            out.append(node.title_shown)
        out.extend(t for choice in node.choices for t in (choice.shown, choice.reason_shown) if t)
    out.extend(var.label_shown for var in story.variables.values() if var.label_shown is not None)
    for statement in _statements(story):
        out.append(statement.text)
    for ending in story.endings.values():
        if ending.debrief:
            out.extend(d.text for d in (*ending.debrief.disagree, *ending.debrief.historians))
    return list({(t.pos, t.source): t for t in out}.values())  # shared notes once, not once per ending


def check_story(story: Story, stats: bool = True) -> Report:
    """Errors and warnings; ``stats=False`` skips the statistics (random walks), which playing does not need."""
    found = FindingList()
    ids = [*story.scenes, *story.endings]
    perspective_ids = {p.id for p in story.perspectives}
    act_ids = {a.id for a in story.acts}

    # Starts.
    if not story.perspectives and story.node(story.start) is None:
        found.error(story.start_pos, "E101", f"start scene '{story.start}' does not exist", did_you_mean(story.start, ids))
    for p in story.perspectives:
        if story.node(p.start) is None:
            found.error(p.start_pos, "E101", f"perspective '{p.id}' starts at unknown scene '{p.start}'", did_you_mean(p.start, ids))

    # Scenes and choices.
    for node in story.nodes():
        if node.act and act_ids and node.act not in act_ids:
            found.error(node.pos, "E102", f"'{node.id}' is in unknown act '{node.act}'", did_you_mean(node.act, sorted(act_ids)))
        for pid in node.perspectives:
            if pid not in perspective_ids:
                found.error(node.pos, "E103", f"'{node.id}' names unknown perspective '{pid}'", did_you_mean(pid, sorted(perspective_ids)))
        if not node.text.source.strip():
            found.warning(node.pos, "W204", f"'{node.id}' has no text", "write what the player reads here")
    for scene in story.scenes.values():
        if not scene.choices:
            found.error(scene.pos, "E104", f"scene '{scene.id}' has no choices and is not an ending", "add a choice, or make it an ending")
        for choice in scene.choices:
            if story.node(choice.target) is None:
                found.error(
                    choice.target_pos,
                    "E100",
                    f"choice goes to unknown scene '{choice.target}'",
                    did_you_mean(choice.target, ids),
                )

    # Reachability, ignoring conditions (the explorer does the exact search).
    starts = [p.start for p in story.perspectives] or [story.start]
    reached = _reachable(story, starts)
    for node in story.nodes():
        if node.id not in reached:
            found.warning(node.pos, "W200", f"'{node.id}' cannot be reached from any start", "add a choice that goes to it")

    # Endings and their debriefs: asked of a history story (one with sources) only; fiction's endings are just endings.
    for ending in story.endings.values() if story.has_history else ():
        if ending.debrief is None:
            found.warning(ending.pos, "W201", f"ending '{ending.id}' has no debrief", "add 'debrief:' with what really happened")
            continue
        if not ending.debrief.citations():
            found.warning(ending.debrief.pos, "W202", f"the debrief of '{ending.id}' cites no source", "add 'cite:' to a statement")
        if not ending.debrief.questions:
            found.warning(ending.debrief.pos, "W207", f"the debrief of '{ending.id}' has no reflection questions", "add 'questions:'")

    # Citations and statements.
    for citation in all_citations(story):
        if citation.source not in story.sources:
            found.error(citation.pos, "E105", f"citation names unknown source '{citation.source}'", did_you_mean(citation.source, list(story.sources)))
    for statement in _statements(story):
        if statement.tag == "documented" and not statement.cite:
            found.warning(statement.pos, "W205", "a statement tagged 'documented' has no citation", "add 'cite:' or change the tag")
    for note in _historians_notes(story):
        if note.tag == "documented" and not note.cite:
            found.warning(note.pos, "W205", "a 'historians' note tagged 'documented' has no citation", "add 'cite:' or tag it 'general'")

    # Glossary links.
    templates = _templates(story)
    for template in templates:
        for part in walk_parts(template.parts):
            if isinstance(part, Link) and story.term(part.key) is None:
                found.error(part.pos, "E106", f"glossary link to unknown term '{part.key}'", did_you_mean(part.key, list(story.lookup)))

    report_untemplated_marks(story, all_citations(story), found)  # W210: {…} where it would show as written
    _check_key_decisions(story, found)

    # Variables.
    read, written = _variable_use(story)
    for name, var in story.variables.items():
        if name not in read and name not in written:
            found.warning(var.pos, "W203", f"variable '{name}' is never used", "remove it, or use it in a condition")
        elif name not in read and not var.visible:
            found.warning(var.pos, "W206", f"variable '{name}' is changed but never read", "read it in a condition or show it with 'visible: true'")

    report = Report(sorted(found.items, key=lambda f: (f.pos.file, f.pos.line, f.pos.column, f.code)))
    if stats:
        report.stats = story_stats(story, error_free=not found.has_errors)
    return report


def _check_key_decisions(story: Story, found: FindingList) -> None:
    """W208/W209: history notes at real choices should mark the option history took.

    A scene is flagged only when check can prove the player chooses there: two choices
    with no condition lead to different scenes. Conditional choices (a route per
    perspective) may never be offered together, and a note tagged 'invented' or
    'counterfactual' describes a situation history never had, so it has no historical option.
    ``personal: true`` says on purpose that history took none of the options.
    """
    noted = [s for s in story.scenes.values() if s.history is not None]
    if not noted:
        return
    if not any(s.is_key_decision for s in story.scenes.values()):
        first = noted[0].history
        assert first is not None
        found.warning(
            first.pos,
            "W209",
            f"the story has {len(noted)} history note(s) but marks no choice 'historical: true'",
            "mark the option history took at each key decision; the debrief compares the path with them",
        )
    for scene in noted:
        assert scene.history is not None
        if scene.is_key_decision or scene.personal or scene.history.tag in ("invented", "counterfactual"):
            continue
        if len({c.target for c in scene.choices if c.condition is None}) >= 2:
            found.warning(
                scene.history.pos,
                "W208",
                f"scene '{scene.id}' has a history note and a real choice but marks no option 'historical: true'",
                "mark the option history took, or add 'personal: true' to the scene if history took none",
            )


def _reachable(story: Story, starts: list[str]) -> set[str]:
    seen: set[str] = set()
    queue = deque(s for s in starts if story.node(s) is not None)
    seen.update(queue)
    while queue:
        node = story.node(queue.popleft())
        if node is None:
            continue
        for choice in node.choices:
            if choice.target not in seen and story.node(choice.target) is not None:
                seen.add(choice.target)
                queue.append(choice.target)
    return seen


def _variable_use(story: Story) -> tuple[set[str], set[str]]:
    read: set[str] = set()
    written: set[str] = set()

    def effects(e: object) -> None:
        if isinstance(e, Effects):
            for assign in e.assigns:
                written.add(assign.name)
                read.update(ex.names_read(assign.value))

    for p in story.perspectives:
        effects(p.effects)
    for scene in story.scenes.values():
        effects(scene.on_enter)
        for choice in scene.choices:
            effects(choice.effects)
            if choice.condition:
                read.update(ex.names_read(choice.condition.node))
    for template in _templates(story):
        for part in walk_parts(template.parts):
            if isinstance(part, Branch):
                read.update(ex.names_read(part.condition.node))
            elif isinstance(part, Interp):
                read.update(ex.names_read(part.expr.node) if part.expr is not None else {part.name})
    for ending in story.endings.values():
        if ending.debrief:
            for s in ending.debrief.epilogue:
                if s.condition:
                    read.update(ex.names_read(s.condition.node))
    return read, written


def stats(story: Story, error_free: bool = True) -> dict[str, object]:
    scene_words = {node.id: words(plain(node.text)) for node in story.nodes()}
    total = sum(scene_words.values())
    for statement in _statements(story):
        total += words(plain(statement.text))
    for ending in story.endings.values():
        if ending.debrief:
            total += sum(words(plain(d.text)) + words(d.title) for d in (*ending.debrief.disagree, *ending.debrief.historians))
            total += sum(words(q) for q in ending.debrief.questions)
    total += words(story.primer)
    total += sum(words(t.text) + words(t.role) + words(t.later) for t in story.glossary.values())
    people = sum(1 for t in story.glossary.values() if t.kind == "person")
    return {
        "scenes": len(story.scenes),
        "endings": len(story.endings),
        "choices": sum(len(s.choices) for s in story.scenes.values()),
        "variables": len(story.variables),
        "sources": len(story.sources),
        "glossary": len(story.glossary) - people,
        "people": people,
        "perspectives": len(story.perspectives),
        "acts": len(story.acts),
        "words": total,
        "reading_minutes": _act_minutes(story, scene_words) if error_free else {},
    }


def _act_minutes(story: Story, scene_words: dict[str, int], runs: int = 60) -> dict[str, float]:
    """Mean reading minutes each act takes along random walks from each start.

    Conditions are ignored (this is a static estimate; `petrograd playtest`
    measures real runs), but the walk follows the graph, so branches count once.
    """
    acts = [a.id for a in story.acts] or sorted({n.act for n in story.scenes.values()})
    if not acts:
        return {}
    totals = {a: 0 for a in acts}
    starts = [p.start for p in story.perspectives] or [story.start]
    rng = random.Random(0)
    walks = 0
    for start in starts:
        for _ in range(max(1, runs // len(starts))):
            walks += 1
            node = story.node(start)
            steps = 0
            while node is not None and steps < 1000:
                if node.act in totals:
                    totals[node.act] += scene_words.get(node.id, 0)
                if not node.choices:
                    break
                node = story.node(rng.choice(node.choices).target)
                steps += 1
    return {a: round(totals[a] / walks / WORDS_PER_MINUTE, 1) for a in acts}


# check_story has a keyword named ``stats``, which hides the function inside it.
story_stats = stats
