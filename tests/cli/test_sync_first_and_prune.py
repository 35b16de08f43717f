"""The command line of team sync, end to end: a laptop's first sync lists its customers that look
like the server's (never merged), and `server prune` sends a laptop with an old copy through a
re-download after its changes are pushed."""
from __future__ import annotations

import json

from salesterm.store import db as store_db


def _customers(path: str, *rows: dict) -> None:
    from salesterm.store.customers import create_customer

    store_db.open_database(path)
    try:
        for row in rows:
            create_customer(row, allow_duplicate=True)
    finally:
        store_db.close_database()


def test_first_sync_lists_customers_that_look_like_the_servers_and_merges_nothing(run_cli, hub_url, tmp_path):
    a, b, c = (str(tmp_path / f"{n}.db") for n in "abc")
    _customers(a, {"name": "杭州联华超市", "city": "杭州", "phone": "0571-88001234"},
               {"name": "宁波三江购物", "city": "宁波"}, {"name": "温州五马百货", "city": "温州"})
    _customers(b, {"name": "杭州联华超市", "city": "杭州市"},  # the same name and city
               {"name": "联华杭州分店", "city": "杭州", "phone": "0571 8800 1234"},  # the same phone
               {"name": "宁波三江购物", "city": "上海"},  # the same name in another city: not the same
               {"name": "湖州银泰", "city": "湖州"})
    first = json.loads(run_cli("--rep", "王伟", "sync", "--server", hub_url, "--json", db=a, check=True).stdout)
    assert first["duplicates"] == []  # nothing on the server yet
    out = json.loads(run_cli("--rep", "李娜", "sync", "--server", hub_url, "--json", db=b, check=True).stdout)
    pairs = sorted((d["mine"]["name"], d["theirs"]["name"], d["rule"]) for d in out["duplicates"])
    assert pairs == [("杭州联华超市", "杭州联华超市", "name"), ("联华杭州分店", "杭州联华超市", "phone")]
    assert set(out["duplicates"][0]["mine"]) == {"id", "code", "name", "city", "phone"}
    again = json.loads(run_cli("sync", "--json", db=b, check=True).stdout)
    assert again["duplicates"] == []  # listed on the first sync only; the dup filter keeps them findable

    _customers(c, {"name": "温州五马百货", "city": "温州"})
    text = run_cli("--rep", "张强", "sync", "--server", hub_url, db=c, check=True).stdout
    assert "1 of your customers looks like one already on the server (not merged):" in text
    assert "温州五马百货 (温州)" in text and "same name and city" in text and "dup" in text

    for path in (a, b):
        run_cli("sync", db=path, check=True)
    counts = json.loads(run_cli("check", "--json", db=a, check=True).stdout)["counts"]
    assert counts["customer"] == 8  # every file of the three laptops: nothing merged or dropped

    from salesterm.domain.list_filters import parse
    from salesterm.store.customers.listing import ListQuery, open_list

    store_db.open_database(b)
    try:
        found = open_list(ListQuery(filters=parse("dup")))
        names = sorted(r.name for r in found.rows(0, 20))
    finally:
        store_db.close_database()
    # findable in the customers list: the shared name pairs and the shared phone
    assert names == sorted(["杭州联华超市", "杭州联华超市", "联华杭州分店", "宁波三江购物", "宁波三江购物",
                            "温州五马百货", "温州五马百货"])


def test_server_prune_then_an_old_copy_pushes_and_downloads_again(run_cli, run_subprocess, hub_url, tmp_path):
    from salesterm.store.customers import update_customer
    from salesterm.store.models import Customer

    a, b = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    run_cli("demo", "--customers", "5", db=a, check=True)
    run_cli("--rep", "王伟", "sync", "--server", hub_url, db=a, check=True)
    run_cli("--rep", "李娜", "sync", "--server", hub_url, db=b, check=True)
    store_db.open_database(b)
    first, second = [c.id for c in Customer.select().order_by(Customer.id).limit(2)]
    update_customer(first, {"remark": "李娜离线时写的"})  # b stays offline
    store_db.close_database()
    store_db.open_database(a)
    update_customer(second, {"remark": "王伟后来写的"})
    store_db.close_database()
    run_cli("sync", db=a, check=True)

    pruned = json.loads(run_cli("server", "prune", hub_url, "--keep-days", "0", "--json", check=True).stdout)
    assert set(pruned) == {"server", "keep_days", "horizon", "removed", "tombstones", "kept"}
    assert pruned["horizon"] > 0 and pruned["removed"] > 0
    zh = run_cli("--lang", "zh", "server", "prune", hub_url, "--keep-days", "30", check=True).stdout
    assert "变更日志已清理到序号" in zh

    proc = run_subprocess("sync", "--json", db=b)
    assert proc.returncode == 0, proc.stderr
    assert "your copy is too old; re-downloading your share after sending your changes" in proc.stderr
    out = json.loads(proc.stdout)
    assert out["redownloaded"] is True and out["pushed"] == 1 and out["rejected"] == 0
    run_cli("sync", db=a, check=True)
    for path in (a, b):
        store_db.open_database(path)
        try:
            assert Customer.get_by_id(first).remark == "李娜离线时写的"
            assert Customer.get_by_id(second).remark == "王伟后来写的"
        finally:
            store_db.close_database()
    quiet = run_subprocess("sync", "--json", db=b)
    assert quiet.returncode == 0 and "too old" not in quiet.stderr


def test_server_prune_refuses_what_is_not_a_team_server(run_cli, tmp_path):
    result = run_cli("server", "prune", str(tmp_path / "x.db"))
    assert result.returncode == 1 and "PostgreSQL" in result.stderr
