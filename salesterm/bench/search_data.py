"""A database of N demo customers for the search and start-up benchmarks, kept in a cache
folder keyed by N and seed so that repeated runs reuse it.

The demo generator (salesterm.store.demo) fills it when it offers `generate`; otherwise the
customers are written here with the same word pools, through store.customers.customer_columns
(so the stored search keys are the real ones) and bulk inserts.
"""
from __future__ import annotations

import importlib
import os
import random
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

CUSTOMERS_FILE = "customers.txt"  # one "name\tcode\tphone\tcontact" per line: the query set draws on it


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "salesterm" / "bench"


def database_for(n: int, seed: int, *, progress=None) -> Path:
    """The path of a SQLite database with N demo customers (built on first use)."""
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"search-{n}-{seed}.db"
    if path.exists() and (folder / f"search-{n}-{seed}.ok").exists():
        return path
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if stale.exists():
            stale.unlink()
    fill(path, n, seed)
    (folder / f"search-{n}-{seed}.ok").write_text("done\n")
    return path


def fill(path: Path, n: int, seed: int) -> None:
    """Fill PATH with N demo customers: `salesterm demo` in a child process (so the memory
    the generator used is not counted against the benchmark), else the fallback below."""
    if _demo_module() is not None:
        proc = subprocess.run([sys.executable, "-m", "salesterm", "--db", str(path), "demo",
                               "--customers", str(n), "--seed", str(seed)],
                              capture_output=True, text=True)
        if proc.returncode == 0:
            return
        from salesterm.domain.errors import UserError

        raise UserError("bench.search_data.demo_failed", name=proc.stderr.strip()[-300:])
    from salesterm.store.db import open_database

    db = open_database(str(path))
    try:
        _generate(db, n, seed)
    finally:
        db.close()


def _demo_module():
    try:
        demo = importlib.import_module("salesterm.store.demo")
    except ImportError:
        return None
    return demo if callable(getattr(demo, "generate", None)) else None


def _generate(db, n: int, seed: int) -> None:
    from salesterm import clock
    from salesterm.domain import textkeys
    from salesterm.store.customers import customer_columns
    from salesterm.store.demo import data as pools
    from salesterm.store.io import bulk
    from salesterm.store.models import Contact, Customer, Rep, new_id

    rng = random.Random(seed)
    now = clock.now()
    cities = list(pools.CITIES)
    names = pools.unique_company_names(rng, n, cities)
    phones = pools.unique_mobiles(rng, n)
    with db.atomic():
        reps = [Rep.create(name=name).id for name in pools.REP_NAMES[:7]]
        customers, contacts = [], []
        for i, ((name, city, distributor), phone) in enumerate(zip(names, phones, strict=True), start=1):
            district = rng.choice(pools.CITIES[city][1])
            if rng.random() < 0.3:
                phone = pools.landline(rng, city)
            grade = rng.choice("AABBBCCCCD")
            cols = customer_columns({
                "name": name, "code": f"C{i:06d}", "city": city, "district": district,
                "address": pools.address(rng, city, district), "phone": phone,
                "kind": "distributor" if distributor else "retailer", "grade_override": grade,
            })
            cols["grade"] = grade
            cols["id"] = new_id()
            cols["rep"] = rng.choice(reps)
            when = now - timedelta(days=rng.randrange(0, 720), seconds=rng.randrange(86400))
            cols["created_at"] = cols["updated_at"] = when
            customers.append(cols)
            for _ in range(rng.choice((0, 1, 1, 1, 2))):
                person = pools.person_name(rng)
                mobile = pools.mobile(rng)
                full, initials = textkeys.search_blob(person)
                contacts.append({"id": new_id(), "customer": cols["id"], "name": person, "phone": mobile,
                                 "phone_digits": mobile, "py_full": full, "py_initials": initials,
                                 "created_at": when, "updated_at": when})
        bulk.insert_all(Customer, customers)
        bulk.insert_all(Contact, contacts)
