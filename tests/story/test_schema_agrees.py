"""`petrograd schema` and the loader agree.

Every shipped file (scenes/, the good fixture stories) passes both the loader
and the JSON Schema for its kind of file; every bad fixture of shape (unknown
key, wrong type, missing field...) fails both, in the file the loader names.
The schemas written to scenes/.schema/ (named by the files' modelines) are
exactly what the command prints.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from game.cli import main
from game.commands.schema import ROOTS
from game.story.errors import StoryError
from game.story.loader import SPECIAL_FILES, load_story, story_files
from game.story.schema import json_schema
from game.story.yamlnodes import compose_text

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SCHEMA_DIR = ROOT / "scenes" / ".schema"
FILE_KIND = {"story.yaml": "story", "sources.yaml": "sources", "glossary.yaml": "glossary", "timeline.yaml": "timeline"}


def kind_of(rel: str) -> str:
    if rel in FILE_KIND:
        return FILE_KIND[rel]
    return "tests" if rel.split(os.sep)[0] == "tests" else "scene"


# YAML 1.2's core schema (spec 10.3.2), written out here from the spec and not taken
# from the loader: what the YAML language server, and so the JSON Schema, sees.
CORE_NULL = re.compile(r"(?:~|null|Null|NULL|)\Z")
CORE_BOOL = re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z")
CORE_INT = re.compile(r"[-+]?[0-9]+\Z|0o[0-7]+\Z|0x[0-9a-fA-F]+\Z")
CORE_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z|[-+]?\.(?:inf|Inf|INF)\Z|\.(?:nan|NaN|NAN)\Z")


def data_of(node: yaml.Node) -> object:
    """YAML nodes as the YAML language server sees them: YAML 1.2 core types (dates stay strings)."""
    if isinstance(node, yaml.MappingNode):
        return {str(k.value): data_of(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [data_of(item) for item in node.value]
    text = str(node.value)
    if getattr(node, "style", None):  # quoted or a block: text
        return text
    if CORE_NULL.match(text):
        return None
    if CORE_BOOL.match(text):
        return text.lower() == "true"
    if CORE_INT.match(text):
        return int(text[2:], 8) if text.startswith("0o") else int(text, 0) if text.startswith("0x") else int(text, 10)
    if CORE_FLOAT.match(text):
        return float(text.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf").replace(".nan", "nan"))
    return text


def schema_errors(path: Path, kind: str) -> list[str]:
    _, node = compose_text(path.read_text(encoding="utf-8"), str(path))
    assert node is not None
    validator = jsonschema.Draft202012Validator(json_schema(ROOTS[kind]))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data_of(node))]


def good_stories() -> list[Path]:
    found = []
    for story in sorted(p.parent for p in FIXTURES.rglob("story.yaml") if "bad" not in p.parts):
        try:
            load_story(str(story))
        except StoryError:
            continue
        found.append(story)
    load_story(str(ROOT / "scenes"))  # the shipped story must load: a failure here, never a silent skip
    found.append(ROOT / "scenes")
    return found


def shipped_files() -> list[tuple[Path, str]]:
    out: list[tuple[Path, str]] = []
    for story in good_stories():
        rels = [n for n in SPECIAL_FILES if (story / n).is_file()] + story_files(str(story))
        rels += [os.path.relpath(p, story) for p in sorted((story / "tests").rglob("*.yaml"))] if (story / "tests").is_dir() else []
        out.extend((story / rel, kind_of(rel)) for rel in rels)
    return out


def test_there_are_good_stories_to_compare():
    stories = good_stories()
    assert FIXTURES / "mini" in stories and len(shipped_files()) >= 8


@pytest.mark.parametrize("path,kind", shipped_files(), ids=lambda v: str(v).replace(str(ROOT) + "/", "") if isinstance(v, Path) else v)
def test_every_shipped_file_passes_the_schema(path, kind):
    assert schema_errors(path, kind) == []


SHAPE_FIXTURES = [
    "unknown_key", "missing_key", "int_as_text", "list_for_string", "empty_value", "bad_id", "bad_date",
    "bad_tag", "not_a_mapping", "errors_in_many_files", "values_on_int",
]


@pytest.mark.parametrize("name", SHAPE_FIXTURES)
def test_bad_shapes_fail_both(bad_stories, name):
    story = bad_stories / name
    with pytest.raises(StoryError) as caught:
        load_story(str(story))
    shape_codes = {"E010", "E011", "E013", "E014", "E015", "E016", "E017", "E018", "E019", "E042", "E043"}
    named = {Path(f.pos.file) for f in caught.value.findings if f.code in shape_codes}
    assert named, caught.value.findings
    for path in named:
        rel = os.path.relpath(path, story)
        assert schema_errors(path, kind_of(rel)), f"the schema accepts {rel}, which the loader refuses"


@pytest.mark.parametrize("kind", sorted(ROOTS))
def test_written_schemas_are_current(kind, capsys):
    """scenes/.schema/KIND.schema.json is what `petrograd schema --file KIND` prints (regenerate with -o)."""
    assert main(["schema", "--file", kind]) == 0
    printed = capsys.readouterr().out
    written = SCHEMA_DIR / f"{kind}.schema.json"
    assert written.read_text(encoding="utf-8") == printed, f"run: petrograd schema --file {kind} -o {written.relative_to(ROOT)}"
    jsonschema.Draft202012Validator.check_schema(json.loads(printed))


def test_schema_output_file(tmp_path):
    out = tmp_path / "deep" / "scene.schema.json"
    assert main(["schema", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["$ref"] == "#/$defs/scene_file"


def test_scene_modelines_name_the_written_schema():
    """Every shipped scene file that carries a modeline names a schema file that exists."""
    for path in (ROOT / "scenes").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        if first.startswith("# yaml-language-server: $schema="):
            target = (path.parent / first.split("=", 1)[1].strip()).resolve()
            assert target.is_file(), f"{path}: modeline names missing {target}"


# One value at a time put into the clean story: the loader and the schema must
# both accept it or both refuse it. YAML 1.1 forms (yes/on, 0b, 1:30, 1_000),
# numbers past 10^18, impossible months and days.
INTS = ["16", "0x10", "0o17", "017", "-3", "+4", "0b11111", "1:30", "1_000", "99999999999999999999",
        "1000000000000000000", "1000000000000000001", "1.5", ".inf", "yes", '"16"', "sixteen"]
BOOLS = ["true", "True", "FALSE", "yes", "no", "on", "off", "y", "1", "'true'", "~"]
DATES = ["1917-10-24", "1917-13-01", "1917-00-10", "1917-04-31", "1917-10-32", "1917-1-1", "24 October 1917", "1916-02-29"]
PLACES = [
    ("story.yaml", "title: A story with one mistake\n", "title: A story with one mistake\nversion: {}\n", "story", INTS),
    ("sources.yaml", "    file: notes.txt\n", "    file: notes.txt\n    year: {}\n", "sources", INTS),
    ("scenes.yaml", "        to: end_one\n", "        to: end_one\n        once: {}\n", "scene", BOOLS),
    ("story.yaml", "    type: bool\n    default: false\n", "    type: bool\n    default: {}\n", "story", BOOLS),
    ("scenes.yaml", "    date: 1917-10-24\n", "    date: {}\n", "scene", DATES),
]
CASES_OF_VALUES = [(file, old, new, kind, value) for file, old, new, kind, values in PLACES for value in values]


def loader_accepts(story: Path) -> bool:
    try:
        load_story(str(story))
    except StoryError:
        return False
    return True


@pytest.mark.parametrize(
    "file,old,new,kind,value", CASES_OF_VALUES, ids=[f"{c[0]}:{c[2].strip().rsplit(chr(10), 1)[-1].strip()}={c[4]}" for c in CASES_OF_VALUES]
)
def test_loader_and_schema_agree_on_each_value(tmp_path, file, old, new, kind, value):
    story = tmp_path / "story"
    shutil.copytree(FIXTURES / "bad" / "_clean", story)
    text = (story / file).read_text(encoding="utf-8")
    assert old in text
    (story / file).write_text(text.replace(old, new.format(value), 1), encoding="utf-8")
    by_schema = schema_errors(story / file, kind) == []
    assert loader_accepts(story) == by_schema, f"{value!r}: the loader {'accepts' if not by_schema else 'refuses'} what the schema {'refuses' if not by_schema else 'accepts'}"


def test_numbers_are_read_as_yaml_1_2_reads_them(tmp_path):
    """0x10 is sixteen to the loader and to the schema's reader alike."""
    story = tmp_path / "story"
    shutil.copytree(FIXTURES / "bad" / "_clean", story)
    path = story / "story.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: A story", "version: 0x10\ntitle: A story"), encoding="utf-8")
    assert load_story(str(story)).version == 16
    _, node = compose_text(path.read_text(encoding="utf-8"), str(path))
    assert node is not None
    data = data_of(node)
    assert isinstance(data, dict) and data["version"] == 16


def test_the_disagreements_left_are_the_ones_json_schema_cannot_express():
    """29 February of a year without one (the schema cannot know the story's calendar) and a
    whole float such as 1e3 (JSON Schema counts 1000.0 as an integer): the loader refuses both."""
    validator = jsonschema.Draft202012Validator(json_schema("story"))
    assert list(validator.iter_errors({"id": "a", "title": "A", "start": "a", "version": 1000.0})) == []
    validator = jsonschema.Draft202012Validator(json_schema("scene_file"))
    scene = {"scenes": [{"id": "a", "title": "A", "text": "x", "date": "1917-02-29"}]}
    assert list(validator.iter_errors(scene)) == []
