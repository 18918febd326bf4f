"""One claim, one confidence (issue 21 item 6): the same claim must not read 多方一致 on one page and
只有一个来源 on another.

A claim stated in several places carries the same id there: ``claim:`` on a sourced line (a rule
family's ``advice`` or ``official``, a pathway's ``conditions`` or ``mistakes``) and ``claims:`` on a FAQ
entry (claim id -> the confidence the answer gives it). Every place of one claim must give the same
confidence; ``make check-content`` reports each place that differs from the first (``claim.confidence``).
"""

from __future__ import annotations

from scripts.content.problems import Problem


def places(content: dict) -> list[tuple[str, str, tuple, str]]:
    """(claim id, file, key path, confidence) of every place that states a claim, in content order."""
    out = []
    for family in content.get("rule_files", []):
        out += _sourced_lines(family, family.get("file", ""), ("advice", "official"))
    for pathway in content.get("pathways", []):
        if isinstance(pathway, dict):
            where = f"content/pathways/{pathway.get('id', '')}.yaml"
            out += _sourced_lines(pathway, where, ("conditions", "mistakes"))
    for i, entry in enumerate(content.get("faq", [])):
        claims = entry.get("claims") if isinstance(entry, dict) else None
        if isinstance(claims, dict):
            for claim, confidence in claims.items():
                out.append((str(claim), "content/faq.yaml", ("entries", i, "claims", claim), str(confidence)))
    return out


def _sourced_lines(data: dict, file: str, keys: tuple[str, ...]) -> list[tuple[str, str, tuple, str]]:
    """The places under ``data``'s lists ``keys`` whose lines carry a ``claim:``."""
    return [
        (item["claim"], file, (key, i), str(item.get("confidence")))
        for key in keys
        for i, item in enumerate(data.get(key) or [])
        if isinstance(item, dict) and isinstance(item.get("claim"), str)
    ]


def check(content: dict, sink) -> None:
    first: dict[str, tuple] = {}
    for claim, file, path, confidence in places(content):
        if claim not in first:
            first[claim] = (file, path, confidence)
            continue
        file0, _, confidence0 = first[claim]
        if confidence != confidence0:
            values = {"value": claim, "detail": f"{confidence0}（{file0}）", "confidence": confidence}
            sink.problems.append(Problem(file, path, "claim.confidence", values=values))
