"""The 考区 a check runs for: what the report says about it (content/regions.yaml, compiled).

Every 考区 resolves its parameters through the rule profile it uses (:func:`validator.ruleset.region_chain`).
A 考区 whose upload system no source names is checked by the national module's rules, and its scan
reports say so (``scan.region.unknown``, info): its own notice decides. Those rules are not known to
apply there, so the report is capped: a finding that rests on them warns with the reason
(``reading.region_unknown``); a file that cannot be read still fails. The same cap holds while the
candidate has not chosen a 考区 (``national``, upload "undecided"; ``reading.region_undecided``).
"""

from __future__ import annotations

from validator.context import Context
from validator.report import Report

CODES = ("scan.region.unknown",)


def region_facts(ctx: Context) -> dict:
    """Id, names, upload system, review mode and rule profile of the context's 考区."""
    region = ctx.rules.region(ctx.region)
    keys = ("id", "name", "short", "upload", "review", "uses", "page")
    return {k: region[k] for k in keys if k in region}


def note_region(report: Report, ctx: Context) -> None:
    """Record the 考区 in the report; a 考区 without a known upload system gets the visible note."""
    facts = region_facts(ctx)
    report.facts["region"] = facts
    if facts.get("upload") == "unknown":
        name = facts.get("name", ctx.region)
        report.add("scan.region.unknown", "info", region=name)
        # the module's rules are not known to apply here: none of them may fail (issue 21 item 1)
        report.cap = ctx.rules.fmt_or("reading.region_unknown", region=name)
    elif facts.get("upload") == "undecided":
        # no 考区 chosen: the module's rules hold in some 考区, not in Hubei's 省网 or where the upload
        # system is unknown, so they are not known to apply to this candidate either
        report.cap = ctx.rules.fmt_or("reading.region_undecided")
