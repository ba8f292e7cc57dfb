"""The engine core imports no Textual or Rich: proven in a fresh interpreter."""

import subprocess
import sys

CODE = """
import sys
import game.story.loader, game.story.check, game.story.citations, game.play.session, game.play.state
bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))
print(','.join(bad))
"""


def test_engine_imports_no_textual():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_check_command_does_not_import_textual(tmp_path):
    code = (
        "import sys; from game.cli import main; "
        "rc = main(['check', 'tests/fixtures/mini']); "
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1] == "CLEAN"


def test_plain_mode_imports_no_textual_app():
    """Plain mode is for terminals (and screen readers) where the Textual app cannot run: it never loads it."""
    code = (
        "import sys, game.views.plain; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich') or m.startswith('game.views.tui')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
