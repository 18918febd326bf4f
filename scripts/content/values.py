"""Parameter values checked by their unit, shape and neighbours (see content/README.md, “取值的类型和范围”).

* a value's shape (one number or text, a list, a mapping) must be the parameter's
  ``shape`` (default: ``list`` for unit list, ``scalar`` otherwise);
* ``null`` (not checked) only where the parameter says ``nullable: true`` (everywhere) or
  ``nullable: [national, …]`` (in the lists of those regions; ``national`` is ``values``);
* bytes, px, days and months are whole numbers above 0 (bytes and px with an upper bound),
  a percent lies in 0–100, a ratio is above 0;
* an error (``related.missing``): a parameter with a new dated value whose ``related`` parameters have
  none on the same day: every value after the first of the base list, and every value of a 考区's (or a
  profile's) own list, its first included (that list replaces the base one there, so a related parameter
  without its own list for that 考区 would pair the new value with the base one: a self-contradicting
  message). A warning once; a new developer's review saw it listed last, as not stopping the build;
* bytes are at least 1024 (``range.bytes_small``: a size written in K, 30 for 30 KB, would fail every file);
* an error (``order.at_most``): a parameter with ``at_most: OTHER`` above OTHER on some day, in the base
  list or a 考区's (the lines of one limit in the wrong order: a warning line past the limit it warns of);
* a warning (``warn.*``, it never stops the build): a new value more than 10 times or less than a tenth
  of the previous one (a unit slip: 40 for 40 KB).
"""

from __future__ import annotations

from scripts.content.problems import show, text
from scripts.content.severity import in_force_at

SHAPES = ("scalar", "list", "mapping")
WHOLE = {"bytes": 1 << 30, "px": 100_000, "days": 36_500, "months": 1_200}  # unit -> largest value
MIN_BYTES = 1024  # no size rule of these exams is below 1 KB: a smaller number is a size written in K
JUMP = 10  # a new value this many times larger (or smaller) than the previous one is suspicious
UNKNOWN_SINCE = "unknown"


def shape_of(value) -> str:
    if isinstance(value, dict):
        return "mapping"
    return "list" if isinstance(value, list) else "scalar"


def declared_shapes(spec: dict) -> tuple[str, ...]:
    shape = spec.get("shape")
    if isinstance(shape, str):
        return (shape,)
    if isinstance(shape, list) and shape:
        return tuple(str(s) for s in shape)
    return ("list",) if spec.get("unit") == "list" else ("scalar",)


def is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def range_problem(value, unit: str) -> str | None:
    """The catalog key of what is wrong with a plain value of ``unit`` (None: it fits)."""
    if not is_number(value):
        return None  # a wrong type is reported by the unit check (value.unit)
    if unit in WHOLE:
        if not isinstance(value, int) or value <= 0:
            return "range.whole"
        if unit == "bytes" and value < MIN_BYTES:
            return "range.bytes_small"
        return "range.too_big" if value > WHOLE[unit] else None
    if unit == "percent" and not 0 <= value <= 100:
        return "range.percent"
    if unit == "ratio" and value <= 0:
        return "range.ratio"
    if unit == "number" and value < 0:
        return "range.negative"  # counts and limits (file.max_pixels …): -1 is no "unlimited"
    return None


def value_lists(spec: dict, path: tuple):
    """(key path, values) of the national list and each region's list."""
    if isinstance(spec.get("values"), list):
        yield (*path, "values"), spec["values"]
    regions = spec.get("regions")
    for region, values in regions.items() if isinstance(regions, dict) else []:
        if isinstance(values, list):
            yield (*path, "regions", region), values


def check_values(ctx, spec: dict, path: tuple) -> None:
    """Record check of one parameter: null, shape and range of every value; jumps between values."""
    unit = spec.get("unit")
    shapes = declared_shapes(spec)
    for where, values in value_lists(spec, path):
        entries = [(i, e) for i, e in enumerate(values) if isinstance(e, dict) and "value" in e]
        may_be_null = _nullable(spec.get("nullable"), "national" if where[-1] == "values" else where[-1])
        for i, entry in entries:
            _check_one(ctx, may_be_null, unit, shapes, entry["value"], (*where, i, "value"))
        _check_jumps(ctx, entries, where)


def _nullable(declared, region: str) -> bool:
    return declared is True or (isinstance(declared, list) and region in declared)


def _check_one(ctx, may_be_null: bool, unit, shapes, value, path) -> None:
    if value is None:
        if not may_be_null:
            ctx.problem("value.null", path)
        return
    if shape_of(value) not in shapes and not (shape_of(value) == "scalar" and unit == "list"):
        names = "、".join(ctx_shape_name(s) for s in shapes)
        ctx.problem(
            "value.shape", path, value=show(value), expected=names, detail=ctx_shape_name(shape_of(value))
        )
        return
    leaves = value.values() if isinstance(value, dict) and unit in WHOLE else [value]
    for leaf in leaves:
        code = range_problem(leaf, unit)
        if code:
            ctx.problem(f"value.{code}", path, value=show(leaf), expected=unit, limit=WHOLE.get(unit, ""))
            return


def ctx_shape_name(shape: str) -> str:
    return {"scalar": "单个值", "list": "列表", "mapping": "键值映射"}.get(shape, shape)


def _check_jumps(ctx, entries, where) -> None:
    previous = None
    for i, entry in entries:
        value = entry["value"]
        if not is_number(value) or value <= 0:
            previous = None
            continue
        if previous is not None and (value > previous * JUMP or value * JUMP < previous):
            shown = f"{max(value, previous) / min(value, previous):.0f}"
            ctx.problem(
                "warn.value.jump",
                (*where, i, "value"),
                value=show(value),
                expected=show(previous),
                detail=shown,
            )
        previous = value


def check_related(ctx, rules: dict, path: tuple) -> None:
    """Record check of a rules file: a parameter's new dated value is matched on its related ones."""
    params = rules.get("parameters")
    if not isinstance(params, dict):
        return
    for pid, spec in params.items():
        related = spec.get("related") if isinstance(spec, dict) else None
        if not isinstance(related, list):
            continue
        for region, i, since in paired_values(spec):
            missing = [r for r in related if r in params and since not in _days(params[r], region)]
            if missing:
                where = (
                    *path,
                    "parameters",
                    pid,
                    *(("regions", region) if region else ("values",)),
                    i,
                    "since",
                )
                ctx.problem("related.missing", where, value=pid, expected="、".join(missing), detail=since)


def check_order(ctx, rules: dict, path: tuple) -> None:
    """Record check of a rules file: ``at_most: OTHER`` holds on every day either parameter has a value
    from, in the base list and in every 考区's list (a 考区 without a list of its own uses the base one)."""
    params = rules.get("parameters")
    if not isinstance(params, dict):
        return
    for pid, spec in params.items():
        other = spec.get("at_most") if isinstance(spec, dict) else None
        if not isinstance(other, str) or not isinstance(params.get(other), dict):
            continue  # an unknown id is reported by the reference check
        regions = {None} | set(_region_lists(spec)) | set(_region_lists(params[other]))
        for region in sorted(regions, key=lambda r: r or ""):
            mine, theirs = _list_for(spec, region), _list_for(params[other], region)
            days = sorted({d for d in map(_day, mine + theirs) if d is not None})
            for day in days:
                a, b = in_force_at(mine, day), in_force_at(theirs, day)
                if a is None or b is None:
                    continue
                high, limit = mine[a]["value"], theirs[b]["value"]
                if not (is_number(high) and is_number(limit)) or high <= limit:
                    continue
                own = region if region in _region_lists(spec) else None
                where = (*path, "parameters", pid, *(("regions", own) if own else ("values",)), a, "value")
                ctx.problem(
                    "order.at_most_region" if region else "order.at_most",
                    where,
                    value=show(high),
                    expected=show(limit),
                    key=other,
                    detail=text("order_since", day=day) if day else text("order_since_unknown"),
                    region=region or "",
                )
                break  # one day is enough to show the slip


def _region_lists(spec: dict) -> dict:
    regions = spec.get("regions")
    return {r: v for r, v in regions.items() if isinstance(v, list)} if isinstance(regions, dict) else {}


def _list_for(spec: dict, region) -> list:
    """The list of values a 考区 uses: its own, else the base list."""
    values = _region_lists(spec).get(region) if region else None
    values = values if values is not None else spec.get("values")
    return values if isinstance(values, list) else []


def _day(entry) -> str | None:
    """An entry's ``since`` as in_force_at compares it ("" for a value of unknown date); None without one."""
    since = entry.get("since") if isinstance(entry, dict) else None
    if not isinstance(since, str):
        return None
    return "" if since == UNKNOWN_SINCE else since


def paired_values(spec: dict):
    """(region or None, index, since) of every dated value its related parameters must match on the same day:
    the base list's after its first, and every value of a region's own list."""
    for region, i, since in _dated(spec):
        if i > 0 or region is not None:
            yield region, i, since


def _dated(spec: dict):
    lists = [(None, spec.get("values"))]
    regions = spec.get("regions")
    lists += list(regions.items()) if isinstance(regions, dict) else []
    for region, values in lists:
        for i, entry in enumerate(values if isinstance(values, list) else []):
            since = entry.get("since") if isinstance(entry, dict) else None
            if isinstance(since, str) and since != UNKNOWN_SINCE:
                yield region, i, since


def new_values(spec: dict):
    """(region or None, index, since) of every dated value after a parameter's first one."""
    lists = [(None, spec.get("values"))]
    regions = spec.get("regions")
    lists += list(regions.items()) if isinstance(regions, dict) else []
    for region, values in lists:
        for i, entry in enumerate(values if isinstance(values, list) else []):
            since = entry.get("since") if isinstance(entry, dict) else None
            if i > 0 and isinstance(since, str) and since != UNKNOWN_SINCE:
                yield region, i, since


def _days(spec, region) -> set:
    if not isinstance(spec, dict):
        return set()
    values = spec.get("values") if region is None else (spec.get("regions") or {}).get(region)
    return {e.get("since") for e in values or [] if isinstance(e, dict)}
