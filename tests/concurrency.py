"""Two salesterms writing one database at once: the scenarios of issue 10's concurrency section.

Each scenario runs real concurrent processes (`python -m salesterm ...` subprocesses, or
multiprocessing with the 'spawn' context) against a SQLite file or a PostgreSQL database and
returns what it found; tests/store/test_concurrency.py asserts on it and
benchmarks/concurrency.py repeats it and counts. Nothing here is mocked.
"""
from __future__ import annotations

import csv
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 29)
CITIES = ("广州", "深圳", "北京", "上海", "重庆")


def cli(db: str, *args, **popen) -> subprocess.Popen:
    """Start `salesterm --db DB --today TODAY ARGS...` in its own process."""
    cmd = [sys.executable, "-m", "salesterm", "--db", db, "--today", TODAY.isoformat(), "--lang", "en",
           *map(str, args)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def finish(proc: subprocess.Popen, timeout: float = 120) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def together(*procs: subprocess.Popen) -> list[tuple[int, str, str]]:
    return [finish(p) for p in procs]


# --- files ---------------------------------------------------------------------------------


def customer_file(path: Path, n: int, *, prefix: str = "", series: int = 0, codes: bool = False) -> Path:
    """N distinct customers (name, city, phone), no code column unless CODES; files of different
    PREFIX and SERIES hold different customers."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow((["编码"] if codes else []) + ["客户名称", "城市", "电话"])
        for i in range(n):
            row = [f"{prefix}{CITIES[i % 5]}测试商行{i:05d}号", CITIES[i % 5], f"139{series:03d}{i:05d}"]
            w.writerow(([f"{prefix}C{i:05d}"] if codes else []) + row)
    return path


def receivable_file(path: Path, names: list[str], *, prefix: str, amount: str = "100.00") -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["客户名称", "单号", "开票日期", "到期日", "金额"])
        for i, name in enumerate(names):
            w.writerow([name, f"{prefix}-{i:05d}", (TODAY - timedelta(days=60)).isoformat(),
                        (TODAY - timedelta(days=30 - i % 40)).isoformat(), amount])
    return path


def payment_file(path: Path, names: list[str], *, prefix: str, amount: str) -> Path:
    """One payment (voucher PREFIX-i) of AMOUNT per customer, naming no receivable: it settles
    the customer's oldest open receivables first."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["客户名称", "付款日期", "金额", "凭证号"])
        for i, name in enumerate(names):
            w.writerow([name, TODAY.isoformat(), amount, f"{prefix}-{i:05d}"])
    return path


# --- looking at the database (in this process) ------------------------------------------


def _open(db: str):
    from salesterm import clock
    from salesterm.store.db import open_database

    clock.set_today(TODAY)
    return open_database(db)


def customer_counts(db: str) -> tuple[int, int]:
    """(live customers, distinct normalised names among them)."""
    d = _open(db)
    try:
        row = d.execute_sql("SELECT COUNT(*), COUNT(DISTINCT name_norm) FROM customer "
                            "WHERE deleted_at IS NULL").fetchone()
        return int(row[0]), int(row[1])
    finally:
        d.close()


def table_count(db: str, table: str) -> int:
    d = _open(db)
    try:
        return int(d.execute_sql(f"SELECT COUNT(*) FROM {table} WHERE deleted_at IS NULL").fetchone()[0])
    finally:
        d.close()


def ledger_problems(db: str) -> list[str]:
    """What is wrong with the ledger: over-paid receivables, paid not equal to its allocations,
    aging's total not the sum of open amounts, summaries not their recomputation."""
    from salesterm.store.ledger import aging

    d = _open(db)
    try:
        q = d.execute_sql
        problems = [f"over-paid {n}: paid {p} + written off {w} > {a}" for n, p, w, a in q(
            "SELECT number, paid, written_off, amount FROM receivable WHERE paid + written_off > amount").fetchall()]
        problems += [f"{n}: paid {p} but allocations {s}" for n, p, s in q(
            "SELECT r.number, r.paid, COALESCE(SUM(a.amount), 0) FROM receivable r "
            "LEFT JOIN payment_allocation a ON a.receivable_id = r.id AND a.deleted_at IS NULL "
            "GROUP BY r.id, r.number, r.paid HAVING r.paid <> COALESCE(SUM(a.amount), 0)").fetchall()]
        problems += [f"payment {i}: allocated {s} > amount {a}" for i, a, s in q(
            "SELECT p.id, p.amount, SUM(a.amount) FROM payment p JOIN payment_allocation a ON a.payment_id = p.id "
            "AND a.deleted_at IS NULL GROUP BY p.id, p.amount HAVING SUM(a.amount) > p.amount").fetchall()]
        open_sum = int(q("SELECT COALESCE(SUM(amount - paid - written_off), 0) FROM receivable "
                         "WHERE deleted_at IS NULL").fetchone()[0])
        total = aging.aging(as_of=TODAY, rows=False)["totals"]["total"]
        if int(total) != open_sum:
            problems.append(f"aging total {total} != sum of open amounts {open_sum}")
        problems += [f"customer_stats of {c}: {s} != {r}" for c, s, r in q(
            "SELECT s.customer_id, s.open_balance, COALESCE((SELECT SUM(amount - paid - written_off) FROM receivable r "
            "WHERE r.customer_id = s.customer_id AND r.deleted_at IS NULL AND amount - paid - written_off > 0), 0) "
            "FROM customer_stats s").fetchall() if int(s) != int(r)]
        return problems
    finally:
        d.close()


def customer_names(db: str, limit: int | None = None) -> list[str]:
    d = _open(db)
    try:
        rows = d.execute_sql("SELECT name FROM customer WHERE deleted_at IS NULL ORDER BY name").fetchall()
        return [r[0] for r in rows][:limit]
    finally:
        d.close()


# --- workers (run in spawned processes) ---------------------------------------------------


def _record_payments(db: str, names: list[str], amount: int, start, out) -> None:
    """Record one payment of AMOUNT for each customer through the store, as the TUI does."""
    from salesterm.domain.errors import UserError
    from salesterm.store.ledger import receivables
    from salesterm.store.models import Customer

    _open(db)
    ids = [c.id for c in Customer.select(Customer.id).where(Customer.name.in_(names)).order_by(Customer.name)]
    start.wait()
    done, refused, crashed = 0, [], []
    for cid in ids:
        try:
            receivables.record_payment(cid, amount=amount, day=TODAY, method="cash")
            done += 1
        except UserError as exc:
            refused.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - counted: the test fails on any
            crashed.append(f"{type(exc).__name__}: {exc}")
    out.put({"done": done, "refused": refused, "crashed": crashed})


def record_payments_in_processes(db: str, jobs: list[tuple[list[str], int]], when_started=None) -> list[dict]:
    """Each job (customer names, amount) in its own spawned process, all started at once;
    WHEN_STARTED() is called as they start (to run something beside them)."""
    ctx = multiprocessing.get_context("spawn")
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_record_payments, args=(db, names, amount, start, out)) for names, amount in jobs]
    for p in procs:
        p.start()
    time.sleep(2.0)  # each child imports salesterm and opens the database before the start
    start.set()
    if when_started is not None:
        when_started()
    results = [out.get(timeout=180) for _ in procs]
    for p in procs:
        p.join(timeout=30)
    return results


# --- set-ups -------------------------------------------------------------------------------


def ledger_setup(db: str, tmp: Path, n: int) -> list[str]:
    """N customers, each owing two receivables of 100.00; their names."""
    code, _out, err = finish(cli(db, "import", "customers", customer_file(tmp / "base-customers.csv", n, prefix="L")))
    assert code == 0, err
    names = customer_names(db)
    for k in (1, 2):
        code, _out, err = finish(cli(db, "import", "receivables",
                                     receivable_file(tmp / f"base-r{k}.csv", names, prefix=f"R{k}")))
        assert code == 0, err
    return names


# --- kill -9 ------------------------------------------------------------------------------


def kill_trial(db: str, args: list, *, before: dict[str, int], after_full: dict[str, int],
               delay: float) -> str:
    """Start an import, kill -9 it after DELAY seconds; 'unchanged', 'written' or a problem."""
    proc = cli(db, *args, start_new_session=True)
    time.sleep(delay)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()
    now = {t: table_count(db, t) for t in before}
    if now == before:
        return "unchanged"
    if now == after_full:
        return "written"
    return f"half-written: before {before}, now {now}, full {after_full}"


def random_delay(low: float, high: float) -> float:
    return random.uniform(low, high)
