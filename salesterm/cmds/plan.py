"""salesterm plan [--week YYYY-MM-DD] [--rep NAME] [--json] [--accept] [--ics FILE]: the four-week
cycle's plan of a week (A customers in week 1 mornings, B in week 2, C and D in week 3, week 4
service and collections), with visits already planned or placed by hand kept where they are.
--ics writes the week's visits as an iCalendar file for a phone's calendar (domain/ical.py)."""
from __future__ import annotations

import sys
from pathlib import Path

from salesterm.cmds.context import print_json
from salesterm.cmds.options import whole_number
from salesterm.domain import cadence, visit_rules
from salesterm.domain.dates import parse_date
from salesterm.domain.errors import UserError
from salesterm.i18n import _, counted, join_list

_WEEKDAYS = {"zh": "一二三四五六日", "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]}


def add_parser(sub) -> None:
    p = sub.add_parser("plan", help="the week's visit plan from the four-week cycle")
    p.add_argument("--week", metavar="YYYY-MM-DD", help="any day of the week (default: this week)")
    p.add_argument("--rep", dest="plan_rep", metavar="NAME",
                   help="whose plan (default: --rep / config, or the only rep)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--accept", action="store_true",
                   help="save the proposed visits as planned visits")
    p.add_argument("--anchor", metavar="YYYY-MM-DD",
                   help="set the rep's cycle start: the week holding this day is cycle week 1")
    p.add_argument("--ics", metavar="FILE",
                   help="write the week's visits to FILE as iCalendar (.ics) for a phone's calendar")
    p.add_argument("--cap", metavar="N", type=whole_number(1, 30, command_checks_low=True),
                   help="set the rep's cap of visits per day")
    p.set_defaults(run=run)


def working_days(config) -> int:
    """[plan] working_days in the config: 6 (Monday to Saturday, the default) or 5, ..."""
    value = config.get("plan.working_days", cadence.DEFAULT_WORKING_DAYS)
    try:
        days = int(value)
    except (TypeError, ValueError):
        raise UserError("plan.working_days_must_number_from", value=value) from None
    if not 1 <= days <= 7:
        raise UserError("plan.working_days_must_number_from", value=value)
    return days


def write_ics(path, plan, rep_name: str, lang: str):
    """The plan's visits as an iCalendar file at PATH (UTF-8, CRLF, written whole, 0600):
    returns (the path written, the number of visits)."""
    from datetime import UTC

    from salesterm import clock
    from salesterm.domain import ical, visit_calendar
    from salesterm.store.io.tabular_write import write_whole

    events = visit_calendar.plan_events(plan, lang)
    name = _("Visits, week of {day}", day=plan.week_start.isoformat()) + (f" · {rep_name}" if rep_name else "")
    text = ical.calendar(events, stamp_utc=clock.now().astimezone(UTC), name=name)
    dest = Path(path).expanduser()
    write_whole(dest, lambda tmp: tmp.write_bytes(text.encode("utf-8")))
    return dest, len(events)


def _weekday(day, lang: str) -> str:
    names = _WEEKDAYS["zh" if lang == "zh" else "en"]
    return ("周" + names[day.weekday()]) if lang == "zh" else names[day.weekday()]


def run(args, ctx) -> int:
    from salesterm.store.visits import plan as store_plan

    week = parse_date(args.week) if args.week else ctx.today
    anchor = parse_date(args.anchor) if args.anchor else None
    days = working_days(ctx.config)
    database = ctx.open_db()
    with database.connection_context():
        rep = args.plan_rep or ctx.session_rep(database)
        if anchor is not None or args.cap is not None:
            who = store_plan.rep_cycle(rep)
            if not who.id:
                raise UserError("plan.name_rep_whose_cycle_set")
            store_plan.set_rep_cycle(who.name, anchor=anchor, cap=args.cap)
        added = store_plan.accept_plan(week, rep=rep, days=days) if args.accept else None
        who, plan = store_plan.week_plan(week, rep=rep, days=days)
    if args.ics:
        written = write_ics(args.ics, plan, who.name, ctx.lang)
        print(counted(written[1], "{n} visit written to {path}", "{n} visits written to {path}",
                      path=written[0]), file=sys.stderr)
        if not args.json:
            return 0
    if args.json:
        data = store_plan.plan_json(plan, who)
        if added is not None:
            data["accepted"] = added
        print_json(data)
        return 0
    lang = ctx.lang
    print(_("Week of {day}: cycle week {n} ({what})", day=plan.week_start.isoformat(),
            n=plan.cycle_week, what=_(CYCLE_WHAT[plan.cycle_week]))
          + (f"  {who.name}" if who.name else ""))
    for day in plan.days:
        head = f"{day.date.isoformat()} {_weekday(day.date, lang)}"
        if day.planning:
            print(f"{head}  " + _("planning the next cycle"))
            continue
        print(f"{head}  " + counted(len(day.visits), "{n} visit", "{n} visits"))
        for v in day.visits:
            slot = visit_rules.labels([v.slot], visit_rules.SLOTS, lang)[0]
            purpose = join_list(visit_rules.labels(v.purpose, visit_rules.PURPOSES, lang))
            mark = {"proposed": "+", "planned": "*", "done": "✓"}.get(v.status, " ")
            print(f"  {mark} {slot}  {v.grade or '-'}  {v.customer}  {v.city}  {purpose}")
    if plan.overflow:
        print(_("Not placed (over the cap of {cap} a day): {names}", cap=plan.cap,
                names=", ".join(c.name for c in plan.overflow)))
    if added is not None:
        print(counted(added, "{n} visit saved to the plan", "{n} visits saved to the plan"))
    else:
        print(_("+ proposed  * planned  ✓ done; --accept saves the proposed visits"))
    return 0


CYCLE_WHAT = {1: "A customers, mornings", 2: "B customers", 3: "C and D customers",
              4: "service, collections and planning"}
