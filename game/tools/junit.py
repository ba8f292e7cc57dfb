"""JUnit XML, the report format every CI shows: one suite per tool run, one case per check."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field


@dataclass
class Case:
    name: str
    classname: str
    failure: str = ""  # the message; empty when the case passed
    details: str = ""
    skipped: str = ""
    seconds: float = 0.0
    file: str = ""
    line: int = 0


@dataclass
class Suite:
    name: str
    cases: list[Case] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, case: Case) -> None:
        self.cases.append(case)


def to_xml(suites: list[Suite]) -> str:
    root = ET.Element("testsuites")
    for suite in suites:
        failures = sum(1 for c in suite.cases if c.failure)
        skipped = sum(1 for c in suite.cases if c.skipped and not c.failure)
        node = ET.SubElement(
            root,
            "testsuite",
            name=suite.name,
            tests=str(len(suite.cases)),
            failures=str(failures),
            errors="0",
            skipped=str(skipped),
            time=f"{suite.seconds:.3f}",
        )
        for case in suite.cases:
            attrs = {"name": case.name, "classname": case.classname, "time": f"{case.seconds:.3f}"}
            if case.file:
                attrs["file"] = case.file
                if case.line:
                    attrs["line"] = str(case.line)
            item = ET.SubElement(node, "testcase", attrs)
            if case.failure:
                fail = ET.SubElement(item, "failure", message=case.failure)
                fail.text = case.details or case.failure
            elif case.skipped:
                ET.SubElement(item, "skipped", message=case.skipped)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write(path: str, suites: list[Suite]) -> None:
    """Write the report (its folder made if missing); FileProblem when ``path`` cannot be written."""
    from game.play.atomic import write_output

    write_output(path, to_xml(suites))
