#!/usr/bin/env python3
"""Two salesterms writing at once, repeated, and kill -9 during imports: counts for issue 10.

    .venv/bin/python benchmarks/concurrency.py [--runs 3] [--kills 20] [--pg postgresql://...]

Each concurrency scenario of tests/concurrency.py runs RUNS times on SQLite (and on PostgreSQL
when --pg or $SALESTERM_TEST_PG names a server: a scratch database is made and dropped); then
KILLS kill -9 trials of each import (customers, receivables, payments) on each backend, each
trial a new file, checking the database is either unchanged or fully written. Prints one line
per scenario with its counts, and a JSON summary last.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse, urlunparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import concurrency as conc  # noqa: E402

RAW = ("Traceback", "UniqueViolation", "IntegrityError", "unexpected error", "DeadlockDetected")


def _raw(err: str) -> bool:
    return any(word in err for word in RAW)


class Backend:
    """A fresh database per scenario: a new SQLite file, or a new PostgreSQL database."""

    def __init__(self, kind: str, pg: str, tmp: Path):
        self.kind, self.pg, self.tmp, self.made = kind, pg, tmp, []

    def fresh(self) -> str:
        if self.kind == "sqlite":
            path = self.tmp / f"{uuid.uuid4().hex[:8]}.db"
            conc._open(str(path)).close()
            return str(path)
        import psycopg

        name = f"salesterm_conc_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(self.pg, autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        url = urlunparse(urlparse(self.pg)._replace(path=f"/{name}"))
        conc._open(url).close()
        return url

    def drop(self) -> None:
        if not self.made:
            return
        import psycopg

        from salesterm.store.db import close_database

        close_database()
        with psycopg.connect(self.pg, autocommit=True) as c:
            for name in self.made:
                c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def two_customer_imports(db: str, tmp: Path) -> dict:
    path = conc.customer_file(tmp / "c.csv", 1000)
    res = conc.together(conc.cli(db, "import", "customers", path), conc.cli(db, "import", "customers", path))
    rows, distinct = conc.customer_counts(db)
    return {"ok": rows == distinct == 1000 and not any(_raw(e) for _c, _o, e in res),
            "rows": rows, "distinct": distinct, "exits": sorted(c for c, _o, _e in res),
            "raw_errors": sum(_raw(e) for _c, _o, e in res)}


def two_payment_imports(db: str, tmp: Path) -> dict:
    names = conc.ledger_setup(db, tmp, 500)
    a = conc.payment_file(tmp / "a.csv", names, prefix="VA", amount="150.00")
    b = conc.payment_file(tmp / "b.csv", names, prefix="VB", amount="100.00")
    res = conc.together(conc.cli(db, "import", "payments", a), conc.cli(db, "import", "payments", b))
    problems = conc.ledger_problems(db)
    # a loser that waited out SQLite's busy timeout is refused with one line, nothing written
    clear = [c == 0 or (c == 1 and "another salesterm is writing" in e) for c, _o, e in res]
    written = sum(c == 0 for c, _o, _e in res)
    return {"ok": not problems and all(clear) and conc.table_count(db, "payment") == 500 * written,
            "problems": problems[:3], "exits": sorted(c for c, _o, _e in res), "both_written": written == 2,
            "stderr": sorted(e.strip()[:120] for _c, _o, e in res if e.strip()),
            "raw_errors": sum(_raw(e) for _c, _o, e in res)}


def store_payments(db: str, tmp: Path) -> dict:
    names = conc.ledger_setup(db, tmp, 300)
    res = conc.record_payments_in_processes(db, [(names, 150_00), (names, 100_00)])
    problems = conc.ledger_problems(db)
    crashed = sum(len(r["crashed"]) for r in res)
    refused = sum(len(r["refused"]) for r in res)
    return {"ok": not problems and not crashed and not refused, "calls": 600,
            "done": sum(r["done"] for r in res), "refused": refused, "crashed": crashed, "problems": problems[:3]}


def import_beside_payments(db: str, tmp: Path) -> dict:
    names = conc.ledger_setup(db, tmp, 300)
    path = conc.customer_file(tmp / "more.csv", 1000, prefix="新", series=7)
    started: list = []
    res = conc.record_payments_in_processes(
        db, [(names, 50_00)], when_started=lambda: started.append(conc.cli(db, "import", "customers", path)))
    code, _out, err = conc.finish(started[0])
    problems = conc.ledger_problems(db)
    return {"ok": code == 0 and res[0]["done"] == 300 and not problems and not _raw(err),
            "import_exit": code, "payments_done": res[0]["done"], "refused": len(res[0]["refused"]),
            "crashed": len(res[0]["crashed"]), "problems": problems[:3]}


SCENARIOS = {"two customer imports": two_customer_imports, "two payment imports": two_payment_imports,
             "payments through the store, two processes": store_payments,
             "import while payments are recorded": import_beside_payments}


def kill_trials(backend: Backend, kills: int, tmp: Path) -> dict:
    """KILLS trials of each import, each with a new file; the rows it adds are counted before and
    after (payments: the ledger's invariants must hold too)."""
    db = backend.fresh()
    names = conc.ledger_setup(db, tmp, 200)
    out: dict[str, dict[str, int]] = {}
    for kind, table in (("customers", "customer"), ("receivables", "receivable"), ("payments", "payment")):
        counts = {"unchanged": 0, "written": 0, "half-written": 0}
        for trial in range(kills):
            if kind == "customers":
                path = conc.customer_file(tmp / f"k{trial}.csv", 2000, prefix=f"K{trial}", series=100 + trial)
                size = 2000
            elif kind == "receivables":
                path, size = conc.receivable_file(tmp / f"k{trial}.csv", names, prefix=f"K{trial}"), len(names)
            else:
                path = conc.payment_file(tmp / f"k{trial}.csv", names, prefix=f"K{trial}", amount="1.00")
                size = len(names)
            before = {table: conc.table_count(db, table)}
            result = conc.kill_trial(db, ["import", kind, path], before=before,
                                     after_full={table: before[table] + size}, delay=conc.random_delay(0.3, 3.0))
            if conc.ledger_problems(db):
                result = "half-written"
            counts["half-written" if result.startswith("half") else result] += 1
        out[kind] = counts
        print(f"  kill -9 {kind:<12} {counts}", flush=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--pg", default=os.environ.get("SALESTERM_TEST_PG", ""))
    parser.add_argument("--only", choices=["runs", "kills"], default=None)
    args = parser.parse_args()
    summary: dict = {"runs": {}, "kills": {}, "load_average": os.getloadavg()[0]}
    backends = ["sqlite"] + (["postgresql"] if args.pg else [])
    with tempfile.TemporaryDirectory(prefix="salesterm-conc-") as tmpdir:
        tmp = Path(tmpdir)
        for kind in backends:
            backend = Backend(kind, args.pg, tmp)
            try:
                if args.only != "kills":
                    for name, scenario in SCENARIOS.items():
                        if name == "import while payments are recorded" and kind != "sqlite":
                            continue
                        oks, seconds, details = 0, [], []
                        for run in range(args.runs):
                            work = tmp / f"{kind}-{len(summary['runs'])}-{run}"
                            work.mkdir()
                            started = time.monotonic()
                            found = scenario(backend.fresh(), work)
                            seconds.append(round(time.monotonic() - started, 1))
                            oks += bool(found["ok"])
                            details.append(found)
                        summary["runs"][f"{kind}: {name}"] = {"ok": oks, "runs": args.runs, "seconds": seconds,
                                                             "details": details}
                        print(f"{kind:<10} {name:<45} {oks}/{args.runs} ok  {seconds} s", flush=True)
                if args.only != "runs" and args.kills:
                    work = tmp / f"{kind}-kills"
                    work.mkdir()
                    print(f"{kind}: {args.kills} kill -9 trials of each import", flush=True)
                    summary["kills"][kind] = kill_trials(backend, args.kills, work)
            finally:
                backend.drop()
    print(json.dumps(summary, ensure_ascii=False, default=str))
    return 0 if all(r["ok"] == r["runs"] for r in summary["runs"].values()) and not any(
        c["half-written"] for k in summary["kills"].values() for c in k.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
