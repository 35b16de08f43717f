"""salesterm bench startup [--customers N] [--runs R] [--database PATH] --json

Launch to a painted customer list (SalesTermApp on the customers section, over a database of
N demo customers, or PATH) versus a minimal Textual app measured the same way: each start is a
fresh subprocess (startup_child.py), timed from just before it is launched to the moment its
screen is painted (the child reports the time and its resident memory then). The two kinds
alternate, R runs each, after one warm-up each (file cache, compiled bytecode); the figures are
the medians and their ratio (goal: under 2), with every sample and the load average.

The customers summary is brought up to date for today once before the runs, so every run
measures an ordinary start (the first start of a day refreshes it in the background after the
list is painted; `stats_were_stale` says whether this run had to). One more child then starts
and waits until everything has settled (every id of the list, the summary check, the search
index): its resident memory then and its high-water mark are the memory figures (goal: under
200 MB at 100k). `schema_drift` lists what the database's schema lacks or has beyond what
today's migrations make (a cached database of an older schema is built again).
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from salesterm.bench import summary


def add_arguments(parser) -> None:
    parser.add_argument("--runs", type=int, default=7, help="starts of each kind (default 7)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database", metavar="PATH",
                        help="time this SQLite database instead of a generated one of N customers")


def _child(args: list[str]) -> tuple[float, list[float]]:
    env = dict(os.environ)
    env.pop("SALESTERM_DB", None)
    launched = time.time()
    proc = subprocess.run([sys.executable, "-m", "salesterm.bench.startup_child", *args],
                          capture_output=True, text=True, env=env, timeout=300)
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode != 0 or not lines:
        from salesterm.domain.errors import UserError

        raise UserError("bench.startup.run_failed", detail=proc.stderr.strip().splitlines()[-1:])
    values = [float(x) for x in lines[-1].split()]
    return launched, values


def _start(args: list[str]) -> tuple[float, float]:
    """(milliseconds from launch to painted, resident MB at that moment)."""
    launched, (painted, rss) = _child(args)
    return (painted - launched) * 1000, rss


def _bring_stats_up_to_date(path: Path, today) -> tuple[bool, int]:
    """Refresh the customers summary for TODAY if it is stale; (whether it was, customers)."""
    from salesterm.store import stats
    from salesterm.store.db import close_database, open_database
    from salesterm.store.models import Customer

    database = open_database(str(path))
    try:
        with database.connection_context():
            return stats.ensure_fresh(today), Customer.select().where(Customer.deleted_at.is_null()).count()
    finally:
        close_database()


def schema_drift(path: Path) -> list[str]:
    """Tables and indexes a database made by today's migrations has and PATH lacks (or the
    other way round): a cached bench database built before a migration was changed times
    another schema (one without the list's name index paints its first page 50 ms later)."""
    import sqlite3
    import tempfile

    from salesterm.store.db import close_database, open_database

    def names(file: Path) -> set[str]:
        con = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
        try:
            return {f"{kind} {name}" for kind, name in con.execute(
                "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'index') "
                "AND name NOT LIKE 'sqlite_%'")}
        finally:
            con.close()

    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh.db"
        open_database(str(fresh))
        close_database()
        expected = names(fresh)
    found = names(path)
    return sorted([f"missing {n}" for n in expected - found] + [f"extra {n}" for n in found - expected])


def run(args, ctx) -> dict:
    if args.database:
        path = Path(args.database).expanduser()
        if not path.is_file():
            from salesterm.domain.errors import UserError

            raise UserError("bench.startup.no_database_path", path=path)
    else:
        from salesterm.bench import search_data

        path = search_data.database_for(args.customers, args.seed)
        if schema_drift(path):  # built by an older schema: build it again
            for stale in (path.with_suffix(".ok"), path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                stale.unlink(missing_ok=True)
            path = search_data.database_for(args.customers, args.seed)
    drift = schema_drift(path)
    today = ctx.today.isoformat()
    stale, customers = _bring_stats_up_to_date(path, ctx.today)
    app_args = ["customers", str(path), today]
    _start(app_args)  # warm the file cache and compiled bytecode once
    _start(["minimal"])
    app_ms, minimal_ms, app_rss, minimal_rss = [], [], [], []
    for _ in range(max(1, args.runs)):
        ms, rss = _start(app_args)
        app_ms.append(ms)
        app_rss.append(rss)
        ms, rss = _start(["minimal"])
        minimal_ms.append(ms)
        minimal_rss.append(rss)
    _launched, (settle_s, settled_rss, peak_rss) = _child(["settled", str(path), today])
    app_median = statistics.median(app_ms)
    minimal_median = statistics.median(minimal_ms)
    return summary("startup", customers, app_ms,
                   minimal_p50_ms=round(minimal_median, 1), ratio=round(app_median / minimal_median, 2),
                   runs=len(app_ms), app_ms=[round(x, 1) for x in app_ms],
                   minimal_ms=[round(x, 1) for x in minimal_ms],
                   app_rss_mb_at_paint=round(statistics.median(app_rss), 1),
                   minimal_rss_mb_at_paint=round(statistics.median(minimal_rss), 1),
                   settled_after_s=round(settle_s, 2), settled_rss_mb=round(settled_rss, 1),
                   peak_rss_mb=round(peak_rss, 1), stats_were_stale=stale,
                   load_average=[round(x, 2) for x in os.getloadavg()], schema_drift=drift,
                   database=str(path))
