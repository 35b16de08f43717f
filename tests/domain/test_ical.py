"""iCalendar text (domain/ical.py): CRLF, TEXT escaping, folding at 75 octets without splitting a
UTF-8 character, and the slot times of the visit calendar."""
from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from salesterm.domain import ical
from salesterm.domain.cadence import PlanDay, PlanVisit, WeekPlan
from salesterm.domain.visit_calendar import plan_events, slot_times


def test_escape_text():
    assert ical.escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"
    assert ical.escape_text("x\x1by") == "x y"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
               max_size=400))
def test_fold_keeps_lines_short_and_unfolds_back(text):
    line = "DESCRIPTION:" + text
    folded = ical.fold(line)
    physical = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    assert folded.replace("\r\n ", "") == line


def test_calendar_lines_end_in_crlf_and_hold_the_fields():
    start = dt.datetime(2026, 12, 7, 9, 0)
    text = ical.calendar([ical.Event("u1@x", start, start + dt.timedelta(hours=1), "华联超市, 一店",
                                     "收款;回访", "杭州")],
                         stamp_utc=dt.datetime(2026, 11, 29, 2, 0))
    assert text.endswith("END:VCALENDAR\r\n") and "\n" not in text.replace("\r\n", "")
    for want in ("BEGIN:VEVENT", "UID:u1@x", "DTSTAMP:20261129T020000Z", "DTSTART:20261207T090000",
                 "DTEND:20261207T100000", "SUMMARY:华联超市\\, 一店", "DESCRIPTION:收款\\;回访",
                 "LOCATION:杭州", "STATUS:CONFIRMED"):
        assert want + "\r\n" in text


def test_slot_hours_are_shared_out_in_order():
    day = dt.date(2026, 12, 7)
    assert slot_times(day, "am", 0, 3) == (dt.datetime(2026, 12, 7, 9), dt.datetime(2026, 12, 7, 10))
    assert slot_times(day, "am", 2, 3) == (dt.datetime(2026, 12, 7, 11), dt.datetime(2026, 12, 7, 12))
    assert slot_times(day, "pm", 0, 1) == (dt.datetime(2026, 12, 7, 14), dt.datetime(2026, 12, 7, 17, 30))


def test_plan_events_one_per_visit_proposed_tentative():
    day = dt.date(2026, 12, 7)
    plan = WeekPlan(day, 1, 8, [PlanDay(day, [
        PlanVisit("c1", "甲店", "A", "杭州", day, "am", ["more_volume", "collect"]),
        PlanVisit("c2", "乙店", "B", "宁波", day, "pm", ["service"], visit_id="v2", status="planned"),
    ]), PlanDay(day + dt.timedelta(days=1), planning=True)])
    events = plan_events(plan, "zh")
    assert [(e.summary, e.description, e.status) for e in events] == [
        ("甲店", "增加订货量、收款", "TENTATIVE"), ("乙店", "售后服务", "CONFIRMED")]
    assert events[0].uid == "c1-20261207-am@salesterm"
    assert plan_events(plan, "en")[0].description == "More volume, Collect money"
