"""A hypothesis state machine: one hub and three SQLite replicas; random edits of the same and of
different fields, deletes and undeletes, payments, and syncs in random order. After every quiet
round (everyone syncs until nothing moves): every replica equals the hub, no value anyone typed
is lost (it is the value now, or someone saw it and replaced it, or it is kept in a conflict
record), every payment is everywhere once, and payments never make a conflict.

SALESTERM_SYNC_EXAMPLES sets the number of examples (10 here; benchmarks/sync_trials.py runs more).
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test

from salesterm import clock
from salesterm.store.customers import create_customer
from salesterm.store.models import Customer, Payment, database
from salesterm.store.transactions import write_transaction
from tests.conftest import PG_URL
from tests.store.sync.support import Replica, assert_converged, create_hub, db_name, drop_hub, hub_rows

FIELDS = ("remark", "address", "district")
REPLICAS = 3
CUSTOMERS = 3


class SyncMachine(RuleBasedStateMachine):
    template = ""

    def __init__(self):
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="salesterm-sync-"))
        self.hub = create_hub(PG_URL, template=self.template)
        self.replicas = [Replica(self.folder / f"r{i}.db", f"rep{i}") for i in range(REPLICAS)]
        self.written: list[tuple[str, str, str]] = []
        self.replaced: set[tuple[str, str, str]] = set()
        self.payments: dict[str, int] = {}
        self.counter = 0

    @initialize()
    def seed(self):
        first = self.replicas[0]
        with first.open():
            self.customers = [create_customer({"name": f"客户{i}", "city": "杭州"}, allow_duplicate=True).id
                              for i in range(CUSTOMERS)]
        for r in self.replicas:
            r.sync(self.hub)

    def teardown(self):
        try:
            if hasattr(self, "customers"):
                self.quiet_round()  # every example ends with a quiet round and its checks
                n = len(hub_rows(self.hub, "sync_conflict"))
                event("conflict records: " + ("none" if n == 0 else "1-2" if n < 3 else "3+"))
        finally:
            drop_hub(PG_URL, self.hub)
            shutil.rmtree(self.folder, ignore_errors=True)

    def _value(self, field: str) -> str:
        self.counter += 1
        return f"{field}-{self.counter}"

    @rule(r=st.integers(0, REPLICAS - 1), c=st.integers(0, CUSTOMERS - 1), field=st.sampled_from(FIELDS))
    def edit(self, r, c, field):
        cid, value = self.customers[c], self._value(field)
        with self.replicas[r].open(), write_transaction():
            old = getattr(Customer.get_by_id(cid), field)
            Customer.update(**{field: value, "updated_at": clock.now()}).where(Customer.id == cid).execute()
        self.written.append((cid, field, value))
        self.replaced.add((cid, field, old))

    @rule(r=st.integers(0, REPLICAS - 1), c=st.integers(0, CUSTOMERS - 1))
    def delete_or_undelete(self, r, c):
        cid = self.customers[c]
        with self.replicas[r].open(), write_transaction():
            gone = Customer.get_by_id(cid).deleted_at is not None
            Customer.update(deleted_at=None if gone else clock.now(), updated_at=clock.now()).where(
                Customer.id == cid).execute()

    @rule(r=st.integers(0, REPLICAS - 1), c=st.integers(0, CUSTOMERS - 1), fen=st.integers(1, 10_000))
    def pay(self, r, c, fen):
        with self.replicas[r].open(), write_transaction():
            p = Payment.create(customer=self.customers[c], day=clock.today(), amount=fen)
        self.payments[p.id] = fen

    @rule(r=st.integers(0, REPLICAS - 1))
    def sync(self, r):
        self.replicas[r].sync(self.hub)

    @rule()
    def quiet_round(self):
        for r in self.replicas:
            r.sync(self.hub)
        for r in self.replicas[:-1]:
            r.sync(self.hub)
        self.check_everything()

    def check_everything(self):
        assert_converged(self.hub, *self.replicas, tables=("customer", "payment", "sync_conflict"))
        for r in self.replicas:
            assert r.outbox() == []
        now = hub_rows(self.hub, "customer")
        kept = {(c["row_id"], c["field"], json.loads(v))
                for c in hub_rows(self.hub, "sync_conflict").values() for v in (c["mine"], c["theirs"])}
        for cid, field, value in self.written:
            assert (now[cid][field] == value or (cid, field, value) in self.replaced
                    or (cid, field, value) in kept), f"{field} = {value!r} of {cid} was lost"
        conflicts = hub_rows(self.hub, "sync_conflict").values()
        assert all(c["tbl"] != "payment" for c in conflicts)
        for r in self.replicas:
            with r.open():
                rows = dict(Payment.select(Payment.id, Payment.amount).tuples())
                assert rows == self.payments
                assert database.execute_sql("SELECT COUNT(*), COUNT(DISTINCT id) FROM payment").fetchone() == (
                    len(self.payments), len(self.payments))


def test_replicas_converge_and_lose_nothing(hub_template):
    SyncMachine.template = db_name(hub_template)
    examples = int(os.environ.get("SALESTERM_SYNC_EXAMPLES", "10"))
    run_state_machine_as_test(SyncMachine, settings=settings(
        max_examples=examples, stateful_step_count=20, deadline=None, derandomize=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
