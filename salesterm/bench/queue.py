"""salesterm bench queue --customers N: the collection queue's first page and the aging totals
over N customers with ten receivable lines each (1,000,000 lines at 100k customers).

The ledger is generated into a fresh SQLite file (or an empty database named by --db-url,
e.g. a PostgreSQL server): most old lines are paid, some partly, the recent ones open, with
paydays, credit limits, no-morning flags, slips and escalations spread over the customers.
A manager has assigned the collection of one customer in 50 to another rep (`g` in the queue),
so aging by rep moves their money. Then the first page of the queue (most urgent first, with
reasons), the aging totals, the aging first page by customer, aging by rep and the queue's count
are timed (the first three --repeat times, the last two a third as often).
"""
from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from salesterm.bench import summary


def add_arguments(parser) -> None:
    parser.add_argument("--lines", type=int, default=10, help="receivable lines per customer")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs of each query")
    parser.add_argument("--page", type=int, default=50, help="rows on the first page")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db-url", metavar="URL", help="an EMPTY database to fill (default: a temp SQLite file)")


def _insert(db, table: str, columns: list[str], rows: list[tuple], chunk: int = 500) -> None:
    p = db.param
    one = "(" + ", ".join([p] * len(columns)) + ")"
    head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
    for i in range(0, len(rows), chunk):
        part = rows[i:i + chunk]
        db.execute_sql(head + ", ".join([one] * len(part)), [v for row in part for v in row])


def generate(db, n: int, lines: int, seed: int) -> None:
    from salesterm import clock
    from salesterm.store.models import new_id

    rng = random.Random(seed)
    today = clock.today()
    now = clock.now()
    reps = [(new_id(), f"业务员{i:02d}", f"区域{i % 5}", now, now) for i in range(40)]
    with db.atomic():
        _insert(db, "rep", ["id", "name", "region", "created_at", "updated_at"], reps)
        customers = []
        for i in range(n):
            name = f"测试商贸{i:06d}有限公司"
            customers.append((new_id(), name, name, rng.choice(reps)[0],
                              rng.choice((None, None, 1, 5, 10, 15, 25, 31)),
                              rng.choice((0, 0, 50_000_00, 200_000_00, 1_000_000_00)),
                              rng.random() < 0.2, f"城市{i % 300}", now, now))
        _insert(db, "customer", ["id", "name", "name_norm", "rep_id", "payday", "credit_limit",
                                 "no_morning_collection", "city", "created_at", "updated_at"],
                customers)
        batch: list[tuple] = []
        k = 0
        for cid, *_rest in customers:
            rep_id = _rest[2]
            for _ in range(lines):
                k += 1
                due = today - timedelta(days=rng.randint(-60, 720))
                amount = rng.randint(100_00, 50_000_00)
                age = (today - due).days
                roll = rng.random()
                if age > 120 and roll < 0.85 or age > 30 and roll < 0.6:
                    paid = amount
                elif roll < 0.75:
                    paid = rng.randint(0, amount - 1)
                else:
                    paid = 0
                batch.append((new_id(), cid, rep_id, f"B{k:08d}", due - timedelta(days=30), due,
                              amount, paid, now, now))
                if len(batch) >= 20_000:
                    _insert(db, "receivable", ["id", "customer_id", "rep_id", "number", "issued",
                                               "due", "amount", "paid", "created_at", "updated_at"],
                            batch)
                    batch = []
        if batch:
            _insert(db, "receivable", ["id", "customer_id", "rep_id", "number", "issued", "due",
                                       "amount", "paid", "created_at", "updated_at"], batch)
    from salesterm.store.ledger import summary as coll_summary

    coll_summary.refresh_all()
    p = db.param
    with db.atomic():
        db.execute_sql("UPDATE collection_state SET slips = 1 "
                       f"WHERE oldest_due_day - (oldest_due_day / 7) * 7 = {p}", [0])
        db.execute_sql(f"UPDATE collection_state SET slips = 2, escalated = {p}, "
                       f"last_slip = 'broken_promise' WHERE oldest_due_day - (oldest_due_day / 13) * 13 = {p}",
                       [True, 0])
        assigned = [(rng.choice(reps)[0], cid) for cid, *_rest in customers[::50]]
        for i in range(0, len(assigned), 500):
            part = assigned[i:i + 500]
            db.execute_sql("UPDATE collection_state SET responsible_rep_id = CASE customer_id "
                           + " ".join([f"WHEN {p} THEN {p}"] * len(part)) + " END "
                           f"WHERE customer_id IN ({', '.join([p] * len(part))})",
                           [v for rep_id, cid in part for v in (cid, rep_id)] + [cid for _r, cid in part])
    if hasattr(db, "execute_sql"):
        db.execute_sql("ANALYZE")


def _time(fn, repeat: int, cpu: list[float] | None = None) -> list[float]:
    """Wall milliseconds of REPEAT runs; CPU, when given, gets each run's process CPU time."""
    samples = []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - c0) * 1000)
    return samples


def run(args, ctx) -> dict:
    from salesterm.domain.errors import UserError
    from salesterm.domain.redact import redact
    from salesterm.store.db import open_database
    from salesterm.store.ledger import aging, queue

    n = args.customers
    if args.db_url:
        db = open_database(args.db_url)
        if db.execute_sql("SELECT COUNT(*) FROM customer").fetchone()[0]:
            raise UserError("bench.queue.needs_empty_database")
        where = redact(args.db_url)  # printed with the figures: never its password
    else:
        folder = Path(tempfile.mkdtemp(prefix="salesterm-bench-queue-"))
        where = str(folder / "bench.db")
        db = open_database(where)
    t0 = time.perf_counter()
    generate(db, n, args.lines, args.seed)
    setup_s = time.perf_counter() - t0
    open_lines = db.execute_sql("SELECT COUNT(*) FROM receivable WHERE paid < amount").fetchone()[0]
    rows = queue.queue_rows(limit=args.page)  # warm the cache once, as the app does at start
    queue_ms = _time(lambda: queue.queue_rows(limit=args.page), args.repeat)
    totals_ms = _time(lambda: aging.aging(rows=False), args.repeat)
    page_ms = _time(lambda: aging.aging(limit=args.page), args.repeat)
    by_rep_cpu: list[float] = []  # on a busy machine the CPU time says more than the wall time
    by_rep_ms = _time(lambda: aging.aging(by="rep"), max(3, args.repeat // 3), by_rep_cpu)
    count_ms = _time(lambda: queue.queue_count(), max(3, args.repeat // 3))
    extra = {
        "lines": n * args.lines, "open_lines": int(open_lines), "database": where,
        "reassigned_customers": int(db.execute_sql(
            "SELECT COUNT(*) FROM collection_state WHERE responsible_rep_id IS NOT NULL").fetchone()[0]),
        "backend": "sqlite" if "sqlite" in type(db).__name__.lower() else "postgresql",
        "setup_s": round(setup_s, 1), "page": len(rows),
        "aging_totals": summary("aging_totals", n, totals_ms),
        "aging_first_page": summary("aging_first_page_by_customer", n, page_ms),
        "aging_by_rep": summary("aging_by_rep", n, by_rep_ms,
                                cpu_p50_ms=round(statistics.median(by_rep_cpu), 3)),
        "queue_count": summary("queue_count", n, count_ms),
        "budget_ms": 300,
    }
    db.close()
    if not args.db_url:
        import shutil

        shutil.rmtree(Path(where).parent, ignore_errors=True)
    return summary("queue_first_page", n, queue_ms, **extra)
