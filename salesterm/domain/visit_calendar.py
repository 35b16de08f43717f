"""The week's visit plan as calendar events (for `salesterm plan --ics`): each visit in its slot,
the slot's hours shared out in order among the visits of that slot (three morning visits:
09:00-10:00, 10:00-11:00, 11:00-12:00); the customer as the title, the purpose as the
description, the city as the location. A proposed visit (not saved yet) is TENTATIVE.

UIDs are stable for a customer's visit in a slot of a day, so a calendar that imports the file
again (after `--accept`, say) updates the events instead of adding them twice."""
from __future__ import annotations

import datetime as _dt

from .cadence import WeekPlan
from .ical import Event
from .visit_rules import PURPOSES, labels

#: the hours of a slot: morning 09:00-12:00, afternoon 14:00-17:30
SLOT_HOURS: dict[str, tuple[_dt.time, _dt.time]] = {
    "am": (_dt.time(9, 0), _dt.time(12, 0)),
    "pm": (_dt.time(14, 0), _dt.time(17, 30)),
}
_JOIN = {"zh": "、", "en": ", "}


def slot_times(day: _dt.date, slot: str, index: int, count: int) -> tuple[_dt.datetime, _dt.datetime]:
    """The INDEX-th of COUNT visits in SLOT of DAY: its share of the slot's hours, whole minutes."""
    first, last = SLOT_HOURS.get(slot, SLOT_HOURS["am"])
    start = _dt.datetime.combine(day, first)
    minutes = int((_dt.datetime.combine(day, last) - start).total_seconds() // 60)
    share = max(1, minutes // max(1, count))
    begin = start + _dt.timedelta(minutes=share * index)
    return begin, begin + _dt.timedelta(minutes=share)


def plan_events(plan: WeekPlan, lang: str = "zh") -> list[Event]:
    """One event per visit of the plan (proposed, planned or done), in day and slot order."""
    events = []
    for day in plan.days:
        for slot in SLOT_HOURS:
            visits = [v for v in day.visits if v.slot == slot]
            for i, v in enumerate(visits):
                start, end = slot_times(day.date, slot, i, len(visits))
                purpose = _JOIN["zh" if lang == "zh" else "en"].join(labels(v.purpose, PURPOSES, lang))
                events.append(Event(
                    uid=f"{v.customer_id}-{day.date:%Y%m%d}-{slot}@salesterm",
                    start=start, end=end, summary=v.customer, description=purpose,
                    location=v.city or "",
                    status="TENTATIVE" if v.status == "proposed" else "CONFIRMED"))
    return events
