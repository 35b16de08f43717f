"""The hub's per-field three-way merge of one pushed change (pure; store/sync/hub.py runs it).

A pushed operation carries the fields it changed, its hybrid logical clock, its site and the
server sequence it was based on (every hub change at or below it had been seen by that replica).
For each field, the hub knows who last changed it, at which clock and sequence:

- nobody else changed the field since the base: the pushed value is taken;
- somebody else did, to the same value: nothing to do;
- somebody else did, to another value: the later clock wins (ties by site id), the same on every
  replica because only the hub decides and every replica pulls its decision; the other value is
  kept in a conflict record, unless the table is insert-only or the field follows another
  (a name's search keys, a time stamp), where the later clock simply wins.

Domain rules come first: an edit to a row deleted concurrently elsewhere is applied (nothing is
lost) and recorded as a conflict on `deleted_at`, so the user sees it and can undelete; a delete
of a row edited concurrently elsewhere is recorded the same way.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from salesterm.domain.hlc import wins


class FieldClock(NamedTuple):
    hlc: str
    site: str
    who: str
    seq: int


@dataclass
class Op:
    op_id: str
    tbl: str
    row_id: str
    kind: str  # insert | update | delete
    fields: dict[str, Any]
    hlc: str
    base_seq: int
    site: str
    who: str = ""


@dataclass
class Conflict:
    field: str
    mine: Any  # the pushed value
    theirs: Any  # the value the hub held
    theirs_clock: FieldClock | None
    kept: str  # "mine" | "theirs"


@dataclass
class Decision:
    status: str  # applied | conflict | rejected
    apply: dict[str, Any] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    reason: str = ""
    action: str = "update"  # insert | update | delete | none


def concurrent(clock: FieldClock | None, op: Op) -> bool:
    """Whether the change CLOCK stands for happened without OP's author knowing of it."""
    return clock is not None and clock.seq > op.base_seq and clock.site != op.site


_concurrent = concurrent


def decide(op: Op, current: dict | None, clocks: dict[str, FieldClock], *, insert_only: bool,
           followers: frozenset[str], same=lambda f, a, b: a == b) -> Decision:
    """What the hub does with OP, given the row as it is on the hub (CURRENT, None when absent)
    and the clocks of its fields. SAME(field, a, b) compares two values of a field."""
    if op.kind == "delete":
        return Decision("applied", action="delete" if current is not None else "none")
    if current is None:
        if op.kind == "insert":
            return Decision("applied", dict(op.fields), action="insert")
        return Decision("rejected", reason="the row is not on the server (deleted there)", action="none")
    if op.kind == "insert" and insert_only:
        return Decision("applied", action="none")  # merged by id: it is there already
    out = Decision("applied")
    quiet = insert_only
    for name, value in op.fields.items():
        if name == "id":
            continue
        clock = clocks.get(name)
        have = current.get(name)
        if not _concurrent(clock, op):
            out.apply[name] = value
        elif same(name, have, value):
            continue
        elif wins(op.hlc, op.site, clock.hlc, clock.site):
            out.apply[name] = value
            if not (quiet or name in followers):
                out.conflicts.append(Conflict(name, value, have, clock, "mine"))
        elif not (quiet or name in followers):
            out.conflicts.append(Conflict(name, value, have, clock, "theirs"))
    if not quiet:
        _deletion_rules(op, current, clocks, out)
    if out.conflicts:
        out.status = "conflict"
    if not out.apply:
        out.action = "none"
    return out


def _deletion_rules(op: Op, current: dict, clocks: dict[str, FieldClock], out: Decision) -> None:
    deleted = clocks.get("deleted_at")
    sets_deleted = op.fields.get("deleted_at") is not None
    edits = [f for f in op.fields if f not in ("id", "deleted_at", "updated_at")]
    if any(c.field == "deleted_at" for c in out.conflicts):
        return
    if (current.get("deleted_at") is not None and "deleted_at" not in op.fields and edits
            and _concurrent(deleted, op)):
        # edited here, deleted there: the edit is kept on the deleted row; the user decides
        out.conflicts.append(Conflict("deleted_at", None, current.get("deleted_at"), deleted, "theirs"))
    elif sets_deleted and current.get("deleted_at") is None:
        edited = [c for f, c in clocks.items() if f not in ("deleted_at", "updated_at") and _concurrent(c, op)]
        if edited:
            latest = max(edited, key=lambda c: c.seq)
            out.conflicts.append(Conflict("deleted_at", op.fields["deleted_at"], None, latest, "mine"))
