"""The class report's overview prints on one page, in a real browser, for the shipped story and a class of 24.

Needs Chromium (skipped, saying so, where it is not installed: the only thing
this test needs from outside). The overview is the part a teacher prints; the
rest of the report starts on a new page (``break-after: page``).
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from game.play.session import Session
from game.story.loader import load_story
from game.tools.report import build_report
from game.tools.report_render import render_html
from game.tools.transcript import build_transcript

SCENES = Path(__file__).resolve().parents[2] / "scenes"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or ""


def a_class(folder: Path, students: int = 24) -> None:
    """``students`` games of the shipped story, each taking random available choices to an ending."""
    story = load_story(str(SCENES))
    perspectives: list[str | None] = [p.id for p in story.perspectives] or [None]
    for n in range(students):
        rng = random.Random(n)
        session = Session(story, rng.choice(perspectives), player=f"Student {n}")
        while session.ending is None and (choices := session.available_choices()):
            session.choose(rng.choice(choices).id)
        (folder / f"s{n:02d}.json").write_text(
            json.dumps(build_transcript(session, rng.randint(300, 3000))), encoding="utf-8"
        )


def pdf_pages(html: Path, pdf: Path) -> int:
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", html.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    return len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))


@pytest.mark.skipif(not CHROMIUM, reason="needs Chromium to print the page (not installed here)")
def test_the_overview_prints_on_one_page(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    a_class(folder)
    report = build_report(str(folder), load_story(str(SCENES)))
    assert len(report.counted) == 24 and len(report.decisions) >= 10
    page = render_html(report)
    head, rest = page.split('<section class="glance"', 1)
    overview = head + '<section class="glance"' + rest.split("</section>", 1)[0] + "</section>\n</body>\n</html>\n"
    assert overview.count('class="glance-row"') == len(report.endings) + len(report.decisions)
    (tmp_path / "overview.html").write_text(overview, encoding="utf-8")
    assert pdf_pages(tmp_path / "overview.html", tmp_path / "overview.pdf") == 1
    (tmp_path / "report.html").write_text(page, encoding="utf-8")
    assert pdf_pages(tmp_path / "report.html", tmp_path / "report.pdf") > 1  # the counting itself can see a second page
