"""`salesterm queue` and `salesterm aging` through a subprocess, on both backends."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

TODAY = date(2026, 11, 29)


@pytest.fixture
def filled(db_url):
    from salesterm.store import customers, receivables as ledger
    from salesterm.store.db import open_database

    db = open_database(db_url)
    a = customers.create_customer({"name": "[bold]甲商行", "payday": "1"}, rep="王伟")
    b = customers.create_customer({"name": "乙超市", "no_morning_collection": "是"}, rep="李娜")
    for c, number, days, amount in [(a, "A1", 122, 1000_00), (a, "A2", 30, 234_50),
                                    (b, "B1", 31, 500_00), (b, "B2", -5, 99_99)]:
        due = TODAY - timedelta(days=days)
        ledger.record_receivable(c.id, number=number, issued=due - timedelta(days=30), due=due,
                                 amount=amount)
    ledger.record_payment(b.id, amount=100_00, day=TODAY)
    db.close()
    return db_url


def test_aging_json_is_exact(run_cli, filled):
    out = run_cli("aging", "--json", db=filled, check=True)
    data = json.loads(out.stdout)
    assert data["as_of"] == "2026-11-29"
    assert data["buckets"] == ["not_due", "1-30", "31-60", "61-90", "90+"]
    rows = {r["key"]: r for r in data["rows"]}
    assert rows["[bold]甲商行"]["90+"] == "1000.00" and rows["[bold]甲商行"]["1-30"] == "234.50"
    assert rows["乙超市"]["31-60"] == "400.00" and rows["乙超市"]["not_due"] == "99.99"
    assert data["totals"] == {"not_due": "99.99", "1-30": "234.50", "31-60": "400.00",
                              "61-90": "0.00", "90+": "1000.00", "total": "1734.49"}


def test_aging_by_rep_with_ranges(run_cli, filled):
    data = json.loads(run_cli("aging", "--by", "rep", "--ranges", "30,120", "--json",
                              db=filled, check=True).stdout)
    assert data["buckets"] == ["not_due", "1-30", "31-120", "120+"]
    rows = {r["key"]: r for r in data["rows"]}
    assert rows["王伟"]["120+"] == "1000.00" and rows["李娜"]["31-120"] == "400.00"


def test_aging_text_and_bad_ranges(run_cli, filled):
    out = run_cli("aging", db=filled, check=True).stdout
    assert "[bold]甲商行" in out and "1,734.49" in out
    bad = run_cli("aging", "--ranges", "60,30", db=filled)
    assert bad.returncode == 1 and "strictly increasing" in bad.stderr and "Traceback" not in bad.stderr


def test_queue_json_fields_and_order(run_cli, filled):
    data = json.loads(run_cli("queue", "--json", db=filled, check=True).stdout)
    assert [r["customer"] for r in data] == ["[bold]甲商行", "乙超市"]
    top = data[0]
    for key in ("customer", "customer_id", "rep", "balance", "days_overdue", "slips", "priority",
                "reasons", "best_time", "level", "next_follow_up", "escalated"):
        assert key in top
    assert top["balance"] == "1234.50" and top["days_overdue"] == 122 and top["rep"] == "王伟"
    assert top["reasons"][0] == "122 days overdue" and "payday in 2 days" in top["reasons"]
    assert data[1]["best_time"] == "any day, afternoon"
    assert data[0]["priority"] > data[1]["priority"]


def test_queue_rep_limit_and_text(run_cli, filled):
    data = json.loads(run_cli("queue", "--rep", "李娜", "--json", db=filled, check=True).stdout)
    assert [r["customer"] for r in data] == ["乙超市"]
    assert len(json.loads(run_cli("queue", "--limit", "1", "--json", db=filled).stdout)) == 1
    text = run_cli("queue", db=filled, check=True).stdout
    assert "122 days overdue" in text and "[bold]甲商行" in text
    bad = run_cli("queue", "--rep", "无名", db=filled)
    assert bad.returncode == 1 and "no rep called" in bad.stderr
