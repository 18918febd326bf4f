"""``python -m validator pathway "<finder query string>" [--json]``: the finder's answer on the command line.

The query is the pathway finder's (a shared link or just its part after ``?``);
:mod:`validator.eligibility.answers` reads it exactly as the page does, so the
pathways, the recommendation and the materials are the page's. Texts come from
the rule set (``eligibility.cli.*`` formats). ``--json`` prints
``{"pathways": [{"id", "applies", "recommended", …}], "materials": [{"id", "applies", …}],
"reasons": [{"pathway", "reasons", …}], …}``: the applying pathways (recommended
first), the recommended pathway's materials (``yes`` or ``maybe``), and the
reasons every other pathway does not apply (the decisive one first).
"""

from __future__ import annotations

import json

from validator import api
from validator.eligibility import answers
from validator.host_files import UsageError, name_shown
from validator.ruleset import RuleSet


def add_parser(sub, rules: RuleSet, parser_class, formatter_class, titles) -> None:
    """Register the subcommand (called from :func:`validator.cli.build_parser`)."""
    t = rules.fmt
    p = sub.add_parser(
        "pathway",
        help=t("eligibility.cli.help"),
        description=t("eligibility.cli.help"),
        formatter_class=formatter_class,
        add_help=False,
    )
    p.rules = rules
    titles(p, rules)
    p.add_argument("-h", "--help", action="help", help=t("cli.help.help"))
    p.add_argument("query", metavar="QUERY", help=t("eligibility.cli.query"))
    p.add_argument("--as-of", dest="as_of", default=None, metavar="YYYY-MM-DD", help=t("cli.help.as_of"))
    p.add_argument("--json", action="store_true", help=t("cli.help.json"))
    assert parser_class  # the caller's parser class carries the Chinese usage errors


# what the finder page puts in a shared link besides the answers (pathway.js: the date it was opened
# with, the step shown): known, and not answers
LINK_KEYS = ("as_of", "step")


def known(rules: RuleSet, query: dict) -> None:
    """A usage error naming the keys the finder does not ask (a typo answered as if it were not there
    looked like a confident answer), with the keys it knows."""
    unknown = [k for k in query if k not in answers.KEYS and k not in LINK_KEYS]
    if unknown:
        sep = rules.fmt("cli.usage.sep")
        names = sep.join(name_shown(k) for k in unknown)
        raise UsageError(rules.fmt("eligibility.cli.unknown_keys", names=names, keys=sep.join(answers.KEYS)))


def run(rules: RuleSet, args, as_of: str, out) -> int:
    query = answers.parse(args.query)
    known(rules, query)
    request = {
        "answers": query,
        "region": query.get("rg") if query.get("rg") in rules.regions else "national",
        "as_of": as_of,
    }
    report = api.run("eligibility", request, rules=rules)
    summary = summarize(report, request, rules)
    if args.json:
        out.write(json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    else:
        out.write(render(rules, summary) + "\n")
    return 1 if report["verdict"] == "fail" else 0


def summarize(report: dict, request: dict, rules: RuleSet | None = None) -> dict:
    """The stable JSON shape (used by tests and external checkers). A material the 考区's upload
    system takes as a typed code (Hubei's 备案表) names the code (``code``: its label; "" where a file
    is uploaded)."""
    facts = report["facts"]
    pathways = [
        {
            "id": e["pathway"],
            "title": e["title"],
            "applies": e["applies"],
            "recommended": e["recommended"],
            "reasons": e["reasons"],
            "differs": e.get("differs", []),
        }
        for e in facts["applicable"]
    ]
    top = next((e for e in facts["applicable"] if e["recommended"]), None)

    def code(material: str) -> str:
        typed = rules.typed_code(material, request["region"]) if rules else None
        return typed["label"] if typed else ""

    materials = [
        {"id": m["material"], "applies": m["applies"], "when": m["when"], "code": code(m["material"])}
        for m in (top or {}).get("materials", [])
    ]
    others = facts["not_applicable"]
    decisive = facts.get("decisive")
    if decisive:
        others = sorted(others, key=lambda e: e["pathway"] != decisive["pathway"])
    return {
        "pathways": pathways,
        "materials": materials,
        "reasons": [{"pathway": e["pathway"], "title": e["title"], "reasons": e["reasons"]} for e in others],
        "recommended": facts.get("recommended"),
        "recommendation": facts.get("recommendation", ""),
        "decisive": decisive,
        "findings": [{k: f[k] for k in ("code", "severity", "message", "fix")} for f in report["findings"]],
        "region": request["region"],
        "as_of": request["as_of"],
        "verdict": report["verdict"],
        "notice": report.get("notice", ""),
    }


def render(rules: RuleSet, s: dict) -> str:
    t = rules.fmt
    lines = [t("eligibility.cli.heading", region=rules.regions[s["region"]]["short"], as_of=s["as_of"])]
    if s["decisive"]:
        lines.append(t("eligibility.cli.none", reason=s["decisive"]["reason"]))
        if s["decisive"].get("source_line"):
            lines.append("  " + s["decisive"]["source_line"])
    for p in s["pathways"]:
        lines += _pathway_lines(t, p, s["recommendation"])
    if s["materials"]:
        lines.append(t("eligibility.cli.materials"))
        lines += _material_lines(t, rules.data.get("materials", {}), s["materials"])
    if s["reasons"]:
        lines.append(t("eligibility.cli.others"))
        for e in s["reasons"]:
            lines.append("  " + t("eligibility.cli.other", title=e["title"], reasons="；".join(e["reasons"])))
    for f in s["findings"]:
        if f["severity"] != "info":
            lines.append(
                t(
                    "cli.finding",
                    severity=t(f"cli.severity.{f['severity']}"),
                    code=f["code"],
                    message=f["message"],
                )
            )
    if s["notice"]:
        lines.append(t("cli.notice", notice=s["notice"]))
    return "\n".join(lines)


def _pathway_lines(t, p: dict, recommendation: str) -> list[str]:
    label = t("eligibility.cli.recommended" if p["recommended"] else "eligibility.cli.also")
    lines = [
        t(
            "eligibility.cli.pathway",
            label=label,
            title=p["title"],
            applies=t(f"eligibility.cli.{p['applies']}"),
        )
    ]
    if p["recommended"]:
        lines.append("  " + recommendation)
    lines += ["  " + t("eligibility.cli.reason", text=r) for r in p["reasons"]]
    lines += ["  " + t("eligibility.cli.differs", text=d) for d in p["differs"]]
    return lines


def _material_lines(t, names: dict, materials: list[dict]) -> list[str]:
    lines = []
    for m in materials:
        name = (names.get(m["id"]) or {}).get("name", m["id"])
        key = "eligibility.cli.material_yes" if m["applies"] == "yes" else "eligibility.cli.material_maybe"
        lines.append("  " + t(key, material=name, id=m["id"], when=m["when"]))
        if m.get("code"):
            lines.append("    " + t("eligibility.cli.material_code", label=m["code"]))
    return lines
