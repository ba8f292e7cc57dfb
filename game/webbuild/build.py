"""Write the static web build: index.html, the page's script and style, Pyodide, the engine and the story.

The folder is self-contained and uses relative addresses only, so it works from
any web space (a school's site, an LMS, ``petrograd serve --web-build DIR``
under ``/web/``) and loads nothing from another host. A folder that holds
something else is never overwritten: a build replaces only a folder that is
empty or that an earlier build wrote (it keeps ``MANIFEST`` in it).
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import importlib.util
import io
import json
import os
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import game
from game.story.image import encode

if TYPE_CHECKING:
    from game.story.model import Story
    from game.tools.assignment import Assignment

MANIFEST = "petrograd-web.json"
STATIC = Path(__file__).resolve().parent / "static"
CHECKOUT = Path(game.__file__).resolve().parent.parent
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
PYODIDE_HINT = "run 'npm ci --prefix web' in the checkout, or pass --pyodide DIR (a folder holding pyodide.mjs)"
# The engine the browser runs: the story and play layers whole, and what the web player needs of the rest.
ENGINE_PARTS = (
    "__init__.py", "story/*.py", "play/*.py",
    "tools/__init__.py", "tools/transcript.py", "tools/transcript_html.py", "tools/transcript_markdown.py",
    "tools/html.py", "tools/export.py", "tools/assignment.py", "tools/templates/*",
    "views/__init__.py", "views/browser/*.py", "views/store.py", "views/markup.py",
)
# What the browser never runs: loading and checking YAML (the story comes compiled) and the user cache.
ENGINE_LEAVE = ("story/loader.py", "story/nodereader.py", "story/exprreader.py", "story/sections.py",
                "story/yamlnodes.py", "story/check.py", "story/citations.py", "story/cache.py",
                "story/schema.py", "story/codes.py")
# Pure-Python libraries the web player imports: markdown-it-py renders scene text as the terminal's widget does;
# Jinja2 (with MarkupSafe, whose pure-Python fallback runs in Pyodide) renders the HTML transcript as the terminal does.
LIBRARIES = ("markdown_it", "mdurl", "jinja2", "markupsafe")


class BuildError(Exception):
    """The site cannot be built; the message is one line saying why and what to do."""


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    files: int
    bytes: int
    pyodide_version: str
    note: str = ""  # something the builder could not do, for the user to know


def find_pyodide(chosen: str | None) -> Path:
    """The folder of Pyodide's runtime files: ``--pyodide``, ``$PETROGRAD_PYODIDE``, else web/node_modules."""
    where = chosen or os.environ.get("PETROGRAD_PYODIDE") or str(CHECKOUT / "web" / "node_modules" / "pyodide")
    folder = Path(where)
    missing = [name for name in PYODIDE_FILES if not (folder / name).is_file()]
    if missing:
        what = "no such folder" if not folder.is_dir() else f"it has no {missing[0]}"
        raise BuildError(f"no Pyodide runtime at {folder} ({what}); {PYODIDE_HINT}")
    return folder


def pyodide_version(folder: Path) -> str:
    try:
        data = json.loads((folder / "package.json").read_text(encoding="utf-8"))
        return str(data.get("version", "unknown"))
    except (OSError, ValueError):
        return "unknown"


def engine_zip() -> bytes:
    """The Python packages the browser imports, as one zip unpacked into Pyodide's file system."""
    buffer = io.BytesIO()
    package = Path(game.__file__).resolve().parent
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for pattern in ENGINE_PARTS:
            found = sorted(package.glob(pattern))
            if not found:
                raise BuildError(f"the engine file {pattern} is missing from {package}; reinstall the game")
            for path in found:
                name = path.relative_to(package).as_posix()
                if name not in ENGINE_LEAVE:
                    archive.write(path, "game/" + name)
        for name in LIBRARIES:
            spec = importlib.util.find_spec(name)
            if spec is None or not spec.submodule_search_locations:
                raise BuildError(f"the library {name} is not installed (pip install -e .)")
            root = Path(list(spec.submodule_search_locations)[0])
            for path in sorted(root.rglob("*.py")):
                archive.write(path, f"{name}/" + path.relative_to(root).as_posix())
    return buffer.getvalue()


def precompiled(engine: bytes, runtime: Path) -> tuple[bytes, str]:
    """The engine zip with bytecode for Pyodide's Python beside each module, and a note ('' when done).

    The bytecode is made by the Pyodide the site ships (run by Node.js, which
    ``npm ci`` needs anyway), as unchecked-hash .pyc files that stay valid
    whatever times the browser's unpacking gives the sources. Without Node.js
    the site still works: each browser compiles the modules on its first start.
    """
    node = shutil.which("node")
    if node is None:
        return engine, "Node.js not found: the site's Python is compiled in each browser at start (about a second slower)"
    with tempfile.TemporaryDirectory(prefix="petrograd-web-") as work:
        source, target = Path(work) / "engine.zip", Path(work) / "engine-pyc.zip"
        source.write_bytes(engine)
        done = subprocess.run([node, str(STATIC.parent / "precompile.mjs"), str(runtime.resolve()), str(source),
                               str(target)], capture_output=True, text=True, timeout=600)
        if done.returncode != 0 or not target.is_file():
            why = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise BuildError(f"compiling the engine with Pyodide failed ({why}); pass --no-precompile to skip it")
        return target.read_bytes(), ""


def story_bundle(story: Story, assignment: Assignment | None) -> bytes:
    """The story compiled (``image.encode``) and the assignment already read, as one JSON file."""
    fields: dict[str, Any] | None = dataclasses.asdict(assignment) if assignment is not None else None
    if fields is not None:
        fields["path"] = Path(fields["path"]).name if fields.get("path") else ""
    doc = {"image": encode(story), "assignment": fields, "story": {"id": story.id, "title": story.title}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _prepare(out: Path) -> None:
    """Make ``out`` ready: create it, or empty an earlier build; refuse a folder holding anything else."""
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out} is a file, not a folder; name a new or empty folder")
    if out.is_dir() and any(out.iterdir()):
        if not (out / MANIFEST).is_file():
            raise BuildError(f"{out} is not empty and was not made by build-web; name a new or empty folder")
        for child in out.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    out.mkdir(parents=True, exist_ok=True)


def _service_worker(out: Path) -> None:
    """``sw.js``: the list of this build's files and a cache name that changes whenever one of them does."""
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode() + b"\0" + (out / name).read_bytes())
    listed = ["./", *names]
    text = (STATIC / "sw.js").read_text(encoding="utf-8")
    text = text.replace("{{version}}", digest.hexdigest()[:16]).replace("{{files}}", json.dumps(listed))
    (out / "sw.js").write_text(text, encoding="utf-8")


def build_site(out_dir: str, story: Story, assignment: Assignment | None = None,
               pyodide: str | None = None, precompile: bool = True) -> BuildResult:
    """Write the site for ``story`` into ``out_dir``; BuildError with a one-line reason when it cannot."""
    runtime = find_pyodide(pyodide)
    version = pyodide_version(runtime)
    out = Path(out_dir)
    engine, note = precompiled(engine_zip(), runtime) if precompile else (engine_zip(), "")
    bundle = story_bundle(story, assignment)
    try:
        _prepare(out)
        (out / "pyodide").mkdir()
        for name in PYODIDE_FILES:
            shutil.copyfile(runtime / name, out / "pyodide" / name)
        (out / "engine.zip").write_bytes(engine)
        (out / "story.json").write_bytes(bundle)
        for name in ("app.js", "app.css"):
            shutil.copyfile(STATIC / name, out / name)
        page = (STATIC / "index.html").read_text(encoding="utf-8")
        page = page.replace("{{title}}", html.escape(story.title)).replace("{{lang}}", "en")
        (out / "index.html").write_text(page, encoding="utf-8")
        _service_worker(out)
        files = sorted(p for p in out.rglob("*") if p.is_file())
        manifest = {
            "kind": "petrograd-web-build", "engine": game.__version__, "pyodide": version,
            "story": {"id": story.id, "version": story.version, "content_hash": story.content_hash},
            "assignment": assignment.title if assignment is not None else None,
            "files": {p.relative_to(out).as_posix(): p.stat().st_size for p in files},
        }
        (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise BuildError(f"cannot write {out}: {exc.strerror or exc}") from None
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return BuildResult(out, len(files) + 1, total, version, note)
