"""What a browser may send `petrograd serve`: shapes, sizes, origins, per-address limits, headers (no server needed)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from game.views.web_limits import (
    MAX_KEYS,
    MAX_MESSAGE,
    PASTE_END,
    PASTE_START,
    AddressLimits,
    BadMessage,
    Message,
    origin_allowed,
    read_message,
    security_headers,
)

VIEWS = Path(__file__).resolve().parent.parent.parent / "game" / "views"


@pytest.mark.parametrize(("raw", "expected"), [
    ('["stdin", "a"]', Message("stdin", text="a")),
    ('["stdin", "\\u001b[A"]', Message("stdin", text="\x1b[A")),
    (json.dumps(["stdin", PASTE_START + "p" * 1000 + PASTE_END]), Message("stdin", text=PASTE_START + "p" * 1000 + PASTE_END)),
    ('["resize", {"width": 120, "height": 40}]', Message("resize", width=120, height=40)),
    ('["ping", "1733450000000"]', Message("ping", text="1733450000000")),
    ('["focus"]', Message("focus")),
    ('["blur"]', Message("blur")),
])
def test_what_the_page_sends_is_read(raw, expected):
    assert read_message(raw) == expected


@pytest.mark.parametrize(("raw", "problem"), [
    ("x" * (MAX_MESSAGE + 1), f"a message of {MAX_MESSAGE + 1} characters (the most is {MAX_MESSAGE})"),
    ("not json", "a message that is not JSON"),
    ('{"stdin": "a"}', "a message that is not a [type, ...] list"),
    ("[]", "a message that is not a [type, ...] list"),
    ("[7]", "a message that is not a [type, ...] list"),
    ('["stdin", 5]', "a 'stdin' message of the wrong shape"),
    ('["stdin", "a", "b"]', "a 'stdin' message of the wrong shape"),
    (json.dumps(["stdin", "k" * (MAX_KEYS + 1)]), f"{MAX_KEYS + 1} characters of keys in one message that is not a paste"),
    ('["resize", {"width": 1e9, "height": 24}]', "a 'resize' message of the wrong shape"),
    ('["resize", {"width": 10000000, "height": 24}]', "a 'resize' message of the wrong shape"),
    ('["resize", [80, 24]]', "a 'resize' message of the wrong shape"),
    ('["ping", "' + "1" * 65 + '"]', "a 'ping' message of the wrong shape"),
    ('["blur", null]', "a 'blur' message of the wrong shape"),
    ('["' + "z" * 100 + '"]', f"a {'z' * 20!r} message of the wrong shape"),
    ("[" * 5000 + "]" * 5000, "a message nested too deeply"),  # once a RecursionError
])
def test_anything_else_is_refused_with_a_reason(raw, problem):
    with pytest.raises(BadMessage) as caught:
        read_message(raw)
    assert str(caught.value) == problem


@pytest.mark.parametrize(("origin", "host", "allowed"), [
    ("http://127.0.0.1:8000", "127.0.0.1:8000", True),
    ("http://192.168.1.20:8000", "192.168.1.20:8000", True),
    ("https://Classroom.local", "classroom.local", True),
    (None, "127.0.0.1:8000", True),  # not a browser
    ("http://evil.example", "127.0.0.1:8000", False),
    ("http://127.0.0.1:9000", "127.0.0.1:8000", False),
    ("null", "127.0.0.1:8000", False),  # a sandboxed frame or a file:// page
    ("file://", "127.0.0.1:8000", False),
    ("http://127.0.0.1:8000", None, False),
])
def test_only_our_own_page_may_open_a_websocket(origin, host, allowed):
    assert origin_allowed(origin, host) is allowed


def test_per_address_limits_count_live_games_and_new_games_per_minute():
    now = [1000.0]
    limits = AddressLimits(per_address=2, games_per_minute=3, clock=lambda: now[0])
    for _ in range(2):
        assert limits.refusal("10.0.0.5") == ""
        limits.opened("10.0.0.5")
    assert limits.refusal("10.0.0.5").startswith("This computer already has 2 games open.")
    assert limits.refusal("10.0.0.6") == ""  # another student is not affected
    limits.closed("10.0.0.5")
    assert limits.refusal("10.0.0.5") == ""
    limits.opened("10.0.0.5")  # the third game in this minute
    limits.closed("10.0.0.5")
    limits.closed("10.0.0.5")
    assert limits.refusal("10.0.0.5") == (
        "Too many new games from this computer in the last minute. Wait a minute, then press Try again.")
    now[0] += 59.9
    assert limits.refusal("10.0.0.5").startswith("Too many new games")
    now[0] += 0.1
    assert limits.refusal("10.0.0.5") == ""
    assert limits.live == {} and limits.starts == {}  # nothing kept for addresses that went


def test_one_game_per_address_reads_well():
    limits = AddressLimits(per_address=1, games_per_minute=10)
    limits.opened("a")
    assert limits.refusal("a").startswith("This computer already has one game open.")


def test_headers_forbid_framing_sniffing_and_other_hosts():
    page = security_headers("/", nonce="abc")
    assert page["X-Frame-Options"] == "DENY" and page["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self' 'nonce-abc'" in page["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    for path in ("/", "/status", "/static/js/textual.js", "/web/", "/ws"):
        csp = security_headers(path)["Content-Security-Policy"]
        assert "http" not in csp and "*" not in csp, (path, csp)  # nothing from any other host


PRIVATE_TEXTUAL_SERVE = {"_open_app_process", "_process", "_stdin", "_build_environment", "_make_app",
                         "_process_messages", "_binary_encode", "_download_manager", "_task"}


def test_the_server_uses_no_private_textual_serve_name():
    """Issue 18: textual-serve is used through public names only (its static files and DownloadManager)."""
    used: dict[str, set[str]] = {}
    for path in sorted(VIEWS.glob("web*.py")):
        tree = ast.parse(path.read_text())
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("textual_serve"):
                names.update(part for part in node.module.split(".") if part.startswith("_"))
                names.update(alias.name for alias in node.names)
        used[path.name] = names & PRIVATE_TEXTUAL_SERVE | {n for n in names if n.startswith("_textual")}
    assert all(not names for names in used.values()), used
    imported = set()
    for path in VIEWS.glob("web*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("textual_serve"):
                imported.add((node.module, tuple(alias.name for alias in node.names)))
    assert imported == {("textual_serve.download_manager", ("DownloadManager",))}


def test_the_page_bundle_is_checked_at_start(tmp_path):
    """An upgrade of textual-serve that moves its page files is a one-line error at start, not a blank page."""
    from game.views.web import STATIC_FILES, STATICS, missing_static_files

    assert missing_static_files() == []
    assert missing_static_files(tmp_path) == list(STATIC_FILES)
    assert (STATICS / "js" / "textual.js").stat().st_size > 100_000


def test_textual_serve_is_pinned_to_the_version_tested():
    from importlib.metadata import version

    pyproject = (VIEWS.parent.parent / "pyproject.toml").read_text()
    assert f'"textual-serve=={version("textual-serve")}"' in pyproject


def test_a_download_name_in_any_script_makes_a_valid_header():
    from game.views.web import content_disposition

    header = content_disposition("attachment", 'Пётр "1917".json')
    header.encode("latin-1")  # HTTP headers are Latin-1: this once could not be sent
    assert header == ("attachment; filename=\"____ _1917_.json\"; "
                      "filename*=UTF-8''%D0%9F%D1%91%D1%82%D1%80%20%221917%22.json")
