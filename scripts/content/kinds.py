"""The schema of each kind of file under content/ (see content/README.md)."""

from __future__ import annotations

from scripts.content import problems
from scripts.content import values as param_values
from scripts.content.problems import show
from scripts.content.register import REGISTER
from scripts.content.schema import (
    DATE_RE,
    AnyValue,
    Bool,
    Confidence,
    Date,
    Enum,
    FormatStr,
    Id,
    Int,
    ListOf,
    MapOf,
    Record,
    Ref,
    SourceRef,
    Spec,
    Str,
    Text,
    Url,
    _real_day,
)

UNKNOWN_SINCE = "unknown"  # a value whose source is undated: applies from the start, shown as 日期不明
UNITS = ("bytes", "px", "ratio", "months", "days", "date", "text", "list", "bool", "number", "percent")
SOURCE_KINDS = ("seed", "official", "repost", "third-party", "weak", "inference")
TOPICS = (
    "account", "photo", "form", "eligibility", "probation", "education",
    "materials", "hubei", "payment", "review", "exam",
)
SYSTEMS = ("national", "hubei", "offline")
LEVELS = ("physician", "assistant")
CATEGORIES = ("clinical", "tcm", "dental", "public-health", "rural-general", "integrated")


# checks that look at a whole record ---------------------------------------
def _cycle_window(ctx, value, path):
    start, end = value.get("cycle_start"), value.get("cycle_end")
    if isinstance(start, str) and isinstance(end, str) and start >= end:
        ctx.problem("dates.window", (*path, "cycle_end"), value=end, expected=start)
    cycle = value.get("cycle")
    if isinstance(cycle, int) and isinstance(end, str) and DATE_RE.match(end) and int(end[:4]) != cycle:
        ctx.problem("cycle.year", (*path, "cycle"), value=cycle, expected=end[:4], detail=end)


def _values_in_order(ctx, values, path):
    if not isinstance(values, list):
        return
    previous = None
    for i, entry in enumerate(values):
        since = entry.get("since") if isinstance(entry, dict) else None
        if not isinstance(since, str) or since == UNKNOWN_SINCE:
            continue
        if previous is not None and since <= previous:
            ctx.problem("dates.order", (*path, i, "since"), value=since, expected=previous)
        previous = since


def _until_after_since(ctx, value, path):
    since, until = value.get("since"), value.get("until")
    if since == UNKNOWN_SINCE:
        return
    if isinstance(since, str) and isinstance(until, str) and until < since:
        ctx.problem("dates.until", (*path, "until"), value=until, expected=since)


def _when_needed(ctx, value, path):
    if value.get("required") is False and not value.get("when"):
        ctx.problem("when.missing", (*path, "required"))


try:  # imported with this module: mkdocs restores sys.path once the site hook is loaded
    from validator.eligibility import conditions as _ENGINE
    from validator.eligibility.pathways import REGISTRY as _PREDICATES
except Exception:  # a validator that does not import: names are not checked (codes.py skips likewise)
    _ENGINE = None
    _PREDICATES = None


def _has_predicate(ctx, value, path):
    """A pathway the engine has no predicate for would be listed on the site and never judged."""
    pid = value.get("id")
    if _PREDICATES is not None and isinstance(pid, str) and pid not in _PREDICATES:
        ctx.problem("pathway.predicate", (*path, "id"), value=pid, expected="、".join(sorted(_PREDICATES)))


class Condition(Spec):
    """A material's ``when.test`` (validator/eligibility/conditions.py): every name must be registered.

    ``{pred: name}``, ``{field: name, is: v}`` / ``{field: name, in: [v…]}``, ``{all|any: [...]}``,
    ``{not: {...}}`` or ``{maybe: why the finder cannot decide}``. Predicates and profile fields
    come from the engine's own registries, so content can only name what the engine evaluates.
    """

    def check(self, ctx, value, path):
        engine = _ENGINE
        if not isinstance(value, dict):
            ctx.problem("type.map", path, value=show(value))
            return
        if engine is None:
            return  # the validator does not import here: its names cannot be checked
        ops = [k for k in value if k in engine.OPERATORS]
        allowed = {"field": {"field", "is", "in"}}.get(ops[0] if len(ops) == 1 else "", set(ops))
        if len(ops) != 1 or set(value) - allowed:
            ctx.problem("when.test", path, value=show(value), expected="、".join(engine.OPERATORS))
            return
        getattr(self, "_" + ops[0])(ctx, value, path, engine)

    def _pred(self, ctx, value, path, engine):
        if value["pred"] not in engine.PREDICATES:
            names = "、".join(engine.PREDICATES)
            ctx.problem("when.predicate", (*path, "pred"), value=show(value["pred"]), expected=names)

    def _field(self, ctx, value, path, engine):
        spec = engine.FIELDS.get(value["field"])
        if spec is None:
            names = "、".join(engine.FIELDS)
            ctx.problem("when.field", (*path, "field"), value=show(value["field"]), expected=names)
            return
        key = "is" if "is" in value else "in"
        wanted = [value[key]] if key == "is" else value.get("in")
        if not isinstance(wanted, list) or not wanted:
            ctx.problem("when.test", (*path, key), value=show(wanted), expected="is、in")
            return
        for i, item in enumerate(wanted):
            where = (*path, key) if key == "is" else (*path, key, i)
            if spec.choices is None:  # regions: resolved against regions.yaml
                ctx.ref("region", item, where)
            elif item not in spec.choices:
                choices = "、".join(map(show, spec.choices))
                ctx.problem("when.value", where, value=show(item), expected=choices)

    def _all(self, ctx, value, path, engine, key="all"):
        items = value[key]
        if not isinstance(items, list) or not items:
            ctx.problem("type.list", (*path, key), value=show(items))
            return
        for i, item in enumerate(items):
            self.check(ctx, item, (*path, key, i))

    def _any(self, ctx, value, path, engine):
        self._all(ctx, value, path, engine, key="any")

    def _not(self, ctx, value, path, engine):
        self.check(ctx, value["not"], (*path, "not"))

    def _maybe(self, ctx, value, path, engine):
        Text().check(ctx, value["maybe"], (*path, "maybe"))


class Since(Date):
    """A value's first day, or ``unknown`` for a value whose source gives no date (first value only)."""

    def check(self, ctx, value, path):
        if value != UNKNOWN_SINCE:
            super().check(ctx, value, path)
        elif len(path) < 2 or path[-2] != 0:
            ctx.problem("since.unknown_not_first", path, value=UNKNOWN_SINCE)


class Values(ListOf):
    """Dated values of a parameter: each with since/source/confidence, in order."""

    def __init__(self):
        super().__init__(
            Record(
                {
                    "since": Since(),
                    "until?": Date(),
                    "value": AnyValue(),
                    "source": SourceRef(),
                    "confidence": Confidence(),
                    "note?": Text(),
                },
                checks=(_until_after_since,),
            ),
            nonempty=True,
        )

    def check(self, ctx, value, path):
        super().check(ctx, value, path)
        _values_in_order(ctx, value, path)


class Nullable(Spec):
    """``true`` (null allowed in every list) or the regions whose list may hold it (``national``: values)."""

    def check(self, ctx, value, path):
        if isinstance(value, list):
            ListOf(Ref("region"), nonempty=True).check(ctx, value, path)
        elif not isinstance(value, bool):
            ctx.problem("type.bool", path, value=show(value))


class Shape(Spec):
    """``scalar``, ``list``, ``mapping`` or a list of them: what a parameter's values look like."""

    def check(self, ctx, value, path):
        items = value if isinstance(value, list) else [value]
        if not items:
            ctx.problem("value.list_empty", path)
        for i, item in enumerate(items):
            if item not in param_values.SHAPES:
                where = (*path, i) if isinstance(value, list) else path
                ctx.problem("value.enum", where, value=show(item), expected="、".join(param_values.SHAPES))


NUMERIC = ("bytes", "px", "months", "days", "number", "percent", "ratio")


def _value_fits_unit(value, unit) -> bool:
    """Plain values must match the unit; null and structured values (mapping, list) are checked by
    scripts/content/values.py (nullable, shape)."""
    if value is None or isinstance(value, dict) or (isinstance(value, list) and unit != "list"):
        return True
    if unit in NUMERIC:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if unit == "date":  # a day, or a symbolic name such as exam_date; a malformed day is an error
        if not isinstance(value, str):
            return False
        return not any(c.isdigit() for c in value) or (bool(DATE_RE.match(value)) and _real_day(value))
    if unit == "list":
        return isinstance(value, list)
    if unit == "bool":
        return isinstance(value, bool)
    return isinstance(value, str)


def _values_fit_unit(ctx, spec, path):
    unit = spec.get("unit")
    if unit not in UNITS:
        return
    lists = [("values", spec.get("values"))]
    regions = spec.get("regions")
    if isinstance(regions, dict):
        lists += [(("regions", r), v) for r, v in regions.items()]
    for where, values in lists:
        if not isinstance(values, list):
            continue
        prefix = (*path, *where) if isinstance(where, tuple) else (*path, where)
        for i, entry in enumerate(values):
            if isinstance(entry, dict) and "value" in entry and not _value_fits_unit(entry["value"], unit):
                ctx.problem("value.unit", (*prefix, i, "value"), value=show(entry["value"]), expected=unit)


def _param_prefix(ctx, value, path):
    family = value.get("family")
    params = value.get("parameters")
    if isinstance(family, str) and family != ctx.scope:
        ctx.problem("id.file_mismatch", (*path, "family"), value=family, expected=ctx.scope)
    if isinstance(params, dict):
        for pid in params:
            if not str(pid).startswith(f"{ctx.scope}."):
                ctx.problem("id.prefix", (*path, "parameters", pid), value=pid, expected=ctx.scope)


def _id_is_file(ctx, value, path):
    ident = value.get("id")
    if isinstance(ident, str) and ident != ctx.scope:
        ctx.problem("id.file_mismatch", (*path, "id"), value=ident, expected=ctx.scope)


# file kinds -----------------------------------------------------------------
SITE = Record(
    {
        "cycle": Int(),
        "cycle_start": Date(),
        "cycle_end": Date(),
        "site_name": Str(),
        "site_description": Str(),
        "disclaimer?": Text(),
        "texts": MapOf(FormatStr()),
    },
    checks=(_cycle_window,),
)

SOURCES = Record(
    {
        "sources": ListOf(
            Record(
                {
                    "id": Id("source", dotted=True),
                    "title": Str(),
                    "short": Str(),
                    "date?": Str(),
                    "url?": Url(),
                    "file?": Str(),
                    "also?": ListOf(Url()),
                    "note?": Str(),
                    "kind": Enum(*SOURCE_KINDS),
                }
            ),
            nonempty=True,
        )
    }
)

REGIONS = REGISTER  # the 考区 register: scripts/content/register.py

PARAMETER = Record(
    {
        "label": Str(),
        "unit": Enum(*UNITS),
        "description?": Text(),
        "technical?": Bool(),
        "shape?": Shape(),
        "nullable?": Nullable(),
        "related?": ListOf(Ref("param"), nonempty=True),
        # never above this other parameter on any day (a warning line below its limit): values.check_order
        "at_most?": Ref("param"),
        # an event of each exam year (the exam's day, a deadline): the year's value must lie in the cycle
        # (scripts/content/cycles.py), so a new cycle cannot keep last year's day unnoticed
        "yearly?": Bool(),
        "values": Values(),
        "regions?": MapOf(Values(), key=Ref("rulekey")),  # a 考区 id or a rule profile id
    },
    checks=(_values_fit_unit, param_values.check_values),
)

# ``claim``: an id for the same claim wherever it is stated (an advice line, a FAQ answer): one claim, one
# confidence everywhere (scripts/content/claims.py)
SOURCED_TEXT = Record({"text": Text(), "source": SourceRef(), "confidence": Confidence(), "claim?": Str()})

# Where an official rule has no measurable line (白底), the site draws two: ``fail`` beyond any reasonable
# reading of the rule (it may fail citing the rule), and ``warn``, the band near its own boundary (warns,
# saying it is the site's reading). Each with its reasoning (content/README.md, “判定线”).
LINE = Record(
    {
        "rule": Text(),
        "source": SourceRef(),
        "confidence": Confidence(),
        "fail": Ref("param"),
        "fail_reasoning": Text(),
        "warn": Ref("param"),
        "warn_reasoning": Text(),
    }
)

RULES = Record(
    {
        "family": Str(),
        "title": Str(),
        "description?": Text(),
        "requirements_order?": Int(),  # place on the candidates' /requirements/ page; absent: /admin/ only
        "advice?": ListOf(SOURCED_TEXT, nonempty=True),
        # the family's official rules in words: required once any of its findings can fail
        "official?": ListOf(SOURCED_TEXT, nonempty=True),
        "lines?": MapOf(LINE, key=Id("line")),
        "parameters": MapOf(PARAMETER, key=Id("param", dotted=True)),
    },
    checks=(_param_prefix, param_values.check_related, param_values.check_order),
)

# the advice fits the key: a title or a message says what was found; a fix's page sentence goes in fix_page
PAGE_WORDS_CODES = {
    "title": "message.page_words_title",
    "message": "message.page_words_message",
    "fix": "message.page_words",
}
STOP = "。"  # a fix that a fix_page follows ends with it: the page shows the two as one paragraph


def _page_words(ctx, value, path):
    """The texts the command line prints too (title, message, fix) must not point at the web page's
    controls (a button, 结果上方, 刷新页面…: the words are listed in templates/content_check.yaml,
    ``page_words``); such a sentence goes in ``fix_page``, which only the page shows (the advice fits the
    key: a title or message says what was found, a fix's page sentence moves to fix_page). A ``fix_page``
    needs a ``fix``: the command line would otherwise have no advice at all; and the page shows it right
    after the fix, so the fix ends with 。 (content/README.md, “只在网页上显示的一句”)."""
    fix = value.get("fix")
    if "fix_page" in value and not fix:
        ctx.problem("message.fix_page_alone", (*path, "fix_page"))
    elif "fix_page" in value and isinstance(fix, str) and not fix.rstrip().endswith(STOP):
        ctx.problem("message.fix_stop", (*path, "fix"), value=fix.rstrip()[-1:])
    words = [w for w in problems.catalog().get("page_words", []) if isinstance(w, str) and w]
    for key, code in PAGE_WORDS_CODES.items():
        text = value.get(key)
        found = [w for w in words if isinstance(text, str) and w in text]
        if found:
            ctx.problem(code, (*path, key), key=key, value=found[0])


MESSAGE = Record(
    {
        "title?": Str(),
        "message": FormatStr(),
        "fix?": FormatStr(),
        # a sentence only the web page shows, after fix: its buttons and boxes (the command line has none)
        "fix_page?": FormatStr(),
        "source?": SourceRef(),
        "confidence?": Confidence(),
    },
    checks=(_page_words,),
)

FIRM_GROUPS = ("unreadable", "invalid", "stated")

MESSAGES = Record(
    {
        "family?": Str(),
        "messages?": MapOf(MESSAGE, key=Id("message", dotted=True)),
        "formats?": MapOf(FormatStr(), key=Id("format", dotted=True)),
        # units a number is written with: on pages the number and its unit stay on one line (sitegen/units.py)
        "units?": ListOf(Str(), nonempty=True),
        # finding codes that may fail without a threshold parameter (see content/README.md)
        "firm?": Record({f"{g}?": ListOf(Ref("message"), nonempty=True) for g in FIRM_GROUPS}),
    }
)

STEP = Record(
    {
        "id": Id("anchor", scoped=True),
        "title": Str(),
        "body": Text(),
        "tips?": ListOf(Text()),
        "warnings?": ListOf(Text()),
        "see?": ListOf(Ref("anchor")),
        "faq?": ListOf(Ref("faq")),
        "params?": ListOf(Ref("param")),
        "source": SourceRef(),
        "confidence": Confidence(),
    }
)

SECTION = Record(
    {
        "id": Id("anchor", scoped=True),
        "title": Str(),
        "intro?": Text(),
        "source?": SourceRef(),
        "confidence?": Confidence(),
        "steps": ListOf(STEP, nonempty=True),
    }
)

GUIDE = Record(
    {
        "id": Id("guide"),
        "title": Str(),
        "summary": Text(),
        "source": SourceRef(),
        "confidence?": Confidence(),
        "sections": ListOf(SECTION, nonempty=True),
    },
    checks=(_id_is_file,),
)

FAQ = Record(
    {
        "entries": ListOf(
            Record(
                {
                    "id": Id("faq"),
                    "topic": Enum(*TOPICS),
                    "question": Str(),
                    "answer": Text(),
                    "pathways": ListOf(Ref("pathway", allow=("all",)), nonempty=True),
                    "related?": ListOf(Ref("faq")),
                    "see?": ListOf(Ref("anchor")),
                    "source": SourceRef(),
                    "confidence": Confidence(),
                    # the claims this answer states, each with the confidence the answer gives it
                    "claims?": MapOf(Confidence(), key=Str()),
                }
            ),
            nonempty=True,
        )
    }
)

PATHWAY = Record(
    {
        "id": Id("pathway"),
        "title": Str(),
        "level": Enum(*LEVELS),
        "categories": ListOf(Enum(*CATEGORIES), nonempty=True),
        "order": Int(),
        "recommend?": Record({"specificity": Int(), "because": Text()}),
        "summary": Text(),
        "who": Text(),
        "conditions": ListOf(SOURCED_TEXT, nonempty=True),
        "materials": ListOf(
            Record(
                {
                    "material": Ref("material"),
                    "note?": Text(),
                    "required?": Bool(),
                    "when?": Record({"text": Text(), "test": Condition()}),
                },
                checks=(_when_needed,),
            ),
            nonempty=True,
        ),
        "steps": ListOf(
            Record(
                {
                    "text": Text(),
                    "system": Enum(*SYSTEMS),
                    "ref?": Ref("anchor"),
                    "source?": SourceRef(),
                    "confidence?": Confidence(),
                }
            ),
            nonempty=True,
        ),
        "mistakes": ListOf(SOURCED_TEXT),
        "related_faq?": ListOf(Ref("faq")),
        "sources": SourceRef(),
    },
    checks=(_id_is_file, _has_predicate),
)

MATERIALS = Record(
    {
        "materials": ListOf(
            Record(
                {
                    "id": Id("material"),
                    "name": Str(),
                    "what": Text(),
                    "sides": ListOf(Enum("A", "B")),
                    # each side in the card's own words (身份证: 人像面 / 国徽面), wherever a side is named
                    "side_names?": MapOf(Str(), key=Enum("A", "B")),
                    "side_note?": Text(),
                    "scan": Bool(),
                    "format": Text(),
                    "where": Text(),
                    "system_step": Ref("anchor"),
                    "params?": ListOf(Ref("param")),
                    # typed in instead of uploaded where an upload system takes a code (Hubei's 省网 takes
                    # the 备案表's 在线验证码, SEED0): the tools show a code field checked by format there
                    "code?": Record(
                        {
                            "kind": Enum("chsi_code"),  # a field kind of validator/fields
                            "typed_in": ListOf(Ref("profile"), nonempty=True),
                            "label": Str(),
                            "text": Text(),
                            "where": Text(),  # where the candidate finds the code, with a link
                            "placeholder": Str(),  # an example-shaped hint in the field
                            "reading": Text(),  # how sure the format check is, in the candidate's words
                            "source": SourceRef(),
                            "confidence": Confidence(),
                        }
                    ),
                    "source": SourceRef(),
                    "confidence": Confidence(),
                }
            ),
            nonempty=True,
        )
    }
)

TIMELINE = Record(
    {
        "cycle": Int(),
        "intro?": Text(),
        "events": ListOf(
            Record(
                {
                    "id": Id("event"),
                    "title": Str(),
                    "typical": Text(),
                    "detail?": Text(),
                    "examples?": ListOf(
                        Record(
                            {
                                "year": Int(),
                                "dates": Str(),
                                "note?": Text(),
                                "source": SourceRef(),
                                "confidence": Confidence(),
                            }
                        )
                    ),
                    "see?": ListOf(Ref("anchor")),
                    "source": SourceRef(),
                    "confidence": Confidence(),
                }
            ),
            nonempty=True,
        ),
    }
)

CHANGES = Record(
    {
        "entries": ListOf(
            Record(
                {
                    "date": Date(),
                    "cycle": Int(),
                    "summary": Text(),
                    "detail?": Text(),
                    "params?": ListOf(Ref("param")),
                    "source": SourceRef(),
                }
            )
        )
    }
)

# content/tools.yaml: the site's tools (name, page, anchor) and the official tools its texts name, each
# linked to the guide's section that says where to get it (scripts/sitegen/named.py, tools/dom.js named)
NAMED_MIN_CHARS = 4  # a shorter form ("工具") is part of too many other words: they would all become links


def _named_forms(ctx, value, path):
    """Each form of an official tool's name: long enough to name only it, and not overlapping a name of the
    site's own tools (those would be linked to the official one)."""
    tools = value.get("tools") if isinstance(value.get("tools"), dict) else {}
    own = {str(t.get("name")) for t in tools.values() if isinstance(t, dict) and t.get("name")}
    named = value.get("named") if isinstance(value.get("named"), dict) else {}
    for key, spec in named.items():
        names = spec.get("names") if isinstance(spec, dict) else None
        for i, form in enumerate(names if isinstance(names, list) else []):
            if not isinstance(form, str):
                continue
            where = (*path, "named", key, "names", i)
            if len(form.strip()) < NAMED_MIN_CHARS or form.strip().isascii():
                ctx.problem("named.short", where, value=form, expected=NAMED_MIN_CHARS)
            if "|" in form:  # the pages carry the forms joined by it (overrides/main.html #yk-named)
                ctx.problem("named.bar", where, value=form)
            for name in own:
                if form and (form in name or name in form):
                    ctx.problem("named.own", where, value=form, expected=name)


TOOLS = Record(
    {
        "tools": MapOf(Record({"name": Str(), "page": Str(), "anchor?": Str()})),
        "named?": MapOf(Record({"names": ListOf(Str(), nonempty=True), "see": Ref("anchor")})),
    },
    checks=(_named_forms,),
)

# id -> Chinese label for ids shown inside structured rule values (labels.yaml, optional)
LABELS = Record({"labels": MapOf(Str())})


# --- content/finder.yaml: the pathway finder's screens (docs/assets/js/tools/finder-logic.js reads them) ---
FINDER_FIELD_TYPES = ("choice", "select", "month", "day", "region")
FINDER_TESTS = ("key", "is", "in", "all", "any", "not")


class FinderCondition(Spec):
    """A finder condition: ``{key: k, is: v}``, ``{key: k, in: [v…]}``, ``{all|any: [...]}`` or
    ``{not: {...}}`` (the language of finder-logic.js's ``holds`` and validator.eligibility.answers.holds)."""

    def check(self, ctx, value, path):
        if not isinstance(value, dict):
            ctx.problem("type.map", path, value=show(value))
            return
        ops = [k for k in ("all", "any", "not") if k in value]
        leaf = "key" in value and len([k for k in ("is", "in") if k in value]) == 1
        if ops == ["not"] and len(value) == 1:
            self.check(ctx, value["not"], (*path, "not"))
        elif len(ops) == 1 and len(value) == 1 and isinstance(value[ops[0]], list) and value[ops[0]]:
            for i, item in enumerate(value[ops[0]]):
                self.check(ctx, item, (*path, ops[0], i))
        elif not (leaf and len(value) == 2 and (("is" in value) or isinstance(value.get("in"), list))):
            written = "、".join(show(k) for k in value)
            ctx.problem("finder.condition", path, value=written, expected="、".join(FINDER_TESTS))


def _finder_leaves(cond):
    if not isinstance(cond, dict):
        return
    for op in ("all", "any"):
        for c in cond.get(op) if isinstance(cond.get(op), list) else []:
            yield from _finder_leaves(c)
    yield from _finder_leaves(cond.get("not"))
    if "key" in cond:
        yield cond["key"]


def _finder_conditions(data):
    """(path, condition) of every ``when`` in the finder."""
    for i, screen in enumerate(data.get("screens") or []):
        if not isinstance(screen, dict):
            continue
        yield ("screens", i, "when"), screen.get("when")
        for j, variant in enumerate(screen.get("variants") or []):
            yield ("screens", i, "variants", j, "when"), (variant or {}).get("when")
        for j, field in enumerate(screen.get("fields") or []):
            if not isinstance(field, dict):
                continue
            yield ("screens", i, "fields", j, "when"), field.get("when")
            for k, variant in enumerate(field.get("variants") or []):
                yield ("screens", i, "fields", j, "variants", k, "when"), (variant or {}).get("when")


def _finder_screens(data):
    return [(i, s) for i, s in enumerate(data.get("screens") or []) if isinstance(s, dict)]


def _finder_named(data):
    """(path, key) of every answer key the finder's conditions, ``order``, ``options_from`` and
    ``default_from`` name."""
    for where, cond in _finder_conditions(data):
        for key in _finder_leaves(cond):
            yield where, key
    for i, screen in _finder_screens(data):
        for j, field in enumerate(f for f in screen.get("fields") or [] if isinstance(f, dict)):
            source = field.get("options_from")
            if isinstance(source, dict):
                yield ("screens", i, "fields", j, "options_from"), source.get("key")
            if "default_from" in field:
                yield ("screens", i, "fields", j, "default_from"), field["default_from"]


def _finder_refs(ctx, data, path):
    """Unique screen ids; conditions, ``order``, ``options_from`` and ``default_from`` name fields the
    finder asks, ``order`` month fields (a typo there would silently hide a screen or empty a list)."""
    fields, screens = {}, set()
    for i, screen in _finder_screens(data):
        if screen.get("id") in screens:
            ctx.problem("id.duplicate", ("screens", i, "id"), value=screen.get("id"), expected="screens")
        screens.add(screen.get("id"))
        for field in screen.get("fields") or []:  # a key may be asked on two screens shown in turn
            if isinstance(field, dict) and isinstance(field.get("key"), str):
                fields[field["key"]] = field
    known = "、".join(fields)
    for where, key in _finder_named(data):
        if key not in fields:
            ctx.problem("finder.key", where, value=show(key), expected=known)
    for i, screen in _finder_screens(data):
        for j, pair in enumerate(screen.get("order") or []):
            for key in pair if isinstance(pair, list) else [pair]:
                if fields.get(key, {}).get("type") != "month":
                    ctx.problem("finder.key", ("screens", i, "order", j), value=show(key), expected=known)


FINDER_OPTION = Record({"value": Str(), "label": Str(), "education?": Str()})
FINDER_VARIANT = Record({"when": FinderCondition(), "title?": Str(), "help?": Str(), "label?": Str()})
FINDER = Record(
    {
        "texts": MapOf(Str()),
        "finding_links?": MapOf(Record({"tool": Str(), "query?": MapOf(Str())})),
        "material_tools?": MapOf(Str()),
        "screens": ListOf(
            Record(
                {
                    "id": Str(),
                    "title": Str(),
                    "help?": Str(),
                    "when?": FinderCondition(),
                    "variants?": ListOf(FINDER_VARIANT, nonempty=True),
                    "order?": ListOf(ListOf(Str(), nonempty=True), nonempty=True),
                    "fields": ListOf(
                        Record(
                            {
                                "key": Str(),
                                "type": Enum(*FINDER_FIELD_TYPES),
                                "label?": Str(),
                                "placeholder?": Str(),
                                "when?": FinderCondition(),
                                "variants?": ListOf(FINDER_VARIANT, nonempty=True),
                                "options?": ListOf(FINDER_OPTION, nonempty=True),
                                "options_from?": AnyValue(),
                                "default?": Str(),
                                "default_from?": Str(),
                                "pending?": Record({"value": Str(), "label": Str()}),
                            }
                        ),
                        nonempty=True,
                    ),
                }
            ),
            nonempty=True,
        ),
    },
    checks=(_finder_refs,),
)
