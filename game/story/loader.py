"""YAML files -> ``Story``, with a position on everything and every error found in one run.

``load_story`` raises ``StoryError`` carrying all load errors (syntax, shape,
types, expressions, duplicate ids). Graph-level findings (unknown targets,
unreachable scenes...) are ``check.check_story``'s job.

The reading is layered, one job a module: ``nodereader`` reads files and checks
each mapping against the schema; ``exprreader`` reads expressions and text;
``sections`` builds each part of the story; this module loads the whole story
and links what crosses files (visited() names, renamed ids).
"""

from __future__ import annotations

import gc
import os
from types import MappingProxyType

from game.story.errors import Finding, Pos, StoryError
from game.story.errors import did_you_mean as did_you_mean  # where the tools have found it
from game.story.files import story_inputs
from game.story.model import Ending, Scene, Story
from game.story.nodereader import FileReader as FileReader  # the tools' entry point
from game.story.nodereader import scalar_value as scalar_value
from game.story.schema import FILE_SHAPES
from game.story.sections import SectionReader

SPECIAL_FILES = set(FILE_SHAPES)


def story_files(root: str) -> list[str]:
    """Scene files under ``root`` (relative paths): the story's files but the special ones."""
    return [rel for rel in story_inputs(root) if rel not in SPECIAL_FILES]


def load_story(root: str) -> Story:
    """Load the story folder ``root``; raise StoryError with every error found.

    The cyclic garbage collector is paused while loading: the nodes and model
    objects form no cycles, and its passes over a growing heap made loading
    time grow faster than the story (10x the scenes took 20x the time).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _Loader(root).load()
    finally:
        if enabled:
            gc.enable()


class _Loader(SectionReader):
    """The whole story: every section read, then the references across files linked and checked."""

    def load(self) -> Story:
        if not os.path.isdir(self.root):
            raise StoryError([Finding(Pos(self.root), "E000", "no story folder here", "give the folder that holds story.yaml")])
        if not os.path.isfile(os.path.join(self.root, "story.yaml")):
            raise StoryError([Finding(Pos(self.shown("story.yaml")), "E000", "the story has no story.yaml", "every story folder needs a story.yaml")])
        meta = self.load_meta()
        sources = self.load_sources()
        glossary, lookup = self.load_glossary()
        timeline = list(meta.pop("timeline", ()))
        if os.path.isfile(os.path.join(self.root, "timeline.yaml")):
            timeline.extend(self.load_timeline("timeline.yaml"))
        scenes: dict[str, Scene] = {}
        endings: dict[str, Ending] = {}
        for rel in story_files(self.root):
            self.load_scene_file(rel, scenes, endings)
        for name, source, node, offset in self.visit_refs:
            if name not in scenes and name not in endings:
                self.error(source.offset_pos(node, offset), "E034", f"visited() names unknown scene '{name}'", did_you_mean(name, [*scenes, *endings]))
        for key, source, node in self.renames:
            known = [*scenes, *endings] if key == "scenes" else list(self.types)
            if str(node.value) not in known:
                what = "scene or ending" if key == "scenes" else "variable"
                self.error(
                    source.pos(node),
                    "E047",
                    f"'renamed:' maps to '{node.value}', which is no {what} of the story",
                    did_you_mean(str(node.value), known) or f"name the {what} that took the old id's place",
                )
        if self.findings.has_errors:
            raise StoryError(self.sorted_findings())
        return Story(
            scenes=MappingProxyType(scenes),
            endings=MappingProxyType(endings),
            sources=MappingProxyType(sources),
            glossary=MappingProxyType(glossary),
            lookup=MappingProxyType(lookup),
            timeline=tuple(timeline),
            root=self.root,
            files=tuple(self.files),
            content_hash=self.hasher.hexdigest()[:16],
            **meta,
        )

    def sorted_findings(self) -> list[Finding]:
        """Findings by file (in load order), then line and column, as a compiler lists them."""
        order: dict[str, int] = {}
        for finding in self.findings.items:
            order.setdefault(finding.pos.file, len(order))
        return sorted(self.findings.items, key=lambda f: (order[f.pos.file], f.pos.line, f.pos.column))
