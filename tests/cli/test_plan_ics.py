"""`salesterm plan --ics FILE`: the week's visits as an iCalendar file a phone imports, parsed back
with the icalendar package (an independent RFC 5545 reader)."""
from __future__ import annotations

import datetime as dt
import json
import os
import stat

import icalendar

from salesterm.store.db import open_database


def _fill(path):
    from tests.store.visit_fixtures import customer

    db = open_database(path)
    customer("华联超市, 一店; \\总部", grade="A", city="杭州")  # a name with what TEXT escapes
    for i in range(3):
        customer(f"杭州市西湖区新兴休闲食品有限公司第{i}分店的长名字门店", grade="A", city="杭州")
    db.close()


def test_plan_ics_parses_back_to_the_weeks_visits(tmp_path, run_cli):
    path = str(tmp_path / "p.db")
    _fill(path)
    out = tmp_path / "week.ics"
    proc = run_cli("--lang", "zh", "plan", "--rep", "王伟", "--week", "2026-12-09", "--ics", str(out),
                   db=path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and "4 次拜访" in proc.stderr and str(out) in proc.stderr
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    raw = out.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # every line ends in CRLF
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded at 75 octets
    raw.decode("utf-8")  # UTF-8 throughout

    plan = json.loads(run_cli("plan", "--rep", "王伟", "--week", "2026-12-09", "--json", db=path,
                              check=True).stdout)
    planned = {(v["customer"], d["date"], v["slot"]) for d in plan["days"] for v in d["visits"]}
    cal = icalendar.Calendar.from_ical(raw)
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(planned) == 4
    got = set()
    for e in events:
        start, end = e.decoded("DTSTART"), e.decoded("DTEND")
        assert isinstance(start, dt.datetime) and end > start
        assert e.decoded("DTSTAMP").tzinfo is not None  # UTC
        assert str(e["UID"]).endswith("@salesterm")
        assert str(e["DESCRIPTION"]) in ("增加订货量", "首次订货")
        assert str(e["LOCATION"]) == "杭州" and str(e["STATUS"]) == "TENTATIVE"
        slot = "am" if start.hour < 12 else "pm"
        got.add((str(e["SUMMARY"]), start.date().isoformat(), slot))
    assert got == planned  # the customer's name came back whole, commas, semicolons and backslash too
    assert len({str(e["UID"]) for e in events}) == 4

    # accepted, the same visits keep their UIDs (a calendar importing again updates them)
    run_cli("plan", "--rep", "王伟", "--week", "2026-12-09", "--accept", db=path, check=True)
    again = tmp_path / "again.ics"
    run_cli("plan", "--rep", "王伟", "--week", "2026-12-09", "--ics", str(again), db=path, check=True)
    after = list(icalendar.Calendar.from_ical(again.read_bytes()).walk("VEVENT"))
    assert {str(e["UID"]) for e in after} == {str(e["UID"]) for e in events}
    assert {str(e["STATUS"]) for e in after} == {"CONFIRMED"}


def test_plan_ics_into_a_missing_folder_is_one_line(tmp_path, run_cli):
    path = str(tmp_path / "p.db")
    _fill(path)
    proc = run_cli("plan", "--rep", "王伟", "--ics", str(tmp_path / "nope" / "w.ics"), db=path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "nope" in proc.stderr
