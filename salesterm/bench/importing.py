"""salesterm bench import --customers N: import a realistic N-row customer CSV.

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
from pathlib import Path

from salesterm.bench import summary

HEADERS = ["编码", "客户名称", "类型", "等级", "城市", "地址", "联系人", "手机", "业务员", "信用额度",
           "发薪日", "上午不收款", "行业", "标签"]


def add_arguments(parser) -> None:
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1, help="import this many times into fresh databases")
    parser.add_argument("--keep", metavar="DIR", help="keep the CSV and database in DIR")


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


def _cpu_seconds() -> float:
    """CPU time of this process and its finished workers: a figure the machine's load does not inflate."""
    import resource

    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def run(args, ctx) -> dict:
    from salesterm.store.db import open_database
    from salesterm.store.io.importing import import_customers

    n = args.customers
    keep = Path(args.keep) if args.keep else None
    folder = keep or Path(tempfile.mkdtemp(prefix="salesterm-bench-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder / f"customers-{n}.csv"
    write_customer_csv(csv_path, n, args.seed)
    size_mb = round(csv_path.stat().st_size / 2**20, 1)
    samples, cpu = [], []
    report = None
    for attempt in range(max(1, args.repeat)):
        db_path = folder / f"bench-import-{attempt}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
        db = open_database(str(db_path))
        try:
            start, used = time.perf_counter(), _cpu_seconds()
            report = import_customers(csv_path)
            samples.append((time.perf_counter() - start) * 1000)
            cpu.append(_cpu_seconds() - used)
        finally:
            db.close()
        if not keep:
            for suffix in ("", "-wal", "-shm"):
                Path(str(db_path) + suffix).unlink(missing_ok=True)
    if not keep:
        csv_path.unlink(missing_ok=True)
        folder.rmdir()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return summary("import", n, samples, file_mb=size_mb, cpu_s=round(min(cpu), 2), load_avg=load,
                   created=report.created if report else 0, contacts=report.extra.get("contacts", 0) if report else 0,
                   errors=len(report.errors) if report else 0, rows_per_s=round(n / (min(samples) / 1000)))
