"""The 考区 pages' data: the register grouped by upload system, each 考区's file rule as the tools apply it.

A 考区's scan values are resolved exactly like the validator does (:func:`validator.ruleset.region_chain`:
the 考区's own values, then its rule profile's, then the base values), so the page and the tools agree.
"""

from __future__ import annotations

from scripts.content.refs import source_id
from scripts.content.register import UNDECIDED, UNKNOWN
from scripts.content.severity import in_force
from validator.ruleset import region_chain, values_for

SYSTEM_ORDER = ("national-module", "provincial", "unknown")
FIELDS = ("upload", "review", "cycles", "notice")
INFERRED = "inferred"  # the site's own reading, not a rule of any 考区
SINGLE = "c1"  # one source: a base value resting on one 考区's notice is that 考区's, borrowed elsewhere
RULE_FAMILY = "scan"  # the upload rule a 考区's page shows (the registration photo is national)


def registered(content: dict) -> list[dict]:
    """The provincial 考区 in register order (``national`` = not decided yet is not a 考区)."""
    return [r for r in content["regions"] if r["id"] != UNDECIDED]


def system_of(region: dict) -> str:
    upload = region.get("upload")
    return upload["system"] if isinstance(upload, dict) else "unknown"


def groups(content: dict) -> list[tuple[str, list[dict]]]:
    """(upload system, its 考区) in the order module, provincial, unknown; empty groups left out."""
    found = [(s, [r for r in registered(content) if system_of(r) == s]) for s in SYSTEM_ORDER]
    return [(s, regions) for s, regions in found if regions]


def unknown_fields(region: dict) -> list[str]:
    """The fields the register marks 未找到公开资料 (what the 考区's own notice must answer), and those
    whose record tells only the past: an upload system or a review mode recorded as unknown now (广东:
    its 省网 of 2014–2017, nothing since), which the page's header already shows as 没有找到资料."""

    def unknown_now(field: str) -> bool:
        value = region.get(field)
        if value == UNKNOWN:
            return True
        key = {"upload": "system", "review": "mode"}.get(field)
        return isinstance(value, dict) and key is not None and value.get(key) == "unknown"

    return [f for f in FIELDS if unknown_now(f)]


def latest_year(content: dict, region: dict) -> int | None:
    """The most recent year the 考区's entry speaks about: a cycle's year or a cited source's date."""
    cycles = region.get("cycles")
    years = [c["year"] for c in cycles] if isinstance(cycles, list) else []
    dates = {s["id"]: str(s.get("date", "")) for s in content["sources"]}
    cited = (dates.get(source_id(ref), "") for ref in sources_of(region))
    years += [int(d[:4]) for d in cited if d[:4].isdigit()]
    return max(years) if years else None


def rules_for(content: dict, rid: str) -> list[dict]:
    """The file rule a tool applies for this 考区 on the cycle's last day: one row per candidate-facing
    parameter of the scan family, with the value entry (value, note, source, confidence, since)."""
    regions = {r["id"]: r for r in content["regions"]}
    chain = region_chain(regions, rid)
    day = content["site"]["cycle_end"]
    family = next((f for f in content["rule_files"] if f["family"] == RULE_FAMILY), None)
    unknown = system_of(regions.get(rid, {})) == "unknown"
    rows = []
    for pid in family["parameters"] if family else []:
        spec = content["parameters"][pid]
        if spec.get("technical"):
            continue
        values = values_for(spec, chain)
        entry = in_force(values, day)
        # one claim, one confidence (issue 21): a value that is neither this 考区's nor its system's own —
        # the base value, where the upload system is unknown or the value rests on one other 考区's notice —
        # is shown as borrowed, never as this 考区's rule
        # The site's own reading (a reminder line it sets, confidence inferred) is nobody's rule to borrow.
        own = values is not spec["values"]
        site_reading = entry.get("confidence") == INFERRED
        borrowed = not own and not site_reading and (unknown or entry.get("confidence") == SINGLE)
        rows.append({"id": pid, "spec": spec, "entry": entry, "borrowed": borrowed})
    return rows


def sources_of(region: dict) -> list[str]:
    """Every source reference of the 考区's register entry, first mention first, without repeats."""
    refs: list[str] = []
    items = [region.get(f) for f in ("upload", "review", "notice")]
    items += [*(region.get("cycles") if isinstance(region.get("cycles"), list) else [])]
    items += region.get("notes") or []
    for item in items:
        if isinstance(item, dict):
            source = item["source"]
            refs += [s for s in (source if isinstance(source, list) else [source]) if s not in refs]
    return refs


def globals_for(content: dict) -> dict:
    return {
        "region_groups": lambda: groups(content),
        "region_rules": lambda rid: rules_for(content, rid),
        "region_unknown": unknown_fields,
        "region_latest": lambda region: latest_year(content, region),
        "region_sources": sources_of,
        "region_system": system_of,
        "profile": lambda pid: next(p for p in content.get("profiles", []) if p["id"] == pid),
    }
