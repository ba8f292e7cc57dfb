"""The shapes of the story files, in one table that both the loader and the JSON Schema use.

Keeping one table is what makes "schema and loader agree" true by construction:
``petrograd schema`` prints ``json_schema()``, and the loader checks keys,
required fields and scalar types against the same ``SHAPES``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from game.story.calendar import CALENDARS
from game.story.expr import MAX_INT
from game.story.model import ENDING_KINDS, TAGS

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
SLUG_PATTERN = r"^[a-z][a-z0-9_-]*$"
# A year; a year and a month from 01 to 12; or a full date with a day that month can have
# (29 February is the loader's to judge: whether that year has one depends on the calendar).
DATE_PATTERN = (
    r"^\d{4}(?:-(?:0[1-9]|1[0-2])|-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)"
    r"|02-(?:0[1-9]|1\d|2\d)))?$"
)
VARIABLE_TYPES = ("int", "bool", "enum", "set")
# The closed vocabularies of the files, by field kind: the loader and the JSON Schema both read these.
WORDS: dict[str, tuple[str, ...]] = {"tag": TAGS, "endkind": ENDING_KINDS, "vartype": VARIABLE_TYPES, "calendar": CALENDARS}


@dataclass(frozen=True)
class Field:
    """One key of a mapping.

    ``kind``: str, text (Markdown template), int, bool, id, date, expr, effects,
    tag, kind (ending kind), shape:NAME, list:KIND, map:KIND, strlist.
    """

    kind: str
    required: bool = False
    doc: str = ""


EFFECTS_DOC = ('effects, separated by ";": coins -= 2; pack += "rope"; pack = ["letter", "rope"] '
               "(a set given whole; pack = [] empties it)")

STATEMENT = {
    "text": Field("text", True, "Markdown; may interpolate variables"),
    "tag": Field("tag", True, " | ".join(TAGS)),
    "cite": Field("list:shape:citation", False, "citations; required when tag is documented"),
}

SHAPES: dict[str, dict[str, Field]] = {
    "story": {
        "id": Field("slug", True, "stable id of the story; saves name it"),
        "title": Field("str", True, "shown on the title screen"),
        "subtitle": Field("str", False, "one line of context under the title"),
        "version": Field("int", False, "bump when the story changes"),
        "start": Field("id", False, "first scene when there are no perspectives"),
        "undo": Field("bool", False, "false forbids undo"),
        "primer": Field("str", False, "Markdown shown before the first scene"),
        "perspectives": Field("list:shape:perspective", False, "the player chooses one"),
        "variables": Field("map:shape:variable", False, "declared variables by name"),
        "conditions": Field("map:expr", False, "named conditions: a name any condition may use, e.g. can_pay: coins >= 2"),
        "acts": Field("list:shape:act", False, "chapters, in order"),
        "timeline": Field("list:shape:event", False, "real events (or use timeline.yaml)"),
        "renamed": Field("shape:renamed", False, "old ids that saves may still name"),
        "calendar": Field("calendar", False, "gregorian (default) | julian (Old Style dates) | none (an undated story)"),
        "gregorian_from": Field("date", False, "julian stories: the first Gregorian (New Style) day; earlier dates are Julian"),
        "debrief": Field("shape:shared_debrief", False, "notes added to the end of every ending's debrief"),
    },
    "shared_debrief": {
        "disagree": Field("list:shape:disagreement", False, "'sources disagree' notes every debrief shows"),
        "historians": Field("list:shape:historians_note", False, "'historians disagree' notes every debrief shows"),
    },
    "perspective": {
        "id": Field("id", True),
        "title": Field("str", True),
        "description": Field("str"),
        "start": Field("id", True, "first scene of this perspective"),
        "set": Field("effects", False, "applied at the start: " + EFFECTS_DOC),
    },
    "variable": {
        "type": Field("vartype", True, " | ".join(VARIABLE_TYPES) + " (a set: an inventory, any of its values at once)"),
        "default": Field("default", True, "initial value (a list of values for a set)"),
        "values": Field("strlist", False, "the allowed values of an enum or a set"),
        "min": Field("int", False, "ints are clamped to min"),
        "max": Field("int", False, "ints are clamped to max"),
        "label": Field("str", False, "shown in the status panel"),
        "labels": Field("map:str", False, "enums: each value as the player sees it, e.g. {lenin: Lenin}"),
        "visible": Field("bool", False, "show it in the status panel"),
        "description": Field("str"),
    },
    "act": {
        "id": Field("id", True),
        "title": Field("str", True),
        "summary": Field("str"),
    },
    "event": {
        "date": Field("date", True, "YYYY-MM-DD in the story's calendar; YYYY-MM or YYYY when no day is known"),
        "event": Field("str", True),
        "tag": Field("tag", False),
        "cite": Field("list:shape:citation"),
    },
    "renamed": {
        "scenes": Field("map:id", False, "old scene id -> new scene id"),
        "variables": Field("map:id", False, "old variable -> new variable"),
    },
    "sources_file": {
        "sources": Field("list:shape:source", True),
    },
    "source": {
        "key": Field("srckey", True, "what citations name"),
        "title": Field("str", True),
        "author": Field("str"),
        "kind": Field("str", False, "historian, handout, web page..."),
        "year": Field("int"),
        "file": Field("str", True, "the text's file name in the corpus folder"),
        "reliability": Field("str"),
    },
    "glossary_file": {
        "terms": Field("list:shape:term"),
        "people": Field("list:shape:person"),
    },
    "term": {
        "term": Field("str", True),
        "aliases": Field("strlist"),
        "text": Field("str", True),
    },
    "person": {
        "name": Field("str", True),
        "aliases": Field("strlist"),
        "role": Field("str", True, "who they were in the story's time"),
        "later": Field("str", False, "later fate"),
        "text": Field("str"),
        "tag": Field("tag"),
        "cite": Field("list:shape:citation"),
    },
    "timeline_file": {
        "timeline": Field("list:shape:event", True),
    },
    "scene_file": {
        "act": Field("id", False, "act of every scene in this file"),
        "scenes": Field("list:shape:scene"),
        "endings": Field("list:shape:ending"),
    },
    "scene": {
        "id": Field("id", True),
        "title": Field("str", True),
        "place": Field("str"),
        "date": Field("date", False, "YYYY-MM-DD, in the story's calendar"),
        "act": Field("id"),
        "perspectives": Field("idlist", False, "perspectives that may reach it"),
        "text": Field("text", True),
        "history": Field("shape:statement", False, "history stories: what really happened here"),
        "on_enter": Field("effects", False, EFFECTS_DOC),
        "choices": Field("list:shape:choice", False, "required unless the scene is an ending"),
        "personal": Field("bool", False, "true if history took none of the choices here (silences W208)"),
    },
    "choice": {
        "id": Field("id", False, "stable id; defaults to the target"),
        "text": Field("str", True),
        "to": Field("id", True, "a scene or ending id"),
        "if": Field("expr", False, "condition"),
        "reason": Field("str", False, "shown when the condition fails"),
        "show_disabled": Field("bool", False, "show disabled instead of hiding"),
        "set": Field("effects", False, EFFECTS_DOC),
        "once": Field("bool"),
        "historical": Field("bool", False, "history stories: true on the option the real people took (the debrief compares)"),
    },
    "ending": {
        "id": Field("id", True),
        "title": Field("str", True),
        "kind": Field("endkind", False, "history stories: " + " | ".join(ENDING_KINDS)),
        "date": Field("date"),
        "place": Field("str"),
        "act": Field("id"),
        "perspectives": Field("idlist"),
        "summary": Field("str", False, "one paragraph for teachers"),
        "text": Field("text", True),
        "debrief": Field("shape:debrief"),
    },
    "debrief": {
        "what_happened": Field("list:shape:statement"),
        "disagree": Field("list:shape:disagreement"),
        "epilogue": Field("list:shape:epilogue"),
        "historians": Field("list:shape:historians_note", False, "open questions of interpretation"),
        "questions": Field("strlist"),
    },
    "statement": dict(STATEMENT),
    "epilogue": {"if": Field("expr", False, "condition on the final state"), **STATEMENT},
    "disagreement": {
        "title": Field("str", True),
        "text": Field("text", True),
        "cite": Field("list:shape:citation"),
    },
    "historians_note": {
        "title": Field("str", True),
        "text": Field("text", True),
        "tag": Field("tag", False, "general (the default) or documented, with citations"),
        "cite": Field("list:shape:citation"),
    },
    "citation": {
        "source": Field("srckey", True, "a key of sources.yaml"),
        "quote": Field("str", True, "exact words of the source's text"),
        "note": Field("str"),
    },
    "tests_file": {
        "tests": Field("list:shape:story_test", True),
    },
    "story_test": {
        "name": Field("str", True),
        "perspective": Field("id"),
        "seed": Field("int"),
        "choices": Field("strlist", True, "choice ids or exact texts"),
        "expect": Field("shape:expect"),
    },
    "expect": {
        "ending": Field("id"),
        "scene": Field("id"),
        "visited": Field("idlist"),
        "vars": Field("map:default", False, "variables' values at the end; a set as the list of its items, e.g. pack: [letter, rope]"),
        "unavailable": Field("map:str", False, "choice id -> the reason shown ('' when any): choices that cannot be taken here"),
        "text": Field("strlist", False, "words the final scene's text shows"),
    },
}

FILE_SHAPES = {
    "story.yaml": "story",
    "sources.yaml": "sources_file",
    "glossary.yaml": "glossary_file",
    "timeline.yaml": "timeline_file",
}


def _kind_schema(kind: str) -> dict[str, object]:
    if kind.startswith("list:"):
        return {"type": "array", "items": _kind_schema(kind[5:])}
    if kind.startswith("map:"):
        return {"type": "object", "additionalProperties": _kind_schema(kind[4:])}
    if kind.startswith("shape:"):
        return {"$ref": f"#/$defs/{kind[6:]}"}
    simple: dict[str, dict[str, object]] = {
        "str": {"type": ["string", "number"]},
        "text": {"type": "string"},
        "int": {"type": "integer", "minimum": -MAX_INT, "maximum": MAX_INT},
        "bool": {"type": "boolean"},
        "id": {"type": "string", "pattern": ID_PATTERN},
        "srckey": {"type": "string", "minLength": 1},
        "slug": {"type": "string", "pattern": SLUG_PATTERN},
        "date": {"anyOf": [{"type": "string", "pattern": DATE_PATTERN}, {"type": "integer", "minimum": 1000, "maximum": 9999}]},
        "expr": {"type": "string"},
        "effects": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        **{kind: {"enum": list(words)} for kind, words in WORDS.items()},
        "scalar": {"anyOf": [{"type": ["string", "boolean"]}, {"type": "integer", "minimum": -MAX_INT, "maximum": MAX_INT}]},
        "default": {"anyOf": [{"type": ["string", "boolean"]}, {"type": "integer", "minimum": -MAX_INT, "maximum": MAX_INT},
                              {"type": "array", "items": {"type": "string"}}]},
        "strlist": {"type": "array", "items": {"type": ["string", "number"]}},
        "idlist": {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}},
    }
    return dict(simple[kind])


def _shape_schema(name: str) -> dict[str, object]:
    fields = SHAPES[name]
    props: dict[str, object] = {}
    for key, field in fields.items():
        prop = _kind_schema(field.kind)
        if field.doc:
            prop["description"] = field.doc
        props[key] = prop
    schema: dict[str, object] = {
        "type": "object",
        "properties": props,
        "additionalProperties": False,
    }
    required = [k for k, f in fields.items() if f.required]
    if required:
        schema["required"] = required
    if name == "variable":
        schema["allOf"] = _VARIABLE_TYPES
    return schema


# A variable's default must be of its type; only enums and sets have values, only ints min/max.
def _variable_rule(kind: str, json_type: str) -> dict[str, object]:
    then: dict[str, object] = {"properties": {"default": {"type": json_type}}}
    if kind in ("enum", "set"):
        then["required"] = ["values"]
    else:
        then["not"] = {"anyOf": [{"required": ["values"]}, {"required": ["labels"]}]}
    if kind != "int":
        then["properties"] = {"default": {"type": json_type}, "min": False, "max": False}
    return {"if": {"properties": {"type": {"const": kind}}, "required": ["type"]}, "then": then}


_VARIABLE_TYPES: list[object] = [
    _variable_rule(kind, json_type)
    for kind, json_type in (("int", "integer"), ("bool", "boolean"), ("enum", "string"), ("set", "array"))
]


def json_schema(root: str = "scene_file") -> dict[str, object]:
    """A JSON Schema (draft 2020-12) for one kind of file; scene files by default."""
    defs = {name: _shape_schema(name) for name in SHAPES}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"petrograd-story/{root}.schema.json",
        "title": f"Story {root.replace('_', ' ')}",
        "$ref": f"#/$defs/{root}",
        "$defs": defs,
    }


def json_schema_text(root: str = "scene_file") -> str:
    return json.dumps(json_schema(root), indent=2) + "\n"
