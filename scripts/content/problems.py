"""Problems found in content/ and how they read.

A problem is a code plus the place it was found (file, key path, line) and
named values; its Chinese wording comes from templates/content_check.yaml so
that no prose lives in Python. A code missing from that catalog still prints
(code and values), it never raises.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

CATALOG = Path(__file__).resolve().parents[2] / "templates" / "content_check.yaml"
FIRST = ("yaml.", "content.too_large")  # problems listed before all others
# Reported, but they do not stop the build: a stray file, a suspicious date.
WARNINGS = frozenset({"content.unknown_file", "date.far_future"})


def is_warning(code: str) -> bool:
    """提醒: reported, never a reason to stop the check or the build (content/README.md): the codes in
    :data:`WARNINGS` and every ``warn.*`` code."""
    return code in WARNINGS or code.startswith("warn.")


@dataclass
class Problem:
    file: str
    path: tuple
    code: str
    line: int | None = None
    column: int | None = None
    values: dict = field(default_factory=dict)

    @property
    def key_path(self) -> str:
        return format_path(self.path)

    @property
    def message(self) -> str:
        messages = catalog()["messages"]
        template = messages.get(self.code)
        values = {"line": self.line, "column": self.column, "file": self.file, **self.values}
        if values.get("near") and f"{self.code}.near" in messages:  # the variant naming the nearest key
            template = messages[f"{self.code}.near"]
        if template is None:
            return f"[{self.code}] " + ", ".join(f"{k}={v}" for k, v in sorted(values.items()))
        return template.format_map(_Blank(values))

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        key = f" {self.key_path}" if self.path else ""
        return f"{where}{key}: {self.message}"

    def sort_key(self) -> tuple:
        """Reading errors first (a file that cannot be read causes the follow-on problems)."""
        return (not self.code.startswith(FIRST), self.file, self.line or 0, self.key_path, self.code)


def format_path(path: tuple) -> str:
    """``("entries", 3, "source")`` -> ``entries[3].source``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@lru_cache(maxsize=1)
def catalog() -> dict:
    try:
        data = yaml.safe_load(CATALOG.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        data = {}
    data.setdefault("messages", {})
    return data


def text(key: str, **values) -> str:
    template = catalog().get(key)
    if not isinstance(template, str):
        return f"[{key}] " + ", ".join(f"{k}={v}" for k, v in sorted(values.items()))
    return template.format_map(_Blank(values))


def show(value) -> str:
    """A short display of an offending value for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list):
        return "[…]"
    shown = str(value)
    return shown if len(shown) <= 40 else shown[:37] + "…"


class _ChineseHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix=text("cli_usage") if prefix is None else prefix)


class _ChineseParser(argparse.ArgumentParser):
    def error(self, message: str):
        """A usage error in the catalog's words (argparse's own detail kept for the option named)."""
        self.print_usage(argparse._sys.stderr)  # type: ignore[attr-defined]
        self.exit(2, text("cli_usage_error", prog=self.prog, detail=message) + "\n")


def chinese_parser(prog: str, description: str) -> argparse.ArgumentParser:
    """An argument parser for the administrators' commands whose help reads in Chinese (用法、选项), like
    the validator's command line (an administrator's review: positional arguments / options / show this
    help message and exit)."""
    parser = _ChineseParser(prog=prog, description=description, formatter_class=_ChineseHelp, add_help=False)
    parser._positionals.title = text("cli_positionals")
    parser._optionals.title = text("cli_options")
    parser.add_argument("-h", "--help", action="help", help=text("cli_help"))
    return parser
