"""The audit trail of a team server: every change to a customer's rows, field by field, written by
the trigger that store/team/schema.apply installs (who = the session's login, when, table, record,
field, old and new value, source = app | import | sync from the session setting
`salesterm.source`). Nobody but the server's owner can write or change it (no grants, RLS); a
login reads the entries of the customers it sees."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from salesterm.domain.errors import UserError
from salesterm.store.models import Customer, database, is_sqlite

SOURCES = ("app", "import", "sync")


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    login: str
    source: str
    table: str
    record: str
    action: str  # insert | update | delete
    field: str | None
    old: str | None
    new: str | None

    def to_json(self) -> dict:
        return {"at": self.at.isoformat(timespec="seconds"), "login": self.login, "source": self.source,
                "table": self.table, "record": self.record, "action": self.action, "field": self.field,
                "old": self.old, "new": self.new}


def kept(db=None) -> bool:
    """Whether DB keeps an audit trail (a PostgreSQL team database)."""
    db = db or database.obj
    return not is_sqlite(db) and "audit_log" in db.get_tables()


def set_source(source: str, db=None) -> None:
    """Name where this session's changes come from (app, import or sync), for the audit trail."""
    db = db or database.obj
    if source not in SOURCES:
        raise ValueError(source)
    if not is_sqlite(db):
        db.execute_sql("SELECT set_config('salesterm.source', %s, false)", (source,))


def entries(customer_id: str) -> list[AuditEntry]:
    """CUSTOMER_ID's audit entries, oldest first ([] where no trail is kept)."""
    if not kept():
        return []
    rows = database.execute_sql(
        "SELECT at, login, source, table_name, row_id, action, field, old_value, new_value FROM audit_log "
        "WHERE customer_id = %s ORDER BY at, id", (customer_id,)).fetchall()
    return [AuditEntry(*row) for row in rows]


def find_customer(text: str) -> Customer:
    """The customer TEXT names: its id, its code or its exact name, else the one search finds best."""
    from salesterm.store.customers.listing import quick_find

    wanted = " ".join(str(text or "").split())
    found = Customer.get_or_none((Customer.id == wanted) | (Customer.code == wanted) | (Customer.name == wanted))
    if found is None and wanted:
        hits = quick_find(wanted, limit=1)
        found = Customer.get_or_none(Customer.id == hits[0].id) if hits else None
    if found is None:
        raise UserError("team.no_such_customer", query=wanted)
    return found


def load_file(customer_id: str, **kwargs):
    """The customer file (store/customers/file.load_file) with its audit entries on the timeline,
    after the day's other events, when the database keeps a trail."""
    from salesterm.store.customers import file

    cf = file.load_file(customer_id, **kwargs)
    trail = entries(cf.id)
    if trail:
        cf.timeline += [file.TimelineEntry(e.at.date(), "audit", e) for e in trail]
        cf.timeline.sort(key=lambda t: (t.day or datetime.min.date(), t.kind == "audit"))
    return cf
