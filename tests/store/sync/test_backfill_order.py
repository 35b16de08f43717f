"""A backfill enters a whole table in the change log (`server init` over a team's database) or in
a laptop's outbox (its first sync, with what was typed before it joined): every row after the row
it names (a reversal after its payment, a customer after the file it was merged into), whatever
their stamps say. Pulled page by page and pushed batch by batch, each checks its foreign keys at
commit: a reversal stamped before its payment, in the page before it, failed the laptop's first
sync ("FOREIGN KEY constraint failed", a rare CI failure of a demo team)."""
from __future__ import annotations

import datetime as dt

import pytest

from salesterm import clock
from salesterm.store import db as store_db
from salesterm.store.customers import create_customer
from salesterm.store.customers.admin import merge_customers
from salesterm.store.ledger.receivables import record_payment, record_receivable, reverse_payment
from salesterm.store.models import database
from salesterm.store.sync import engine, hub_schema, hub_upgrade
from salesterm.store.transactions import write_transaction
from tests.conftest import PG_URL
from tests.store.sync.support import Replica, assert_converged, drop_hub, empty_database


def _team_data() -> dict:
    """Bound database: payments, one reversed, and a merge; the reversal and the merged-away file
    stamped long before what they name (clocks set back, an import of old files)."""
    day = clock.today()
    ids = [create_customer({"name": f"台州{n}号", "city": "台州"}, allow_duplicate=True).id for n in range(3)]
    record_receivable(ids[0], number="NO-1", issued=day, due=day + dt.timedelta(days=30), amount=500_00)
    paid = [record_payment(ids[0], amount=100_00 + n, day=day).id for n in range(4)]
    reversal = reverse_payment(paid[-1], day=day, note="退票").id
    merge_customers(ids[1], ids[2])
    with write_transaction():
        for table, row, when in (("payment", reversal, "2001-01-01 00:00:00"), ("payment", paid[-1], "2031-01-01"),
                                 ("customer", ids[2], "2001-01-01 00:00:00"), ("customer", ids[1], "2031-01-01")):
            database.execute_sql(f"UPDATE {table} SET created_at = {database.obj.param} WHERE id = "
                                 f"{database.obj.param}", (when, row))
    return {"reversal": reversal, "merged": ids[2]}


@pytest.fixture
def team_db():
    if not PG_URL:
        pytest.skip("set SALESTERM_TEST_PG=postgresql://user@host:port/db to run the sync tests")
    url = empty_database(PG_URL)
    yield url
    store_db.close_database()
    drop_hub(PG_URL, url)


def test_server_init_over_a_team_database_logs_each_row_after_the_row_it_names(team_db, tmp_path):
    store_db.open_database(team_db)
    try:
        _team_data()
    finally:
        store_db.close_database()
    with engine.connect(team_db) as conn:
        hub_schema.install(conn)
        hub_upgrade.record(conn)
    laptop = Replica(tmp_path / "laptop.db", "alice")
    laptop.sync(team_db, page=2)  # the reversal's and the merged file's pages come after their parents'
    assert_converged(team_db, laptop, tables=("customer", "payment", "payment_allocation"))


def test_a_laptops_first_push_sends_each_row_after_the_row_it_names(hub, tmp_path):
    laptop = Replica(tmp_path / "laptop.db", "alice")
    with laptop.open():
        _team_data()  # typed before the laptop joined: its first sync backfills the outbox
    laptop.sync(hub, batch=1)
    assert laptop.outbox() == []
    assert_converged(hub, laptop, tables=("customer", "payment", "payment_allocation"))
