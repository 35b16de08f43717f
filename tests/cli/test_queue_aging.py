"""`salesterm queue` and `salesterm aging` through a subprocess, on both backends."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

TODAY = date(2026, 11, 29)


@pytest.fixture
def filled(db_url):
    from salesterm.store import customers
    from salesterm.store.db import open_database
    from salesterm.store.ledger import receivables as ledger

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


def test_import_receivables_and_payments_from_the_command_line(run_cli, filled, tmp_path):
    rec = tmp_path / "应收.csv"
    rec.write_bytes("客户名称,单号,开票日期,到期日,金额,业务员\n乙超市,FP-9,2026-09-01,2026-10-01,\"1,000.00\",李娜\n"
                    .encode("gbk"))
    first = run_cli("import", "receivables", rec, db=filled, check=True)
    assert "imported 1 new receivable" in first.stdout
    second = run_cli("import", "receivables", rec, db=filled, check=True)
    assert "imported 0 new receivables" in second.stdout
    assert "skipped 1 receivable already imported" in second.stdout
    pay = tmp_path / "pay.csv"
    pay.write_text("customer,receivable,date,amount,method,number\n乙超市,FP-9,2026-11-20,1000,cash,V-1\n",
                   encoding="utf-8")
    assert "imported 1 new payment" in run_cli("import", "payments", pay, db=filled, check=True).stdout
    again = run_cli("import", "payments", pay, db=filled, check=True)
    assert "skipped 1 payment already imported" in again.stdout
    data = json.loads(run_cli("aging", "--json", db=filled, check=True).stdout)
    assert data["totals"]["total"] == "1734.49"


def test_a_bad_ledger_file_changes_nothing(run_cli, filled, tmp_path):
    before = run_cli("aging", "--json", db=filled, check=True).stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("客户名称,单号,开票日期,到期日,金额\n乙超市,X1,2026-09-01,2026-10-01,100\n"
                   "无此客户,X2,2026-09-01,2026-10-01,100\n乙超市,X3,2026-13-01,2026-10-01,100\n"
                   "乙超市,X4,2026-09-01,2026-10-01,-5\n", encoding="utf-8")
    out = run_cli("import", "receivables", bad, db=filled)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "line 3" in out.stderr and "line 4" in out.stderr and "line 5" in out.stderr
    assert "nothing was imported" in out.stderr
    assert run_cli("aging", "--json", db=filled, check=True).stdout == before
