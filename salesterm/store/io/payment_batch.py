"""Many payments recorded at once (import payments): the rules of receivables.record_payment for a
whole file in a few statements instead of a dozen queries per payment.

`record_payments` loads the open receivables of every customer concerned once, allocates each
payment in Python with the domain rule (domain.collection.allocate: a named receivable first, then
oldest due first, the rest left as credit), in order of payment day, then inserts the payments and
their allocations in bulk and adds to each receivable's ``paid`` in one statement per chunk.
`allocate` is the part that reads the open amounts and decides: a caller that must lock what it
allocates against takes the lock around `open_by_customer` and `allocate`.
The caller holds the transaction.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from salesterm import clock
from salesterm.domain import collection as rules
from salesterm.domain.money import checked_sum
from salesterm.store.io import bulk
from salesterm.store.ledger import promises, summary
from salesterm.store.models import Customer, Payment, PaymentAllocation, Receivable, database, new_id
from salesterm.store.transactions import write_transaction

CHUNK = 500  # ids per IN (...) list: well under SQLite's limit on parameters
BULK_REFRESH = 2000  # more customers touched than this: rebuild every summary at once


@dataclass
class NewPayment:
    """One payment to record. RECEIVABLE_ID names the receivable it pays first (None: oldest first)."""

    customer_id: str
    day: _dt.date
    amount: int
    method: str = ""
    number: str | None = None
    receivable_id: str | None = None
    rep_id: str | None = None
    note: str = ""
    source: str = "import"
    dedupe_key: str | None = None


def _chunks(ids: list[str]):
    for n in range(0, len(ids), CHUNK):
        yield ids[n:n + CHUNK]


def open_by_customer(customer_ids: list[str]) -> dict[str, list[list]]:
    """Each customer's receivables with money still open, oldest due first, as [id, open fen]."""
    out: dict[str, list[list]] = {cid: [] for cid in customer_ids}
    for chunk in _chunks(customer_ids):
        rows = (Receivable.live(Receivable.customer, Receivable.id,
                                Receivable.amount - Receivable.paid - Receivable.written_off)
                .where(Receivable.customer.in_(chunk)
                       & (Receivable.amount > Receivable.paid + Receivable.written_off))
                .order_by(Receivable.customer, Receivable.due, Receivable.issued, Receivable.number).tuples())
        for cid, rid, open_fen in rows:
            out[cid].append([rid, int(open_fen)])
    return out


def allocate(batch: list[NewPayment], open_items: dict[str, list[list]]) -> list[tuple[int, str, int]]:
    """Allocate BATCH (in its order) against OPEN_ITEMS, which it updates: (payment index,
    receivable id, fen). A named receivable already settled is treated as not named."""
    out: list[tuple[int, str, int]] = []
    for i, p in enumerate(batch):
        items = open_items.setdefault(p.customer_id, [])
        preferred = p.receivable_id if any(r[0] == p.receivable_id for r in items) else None
        plan, _left = rules.allocate(p.amount, [(r[0], r[1]) for r in items], preferred)
        if not plan:
            continue
        taken = dict(plan)
        for item in items:
            item[1] -= taken.get(item[0], 0)
        open_items[p.customer_id] = [item for item in items if item[1] > 0]
        out.extend((i, rid, fen) for rid, fen in plan)
    return out


def _add_paid(paid: dict[str, int]) -> None:
    """receivable.paid += fen for every (id, fen) of PAID, one UPDATE per chunk. `paid` is derived
    from the allocations: its change moves no `updated_at` (a stamp the sync would not carry)."""
    db = database.obj
    p = db.param
    ids = list(paid)
    for chunk in _chunks(ids):
        cases = " ".join([f"WHEN {p} THEN {p}"] * len(chunk))
        marks = ", ".join([p] * len(chunk))
        params = [v for rid in chunk for v in (rid, paid[rid])]
        db.execute_sql(f"UPDATE receivable SET paid = paid + (CASE id {cases} ELSE 0 END) "
                       f"WHERE id IN ({marks})", [*params, *chunk])


def record_payments(batch: list[NewPayment], progress=None) -> list[str]:
    """Record BATCH (already checked: positive amounts within the maximum, days not in the future)
    oldest day first, as record_payment would one by one. Returns the new payment ids in BATCH's order."""
    if not batch:
        return []
    customer_ids = list(dict.fromkeys(p.customer_id for p in batch))
    order = sorted(range(len(batch)), key=lambda i: batch[i].day)
    ordered = [batch[i] for i in order]
    with write_transaction():
        default_reps = _customer_reps(customer_ids)
        allocations = allocate(ordered, open_by_customer(customer_ids))
        now = clock.now()
        ids = [new_id() for _ in ordered]
        rows = [{"id": ids[n], "customer": p.customer_id, "rep": p.rep_id or default_reps.get(p.customer_id),
                 "day": p.day, "amount": p.amount, "method": rules.parse_method(p.method), "number": p.number,
                 "note": (p.note or "").strip(), "source": p.source, "dedupe_key": p.dedupe_key,
                 # one microsecond apart: "oldest first" among payments of one day keeps the file's order
                 "created_at": now + _dt.timedelta(microseconds=n), "updated_at": now}
                for n, p in enumerate(ordered)]
        for n in range(0, len(rows), 1000):
            if progress:
                progress("writing", n, len(rows))
            bulk.insert(Payment, rows[n:n + 1000])
        bulk.insert(PaymentAllocation, [{"payment": ids[i], "receivable": rid, "amount": fen,
                                         "created_at": now, "updated_at": now} for i, rid, fen in allocations])
        paid: dict[str, int] = {}
        for _i, rid, fen in allocations:
            paid[rid] = checked_sum((paid.get(rid, 0), fen))
        _add_paid(paid)
        for chunk in _chunks(customer_ids):
            promises.resolve(customer_ids=chunk)
        refresh(set(customer_ids))
    by_position = dict(zip(order, ids, strict=True))
    return [by_position[i] for i in range(len(batch))]


def refresh(customer_ids: set[str]) -> None:
    """Bring the collection summaries of CUSTOMER_IDS up to date (all at once when there are many)."""
    if len(customer_ids) > BULK_REFRESH:
        summary.refresh_all()
    else:
        for chunk in _chunks(sorted(customer_ids)):
            summary.refresh(chunk)


def _customer_reps(ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for chunk in _chunks(ids):
        out.update({cid: rep for cid, rep in Customer.select(Customer.id, Customer.rep)
                    .where(Customer.id.in_(chunk)).tuples() if rep})
    return out
