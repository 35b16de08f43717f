"""salesterm bench import --customers N: import a realistic N-row customer CSV, then N receivable
lines and N payment lines (`--ledger-lines`), timed apart (receivables_s, payments_s).

The file is written the way Excel on Chinese Windows saves "CSV (逗号分隔)": GBK bytes and
Chinese headers, with a contact and mobile per row. The import runs into a fresh SQLite
database in a temporary folder (never the user's --db) and is timed end to end: reading and
decoding, checking every row, duplicate detection, pinyin search keys and the bulk insert in
one transaction. cpu_s (this process and its workers) is the figure the machine's other load
does not inflate.
"""
from __future__ import annotations

import csv
import os
import random
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from salesterm.bench import summary

HEADERS = ["编码", "客户名称", "类型", "等级", "城市", "地址", "联系人", "手机", "业务员", "信用额度",
           "发薪日", "上午不收款", "行业", "标签"]


def add_arguments(parser) -> None:
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1, help="import this many times into fresh databases")
    parser.add_argument("--keep", metavar="DIR", help="keep the CSV and database in DIR")
    parser.add_argument("--replica", action="store_true",
                        help="import into a team-sync replica (capture triggers on): their cost")
    parser.add_argument("--ledger-lines", type=int, default=None, metavar="N",
                        help="then import N receivable lines and N payment lines "
                             "(default: as many as customers; 0: none)")


def write_customer_csv(path: Path, n: int, seed: int = 7, encoding: str = "gbk") -> None:
    from salesterm.store.demo import data as pools

    rng = random.Random(seed)
    cities = list(pools.CITIES)
    names = pools.unique_company_names(rng, n, cities)
    phones = pools.unique_mobiles(rng, n)
    reps = pools.REP_NAMES[:7]
    with open(path, "w", encoding=encoding, newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow(HEADERS)
        for i, ((name, city, distributor), phone) in enumerate(zip(names, phones, strict=True), start=1):
            district = rng.choice(pools.CITIES[city][1])
            out.writerow([
                f"C{i:06d}", name, "经销商" if distributor else "零售商", rng.choice("AABBBCCCCD"),
                city, pools.address(rng, city, district), pools.person_name(rng), phone,
                rng.choice(reps), f"{rng.randrange(0, 200) * 500:,}" if rng.random() < 0.6 else "",
                rng.choice(("", "", "5", "10", "15", "25")), rng.choice(("否", "否", "否", "是")),
                rng.choice(pools.INDUSTRIES), " ".join(rng.sample(pools.TAGS, rng.randrange(0, 3))),
            ])


def write_ledger_csvs(folder: Path, customers: int, lines: int, seed: int = 7) -> tuple[Path, Path]:
    """A receivables file of LINES lines over the bench's customers (by code) and a payments file of
    LINES lines: half name the receivable they pay, half settle the customer's oldest open lines."""
    from salesterm import clock

    today = clock.today()
    rng = random.Random(seed + 1)
    receivables, payments = folder / f"receivables-{lines}.csv", folder / f"payments-{lines}.csv"
    owed: list[tuple[str, str, int]] = []
    with open(receivables, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow(["客户编码", "单号", "开票日期", "到期日", "金额"])
        for i in range(lines):
            code = f"C{rng.randrange(1, customers + 1):06d}"
            issued = today - timedelta(days=rng.randrange(30, 400))
            amount = rng.randrange(100, 50_000) * 100
            number = f"SO{i + 1:08d}"
            owed.append((code, number, amount))
            out.writerow([code, number, issued.isoformat(), (issued + timedelta(days=30)).isoformat(),
                          f"{amount // 100}.00"])
    with open(payments, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow(["客户编码", "单号", "付款日期", "金额", "方式", "凭证号"])
        for i in range(lines):
            code, number, amount = owed[rng.randrange(len(owed))]
            fen = rng.randrange(1, amount // 100 + 1) * 100
            out.writerow([code, number if i % 2 else "", (today - timedelta(days=rng.randrange(0, 30))).isoformat(),
                          f"{fen // 100}.00", rng.choice(("转账", "现金", "微信")), f"PV{i + 1:08d}"])
    return receivables, payments


def _cpu_seconds() -> float:
    """CPU time of this process and its finished workers: a figure the machine's load does not inflate."""
    import resource

    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def run(args, ctx) -> dict:
    from salesterm.store.db import open_database
    from salesterm.store.io.importing import import_customers
    from salesterm.store.io.ledger_import import import_payments, import_receivables

    n = args.customers
    keep = Path(args.keep) if args.keep else None
    folder = keep or Path(tempfile.mkdtemp(prefix="salesterm-bench-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder / f"customers-{n}.csv"
    write_customer_csv(csv_path, n, args.seed)
    size_mb = round(csv_path.stat().st_size / 2**20, 1)
    lines = n if args.ledger_lines is None else max(0, args.ledger_lines)
    ledger_files = write_ledger_csvs(folder, n, lines, args.seed) if lines else ()
    ledger: dict[str, list[float]] = {"receivables_s": [], "payments_s": []}
    samples, cpu = [], []
    report = None
    for attempt in range(max(1, args.repeat)):
        db_path = folder / f"bench-import-{attempt}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
        db = open_database(str(db_path))
        if getattr(args, "replica", False):
            from salesterm.store.sync import replica

            replica.join("postgresql://bench.invalid/none", "bench")  # triggers on; no server is reached
        try:
            start, used = time.perf_counter(), _cpu_seconds()
            report = import_customers(csv_path)
            samples.append((time.perf_counter() - start) * 1000)
            cpu.append(_cpu_seconds() - used)
            for key, importer, path in zip(ledger, (import_receivables, import_payments), ledger_files, strict=False):
                start = time.perf_counter()
                importer(path)
                ledger[key].append(time.perf_counter() - start)
        finally:
            db.close()
        if not keep:
            for suffix in ("", "-wal", "-shm"):
                Path(str(db_path) + suffix).unlink(missing_ok=True)
    if not keep:
        for path in (csv_path, *ledger_files):
            path.unlink(missing_ok=True)
        folder.rmdir()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return summary("import", n, samples, file_mb=size_mb, cpu_s=round(min(cpu), 2), load_avg=load,
                   created=report.created if report else 0, contacts=report.extra.get("contacts", 0) if report else 0,
                   errors=len(report.errors) if report else 0, rows_per_s=round(n / (min(samples) / 1000)),
                   ledger_lines=lines, **{k: round(min(v), 2) if v else None for k, v in ledger.items()})
