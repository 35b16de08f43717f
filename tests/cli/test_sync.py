"""The command line of team sync: server init, sync, conflicts (two laptops and a hub)."""
from __future__ import annotations

import json

import pytest

from tests.conftest import PG_URL
from tests.store.sync.support import drop_hub


@pytest.fixture
def empty_pg():
    if not PG_URL:
        pytest.skip("set SALESTERM_TEST_PG=postgresql://user@host:port/db to run the sync tests")
    from tests.store.sync.support import empty_database

    url = empty_database(PG_URL)
    yield url
    drop_hub(PG_URL, url)


def test_server_init_creates_the_hub_and_runs_again_harmlessly(run_cli, empty_pg, tmp_path):
    first = run_cli("server", "init", empty_pg, "--json", check=True)
    out = json.loads(first.stdout)
    assert out["tables"] >= 19 and out["backfilled"] == 0 and out["schema_version"] >= 10
    again = run_cli("server", "init", empty_pg, check=True)
    assert "team server ready" in again.stdout


def test_server_init_over_a_team_database_enters_its_rows_in_the_log(run_cli, empty_pg, tmp_path):
    run_cli("demo", "--customers", "10", db=empty_pg, check=True)  # a team already working on PostgreSQL
    out = json.loads(run_cli("server", "init", empty_pg, "--json", check=True).stdout)
    assert out["backfilled"] > 10
    laptop = str(tmp_path / "laptop.db")
    run_cli("sync", "--server", empty_pg, db=laptop, check=True)
    counts = json.loads(run_cli("check", "--json", db=laptop, check=True).stdout)["counts"]
    assert counts["customer"] == 10


def test_two_laptops_offline_edits_conflict_shown_resolved_synced_back(run_cli, hub_url, tmp_path):
    a, b = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    run_cli("demo", "--customers", "5", db=a, check=True)
    pushed = json.loads(run_cli("--rep", "王伟", "sync", "--server", hub_url, "--json", db=a, check=True).stdout)
    assert set(pushed) == {"pushed", "pulled", "conflicts", "rejected", "seconds", "server_seq", "duplicates",
                           "redownloaded"}
    assert pushed["pushed"] > 0 and pushed["rejected"] == 0
    pulled = json.loads(run_cli("--rep", "李娜", "sync", "--server", hub_url, "--json", db=b, check=True).stdout)
    assert pulled["pulled"] == pulled["server_seq"] > 0

    # both offline: the same customer's remark typed differently on each laptop
    from salesterm.store import db as store_db
    from salesterm.store.customers import update_customer
    from salesterm.store.models import Customer

    for path, text in ((a, "王伟的备注"), (b, "李娜的备注")):
        store_db.open_database(path)
        cid = Customer.select(Customer.id).order_by(Customer.id).first().id
        update_customer(cid, {"remark": text})
        store_db.close_database()

    run_cli("--rep", "王伟", "sync", db=a, check=True)  # the server is remembered
    second = json.loads(run_cli("--rep", "李娜", "sync", "--json", db=b, check=True).stdout)
    assert second["conflicts"] == 1
    run_cli("sync", db=a, check=True)
    shown = [json.loads(run_cli("conflicts", "--json", db=p, check=True).stdout) for p in (a, b, hub_url)]
    assert shown[0] == shown[1] == shown[2] and len(shown[0]) == 1  # the hub opened directly lists it too
    (c,) = shown[0]
    assert set(c) == {"id", "table", "row_id", "field", "base", "mine", "theirs", "mine_by", "theirs_by",
                      "mine_at", "theirs_at", "status"}
    assert (c["table"], c["field"], c["mine"], c["theirs"]) == ("customer", "remark", "李娜的备注", "王伟的备注")
    assert (c["mine_by"], c["theirs_by"], c["status"]) == ("李娜", "王伟", "open")
    text = run_cli("--lang", "zh", "conflicts", db=a, check=True).stdout
    assert "王伟的备注" in text and "对方" in text

    from salesterm.store.sync import conflicts

    store_db.open_database(a)
    conflicts.resolve(c["id"], "王伟的备注")  # a takes its own value back
    store_db.close_database()
    run_cli("sync", db=a, check=True)
    run_cli("sync", db=b, check=True)
    assert json.loads(run_cli("conflicts", "--json", db=b, check=True).stdout) == []
    store_db.open_database(b)
    assert Customer.get_by_id(c["row_id"]).remark == "王伟的备注"
    store_db.close_database()


def test_an_unreachable_server_is_one_line_exit_1_without_the_password(run_subprocess, tmp_path):
    proc = run_subprocess("sync", "--server", "postgresql://wangwei:s3cret@127.0.0.1:1/sales",
                          db=str(tmp_path / "laptop.db"))
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot reach the team server" in lines[0]
    assert "s3cret" not in proc.stderr + proc.stdout


def test_sync_without_a_server_says_how_to_give_one(run_cli, tmp_path):
    result = run_cli("sync", db=str(tmp_path / "laptop.db"))
    assert result.returncode == 1 and "--server" in result.stderr


def test_server_init_refuses_a_file(run_cli, tmp_path):
    result = run_cli("server", "init", str(tmp_path / "x.db"))
    assert result.returncode == 1 and "PostgreSQL" in result.stderr


def test_conflicts_on_a_laptop_that_never_synced_is_empty(run_cli, tmp_path):
    assert json.loads(run_cli("conflicts", "--json", db=str(tmp_path / "l.db"), check=True).stdout) == []
    assert "No conflicts." in run_cli("conflicts", db=str(tmp_path / "l.db"), check=True).stdout


@pytest.mark.xdist_group("bench_logins")  # every bench sync drops stale logins
def test_bench_sync_reports_push_and_pull_times(run_cli, empty_pg):
    out = json.loads(run_cli("bench", "sync", "--server", empty_pg, "--customers", "40", "--share", "20", "--json",
                             check=True).stdout)
    assert out["login"] == "rep" and out["rejected"] == 0  # a rep's login under row-level security
    assert out["changed_fields"] == 200 and out["push_ops"] == 40 and out["pull_entries"] == 40
    # the rep's share: every customer (given to the rep), not the other reps' own rows
    assert out["share_customers"] == out["first_share_customers_here"] == 20
    assert 20 < out["first_share_pulled"] < out["share_rows"]
    assert out["first_share_s"] > 0 and out["share_budget_s"] == 30.0
    assert out["push_s"] > 0 and out["pull_s"] > 0
    again = run_cli("bench", "sync", "--server", empty_pg, "--customers", "40")
    assert again.returncode == 1 and "empty" in again.stderr


@pytest.mark.xdist_group("bench_logins")  # every bench sync drops stale logins
def test_bench_sync_drops_the_logins_a_killed_run_left_and_no_running_ones(run_cli, empty_pg):
    """A `bench sync` killed before its end leaves its bench_rep_<pid> login: the next run drops it
    (its process is gone), never the login of a bench still running."""
    import os
    import subprocess
    import sys

    import psycopg

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    stale, running = f"bench_rep_{dead.pid}", f"bench_rep_{alive.pid}"
    names = (stale, running)
    try:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            for name in names:
                conn.execute(f'CREATE ROLE "{name}" LOGIN')
        out = json.loads(run_cli("bench", "sync", "--server", empty_pg, "--customers", "5", "--share", "0",
                                 "--json", check=True).stdout)
        assert out["stale_logins_dropped"] >= 1
        with psycopg.connect(PG_URL) as conn:
            left = {r[0] for r in conn.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE 'bench_rep_%'")}
        assert running in left and stale not in left
        assert f"bench_rep_{os.getpid()}" not in left  # this run's own, dropped at its end
    finally:
        alive.kill()
        alive.wait()
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP ROLE IF EXISTS "{name}"')


@pytest.mark.xdist_group("bench_logins")  # every bench sync drops stale logins
def test_bench_sync_as_the_owner_downloads_the_whole_log(run_cli, empty_pg):
    out = json.loads(run_cli("bench", "sync", "--server", empty_pg, "--customers", "10", "--share", "5",
                             "--login", "owner", "--json", check=True).stdout)
    assert out["login"] == "owner" and out["rejected"] == 0 and out["push_ops"] == 10
    assert out["first_share_pulled"] == out["share_rows"] > 5


def test_a_laptop_clock_far_ahead_of_the_server_is_named_suspect(run_cli, hub_url, tmp_path, monkeypatch):
    import time

    real = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real() + 3 * 24 * 3600 * 10**9)
    result = run_cli("sync", "--server", hub_url, "--json", db=str(tmp_path / "l.db"), check=True)
    assert "hours ahead of the team server" in result.stderr
    assert json.loads(result.stdout)["rejected"] == 0


def test_a_payment_reversed_on_two_laptops_is_reversed_once_and_the_second_listed(run_cli, hub_url, tmp_path):
    """Issue 12: a payment can be reversed once. Both laptops reverse it offline; after syncing,
    `check` is clean on both and `conflicts` lists the second reversal (who, when) on both."""
    from salesterm import clock
    from salesterm.store import db as store_db
    from salesterm.store.customers import create_customer
    from salesterm.store.ledger.receivables import record_payment, reverse_payment

    a, b = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    store_db.open_database(a)
    cid = create_customer({"name": "衢州百货", "city": "衢州"}, allow_duplicate=True).id
    paid = record_payment(cid, amount=5_000, day=clock.today()).id
    store_db.close_database()
    run_cli("--rep", "王伟", "sync", "--server", hub_url, db=a, check=True)
    run_cli("--rep", "李娜", "sync", "--server", hub_url, db=b, check=True)
    for path in (a, b):
        store_db.open_database(path)
        reverse_payment(paid, day=clock.today(), note="退款")
        store_db.close_database()
    run_cli("sync", db=a, check=True)
    assert json.loads(run_cli("sync", "--json", db=b, check=True).stdout)["conflicts"] == 1
    run_cli("sync", db=a, check=True)
    for path in (a, b):
        assert json.loads(run_cli("check", "--json", db=path, check=True).stdout)["ok"] is True
    shown = [json.loads(run_cli("conflicts", "--json", db=p, check=True).stdout) for p in (a, b)]
    assert shown[0] == shown[1]
    (c,) = shown[0]
    assert (c["table"], c["field"], c["mine"], c["mine_by"], c["theirs_by"]) == (
        "payment", "deleted_at", None, "李娜", "王伟")
    text = run_cli("--lang", "zh", "conflicts", db=b, check=True).stdout
    assert "李娜" in text and "王伟" in text
