"""`salesterm demo` as a user runs it."""
from __future__ import annotations

import json
import re


def test_demo_fills_refuses_a_second_time_and_force_replaces(run_cli, tmp_path):
    db = str(tmp_path / "demo.db")
    proc = run_cli("demo", "--customers", "50", "--seed", "4", db=db)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # progress only on a terminal
    assert re.match(r"demo data written to .*demo\.db in \d+\.\d s \(today 2026-11-29, seed 4\): rep \d, "
                    r"customer 50, contact \d+", proc.stdout)
    proc = run_cli("demo", db=db)
    assert proc.returncode == 1
    assert proc.stderr.strip() == ("salesterm: the database already holds 50 customers: give --force to replace "
                                   "everything in it with demo data")
    proc = run_cli("demo", "--customers", "20", "--force", db=db)
    assert proc.returncode == 0, proc.stderr
    check = run_cli("check", "--json", db=db)
    assert check.returncode == 0, check.stdout
    report = json.loads(check.stdout)
    assert report["ok"] and report["counts"]["customer"] == 20


def test_same_seed_and_day_give_the_same_files(run_cli, tmp_path):
    outputs = []
    for name in ("a", "b"):
        db = str(tmp_path / f"{name}.db")
        run_cli("demo", "--customers", "40", "--seed", "7", db=db, check=True)
        for kind in ("customers", "receivables", "visits"):
            run_cli("export", kind, tmp_path / f"{name}-{kind}.csv", db=db, check=True)
        outputs.append([(tmp_path / f"{name}-{kind}.csv").read_bytes() for kind in ("customers", "receivables",
                                                                                      "visits")])
    assert outputs[0] == outputs[1]
    other = str(tmp_path / "c.db")
    run_cli("demo", "--customers", "40", "--seed", "8", db=other, check=True)
    run_cli("export", "customers", tmp_path / "c-customers.csv", db=other, check=True)
    assert (tmp_path / "c-customers.csv").read_bytes() != outputs[0][0]


def test_demo_usage_errors(run_cli, tmp_path):
    proc = run_cli("demo", "--customers", "many", db=str(tmp_path / "x.db"))
    assert proc.returncode == 2 and "invalid int value" in proc.stderr
    proc = run_cli("demo", "--customers", "0", db=str(tmp_path / "x.db"))
    assert proc.returncode == 1 and proc.stderr.strip() == "salesterm: the demo needs between 1 and 1,000,000 customers"
    assert "Traceback" not in proc.stderr


def test_demo_on_postgresql(run_cli, pg_database_url):
    from salesterm.store.db import open_database
    from tests.conftest import _truncate_all

    db = open_database(pg_database_url)
    _truncate_all(db)
    db.close()
    proc = run_cli("demo", "--customers", "30", db=pg_database_url)
    assert proc.returncode == 0, proc.stderr
    check = run_cli("check", "--json", db=pg_database_url)
    assert check.returncode == 0 and json.loads(check.stdout)["counts"]["customer"] == 30
