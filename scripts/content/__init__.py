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
"""

from __future__ import annotations

from pathlib import Path

from scripts.content.loader import check
from scripts.content.problems import Problem, text

__all__ = ["MISSING", "ContentError", "Problem", "check", "load_content"]


class ContentError(Exception):
    def __init__(self, problems: list):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems

    def report(self) -> str:
        head = text("summary", count=len(self.problems))
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


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
    if problems:
        raise ContentError(problems)
    return content
