"""A hub whose own SQL is older than this salesterm's (store/sync/hub_upgrade) is brought up to
date by the next sync of a login that may (the owner, here the test's superuser): a touch on the
hub (updated_at alone, issue 12) then reaches the laptops."""
from __future__ import annotations

from salesterm.store.customers import create_customer
from salesterm.store.sync import hub_upgrade
from tests.cli.test_hub_upgrade import NEW_CAPTURE_TEST, OLD_CAPTURE
from tests.store.sync.support import Replica, assert_converged, hub_execute, hub_rows


def test_a_sync_renews_a_hub_whose_functions_are_older(hub, tmp_path):
    a = Replica(tmp_path / "a.db", "alice")
    with a.open():
        cid = create_customer({"name": "衢州商城", "city": "衢州"}, allow_duplicate=True).id
    a.sync(hub)
    hub_execute(hub, OLD_CAPTURE)
    hub_execute(hub, "UPDATE sync_hub SET functions = 'older'")
    a.sync(hub)
    [(source,)] = hub_execute(hub, "SELECT prosrc FROM pg_proc WHERE proname = 'salesterm_sync_capture'")
    assert NEW_CAPTURE_TEST in source
    assert hub_execute(hub, "SELECT functions FROM sync_hub") == [(hub_upgrade.fingerprint(),)]
    hub_execute(hub, "UPDATE customer SET updated_at = updated_at + interval '1 day' WHERE id = %s", [cid])
    a.sync(hub)
    assert_converged(hub, a)
    assert a.rows("customer")[cid]["updated_at"] == hub_rows(hub, "customer")[cid]["updated_at"]
