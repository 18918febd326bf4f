"""Licences of what the site ships: the notices page's data and the build's check.

``packages.yaml`` (beside this file) names every package whose files the built site serves under
``assets/``, with globs for its files; ``allow.yaml`` lists the licences the site may ship, each
with its reason. Versions and licences come from the lockfile (npm), the installed distribution's
metadata (PyPI) or Pyodide's lock (its Python), so an upgrade updates the notice by itself.

* :func:`load` resolves every entry: name, version, SPDX licence, source address, licence text.
* :func:`problems` lists what the build must refuse: a file under ``assets/`` that no entry
  claims, a licence not on the allow-list, a licence text that cannot be found.
* :func:`write_texts` puts each licence text next to the files (``site/assets/licenses/``).
"""

from __future__ import annotations

import fnmatch
import json
import re
import tomllib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SPDX_TEXTS = ROOT / "node_modules" / "spdx-license-list" / "licenses"
POLICED = "assets"  # every file under site/assets/ must belong to a declared package
COPIES = (".br", ".gz")  # precompressed copies belong to their original


class NoticeError(Exception):
    """A declaration that cannot be resolved (the message names the entry and the cause)."""


@dataclass
class Package:
    id: str
    name: str
    version: str
    licence: str
    source: str
    what: str
    files: list[str]
    text: str = ""
    within: list[dict] = field(default_factory=list)


def load(root: Path = ROOT, declarations: Path = HERE / "packages.yaml") -> list[Package]:
    data = yaml.safe_load(declarations.read_text(encoding="utf-8"))
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
    packages = []
    for entry in data["packages"]:
        version, licence = _resolve(entry, root, lock)
        licence = entry.get("licence") or licence
        within = [dict(part, text=_text(part["text"], "", root)) for part in entry.get("within", [])]
        packages.append(
            Package(
                id=entry["id"],
                name=entry["name"],
                version=version,
                licence=licence,
                source=entry["source"].format(version=version),
                what=entry["what"],
                files=list(entry["files"]),
                text=_text(entry["text"], entry["from"], root),
                within=within,
            )
        )
    return packages


def allowed(path: Path = HERE / "allow.yaml") -> dict[str, str]:
    return dict(yaml.safe_load(path.read_text(encoding="utf-8"))["allow"])


def _resolve(entry: dict, root: Path, lock: dict) -> tuple[str, str]:
    kind, _, name = entry["from"].partition(":")
    if kind == "npm":
        record = lock.get("packages", {}).get(f"node_modules/{name}")
        if not record:
            raise NoticeError(f"{entry['id']}: package-lock.json has no node_modules/{name}")
        return record["version"], record.get("license", "")
    if kind == "pypi":
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            raise NoticeError(f"{entry['id']}: the distribution {name} is not installed") from None
        meta = dist.metadata
        return dist.version, meta.get("License-Expression") or meta.get("License") or ""
    if kind == "pyodide-stdlib":
        lock_file = root / "node_modules" / "pyodide" / "pyodide-lock.json"
        return json.loads(lock_file.read_text("utf-8"))["info"]["python"], ""
    if kind == "self":
        project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        text = (root / "validator" / "__init__.py").read_text(encoding="utf-8")
        match = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.M)
        return (match.group(1) if match else ""), project.get("license", "")
    if kind == "pinned":  # a data file copied into this repository at a named upstream commit
        return name, ""
    raise NoticeError(f"{entry['id']}: unknown 'from: {entry['from']}'")


def _text(spec: str, origin: str, root: Path) -> str:
    kind, _, name = spec.partition(":")
    if kind == "spdx":
        path = SPDX_TEXTS / f"{name}.json"
        if not path.is_file():
            raise NoticeError(f"no licence text for {name} in node_modules/spdx-license-list (run `npm ci`)")
        return json.loads(path.read_text(encoding="utf-8"))["licenseText"].strip() + "\n"
    if kind == "dist":
        dist = metadata.distribution(origin.partition(":")[2])
        for candidate in (f"licenses/{name}", name):
            text = dist.read_text(candidate)
            if text:
                return text.strip() + "\n"
        raise NoticeError(f"{origin}: the installed distribution ships no {name}")
    path = root / spec
    if not path.is_file():
        raise NoticeError(f"licence text {spec} is missing")
    return path.read_text(encoding="utf-8").strip() + "\n"


def owner(relative: str, packages: list[Package]) -> Package | None:
    """The package whose globs claim a site file (its .br/.gz copies included)."""
    for suffix in COPIES:
        if relative.endswith(suffix):
            relative = relative[: -len(suffix)]
    for package in packages:
        if any(_match(relative, pattern) for pattern in package.files):
            return package
    return None


def _match(path: str, pattern: str) -> bool:
    if "**" in pattern:
        return fnmatch.fnmatchcase(path, pattern.replace("**", "*"))
    return path.count("/") == pattern.count("/") and fnmatch.fnmatchcase(path, pattern)


def problems(site: Path, packages: list[Package], allow: dict[str, str]) -> list[str]:
    found = []
    for package in packages:
        for licence in [package.licence, *(part["licence"] for part in package.within)]:
            if not licence:
                found.append(f"{package.id}: no licence in its metadata; declare `licence:` in packages.yaml")
            elif licence not in allow:
                found.append(f"{package.id}: licence {licence} is not in scripts/notices/allow.yaml")
    for path in sorted((site / POLICED).rglob("*")):
        if path.is_file():
            relative = path.relative_to(site).as_posix()
            if owner(relative, packages) is None:
                found.append(f"{relative}: belongs to no package in scripts/notices/packages.yaml")
    return found


def write_texts(site: Path, packages: list[Package]) -> None:
    out = site / POLICED / "licenses"
    out.mkdir(parents=True, exist_ok=True)
    for package in packages:
        (out / f"{package.id}.txt").write_text(package.text, encoding="utf-8")
        for n, part in enumerate(package.within, 1):
            (out / f"{package.id}-{n}.txt").write_text(part["text"], encoding="utf-8")
    # the guide content's own licence (CC BY 4.0) travels with the site too
    content_licence = (ROOT / "LICENSE-content").read_text(encoding="utf-8")
    (out / "content-cc-by-4.0.txt").write_text(content_licence, encoding="utf-8")
