"""The command line of a write-off on one laptop against a payment on the other
(store/sync/write_offs): both sync, `sync --json` counts the conflict, `conflicts --json` lists the
write-off as asked on both laptops and on the hub, and `check` is clean on each."""
from __future__ import annotations

import datetime as dt
import json


def test_a_write_off_against_a_payment_on_two_laptops_is_a_conflict_and_check_stays_clean(run_cli, hub_url, tmp_path):
    from salesterm import clock
    from salesterm.store import db as store_db
    from salesterm.store.customers import create_customer
    from salesterm.store.ledger.receivables import record_payment, record_receivable, write_off

    a, b = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    store_db.open_database(a)
    cid = create_customer({"name": "衢州五金", "city": "衢州"}).id
    issued = clock.today() - dt.timedelta(days=40)
    bill = record_receivable(cid, number="QZ-1", issued=issued, due=issued + dt.timedelta(days=30), amount=8_000).id
    store_db.close_database()
    run_cli("--rep", "王伟", "sync", "--server", hub_url, db=a, check=True)
    run_cli("--rep", "李娜", "sync", "--server", hub_url, db=b, check=True)

    store_db.open_database(a)  # offline: 王伟 writes the bill off, 李娜 collects it
    write_off(bill, amount=8_000, reason="客户倒闭", day=clock.today())
    store_db.close_database()
    store_db.open_database(b)
    record_payment(cid, amount=8_000, day=clock.today())
    store_db.close_database()

    run_cli("--rep", "李娜", "sync", db=b, check=True)
    second = json.loads(run_cli("--rep", "王伟", "sync", "--json", db=a, check=True).stdout)
    assert second["conflicts"] == 1 and second["rejected"] == 0
    run_cli("--rep", "李娜", "sync", db=b, check=True)
    shown = [json.loads(run_cli("conflicts", "--json", db=p, check=True).stdout) for p in (a, b, hub_url)]
    assert shown[0] == shown[1] == shown[2] and len(shown[0]) == 1
    (c,) = shown[0]
    assert (c["table"], c["row_id"], c["field"], c["mine"], c["theirs"]) == ("receivable", bill, "written_off",
                                                                              8_000, 0)
    assert (c["mine_by"], c["theirs_by"], c["status"]) == ("王伟", "李娜", "open")
    text = run_cli("conflicts", db=a, check=True).stdout  # in yuan for the reader (the JSON keeps fen)
    assert "written_off: base '0.00', mine '80.00'" in text and "theirs '0.00'" in text, text
    for p in (a, b):
        report = json.loads(run_cli("check", "--json", db=p, check=True).stdout)
        assert report["ok"] and report["findings"] == []
