"""Load and check everything under content/ (the schema is content/README.md).

``load_content(root)`` returns the checked content as plain dicts and lists or
raises :class:`ContentError` listing every problem at once; ``check(root)``
returns ``(content, problems)`` without raising. Modules:

* ``yamlio``   strict YAML reading (positions, duplicate keys, dates as strings)
* ``schema``   the small declarative schema language
* ``kinds``    the schema of each kind of file
* ``refs``     duplicate ids and references across files
* ``codes``    finding codes declared by validator modules (``CODES``)
* ``problems`` a problem's place and its Chinese wording (templates/content_check.yaml)
* ``values``   parameter values by unit, shape and nullable; 10x jumps and related parameters
* ``provenance`` confidence ``seed`` only with an official source (sources.yaml ``kind``)
* ``cycles``   the exam year and dates across site, timeline, rules and the change log
* ``prose``    internal tokens in guide, FAQ, pathway, material and timeline prose

Codes starting with ``warn.`` are warnings: :func:`load_content` returns them in
``content["warnings"]`` (or with a :class:`ContentError`) and does not fail on them.
"""

from __future__ import annotations

from pathlib import Path

from scripts.content.loader import check
from scripts.content.problems import Problem, text
from scripts.content.problems import is_warning as problems_is_warning

__all__ = ["MISSING", "ContentError", "Problem", "check", "load_content"]


class ContentError(Exception):
    def __init__(self, problems: list, warnings: list | None = None):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
        self.warnings = warnings or []

    def report(self) -> str:
        head = text("summary", count=len(self.problems))
        lines = [head, *(f"  - {p}" for p in self.problems)]
        return "\n".join(lines + warnings_report(self.warnings))


def is_warning(problem: Problem) -> bool:
    """``warn.*`` codes are reported but do not stop the build (see content/README.md)."""
    return problems_is_warning(problem.code)


def warnings_report(warnings: list) -> list[str]:
    if not warnings:
        return []
    return [text("warnings", count=len(warnings)), *(f"  - {w}" for w in warnings)]


MISSING = ("file.missing", "file.missing_dir")


def load_content(root: Path, codes_package: str | None = "validator", complete: bool = False) -> dict:
    """The checked content; raises ContentError listing every problem.

    With ``complete=False`` (the rule compiler) a file that does not exist yet
    is tolerated, so validator work is not blocked while guides are written;
    the content check and the site build pass ``complete=True``.
    """
    content, problems = check(Path(root), codes_package=codes_package)
    if not complete:
        problems = [p for p in problems if p.code not in MISSING]
    warnings = content.get("warnings", []) + [p for p in problems if is_warning(p)]
    warnings.sort(key=Problem.sort_key)
    problems = [p for p in problems if not is_warning(p)]
    if problems:
        raise ContentError(problems, warnings)
    content["warnings"] = warnings
    return content
