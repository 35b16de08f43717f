"""Helpers of the UI tests: a customers database with known data, built once and copied."""
from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 29)
CITIES = ("广州", "深圳", "北京", "上海", "重庆")
REPS = ("王伟", "李娜", "张强")
KINDS = ("retailer", "distributor", "consumer")
WORDS = ("鑫源", "恒达", "华美", "金龙", "天和", "永兴", "宏图", "瑞丰", "百盛", "福临")
_TEMPLATES: dict[int, Path] = {}


def customer_name(i: int) -> str:
    return f"{CITIES[i % 5]}{WORDS[i % 10]}{['电子', '商贸', '超市', '副食'][i % 4]}{i:05d}号店"


def expected(i: int) -> dict:
    """What seed() wrote for customer I (so tests can check the list against known data)."""
    overdue = 1000_00 + i if i % 7 == 0 else 0
    return {
        "name": customer_name(i), "grade": "ABCD"[i % 4], "kind": KINDS[i % 3], "city": CITIES[i % 5],
        "rep": REPS[i % 3], "tags": "重点" if i % 10 == 0 else "",
        "overdue": overdue, "open": overdue + (500_00 if i % 5 == 0 else 0),
        "last_visit": TODAY - timedelta(days=i % 60) if i % 2 == 0 else None,
        "next_visit": TODAY + timedelta(days=1 + i % 9) if i % 3 == 0 else None,
    }


def _fill(path: Path, n: int) -> None:
    from salesterm import clock
    from salesterm.domain import textkeys
    from salesterm.store import stats
    from salesterm.store.db import open_database
    from salesterm.store.io import bulk
    from salesterm.store.models import Customer, Receivable, Rep, Visit, database

    clock.set_today(TODAY)
    db = open_database(str(path))
    with database.atomic():
        reps = {name: Rep.create(name=name).id for name in REPS}
        customers, receivables, visits = [], [], []
        for i in range(n):
            e = expected(i)
            full, initials = textkeys.search_blob(e["name"])
            cid = f"c{i:07d}"
            customers.append({
                "id": cid, "name": e["name"], "name_norm": textkeys.normalise_name(e["name"]),
                "grade": e["grade"], "grade_suggested": e["grade"], "kind": e["kind"], "city": e["city"],
                "rep": reps[e["rep"]], "tags": e["tags"], "py_full": full, "py_initials": initials,
                "phone": f"1380000{i:04d}", "phone_digits": f"1380000{i:04d}",
            })
            if e["overdue"]:
                receivables.append({"customer": cid, "number": f"OD{i}", "issued": TODAY - timedelta(days=60),
                                    "due": TODAY - timedelta(days=20), "amount": e["overdue"]})
            if i % 5 == 0:
                receivables.append({"customer": cid, "number": f"ND{i}", "issued": TODAY,
                                    "due": TODAY + timedelta(days=30), "amount": 500_00})
            if e["last_visit"]:
                visits.append({"customer": cid, "planned_date": e["last_visit"], "status": "done"})
            if e["next_visit"]:
                visits.append({"customer": cid, "planned_date": e["next_visit"], "status": "planned"})
        bulk.insert_all(Customer, customers)
        bulk.insert_all(Receivable, receivables)
        bulk.insert_all(Visit, visits)
    stats.refresh_stats(as_of=TODAY)
    db.close()


def seeded_db(tmp_path: Path, n: int = 3000) -> str:
    """A copy of a database holding N known customers (see expected())."""
    if n not in _TEMPLATES or not _TEMPLATES[n].exists():
        import tempfile

        template = Path(tempfile.mkdtemp(prefix="salesterm-ui-")) / f"customers{n}.db"
        _fill(template, n)
        _TEMPLATES[n] = template
    dest = tmp_path / "customers.db"
    shutil.copy(_TEMPLATES[n], dest)
    return str(dest)


def make_app(db_path: str, **kwargs):
    """The app on DB_PATH at TODAY, starting in the customers section; search index dropped."""
    from salesterm.app import SalesTermApp
    from salesterm.store import search

    search.forget()
    kwargs.setdefault("start", "customers")
    kwargs.setdefault("lang", "en")
    return SalesTermApp(db=db_path, today=TODAY, **kwargs)


def status_text(app) -> str:
    from textual.widgets import Static

    return str(app.screen.query_one("#customer-status", Static).render())


def table_lines(app) -> list[str]:
    """The text of the customers list as drawn (header first)."""
    from salesterm.widgets.lazy_table import LazyTable

    table = app.screen.query_one(LazyTable)
    return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]
