"""iCalendar (RFC 5545) text for a list of events: what `salesterm plan --ics` writes so a rep's
phone calendar shows the week's visits.

The rules kept here: lines end in CRLF; a content line longer than 75 octets is folded (CRLF and
one space) without splitting a UTF-8 character; TEXT values escape backslash, semicolon, comma
and newline; DTSTAMP is UTC; DTSTART/DTEND are local "floating" times (the phone shows them at
that time of day wherever it is). No I/O: the caller writes the UTF-8 bytes."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

CRLF = "\r\n"
FOLD_AT = 75  # octets per line, CRLF not counted


@dataclass(frozen=True)
class Event:
    uid: str
    start: _dt.datetime
    end: _dt.datetime
    summary: str
    description: str = ""
    location: str = ""
    status: str = "CONFIRMED"  # CONFIRMED | TENTATIVE
    categories: tuple[str, ...] = ()


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped; other
    control characters (not allowed in a content line) become spaces."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch in ";,":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def fold(line: str) -> str:
    """LINE as one or more physical lines of at most 75 octets, continuation lines starting with
    a space (RFC 5545 3.1); a multi-octet UTF-8 character is never split."""
    parts: list[str] = []
    current, size, limit = [], 0, FOLD_AT
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, FOLD_AT - 1  # the leading space takes one octet
        current.append(ch)
        size += n
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def _local(moment: _dt.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _utc(moment: _dt.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def calendar(events: list[Event], *, stamp_utc: _dt.datetime, name: str = "",
             prodid: str = "-//salesterm//visit plan//EN") -> str:
    """The VCALENDAR text (CRLF line ends, folded), one VEVENT per event; STAMP_UTC is the
    DTSTAMP (the time the file was made, in UTC)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{escape_text(prodid)}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH"]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for e in events:
        lines += ["BEGIN:VEVENT", f"UID:{escape_text(e.uid)}", f"DTSTAMP:{_utc(stamp_utc)}",
                  f"DTSTART:{_local(e.start)}", f"DTEND:{_local(e.end)}",
                  f"SUMMARY:{escape_text(e.summary)}"]
        if e.description:
            lines.append(f"DESCRIPTION:{escape_text(e.description)}")
        if e.location:
            lines.append(f"LOCATION:{escape_text(e.location)}")
        if e.categories:
            lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in e.categories))
        lines += [f"STATUS:{e.status}", "TRANSP:OPAQUE", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
