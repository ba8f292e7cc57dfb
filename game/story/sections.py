"""The per-section readers: each part of a story's YAML into the model's objects.

The loader's third job; the story-wide links (visited() names, renamed ids) are the loader's.
"""

from __future__ import annotations

import os
from dataclasses import replace
from types import MappingProxyType
from typing import Any

import yaml

from game.story import expr as ex
from game.story.calendar import Calendar, DateProblem, StoryDate
from game.story.errors import Pos, StoryError, did_you_mean
from game.story.exprreader import ExprReader
from game.story.model import (
    Act,
    Choice,
    Debrief,
    Disagreement,
    Ending,
    Perspective,
    Scene,
    Source,
    Template,
    Term,
    TimelineEvent,
    Variable,
)
from game.story.nodereader import DATE, ID, Fields, is_true, kind_of, scalar_value
from game.story.yamlnodes import SourceFile, int_value


class SectionReader(ExprReader):
    """One reader per part of a story (story.yaml and its variables, perspectives and acts; sources;
    glossary; timeline; scene files with their scenes, choices, endings and debriefs), each building
    the model's frozen objects and reporting what it cannot build."""

    def __init__(self, root: str):
        super().__init__(root)
        self.ids: dict[str, Pos] = {}
        self.calendar = Calendar()  # story.yaml's, read before any date
        # story.yaml's ``debrief:`` notes, appended to every ending's debrief
        self.shared_notes: tuple[tuple[Disagreement, ...], tuple[Disagreement, ...]] = ((), ())
        self.renames: list[tuple[str, SourceFile, yaml.Node]] = []  # ("scenes" | "variables", file, new id)
        self.label_nodes: dict[str, yaml.Node] = {}  # variable -> its ``label:``, read as a template after the conditions

    def load_meta(self) -> dict[str, Any]:
        """story.yaml: the Story's own fields; a StoryError at once when it cannot be read,
        since every other file depends on the variables it declares."""
        got = self.read("story.yaml")
        if got is None:
            raise StoryError(self.findings.items)
        source, node = got
        f = self.fields(source, node, "story", "story.yaml")
        if f is None:  # without story.yaml's variables every other file would only cascade
            raise StoryError(self.findings.items)
        meta: dict[str, Any] = {"pos": source.pos(node)}
        meta["id"] = str(f["id"].value) if "id" in f else ""
        meta["title"] = self.text_of(f.get("title"))
        meta["subtitle"] = self.text_of(f.get("subtitle"))
        meta["version"] = int_value(f["version"]) if "version" in f else 1
        meta["undo"] = is_true(f["undo"]) if "undo" in f else True
        meta["primer"] = self.text_of(f.get("primer"))
        meta["start"] = str(f["start"].value) if "start" in f else ""
        meta["start_pos"] = source.pos(f["start"]) if "start" in f else source.pos(node)
        meta["calendar"] = self.calendar = self.story_calendar(source, f)
        perspectives_raw = self.items(source, f.get("perspectives"), "perspective", "a perspective")
        ids = [str(p["id"].value) for _, p in perspectives_raw if "id" in p]
        if ids:
            self.types["perspective"] = ex.VarType("enum", tuple(ids))
        variables = self.load_variables(source, f.get("variables"))
        self.named_conditions(source, f.get("conditions"))
        variables = self.label_templates(source, variables)
        perspectives = self.perspectives(source, perspectives_raw)
        if not perspectives and not meta["start"]:
            self.error(source.pos(node), "E014", "story.yaml has neither 'start' nor 'perspectives'", "add 'start: FIRST_SCENE_ID'")
        meta["perspectives"] = tuple(perspectives)
        meta["variables"] = MappingProxyType(variables)
        meta["acts"] = self.acts(source, f.get("acts"))
        meta["timeline"] = self.events(source, f.get("timeline"))
        if "debrief" in f:  # notes every ending's debrief shares, declared once
            shared = self.fields(source, f["debrief"], "shared_debrief", "the shared debrief of story.yaml")
            if shared is not None:
                self.shared_notes = self.notes(source, shared)
        renamed_scenes, renamed_vars = self.renamed(source, f.get("renamed"))
        meta["renamed_scenes"] = MappingProxyType(renamed_scenes)
        meta["renamed_variables"] = MappingProxyType(renamed_vars)
        return meta

    def perspectives(self, source: SourceFile, raw: list[tuple[yaml.Node, Fields]]) -> list[Perspective]:
        """``perspectives:`` of story.yaml, read after the variables their ``set:`` assigns."""
        perspectives = []
        seen: dict[str, Pos] = {}
        for item, p in raw:
            if "id" not in p:
                continue
            pid = str(p["id"].value)
            if pid in seen:
                self.error(source.pos(item), "E040", f"duplicate perspective id '{pid}' (first defined at {seen[pid]})")
                continue
            seen[pid] = source.pos(item)
            perspectives.append(
                Perspective(
                    pid,
                    self.text_of(p.get("title")),
                    self.text_of(p.get("description")),
                    str(p["start"].value) if "start" in p else "",
                    self.effects(source, p["set"]) if "set" in p else None,
                    source.pos(item),
                    source.pos(p["start"]) if "start" in p else source.pos(item),
                )
            )
        return perspectives

    def acts(self, source: SourceFile, node: yaml.Node | None) -> tuple[Act, ...]:
        """``acts:`` of story.yaml."""
        acts = []
        for item, a in self.items(source, node, "act", "an act"):
            if "id" in a:
                acts.append(Act(str(a["id"].value), self.text_of(a.get("title")), self.text_of(a.get("summary")), source.pos(item)))
        return tuple(acts)

    def renamed(self, source: SourceFile, node: yaml.Node | None) -> tuple[dict[str, str], dict[str, str]]:
        """``renamed:`` of story.yaml: old scene ids and old variable names to new ones (linked by the loader)."""
        renamed_scenes: dict[str, str] = {}
        renamed_vars: dict[str, str] = {}
        if node is not None:
            r = self.fields(source, node, "renamed", "renamed")
            for key, target in (("scenes", renamed_scenes), ("variables", renamed_vars)):
                if r and key in r:
                    for k, v in r[key].value:
                        target[str(k.value)] = str(v.value)
                        self.renames.append((key, source, v))
        return renamed_scenes, renamed_vars

    def story_calendar(self, source: SourceFile, f: Fields) -> Calendar:
        """``calendar:`` and ``gregorian_from:`` of story.yaml (the rule is game.story.calendar's)."""
        kind = str(f["calendar"].value) if "calendar" in f else "gregorian"
        if "gregorian_from" not in f:
            return Calendar(kind)
        node = f["gregorian_from"]
        if kind != "julian":
            self.error(source.pos(node), "E042", f"'gregorian_from' is only for 'calendar: julian', and this story is {kind}",
                       "remove it, or declare 'calendar: julian'")
            return Calendar(kind)
        match = DATE.match(str(node.value))
        if match is None:  # check_kind has said so
            return Calendar(kind)
        y, m, d = (int(g) for g in match.groups())
        try:
            Calendar().date(y, m, d)
        except DateProblem as problem:
            self.error(source.pos(node), "E018", problem.message, problem.hint)
            return Calendar(kind)
        return Calendar(kind, (y, m, d))

    def load_variables(self, source: SourceFile, node: yaml.Node | None) -> dict[str, Variable]:
        """``variables:`` of story.yaml in two passes: every name and type first, so that no
        variable's values are read before all the types are known, then each one's values."""
        out: dict[str, Variable] = {}
        if node is None:
            return out
        pending: list[tuple[str, yaml.Node, Fields]] = []
        for key_node, value_node in node.value:
            name = str(key_node.value)
            f = self.declare_variable(source, key_node, value_node, name)
            if f is not None:
                pending.append((name, value_node, f))
        for name, value_node, f in pending:
            variable = self.variable(source, name, value_node, f)
            if variable is not None:
                out[name] = variable
        return out

    def label_templates(self, source: SourceFile, variables: dict[str, Variable]) -> dict[str, Variable]:
        """Status labels with ``{…}`` become templates, read once every variable and named
        condition is known, since a label may show or test any of them."""
        out = dict(variables)
        for name, node in self.label_nodes.items():
            shown = self.template_if_any(source, node)
            if shown is not None and name in out:
                out[name] = replace(out[name], label_shown=shown)
        return out

    def declare_variable(self, source: SourceFile, key_node: yaml.Node, value_node: yaml.Node, name: str) -> Fields | None:
        """A variable's name and type, put in ``types``; its fields, or None (the name then ``broken``) when it has none."""
        pos = source.pos(key_node)
        if not ID.match(name):
            self.error(pos, "E017", f"'{name}' is not a valid variable name", "use lower case letters, digits and '_'")
            return None
        if name == "perspective" or name == "player" or name in ex.KEYWORDS or name in ex.FUNCTIONS:
            self.error(pos, "E041", f"'{name}' is a reserved name", "choose another variable name")
            return None
        f = self.fields(source, value_node, "variable", f"variable '{name}'")
        if f is None or "type" not in f or "default" not in f:
            self.broken.add(name)
            return None
        kind = str(f["type"].value)
        values: tuple[str, ...] = ()
        if "labels" in f and kind not in ("enum", "set"):
            self.error(source.pos(f["labels"]), "E042", f"'labels' is only for enum variables, and '{name}' is {kind}")
        if kind in ("enum", "set"):
            if "values" not in f:
                self.error(source.pos(value_node), "E014", f"{kind} variable '{name}' has no 'values'", "add 'values: [a, b]'")
                self.broken.add(name)
                return None
            values = tuple(str(v.value) for v in f["values"].value)
        elif "values" in f:
            self.error(source.pos(f["values"]), "E042", f"'values' is only for enum and set variables, and '{name}' is {kind}")
        self.types[name] = ex.VarType(kind, values)
        return f

    def variable(self, source: SourceFile, name: str, value_node: yaml.Node, f: Fields) -> Variable | None:
        """A declared variable's default, bounds and labels; None when its default is not of its type."""
        var_type = self.types[name]
        default_node = f["default"]
        default = scalar_value(default_node) if var_type.kind != "set" else self.set_default(source, default_node, name, var_type)
        if default is None and var_type.kind == "set":
            return None
        ok = var_type.kind == "set" or (
            (var_type.kind == "int" and isinstance(default, int) and not isinstance(default, bool))
            or (var_type.kind == "bool" and isinstance(default, bool))
            or (var_type.kind == "enum" and isinstance(default, str) and default in var_type.values)
        )
        if not ok:
            self.error(source.pos(default_node), "E043", f"default '{default_node.value}' of '{name}' is not {var_type}")
            return None
        assert isinstance(default, (int, bool, str))  # each kind's default was checked above
        minimum, maximum = self.bounds(source, name, value_node, f, default)
        if "label" in f:
            self.label_nodes[name] = f["label"]
        return Variable(
            name,
            var_type,
            default,
            minimum,
            maximum,
            self.text_of(f.get("label")),
            is_true(f["visible"]) if "visible" in f else False,
            self.text_of(f.get("description")),
            source.pos(value_node),
            MappingProxyType(self.value_labels(source, f.get("labels"), name, var_type)),
        )

    def bounds(
        self, source: SourceFile, name: str, value_node: yaml.Node, f: Fields, default: int | bool | str
    ) -> tuple[int | None, int | None]:
        """``min``/``max`` of a variable, checked: only for whole numbers, in order, with the default between them."""
        minimum = int_value(f["min"]) if "min" in f else None
        maximum = int_value(f["max"]) if "max" in f else None
        kind = self.types[name].kind
        if (minimum is not None or maximum is not None) and kind != "int":
            self.error(source.pos(value_node), "E042", f"'min'/'max' are only for int variables, and '{name}' is {kind}")
        if minimum is not None and maximum is not None and minimum > maximum:
            self.error(source.pos(f["min"]), "E044", f"min {minimum} is above max {maximum} for '{name}'")
        elif isinstance(default, int) and not isinstance(default, bool) and (
            (minimum is not None and default < minimum) or (maximum is not None and default > maximum)
        ):
            self.error(source.pos(f["default"]), "E044", f"default {default} of '{name}' is outside min/max")
        return minimum, maximum

    def set_default(self, source: SourceFile, node: yaml.Node, name: str, var_type: ex.VarType) -> str | None:
        """A set's ``default:``: a list of its values (or one value), stored as the engine holds sets."""
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for item in items:
            if not isinstance(item, yaml.ScalarNode) or str(item.value) not in var_type.values:
                shown = item.value if isinstance(item, yaml.ScalarNode) else kind_of(item)
                self.error(source.pos(item), "E043", f"'{shown}' in the default of '{name}' is not one of {', '.join(var_type.values)}",
                           did_you_mean(str(shown), list(var_type.values)))
                return None
        held = {str(item.value) for item in items}
        return ",".join(v for v in var_type.values if v in held)

    def value_labels(self, source: SourceFile, node: yaml.Node | None, name: str, var_type: ex.VarType) -> dict[str, str]:
        """``labels:`` of an enum variable: each key one of its values."""
        out: dict[str, str] = {}
        if node is None or var_type.kind not in ("enum", "set"):
            return out
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key not in var_type.values:
                self.error(source.pos(key_node), "E019", f"'{key}' is not a value of '{name}'",
                           did_you_mean(key, list(var_type.values)) or f"its values: {', '.join(var_type.values)}")
                continue
            out[key] = self.text_of(value_node)
        return out

    def events(self, source: SourceFile, node: yaml.Node | None) -> list[TimelineEvent]:
        out = []
        for item, e in self.items(source, node, "event", "a timeline event"):
            date = self.date(e.get("date"), source)
            if date is None or "event" not in e:
                continue
            out.append(
                TimelineEvent(
                    date,
                    self.text_of(e["event"]),
                    str(e["tag"].value) if "tag" in e else "general",
                    self.citations(source, e.get("cite")),
                    source.pos(item),
                )
            )
        return out

    def load_timeline(self, rel: str) -> list[TimelineEvent]:
        got = self.read(rel)
        if got is None:
            return []
        source, node = got
        f = self.fields(source, node, "timeline_file", rel)
        return self.events(source, f.get("timeline")) if f else []

    def load_sources(self) -> dict[str, Source]:
        out: dict[str, Source] = {}
        if not os.path.isfile(os.path.join(self.root, "sources.yaml")):
            return out
        got = self.read("sources.yaml")
        if got is None:
            return out
        source, node = got
        f = self.fields(source, node, "sources_file", "sources.yaml")
        if not f:
            return out
        for item, s in self.items(source, f.get("sources"), "source", "a source"):
            if "key" not in s:
                continue
            key = str(s["key"].value)
            if key in out:
                self.error(source.pos(item), "E040", f"duplicate source key '{key}' (first defined at {out[key].pos})")
                continue
            out[key] = Source(
                key,
                self.text_of(s.get("title")),
                self.text_of(s.get("author")),
                self.text_of(s.get("kind")),
                int_value(s["year"]) if "year" in s else None,
                self.text_of(s.get("file")),
                self.text_of(s.get("reliability")),
                source.pos(item),
            )
        return out

    def load_glossary(self) -> tuple[dict[str, Term], dict[str, str]]:
        glossary: dict[str, Term] = {}
        lookup: dict[str, str] = {}
        if not os.path.isfile(os.path.join(self.root, "glossary.yaml")):
            return glossary, lookup
        got = self.read("glossary.yaml")
        if got is None:
            return glossary, lookup
        source, node = got
        f = self.fields(source, node, "glossary_file", "glossary.yaml")
        if not f:
            return glossary, lookup
        entries: list[Term] = []
        for item, t in self.items(source, f.get("terms"), "term", "a glossary term"):
            if "term" in t and "text" in t:
                entries.append(
                    Term(
                        self.text_of(t["term"]).lower(),
                        self.text_of(t["term"]),
                        self.text_of(t["text"]),
                        "term",
                        tuple(str(a.value) for a in t["aliases"].value) if "aliases" in t else (),
                        pos=source.pos(item),
                    )
                )
        for item, p in self.items(source, f.get("people"), "person", "a person"):
            if "name" in p and "role" in p:
                entries.append(
                    Term(
                        self.text_of(p["name"]).lower(),
                        self.text_of(p["name"]),
                        self.text_of(p.get("text")),
                        "person",
                        tuple(str(a.value) for a in p["aliases"].value) if "aliases" in p else (),
                        self.text_of(p["role"]),
                        self.text_of(p.get("later")),
                        str(p["tag"].value) if "tag" in p else "",
                        self.citations(source, p.get("cite")),
                        source.pos(item),
                    )
                )
        for term in entries:
            for name in (term.name, *term.aliases):
                key = name.strip().lower()
                if key in lookup and lookup[key] != term.key:
                    self.error(term.pos, "E045", f"glossary name '{name}' is used by two entries (also {glossary[lookup[key]].pos})")
                    continue
                lookup[key] = term.key
            glossary[term.key] = term
        return glossary, lookup

    def load_scene_file(self, rel: str, scenes: dict[str, Scene], endings: dict[str, Ending]) -> None:
        got = self.read(rel)
        if got is None:
            return
        source, node = got
        f = self.fields(source, node, "scene_file", rel)
        if f is None:
            return
        file_act = str(f["act"].value) if "act" in f else ""
        if "scenes" not in f and "endings" not in f:
            self.error(source.pos(node), "E014", f"{rel} has neither 'scenes' nor 'endings'")
        for item, s in self.items(source, f.get("scenes"), "scene", "a scene"):
            scene = self.scene(source, item, s, file_act)
            if scene is not None and self.claim_id(scene.id, scene.pos, "scene"):
                scenes[scene.id] = scene
        for item, e in self.items(source, f.get("endings"), "ending", "an ending"):
            ending = self.ending(source, item, e, file_act)
            if ending is not None and self.claim_id(ending.id, ending.pos, "ending"):
                endings[ending.id] = ending

    def scene(self, source: SourceFile, item: yaml.Node, s: Fields, file_act: str) -> Scene | None:
        if "id" not in s:
            return None
        scene_id = str(s["id"].value)
        choices: list[Choice] = []
        seen: dict[str, Pos] = {}
        for c_item, c in self.items(source, s.get("choices"), "choice", f"a choice of '{scene_id}'"):
            choice = self.choice(source, c_item, c)
            if choice is None:
                continue
            if choice.id in seen:
                hint = "give each choice its own 'id:'" if not choice.explicit_id else "choice ids must be unique in a scene"
                self.error(choice.pos, "E046", f"duplicate choice id '{choice.id}' in scene '{scene_id}' (first at {seen[choice.id]})", hint)
                continue
            seen[choice.id] = choice.pos
            choices.append(choice)
        history = None
        if "history" in s:
            h = self.fields(source, s["history"], "statement", f"the history of '{scene_id}'")
            if h:
                history = self.statement(source, s["history"], h)
        return Scene(
            id=scene_id,
            title=self.text_of(s.get("title")),
            text=self.template(source, s["text"]) if "text" in s else Template("", ()),
            act=str(s["act"].value) if "act" in s else file_act,
            place=self.text_of(s.get("place")),
            date=self.date(s.get("date"), source),
            perspectives=tuple(str(p.value) for p in s["perspectives"].value) if "perspectives" in s else (),
            history=history,
            on_enter=self.effects(source, s["on_enter"]) if "on_enter" in s else None,
            choices=tuple(choices),
            personal=is_true(s["personal"]) if "personal" in s else False,
            pos=source.pos(item),
            title_shown=self.template_if_any(source, s.get("title")),
        )

    def choice(self, source: SourceFile, item: yaml.Node, c: Fields) -> Choice | None:
        if "to" not in c or "text" not in c:
            return None
        target = str(c["to"].value)
        explicit = "id" in c
        return Choice(
            id=str(c["id"].value) if explicit else target,
            text=self.text_of(c["text"]),
            target=target,
            condition=self.condition(source, c["if"]) if "if" in c else None,
            reason=self.text_of(c.get("reason")),
            show_disabled=is_true(c["show_disabled"]) if "show_disabled" in c else False,
            effects=self.effects(source, c["set"]) if "set" in c else None,
            once=is_true(c["once"]) if "once" in c else False,
            historical=is_true(c["historical"]) if "historical" in c else False,
            explicit_id=explicit,
            pos=source.pos(item),
            target_pos=source.pos(c["to"]),
            shown=self.template_if_any(source, c["text"]),
            reason_shown=self.template_if_any(source, c.get("reason")),
        )

    def ending(self, source: SourceFile, item: yaml.Node, e: Fields, file_act: str) -> Ending | None:
        if "id" not in e:
            return None
        ending_id = str(e["id"].value)
        debrief = None
        if "debrief" in e:
            d = self.fields(source, e["debrief"], "debrief", f"the debrief of '{ending_id}'")
            if d is not None:
                debrief = self.debrief(source, e["debrief"], d)
        return Ending(
            id=ending_id,
            title=self.text_of(e.get("title")),
            text=self.template(source, e["text"]) if "text" in e else Template("", ()),
            kind=str(e["kind"].value) if "kind" in e else "historical",
            summary=self.text_of(e.get("summary")),
            act=str(e["act"].value) if "act" in e else file_act,
            place=self.text_of(e.get("place")),
            date=self.date(e.get("date"), source),
            perspectives=tuple(str(p.value) for p in e["perspectives"].value) if "perspectives" in e else (),
            debrief=debrief,
            pos=source.pos(item),
            title_shown=self.template_if_any(source, e.get("title")),
        )

    def debrief(self, source: SourceFile, node: yaml.Node, d: Fields) -> Debrief:
        what = [self.statement(source, i, f) for i, f in self.items(source, d.get("what_happened"), "statement", "a statement")]
        epilogue = [
            self.statement(source, i, f, with_condition=True)
            for i, f in self.items(source, d.get("epilogue"), "epilogue", "an epilogue entry")
        ]
        disagree, historians = self.notes(source, d)
        questions = tuple(str(q.value).strip() for q in d["questions"].value) if "questions" in d else ()
        shared_disagree, shared_historians = self.shared_notes
        return Debrief(
            tuple(s for s in what if s),
            (*disagree, *shared_disagree),
            tuple(s for s in epilogue if s),
            questions,
            source.pos(node),
            (*historians, *shared_historians),
        )

    def notes(self, source: SourceFile, d: Fields) -> tuple[tuple[Disagreement, ...], tuple[Disagreement, ...]]:
        """A debrief's (or story.yaml's shared) 'sources disagree' and 'historians disagree' notes."""
        disagree = tuple(
            Disagreement(self.text_of(f.get("title")), self.template(source, f["text"]), self.citations(source, f.get("cite")), source.pos(i))
            for i, f in self.items(source, d.get("disagree"), "disagreement", "a 'sources disagree' note")
            if "text" in f
        )
        historians = tuple(
            Disagreement(
                self.text_of(f.get("title")),
                self.template(source, f["text"]),
                self.citations(source, f.get("cite")),
                source.pos(i),
                str(f["tag"].value) if "tag" in f else "general",
            )
            for i, f in self.items(source, d.get("historians"), "historians_note", "a 'historians disagree' note")
            if "text" in f
        )
        return disagree, historians

    def date(self, node: yaml.Node | None, source: SourceFile) -> StoryDate | None:
        if node is None:
            return None
        match = DATE.match(str(node.value))
        if not match:
            return None
        try:
            return self.calendar.date(*(int(g) if g else 0 for g in match.groups()))
        except DateProblem as problem:
            self.error(source.pos(node), "E018", problem.message, problem.hint)
            return None

    def claim_id(self, node_id: str, pos: Pos, what: str) -> bool:
        first = self.ids.get(node_id)
        if first is not None:
            self.error(pos, "E040", f"duplicate {what} id '{node_id}' (first defined at {first})", "ids must be unique across the story")
            return False
        self.ids[node_id] = pos
        return True

