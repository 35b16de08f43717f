"""After a manager assigns collections to another rep, `aging --by rep`, `queue` and the weekly
report on the command line put the money under the new rep (in-process, both backends)."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

TODAY = date(2026, 11, 29)


@pytest.fixture
def assigned(db_url):
    from salesterm.store import customers
    from salesterm.store.db import open_database
    from salesterm.store.ledger import receivables as ledger
    from salesterm.store.ledger import triage

    db = open_database(db_url)
    a = customers.create_customer({"name": "甲批发部"}, rep="王伟")
    b = customers.create_customer({"name": "乙超市"}, rep="王伟")
    customers.create_customer({"name": "丙商行"}, rep="李娜")
    for c, number, amount in ((a, "A1", 1_000_00), (b, "B1", 300_00)):
        due = TODAY - timedelta(days=40)
        ledger.record_receivable(c.id, number=number, issued=due - timedelta(days=30), due=due, amount=amount)
    triage.assign([a.id], "李娜")
    db.close()
    return db_url


def test_aging_by_rep_follows_the_assignment(run_cli, assigned):
    data = json.loads(run_cli("aging", "--by", "rep", "--json", db=assigned, check=True).stdout)
    assert {r["key"]: r["total"] for r in data["rows"]} == {"李娜": "1000.00", "王伟": "300.00"}
    text = run_cli("aging", "--by", "rep", db=assigned, check=True).stdout
    lina = next(line for line in text.splitlines() if "李娜" in line)
    assert "1,000.00" in lina or "1000.00" in lina


def test_the_queue_and_the_weekly_report_agree(run_cli, assigned):
    rows = json.loads(run_cli("queue", "--rep", "李娜", "--json", db=assigned, check=True).stdout)
    assert [(r["customer"], r["rep"]) for r in rows] == [("甲批发部", "李娜")]
    assert _overdue(run_cli("report", "weekly", "--rep", "李娜", db=assigned, check=True).stdout) == (
        "1,000.00", ["甲批发部"])
    assert _overdue(run_cli("report", "weekly", "--rep", "王伟", db=assigned, check=True).stdout) == (
        "300.00", ["乙超市"])


def _overdue(markdown: str) -> tuple[str, list[str]]:
    """The overdue section of the weekly report: its total and the customers it lists."""
    section = markdown.split("## Still overdue")[1].split("\n## ")[0]
    total = section.split("¥")[1].split()[0]
    return total, [name for name in ("甲批发部", "乙超市", "丙商行") if name in section]
