"""Every finding code the story layer reports, with a line for the author.

Codes are stable: tools, CI scripts and the authoring guide name them. Load
errors (E0xx) stop the story from loading; check errors (E1xx) and warnings
(W2xx) come from ``check_story`` on a story that loaded. The "Error codes"
table in docs/authoring.md is ``markdown_table()``, and a test keeps them equal.
"""

from __future__ import annotations

LOAD_CODES = {
    "E000": "no story folder, or the folder has no story.yaml",
    "E001": "the file is not valid YAML (the message gives libyaml's reason), including control characters",
    "E002": "the file cannot be read",
    "E003": "the file is larger than 4 MiB (split it)",
    "E004": "the file is not UTF-8 text",
    "E005": "lists and mappings nested deeper than 64 levels",
    "E006": "a YAML alias (`*name`): write the value out in full",
    "E007": "a YAML tag such as `!!python/object`: story files hold plain data only",
    "E008": "the file is empty",
    "E009": "more than one YAML document (`---`) in a file",
    "E010": "a mapping of keys was expected (the file, a scene, a choice...)",
    "E011": "an unknown key, with the closest known one as a hint (`choises:`)",
    "E012": "a key appears twice in one mapping",
    "E013": "a key has no value (`title:` or `once:` with nothing after it)",
    "E014": "a required key is missing (`title:` of a scene...)",
    "E015": "a value has the wrong shape: a list where one value belongs, or the reverse",
    "E016": "a value has the wrong type (text for a number, `yes` for true, `0b101` or `1:30` for a number: YAML 1.2 reads them as text), or a whole number beyond ±10^18",
    "E017": "an id or name that is not lower case letters, digits and `_`",
    "E018": "a date that is not `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`) or not a real Old Style date",
    "E019": "a value that is not one of the allowed words (`tag`, `kind`, `type`)",
    "E020": "text holds a control or bidi character, as a YAML escape (`\\e`, `\\x1b`, `\\0`) writes them",
    "E030": "a condition has a syntax or type error, or an unknown variable",
    "E031": "an effect has a syntax or type error, an unknown variable, or changes `perspective`",
    "E032": "text has an unclosed or stray `{`, `}`, `{if}`, `{else}`, `{end}` or `[[`",
    "E033": "text interpolates an unknown variable (`{name}`)",
    "E034": "`visited()`/`visits()` names a scene that does not exist",
    "E040": "a duplicate id (scene, ending, perspective or source key); both positions are given",
    "E041": "a variable uses a reserved name (`perspective`, `player`, `visited`, `and`...)",
    "E042": "`values` on a variable that is not an enum, or `min`/`max` on one that is not an int",
    "E043": "a variable's default does not fit its type or its enum values",
    "E044": "`min` is above `max`, or the default lies outside them",
    "E045": "two glossary entries share a name or alias",
    "E046": "two choices of one scene have the same id (give them explicit `id:`s)",
    "E047": "`renamed:` maps an old id to a scene, ending or variable the story does not have",
}

CHECK_CODES = {
    "E100": "a choice goes to a scene or ending that does not exist",
    "E101": "the start scene (of the story or a perspective) does not exist",
    "E102": "a scene names an act that story.yaml does not declare",
    "E103": "a scene or ending names an unknown perspective",
    "E104": "a scene that is not an ending has no choices",
    "E105": "a citation names a source that sources.yaml does not list",
    "E106": "a [[glossary link]] names no term or person",
    "W200": "no path from any start reaches this scene",
    "W201": "an ending has no debrief",
    "W202": "an ending's debrief cites no source",
    "W203": "a variable is declared but never read or changed",
    "W204": "a scene or ending has no text",
    "W205": "a statement tagged 'documented' has no citation",
    "W206": "a variable is changed but never read",
    "W207": "an ending has no reflection questions",
    "W208": "a scene with a `history:` note where two unconditional choices lead to different scenes marks no `historical: true` option (add `personal: true` if history took none)",
    "W209": "the story has `history:` notes but no choice anywhere is marked `historical: true`, so the debrief cannot say where a path left history",
    "W210": "text shown as written, not a template (a place, a perspective's or act's title, a value's label, a glossary entry, a debrief question...), holds `{…}` or `[[…]]`, which the player would see as typed",
}

ALL_CODES = {**LOAD_CODES, **CHECK_CODES}


def markdown_table() -> str:
    """The "Error codes" table of docs/authoring.md."""
    rows = ["| code | when | meaning |", "|---|---|---|"]
    for code, meaning in ALL_CODES.items():
        when = "load" if code in LOAD_CODES else ("check, error" if code.startswith("E") else "check, warning")
        rows.append(f"| {code} | {when} | {meaning} |")
    return "\n".join(rows) + "\n"
