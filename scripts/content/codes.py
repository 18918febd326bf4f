"""Finding codes the validator can emit, read from each module's ``CODES``.

A validator module may declare ``CODES = ("photo.size.too_large", ...)``.
Modules that are missing or do not import yet are skipped (and listed), so
the content check works while the validator is still being written.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path


def validator_codes(package: str = "validator") -> tuple[list[tuple[str, str, str]], list[str]]:
    """Return ([(module, file, code)], [skipped module names])."""
    try:
        pkg = importlib.import_module(package)
    except Exception:  # a broken package is reported as skipped, never a traceback
        return [], [package]
    found: list[tuple[str, str, str]] = []
    skipped: list[str] = []
    modules = [package]
    if hasattr(pkg, "__path__"):
        walked = pkgutil.walk_packages(pkg.__path__, prefix=package + ".")
        # __main__ runs the CLI when imported: never import it here.
        modules += [m.name for m in walked if not m.name.endswith(".__main__")]
    for name in modules:
        if name.endswith("__main__"):
            continue  # importing it would run a command line
        try:
            module = importlib.import_module(name)
        except (Exception, SystemExit):
            skipped.append(name)
            continue
        codes = getattr(module, "CODES", None)
        if not isinstance(codes, tuple | list | set | frozenset):
            continue
        file = _label(getattr(module, "__file__", "") or name)
        found.extend((name, file, str(code)) for code in codes)
    return found, skipped


def _label(file: str) -> str:
    path = Path(file).resolve()
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
