"""The first sync of a laptop that already holds customers (imported or typed before the team
existed): its customers are pushed like any change, and those that look like customers already on
the server are listed as **possible duplicates** to merge, never merged or dropped by the sync.

"Look like" is the duplicate rule of imports and the customer form (domain/customer_identity):
the same phone number (7+ digits), or the same normalised name in the same city (a city left empty
on either side counts as the same). The laptop's own customers are those it holds before anything
was pulled (`before`, while its cursor is 0); after the pull they are compared with the others it
now holds (its share of the hub). The same pairs stay findable afterwards in the customers list's
duplicates filter (`dup`, 重名), until someone merges them.
"""
from __future__ import annotations

import json

from salesterm.domain import customer_identity as identity
from salesterm.store.models import database

FIELDS = ("id", "code", "name", "city", "phone")


def before(site: dict | None) -> list[str] | None:
    """The live customers this laptop holds when it has pulled nothing yet (its first sync);
    None on any later sync."""
    if site is not None and site["cursor"]:
        return None
    rows = database.execute_sql("SELECT id FROM customer WHERE deleted_at IS NULL").fetchall()
    return [r[0] for r in rows]


def duplicates(own: list[str] | None) -> list[dict]:
    """Pairs {"mine", "theirs", "rule"} of one of OWN and a customer that came from the server,
    by the duplicate rule; rule "phone" or "name"."""
    if not own:
        return []
    cols = ", ".join(f"a.{c}" for c in FIELDS) + ", " + ", ".join(f"b.{c}" for c in FIELDS)
    rows = database.execute_sql(
        f"SELECT {cols}, a.phone_digits, b.phone_digits FROM customer a JOIN customer b "
        "ON b.id <> a.id AND (b.name_norm = a.name_norm OR (length(a.phone_digits) >= 7 "
        "AND b.phone_digits = a.phone_digits)) "
        "WHERE a.id IN (SELECT value FROM json_each(?)) AND b.id NOT IN (SELECT value FROM json_each(?)) "
        "AND a.deleted_at IS NULL AND b.deleted_at IS NULL ORDER BY a.name, a.id, b.id",
        (json.dumps(own), json.dumps(own))).fetchall()
    out = []
    n = len(FIELDS)
    for row in rows:
        mine, theirs = dict(zip(FIELDS, row[:n], strict=True)), dict(zip(FIELDS, row[n:2 * n], strict=True))
        same_phone = len(row[2 * n] or "") >= 7 and row[2 * n] == row[2 * n + 1]
        if same_phone or identity.same_place(mine["city"], theirs["city"]):
            out.append({"mine": mine, "theirs": theirs, "rule": "phone" if same_phone else "name"})
    return out
