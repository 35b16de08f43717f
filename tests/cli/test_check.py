"""`salesterm check` and `check --repair` as a user runs them, on a forged ledger (both backends)."""
from __future__ import annotations

import json

import pytest

from tests.store.forgery_fixtures import FORGERIES, apply, build, row_of

BY_NAME = {f.name.split(" ")[0]: f for f in FORGERIES}


def _forged(db_url, *numbers):
    """A consistent ledger in DB_URL with forgeries NUMBERS applied; (ledger, {number: row id})."""
    from salesterm.store.db import open_database

    db = open_database(db_url)
    try:
        led = build()
        rows = {}
        for n in numbers:
            apply(db, BY_NAME[n], led)
            rows[n] = row_of(BY_NAME[n], led, db)
    finally:
        db.close()
    return led, rows


def test_a_clean_ledger_passes(run_cli, db_url):
    _forged(db_url)
    proc = run_cli("check", db=db_url)
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.rstrip().endswith("ok")
    report = json.loads(run_cli("check", "--json", db=db_url, check=True).stdout)
    assert report["ok"] and report["problems"] == [] and report["findings"] == []


def test_check_names_each_forgery_in_one_line_and_exits_1(run_cli, db_url):
    led, rows = _forged(db_url, "1", "7", "8")  # a ledger row and two derived figures
    proc = run_cli("check", db=db_url)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    for row in rows.values():
        named = [line for line in lines if line.startswith("problem: ") and row in line]
        assert named, proc.stdout
        assert "甲地五金商行" in named[0] or "乙地建材批发部" in named[0]
        assert "expected" in named[0] and "found" in named[0]
    assert "2 problem(s) in derived figures: salesterm check --repair rebuilds them" in lines
    assert any(line.startswith("1 problem(s) in ledger rows") for line in lines)

    report = json.loads(run_cli("check", "--json", db=db_url).stdout)
    assert report["ok"] is False
    found = {(p["what"], p["row"]) for p in report["findings"]}
    assert {(BY_NAME[n].what, row) for n, row in rows.items()} <= found
    raised = next(p for p in report["findings"] if p["what"] == "check.payment_unallocated_while_owing")
    assert raised == {**raised, "table": "payment", "customer_id": led.a, "customer": "甲地五金商行",
                      "expected": "100.00", "found": "150.00", "repair": "human"}

    zh = run_cli("--lang", "zh", "check", db=db_url)
    assert "已收应为 1,000.00（有效冲抵之和），实为 900.00" in zh.stdout


def test_repair_rebuilds_derived_figures_and_names_what_needs_a_person(run_cli, db_url):
    _, rows = _forged(db_url, "7", "8", "4")
    proc = run_cli("check", "--repair", db=db_url)
    assert proc.returncode == 1  # a deleted payment whose allocations stay live is a ledger row
    lines = proc.stdout.splitlines()
    assert any(line.startswith("repaired: ") and rows["7"] in line for line in lines), proc.stdout
    assert any(line.startswith("repaired: ") and rows["8"] in line for line in lines)
    assert not any(line.startswith("problem: ") and rows["8"] in line for line in lines)
    assert any(line.startswith("problem: ") and rows["4"] in line for line in lines)
    report = json.loads(run_cli("check", "--json", db=db_url).stdout)
    assert {p["repair"] for p in report["findings"]} == {"human"}


@pytest.mark.parametrize("number", ["6", "7", "8"])
def test_repair_of_a_derived_forgery_leaves_a_passing_check(run_cli, db_url, number):
    _forged(db_url, number)
    proc = run_cli("check", "--repair", "--json", db=db_url)
    assert proc.returncode == 0, proc.stdout
    report = json.loads(proc.stdout)
    assert report["ok"] and [p["what"] for p in report["repaired"]["fixed"]] == [BY_NAME[number].what]
    assert run_cli("check", db=db_url).returncode == 0
