"""Probation calculator (op ``probation``): windows per region, overlaps, boundaries, leap years, bad rows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from validator import probation
from validator.api import run

AS_OF = "2026-12-15"
SEEN: set[str] = set()


def calc(rules, periods, region="national", **extra):
    request = {"periods": periods, "region": region, "as_of": AS_OF, **extra}
    report = run("probation", request, rules=rules)
    SEEN.update(f["code"] for f in report["findings"])
    return report


def p(start, end, unit="医院"):
    return {"unit": unit, "start": start, "end": end}


def codes(report):
    return {f["code"] for f in report["findings"]}


def days(a, b):
    return (date.fromisoformat(b) - date.fromisoformat(a)).days + 1


# windows --------------------------------------------------------------------
def test_national_window_ends_31_august_and_has_no_start(rules):
    report = calc(rules, [p("2010-01-01", "2030-12-31")])
    facts = report["facts"]
    assert facts["window_start"] is None and facts["window_end"] == "2027-08-31"
    assert facts["days_counted"] == days("2010-01-01", "2027-08-31")
    assert "probation.exam_date.unconfirmed" not in codes(report)


def test_hubei_window_runs_from_1_january_of_the_previous_year_to_the_exam(rules):
    report = calc(rules, [p("2010-01-01", "2030-12-31")], region="hubei")
    facts = report["facts"]
    assert facts["window_start"] == "2026-01-01"
    assert (
        facts["window_end"]
        == facts["exam_date"]
        == rules.param("probation.exam_date", "hubei", date(2026, 12, 15)).value
    )
    assert facts["days_counted"] == days("2026-01-01", facts["window_end"])
    assert {"probation.exam_date.unconfirmed", "probation.period.clipped"} <= codes(report)


def test_exam_date_override_moves_the_hubei_window(rules):
    report = calc(rules, [p("2025-06-01", "2027-12-31")], region="hubei", exam_date="2027-08-21")
    facts = report["facts"]
    assert (facts["window_start"], facts["window_end"]) == ("2026-01-01", "2027-08-21")
    assert "probation.exam_date.unconfirmed" not in codes(report)
    bad = calc(rules, [p("2025-06-01", "2027-12-31")], region="hubei", exam_date="2027-02-30")
    assert {"probation.exam_date.bad", "probation.exam_date.unconfirmed"} <= codes(bad)
    assert bad["verdict"] == "fail"
    absurd = calc(rules, [p("2025-06-01", "2027-12-31")], region="hubei", exam_date="0001-01-01")
    assert "probation.exam_date.bad" in codes(absurd)


def test_as_of_in_an_old_year_keeps_the_cycle_as_exam_year(rules):
    report = run(
        "probation",
        {"periods": [p("2026-01-01", "2026-12-31")], "region": "hubei", "as_of": "2024-03-01"},
        rules=rules,
    )
    assert report["facts"]["exam_year"] == rules.cycle
    assert "probation.exam_date.unconfirmed" in codes(report)


# boundaries -------------------------------------------------------------------
def test_exactly_one_year_is_enough_but_borderline(rules):
    report = calc(rules, [p("2025-09-01", "2026-08-31")])
    facts = report["facts"]
    assert facts["days_counted"] == 365 and facts["enough"] and facts["short_days"] == 0
    assert (facts["months"], facts["days"]) == (12, 0)
    assert report["verdict"] == "warn" and "probation.total.borderline" in codes(report)


def test_one_day_short(rules):
    report = calc(rules, [p("2025-09-02", "2026-08-31")])
    facts = report["facts"]
    assert facts["days_counted"] == 364 and not facts["enough"] and facts["short_days"] == 1
    assert report["verdict"] == "fail"
    finding = next(f for f in report["findings"] if f["code"] == "probation.total.short")
    assert "1" in finding["message"] and finding["source"]["param"] == "probation.required_days"


def test_durations_are_honest_months_and_days(rules):
    """Full calendar months and the days left over, a zero part not written: a year less one day is
    "11 个月 30 天", never "12 个月" or "12 个月零 0 天" (days are never carried into a month)."""
    cases = [  # (periods, days counted, months, days, text) worked out by hand on a calendar
        ([p("2025-09-02", "2026-08-31")], 364, 11, 30, "11 个月 30 天"),
        ([p("2025-08-15", "2026-08-13")], 364, 11, 30, "11 个月 30 天"),
        ([p("2025-09-03", "2026-08-31")], 363, 11, 29, "11 个月 29 天"),
        ([p("2025-09-01", "2026-08-31")], 365, 12, 0, "12 个月"),
        ([p("2026-05-05", "2026-05-09")], 5, 0, 5, "5 天"),
        ([p("2026-01-01", "2026-01-20"), p("2026-03-01", "2026-03-15")], 35, 0, 35, "35 天"),
    ]
    for periods, counted, months, rest, text in cases:
        facts = calc(rules, periods)["facts"]
        assert (facts["days_counted"], facts["months"], facts["days"], facts["duration"]) == (
            counted,
            months,
            rest,
            text,
        ), periods
    short = calc(rules, [p("2025-09-02", "2026-08-31")])
    message = next(f["message"] for f in short["findings"] if f["code"] == "probation.total.short")
    assert "364 天（11 个月 30 天）" in message and "零" not in message


def test_comfortably_enough(rules):
    report = calc(rules, [p("2025-07-01", "2026-08-31")])
    assert report["verdict"] == "pass" and "probation.total.ok" in codes(report)
    assert (report["facts"]["months"], report["facts"]["days"]) == (14, 0)


def test_window_end_day_is_counted_and_the_next_is_not(rules):
    end = calc(rules, [p("2027-08-31", "2027-08-31")])
    assert end["facts"]["days_counted"] == 1
    after = calc(rules, [p("2027-09-01", "2027-09-30")])
    assert after["facts"]["days_counted"] == 0 and "probation.period.outside_window" in codes(after)


def test_hubei_window_start_day_is_counted_and_the_day_before_is_not(rules):
    first = calc(rules, [p("2026-01-01", "2026-01-01")], region="hubei")
    assert first["facts"]["days_counted"] == 1 and "probation.period.clipped" not in codes(first)
    before = calc(rules, [p("2025-12-31", "2026-01-01")], region="hubei")
    assert before["facts"]["days_counted"] == 1 and "probation.period.clipped" in codes(before)
    outside = calc(rules, [p("2025-01-01", "2025-12-31")], region="hubei")
    assert outside["facts"]["days_counted"] == 0 and "probation.period.outside_window" in codes(outside)


def test_same_day_start_and_end_counts_one_day(rules):
    assert calc(rules, [p("2026-05-05", "2026-05-05")])["facts"]["days_counted"] == 1


# leap years ---------------------------------------------------------------------
def test_leap_day_is_a_day(rules):
    leap = calc(rules, [p("2024-02-01", "2024-03-01")])
    plain = calc(rules, [p("2025-02-01", "2025-03-01")])
    assert leap["facts"]["days_counted"] == 30 and plain["facts"]["days_counted"] == 29
    assert (leap["facts"]["months"], leap["facts"]["days"]) == (1, 1)


def test_a_calendar_year_across_29_february_has_366_days(rules):
    report = calc(rules, [p("2023-09-01", "2024-08-31")])
    assert report["facts"]["days_counted"] == 366 and (
        report["facts"]["months"],
        report["facts"]["days"],
    ) == (12, 0)


def test_hubei_window_in_a_leap_exam_year(rules):
    # exam 2028 (leap year window 2027-01-01..): the override sets the exam year
    report = calc(rules, [p("2027-01-01", "2028-08-20")], region="hubei", exam_date="2028-08-19")
    assert report["facts"]["window_start"] == "2027-01-01"
    assert report["facts"]["days_counted"] == days("2027-01-01", "2028-08-19")


# overlaps -----------------------------------------------------------------------
def test_overlaps_are_counted_once(rules):
    periods = [
        p("2025-07-01", "2026-03-31", "甲"),
        p("2026-01-01", "2026-08-31", "乙"),
        p("2026-08-15", "2026-12-10", "丙"),
    ]
    report = calc(rules, periods)
    assert report["facts"]["days_counted"] == days("2025-07-01", "2026-12-10")
    overlaps = [f for f in report["findings"] if f["code"] == "probation.period.overlap"]
    assert [f["measured"] for f in overlaps] == ["90", "17"]
    separate = sum(calc(rules, [x])["facts"]["days_counted"] for x in periods)
    assert report["facts"]["days_counted"] < separate


def test_contained_and_duplicate_periods(rules):
    report = calc(
        rules, [p("2025-01-01", "2025-12-31"), p("2025-03-01", "2025-03-31"), p("2025-01-01", "2025-12-31")]
    )
    assert report["facts"]["days_counted"] == 365
    assert report["facts"]["stretches"] == [["2025-01-01", "2025-12-31"]]


def test_touching_periods_join_and_gaps_do_not_count(rules):
    joined = calc(rules, [p("2025-01-01", "2025-06-30"), p("2025-07-01", "2025-12-31")])
    assert (
        joined["facts"]["stretches"] == [["2025-01-01", "2025-12-31"]]
        and joined["facts"]["days_counted"] == 365
    )
    gap = calc(rules, [p("2025-01-01", "2025-06-29"), p("2025-07-01", "2025-12-31")])
    assert len(gap["facts"]["stretches"]) == 2 and gap["facts"]["days_counted"] == 364
    assert gap["facts"]["short_days"] == 1


def test_future_periods_count_as_planned(rules):
    report = calc(rules, [p("2026-07-01", "2027-08-31")])
    assert report["facts"]["enough"] and "probation.period.future" in codes(report)


# bad input ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("periods", "code"),
    [
        ([], "probation.periods.empty"),
        (None, "probation.periods.empty"),
        ("2025-01-01", "probation.periods.not_list"),
        ([5], "probation.period.bad_row"),
        ([p("2026-08-31", "2026-01-01")], "probation.period.end_before_start"),
        ([p("2026-02-30", "2026-03-01")], "probation.period.bad_date"),
        ([p("2026/13/01", "2026-03-01")], "probation.period.bad_date"),  # 2026/01/01 is read (issue 23)
        ([{"unit": "甲"}], "probation.period.bad_date"),
        ([{"unit": "甲", "start": 20260101, "end": None}], "probation.period.bad_date"),
    ],
)
def test_bad_periods_give_findings(rules, periods, code):
    report = calc(rules, periods)
    assert report["verdict"] == "fail" and code in codes(report)
    assert report["facts"]["days_counted"] == 0 and report["facts"]["enough"] is False
    assert all(f["message"] and "{" not in f["message"] for f in report["findings"])


def test_a_bad_row_does_not_spoil_the_good_ones(rules):
    report = calc(rules, [p("2025-07-01", "2026-08-31"), p("2026-13-01", "2026-12-01")])
    assert report["facts"]["days_counted"] == days("2025-07-01", "2026-08-31")
    assert report["verdict"] == "fail" and "probation.period.bad_date" in codes(report)


def test_reference_sum_matches_a_day_by_day_count(rules):
    periods = [p("2025-11-20", "2026-02-10"), p("2026-02-01", "2026-05-31"), p("2026-09-09", "2026-09-30")]
    seen, day = set(), timedelta(days=1)
    for x in periods:
        d = date.fromisoformat(x["start"])
        while d <= date.fromisoformat(x["end"]):
            seen.add(d)
            d += day
    assert calc(rules, periods)["facts"]["days_counted"] == len(seen)
    assert calc(rules, periods, region="hubei")["facts"]["days_counted"] == len(
        [d for d in seen if d >= date(2026, 1, 1)]
    )


# per-period accounting and the inferred window end (issue 11 item 5) ----------------
# Expected day counts are written out by hand from the calendar.
def rows(report):
    keys = ("counted_days", "before_days", "after_days", "overlap_days")
    return [tuple(r[k] for k in keys) for r in report["facts"]["periods"]]


def test_hubei_period_before_the_window_is_named_and_the_shortfall_does_not_depend_on_the_exam(rules):
    # a 2025 graduate who did July 2025 – June 2026: Hubei counts from 2026-01-01 only
    periods = [p("2025-07-01", "2026-06-30", "甲医院")]
    hubei = calc(rules, periods, region="hubei")
    facts = hubei["facts"]
    assert rows(hubei) == [(181, 184, 0, 0)]  # Jan–Jun 2026 = 31+28+31+30+31+30; Jul–Dec 2025 = 184
    assert (facts["days_counted"], facts["short_days"], facts["enough_from"]) == (181, 184, None)
    assert facts["window_end_inferred"] is True
    # no later exam date can help (the periods end in June 2026): a failure resting on the year itself
    short = next(f for f in hubei["findings"] if f["code"] == "probation.total.short")
    assert short["severity"] == "fail" and short["source"]["param"] == "probation.required_days"
    clipped = next(f for f in hubei["findings"] if f["code"] == "probation.period.clipped")
    assert "184 天" in clipped["message"] and "结束以后" not in clipped["message"]
    national = calc(rules, periods)
    assert rows(national) == [(365, 0, 0, 0)] and national["facts"]["enough"]
    assert national["facts"]["window_end_inferred"] is False


def test_hubei_shortfall_that_a_later_exam_date_cures_is_a_warning_with_the_date(rules):
    periods = [p("2026-08-16", "2027-08-31", "甲医院")]
    report = calc(rules, periods, region="hubei")
    facts = report["facts"]
    assert facts["window_end"] == "2027-08-14" and facts["window_end_inferred"] is True
    assert rows(report) == [(364, 0, 17, 0)]  # 16+30+31+30+31+31+28+31+30+31+30+31+14; Aug 15–31 after
    assert (facts["short_days"], facts["enough_from"]) == (1, "2027-08-15")
    assert report["verdict"] == "warn" and "probation.total.short" not in codes(report)
    finding = next(f for f in report["findings"] if f["code"] == "probation.total.short_if_exam")
    assert finding["severity"] == "warn" and "2027-08-15" in finding["message"]
    assert finding["source"]["param"] == "probation.exam_date"
    # with the announced date the window end is no longer inferred and the year is complete
    announced = calc(rules, periods, region="hubei", exam_date="2027-08-15")
    assert announced["facts"]["window_end_inferred"] is False and announced["facts"]["enough"]
    assert announced["facts"]["days_counted"] == 365
    assert "probation.total.short_if_exam" not in codes(announced)


def test_hubei_enough_says_from_which_exam_date(rules):
    report = calc(rules, [p("2026-01-01", "2027-08-31")], region="hubei")
    facts = report["facts"]
    assert facts["enough"] and facts["days_counted"] == 365 + 226  # 2026, then 2027-01-01..08-14
    assert facts["enough_from"] == "2026-12-31"
    note = next(f for f in report["findings"] if f["code"] == "probation.total.ok_if_exam")
    assert note["severity"] == "info" and "2026-12-31" in note["message"]


def test_overlap_is_counted_once_on_the_row_listed_first(rules):
    periods = [
        p("2025-07-01", "2026-03-31", "甲"),
        p("2026-01-01", "2026-08-31", "乙"),
        p("2026-08-15", "2026-12-10", "丙"),
    ]
    report = calc(rules, periods)
    # 甲 Jul 2025–Mar 2026 = 274; 乙 Jan–Aug 2026 = 243, of which Jan–Mar (90) already counted;
    # 丙 Aug 15–Dec 10 = 118, of which Aug 15–31 (17) already counted
    assert rows(report) == [(274, 0, 0, 0), (153, 0, 0, 90), (101, 0, 0, 17)]
    assert sum(r[0] for r in rows(report)) == report["facts"]["days_counted"] == 528


def test_a_period_wholly_outside_counts_nothing(rules):
    report = calc(rules, [p("2025-01-01", "2025-06-30")], region="hubei")
    assert rows(report) == [(0, 181, 0, 0)]


def test_still_on_probation_counts_to_the_window_end(rules):
    # a Hubei fresh graduate who started on 2025-08-01 and is still there. Hubei counts from 2026-01-01 to
    # the written exam (2027): typing today's date as the end gives 2026-01-01..2026-11-30 = 334 days, short;
    # "still on probation" counts to the window's last day, which is more than a year
    today = calc(rules, [p("2025-08-01", "2026-11-30")], region="hubei")
    assert today["facts"]["days_counted"] == 334
    ongoing = calc(rules, [p("2025-08-01", "ongoing")], region="hubei")
    assert "probation.period.ongoing" in codes(ongoing)
    assert "probation.period.future" not in codes(ongoing)
    assert "probation.total.short" not in codes(ongoing)
    row = ongoing["facts"]["periods"][0]
    assert row["ongoing"] is True and row["end"] == ongoing["facts"]["window_end"]
    assert ongoing["facts"]["days_counted"] == days("2026-01-01", ongoing["facts"]["window_end"])


def test_a_period_still_running_says_when_the_year_completes(rules):
    # national window to 2027-08-31; still on probation since 2026-06-01, checked on 2026-12-15:
    # 365 days (2014 规定) are reached on 2027-05-31 if the candidate stays, not yet today (issue 23)
    running = calc(rules, [p("2026-06-01", "ongoing")])
    assert running["facts"]["complete_on"] == "2027-05-31"
    assert "probation.total.ok_if_continuing" in codes(running)
    assert "probation.total.ok" not in codes(running)
    ok = next(f for f in running["findings"] if f["code"] == "probation.total.ok_if_continuing")
    assert "到 2027-05-31 将满一年" in ok["message"]
    # a year already complete on the as-of date, still running: 已满
    done = calc(rules, [p("2025-06-01", "ongoing")])
    assert done["facts"]["complete_on"] is None and "probation.total.ok" in codes(done)
    # the same span with a real end in the past: no "if you stay"
    ended = calc(rules, [p("2025-06-01", "2026-06-30")])
    assert ended["facts"]["complete_on"] is None and "probation.total.ok" in codes(ended)


def test_every_code_has_a_message_and_was_exercised(rules):
    for code in probation.CODES:
        assert code in rules.messages, code
    assert not set(probation.CODES) - SEEN, sorted(set(probation.CODES) - SEEN)
