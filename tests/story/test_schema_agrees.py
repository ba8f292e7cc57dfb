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


def data_of(node: yaml.Node) -> object:
    """YAML nodes as the YAML language server sees them (dates stay strings, as in YAML 1.2)."""
    if isinstance(node, yaml.MappingNode):
        return {str(k.value): data_of(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [data_of(item) for item in node.value]
    tag = node.tag.rsplit(":", 1)[-1]
    if tag == "int":
        return int(str(node.value).replace("_", ""), 0)
    if tag == "float":
        return float(node.value)
    if tag == "bool":
        return str(node.value).lower() in ("true", "yes", "on")
    if tag == "null":
        return None
    return str(node.value)


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
    try:
        load_story(str(ROOT / "scenes"))
        found.append(ROOT / "scenes")
    except StoryError:  # the writers are mid-edit; the fixtures still run
        pass
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
