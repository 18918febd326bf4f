"""Compile content/ into the rule set JSON shipped inside the validator.

Usage: python -m scripts.compile_rules [OUT]   (default validator/_data/rules.json)

The content is loaded and checked by scripts.content (which reports every
problem at once); this module only projects the checked content onto what the
validator needs at run time.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from scripts.content import ContentError, load_content
from scripts.content.kinds import UNKNOWN_SINCE
from scripts.content.register import UNDECIDED

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "validator" / "_data" / "rules.json"


def compile_rules(content: dict) -> dict:
    site = content["site"]
    rules = {
        "cycle": site["cycle"],
        "cycle_start": site["cycle_start"],
        "cycle_end": site["cycle_end"],
        "sources": {s["id"]: {k: v for k, v in s.items() if k != "id"} for s in content["sources"]},
        # the 考区 register (content/regions.yaml): the rule profile each 考区 uses, its upload system and
        # review mode, and the texts the tools' region choice shows
        "regions": {r["id"]: {**_region(r), "order": i} for i, r in enumerate(content["regions"])},
        "profiles": {p["id"]: _profile(p) for p in content.get("profiles", [])},
        "areas": content.get("areas", []),
        "region_texts": content.get("region_texts", {}),
        "parameters": _with_lines({pid: _parameter(spec) for pid, spec in content["parameters"].items()},
                                  content["rule_files"]),
        "messages": content["messages"],
        "firm": {code: groups[0] for code, groups in sorted(content.get("firm", {}).items())},
        "advice": {f["family"]: [dict(a) for a in f.get("advice", [])] for f in content["rule_files"]},
        "formats": content["formats"],
        "texts": site.get("texts", {}),
        # pathway-finder screens, routing and texts (content/finder.yaml); tool names (content/tools.yaml)
        "finder": content.get("extra", {}).get("finder", {}),
        "tools": (content.get("extra", {}).get("tools") or {}).get("tools", {}),
        "materials": {
            m["id"]: {
                "name": m["name"],
                "sides": m.get("sides", []),
                "side_names": m.get("side_names", {}),
                "scan": m.get("scan", False),
                # where to get it, one line: the personal checklist and its exported image
                "where": " ".join(str(m.get("where", "")).split()),
                # typed in (a code field checked by format) instead of uploaded in these upload systems
                **({"code": _code(m["code"])} if m.get("code") else {}),
            }
            for m in content["materials"]
        },
        "pathways": {
            p["id"]: {
                "title": p["title"],
                "level": p["level"],
                "categories": p.get("categories", []),
                "order": p.get("order", 0),
                "recommend": p.get("recommend", {}),
                "materials": [
                    {
                        "material": m["material"],
                        "required": m.get("required", True),
                        "when": m.get("when"),  # {text, test}: validator/eligibility/conditions.py
                        "note": m.get("note", ""),
                    }
                    for m in p.get("materials", [])
                ],
                # the steps with the system each is done in: the personal checklist keeps the candidate's own
                "steps": [
                    {"text": " ".join(str(s["text"]).split()), "system": s.get("system", "national")}
                    for s in p.get("steps", [])
                ],
            }
            for p in content["pathways"]
        },
    }
    digest = hashlib.sha256(
        json.dumps(rules, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    rules["version"] = f"{site['cycle']}-{digest[:12]}"
    return rules


def _code(code: dict) -> dict:
    """A material typed in as a code: the field kind the validator checks, the upload systems (rule
    profiles) that take the code instead of the file, and the texts the tools show."""
    return {
        "kind": code["kind"],
        "typed_in": list(code["typed_in"]),
        "label": code["label"],
        "text": _joined(code["text"]),
        **{k: _joined(code[k]) for k in ("where", "placeholder", "reading") if code.get(k)},
        "confidence": code["confidence"],
    }


def _joined(text) -> str:
    """A YAML block's lines as the one line the page shows: no break between two Chinese characters (the
    browser drew one as a stray space, "数值； 这一段"), a space elsewhere ("ISO 19794", "算 30K")."""
    out = ""
    for line in filter(None, (line.strip() for line in str(text or "").splitlines())):
        out += line if not out or not (out[-1].isascii() or line[0].isascii()) else " " + line
    return out


def _region(region: dict) -> dict:
    """What the validator and the tools need of a 考区: names, profile, upload system, review mode, page."""
    out = {"name": region["name"], "short": region["short"], "uses": region.get("uses", "")}
    if region.get("area"):
        out["area"] = region["area"]
    upload, review = region.get("upload"), region.get("review")
    out["upload"] = upload["system"] if isinstance(upload, dict) else "unknown"
    if region["id"] == UNDECIDED:
        out["upload"] = "undecided"
    out["review"] = review["mode"] if isinstance(review, dict) else "unknown"
    if region.get("area"):  # every 考区 has a page; "national" (not decided) points at the overview
        out["page"] = f"regions/{region['id']}/"
    return out


def _profile(profile: dict) -> dict:
    return {
        "name": profile["name"],
        "short": profile["short"],
        "images": profile["images"],
        "guide": f"guide/{profile['guide']}/",
        "counts": {c["material"]: c["count"] for c in profile.get("counts", [])},
    }


def _parameter(spec: dict) -> dict:
    """A parameter as the validator reads it: a value of unknown date (``since: unknown``) becomes
    ``since: ""`` (before every date, so it applies from the start) with ``dated: false``."""
    out = {k: v for k, v in spec.items() if k not in ("values", "regions")}
    out["values"] = [_value(v) for v in spec["values"]]
    if spec.get("regions"):
        out["regions"] = {r: [_value(v) for v in values] for r, values in spec["regions"].items()}
    return out


def _with_lines(parameters: dict, families: list) -> dict:
    """Mark the parameters a family names as a line of an official rule (``lines:``): the fail line
    carries ``line`` (the rule, its source and confidence, and why past it no reasonable reading is
    met), the warn band ``band`` (the same rule, and why near it is only the site's reading)."""
    for family in families:
        for line in (family.get("lines") or {}).values():
            if not isinstance(line, dict):
                continue
            rule = {k: line.get(k) for k in ("rule", "source", "confidence")}
            fail, warn = _joined(line.get("fail_reasoning", "")), _joined(line.get("warn_reasoning", ""))
            if line.get("fail") in parameters:
                parameters[line["fail"]]["line"] = {**rule, "reasoning": fail}
            if line.get("warn") in parameters:
                parameters[line["warn"]]["band"] = {**rule, "reasoning": warn}
    return parameters


def _value(entry: dict) -> dict:
    if entry.get("since") != UNKNOWN_SINCE:
        return dict(entry)
    return {**entry, "since": "", "dated": False}


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else DEFAULT_OUT
    try:
        content = load_content(ROOT / "content")
    except ContentError as err:
        print(err.report(), file=sys.stderr)
        return 1
    rules = compile_rules(content)
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(rules, ensure_ascii=False, sort_keys=True, indent=1)
    if not out.exists() or out.read_text(encoding="utf-8") != text:
        out.write_text(text, encoding="utf-8")
    else:
        out.touch()  # compiled after the latest content edit (validator/checkout.py reads the time)
    print(
        f"rules: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} ({rules['version']})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
