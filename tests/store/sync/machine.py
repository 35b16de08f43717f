"""The team-sync state machine (issue 12): one hub (the real PostgreSQL, a fresh database copied
from a template per example) and three to five SQLite replicas, driven by hypothesis.

Rules: customers created, fields edited (the same and different fields on several replicas),
customers deleted and undeleted, receivables billed, payments and reversals, receivables written
off in part (`write_off`; `write_off_while_paid`: one billed and synced to two replicas, then
written off on one while the other takes a payment for it before either syncs), deals created and
moved between stages on several replicas, customer merges (one replica merges A into B while
another still edits A and writes rows for it), bulk imports, syncs in random order with random
batch and page sizes, answers lost (the hub committed, the laptop never heard), pull pages
delivered twice, and crashes injected at each step of push and pull.

After every quiet round (everybody syncs until nothing moves; `check_everything`):
- every replica equals the hub, table by table, and its outbox is empty;
- every value anyone typed is in the data, or was seen and replaced, or is kept in a conflict record;
- every payment, stage change and customer written is there once (no duplicate or lost id), no
  payment, stage change or merge makes a conflict record, but a payment reversed on two replicas
  (the `reverse_on_two` rule): it is reversed once, the second reversal kept cancelled with its
  allocations and a conflict record on it;
- a receivable written off on one replica and paid on another (store/sync/write_offs) keeps the
  money: its live allocations + written_off fit its amount (`check`, below), the write-off cut to
  what is open with a conflict record on (receivable, written_off);
- an order's price decided on two replicas (`decide_price_on_two`) is decided once: its live
  decision rows are one decision, one row per line, the other kept cancelled with a conflict record;
- a deal's stage is its stage history's latest, on every side;
- no row names a customer merged away (a merge redirects what others wrote for it);
- payment totals and aging are the same on every replica and on the hub, and `check` finds nothing
  on the hub nor on any replica, money moved on two laptops offline included (the hub is the
  arbiter of allocations, store/sync/once): no payment or receivable over-allocated, no credit
  left while the customer owes, no cancelled payment with live allocations, no reversal counted
  twice or netting wrong, no allocation of the wrong sign or customer, every `paid` its
  allocations, every summary right.

Used by tests/store/sync/test_machine.py (a few examples; 200 under CI) and by
benchmarks/sync_trials.py (1,000 trials).
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path
from unittest import mock

from hypothesis import event, note
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

from salesterm import clock
from salesterm.domain import stage_history
from salesterm.domain.errors import UserError
from salesterm.store import db as store_db
from salesterm.store.customers import create_customer
from salesterm.store.customers.admin import merge_customers
from salesterm.store.io.importing import import_customers
from salesterm.store.ledger import verify
from salesterm.store.ledger.receivables import record_payment, record_receivable, reverse_payment, write_off
from salesterm.store.models import (
    Customer,
    Deal,
    DealStageChange,
    OrderLine,
    Payment,
    Product,
    Receivable,
    Rep,
    SalesOrder,
    database,
)
from salesterm.store.orders.lifecycle import decide_price
from salesterm.store.sales.deals import create_deal, move_deal
from salesterm.store.sync import engine, hub, replica
from salesterm.store.sync.tables import canonical, synced_tables
from salesterm.store.transactions import write_transaction
from tests.store.sync.support import Replica, hub_rows

FIELDS = ("remark", "address", "district")
STAGES = ("prepare", "observe", "opening", "present", "objections", "close", "signed", "lost")
SEED_CUSTOMERS = 3
CRASH_POINTS = ("push_in_hub_transaction", "push_after_hub_commit", "after_push_before_pull", "mid_pull_between_pages",
                "page_applied_before_cursor", "after_pages_before_summaries")


class Crash(Exception):
    """A crash injected into a sync (the process died at that point)."""


def _boom(*_a, **_k):
    raise Crash


KEEP = ("schema_version", "sync_hub", "search_stamp")  # what a new hub holds: kept by a reset


def reset_hub(url: str) -> None:
    """The hub as `server init` left it (a fast reset between examples): every table emptied but
    the schema's version, the hub's clock set back to zero."""
    import psycopg

    with psycopg.connect(url) as conn:
        tables = [t for (t,) in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
                  if t not in KEEP]
        conn.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables))
        conn.execute("UPDATE sync_hub SET hlc = '000000000000000-000000' WHERE id = 1")


def fast_hub(url: str) -> None:
    """The test hub's commits do not wait for the disk (synchronous_commit off, this database
    only): the machine's crashes are the client's, never the server's, and a run is 2-3x faster."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET synchronous_commit = off', "
                     "current_database()); END $$")


class SyncMachine(RuleBasedStateMachine):
    hub_url = ""  # one hub database for all examples, reset before each (reset_hub)
    replica_template: Path | None = None  # an empty migrated SQLite file every replica copies

    def __init__(self):
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="salesterm-sync-"))
        self.hub = self.hub_url
        reset_hub(self.hub)
        self.replicas: list[Replica] = []
        self.customers: list[str] = []
        self.deals: list[str] = []
        self.payments: dict[str, int] = {}
        self.moves: set[str] = set()
        self.written: list[tuple[str, str, str]] = []
        self.replaced: set[tuple[str, str, str]] = set()
        self.counter = 0

    # -- set up and tear down ---------------------------------------------------------------
    @initialize(n=st.integers(3, 5))
    def seed(self, n):
        for i in range(n):
            path = self.folder / f"r{i}.db"
            if self.replica_template is not None:
                shutil.copyfile(self.replica_template, path)
            self.replicas.append(Replica(path, f"rep{i}"))
        with self.replicas[0].open():
            for i in range(SEED_CUSTOMERS):
                cid = create_customer({"name": f"客户{i}", "city": "杭州"}, allow_duplicate=True).id
                self.customers.append(cid)
                self.deals.append(create_deal(cid, title=f"单{i}").id)
            with write_transaction():  # orders priced below this floor wait for a manager's decision
                self.product = Product.create(code="JY-1", name="机油", unit="桶", list_price=100_00,
                                              floor_price=90_00).id
                self.managers = [Rep.create(name=n, role="manager").id for n in ("经理甲", "经理乙")]
        for r in self.replicas:
            r.sync(self.hub)

    def teardown(self):
        try:
            if self.replicas:
                self.quiet_round()  # every example ends with a quiet round and its checks
                n = len(hub_rows(self.hub, "sync_conflict"))
                event("conflict records: " + ("none" if n == 0 else "1-2" if n < 3 else "3+"))
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _next(self, what: str) -> str:
        self.counter += 1
        return f"{what}-{self.counter}"

    def _replica(self, r: int) -> Replica:
        return self.replicas[r % len(self.replicas)]

    @contextlib.contextmanager
    def _on(self, r: int):
        """Replica R opened; a refusal of the app's own rules (a merged file, a reversed payment) is no step."""
        with self._replica(r).open():
            try:
                yield
            except UserError as exc:
                note(f"refused on r{r % len(self.replicas)}: {exc}")

    @staticmethod
    def _live(cid: str) -> Customer | None:
        return Customer.get_or_none((Customer.id == cid) & Customer.deleted_at.is_null())

    # -- writes on a replica ----------------------------------------------------------------
    @rule(r=st.integers(0, 4))
    def create(self, r):
        with self._on(r):
            cid = create_customer({"name": self._next("新客户"), "city": "宁波"}, allow_duplicate=True).id
            self.customers.append(cid)

    @rule(r=st.integers(0, 4), c=st.integers(0, 50), field=st.sampled_from(FIELDS))
    def edit(self, r, c, field):
        cid, value = self.customers[c % len(self.customers)], self._next(field)
        with self._on(r), write_transaction():
            row = Customer.get_or_none(Customer.id == cid)
            if row is None:
                return  # not on this replica yet
            Customer.update(**{field: value, "updated_at": clock.now()}).where(Customer.id == cid).execute()
            self.written.append((cid, field, value))
            self.replaced.add((cid, field, getattr(row, field)))

    @rule(r=st.integers(0, 4), c=st.integers(0, 50))
    def delete_or_undelete(self, r, c):
        cid = self.customers[c % len(self.customers)]
        with self._on(r), write_transaction():
            row = Customer.get_or_none(Customer.id == cid)
            if row is None or row.merged_into_id:
                return
            gone = row.deleted_at is not None
            Customer.update(deleted_at=None if gone else clock.now(), updated_at=clock.now()).where(
                Customer.id == cid).execute()

    @rule(r=st.integers(0, 4), c=st.integers(0, 50), fen=st.integers(1, 100_000), days=st.integers(0, 200))
    def bill(self, r, c, fen, days):
        cid = self.customers[c % len(self.customers)]
        with self._on(r):
            if self._live(cid):
                issued = clock.today() - dt.timedelta(days=days)
                record_receivable(cid, number=self._next("NO"), issued=issued, due=issued + dt.timedelta(days=30),
                                  amount=fen)

    @rule(r=st.integers(0, 4), c=st.integers(0, 50), fen=st.integers(1, 50_000))
    def pay(self, r, c, fen):
        cid = self.customers[c % len(self.customers)]
        with self._on(r):
            if self._live(cid):
                p = record_payment(cid, amount=fen, day=clock.today())
                self.payments[p.id] = fen

    @rule(r=st.integers(0, 4), k=st.integers(0, 50))
    def reverse(self, r, k):
        with self._on(r):
            mine = sorted(pid for (pid,) in Payment.select(Payment.id).where(
                Payment.amount > 0, Payment.deleted_at.is_null()).tuples())
            if not mine:
                return
            rev = reverse_payment(mine[k % len(mine)], day=clock.today(), note="退款")
            self.payments[rev.id] = rev.amount

    @rule(r=st.integers(0, 4), s=st.integers(1, 4), k=st.integers(0, 50))
    def reverse_on_two(self, r, s, k):
        """One payment reversed on two replicas before either syncs (store/sync/once: reversed once)."""
        with self._replica(r).open():
            live = sorted(pid for (pid,) in Payment.select(Payment.id).where(
                Payment.amount > 0, Payment.deleted_at.is_null()).tuples())
        if not live:
            return
        for i in (r, r + s):
            self.reverse_payment_on(i, live[k % len(live)])
        event("one payment reversed on two replicas")

    @rule(r=st.integers(0, 4), s=st.integers(1, 4), c=st.integers(0, 50))
    def decide_price_on_two(self, r, s, c):
        """An order below the floor, known to two replicas, its price decided on both before either
        syncs (store/sync/decided_once: the first decision to reach the hub stands)."""
        cid = self.customers[c % len(self.customers)]
        with self._replica(r).open():
            if not self._live(cid):
                return
            with write_transaction():
                order = SalesOrder.create(number=self._next("SO"), customer=cid, day=clock.today(), total=80_00)
                OrderLine.create(order=order.id, product=self.product, qty=1, price=80_00, amount=80_00,
                                 below_floor=True, price_source="manual")
        for i in (r, r + s):
            self._replica(i).sync(self.hub)
        for i, (boss, decision) in zip((r, r + s), zip(self.managers, ("approved", "refused"), strict=True),
                                       strict=True):
            with self._on(i):
                decide_price(order.id, boss, decision)
        event("one order's price decided on two replicas")

    @rule(r=st.integers(0, 4), k=st.integers(0, 50), percent=st.integers(1, 100))
    def write_off(self, r, k, percent):
        """A random open receivable of replica R, PERCENT of what is open on it written off, with a reason."""
        with self._on(r):
            found = self._open_receivables()
            if found:
                rid, left = found[k % len(found)]
                write_off(rid, amount=max(1, left * percent // 100), reason=self._next("核销"), day=clock.today())
                event("write-off")

    @rule(r=st.integers(0, 4), s=st.integers(1, 4), c=st.integers(0, 50), bill=st.integers(1, 100_000),
          percent=st.integers(1, 100), fen=st.integers(1, 100_000))
    def write_off_while_paid(self, r, s, c, bill, percent, fen):
        """A receivable billed on replica R (the customer's oldest due) and synced to R and R+S;
        then, before either syncs again, R writes off PERCENT of what is open on it while R+S
        takes FEN for the customer (its ledger allocates oldest due first): money received wins
        over the write-off on the hub (store/sync/write_offs)."""
        cid = self.customers[c % len(self.customers)]
        with self._on(r):
            if not self._live(cid):
                return
            issued = clock.today() - dt.timedelta(days=400)
            rid = record_receivable(cid, number=self._next("NO"), issued=issued, due=issued + dt.timedelta(days=30),
                                    amount=bill).id
        for i in (r, r + s):
            self._replica(i).sync(self.hub)
        with self._on(r + s):
            if self._live(cid):
                p = record_payment(cid, amount=fen, day=clock.today())
                self.payments[p.id] = fen
        with self._on(r):
            left = [fen for i, fen in self._open_receivables() if i == rid]
            if left:
                write_off(rid, amount=max(1, left[0] * percent // 100), reason=self._next("核销"), day=clock.today())
                event("one receivable written off on a replica and paid on another")

    @staticmethod
    def _open_receivables() -> list[tuple[str, int]]:
        """(id, fen open) of the live receivables open on the replica opened, of live customers, in id order."""
        return [(rid, int(left)) for rid, left in Receivable.select(
            Receivable.id, Receivable.amount - Receivable.paid - Receivable.written_off).join(
            Customer, on=(Customer.id == Receivable.customer)).where(
            Receivable.deleted_at.is_null(), Customer.deleted_at.is_null(), Customer.merged_into.is_null(),
            Receivable.amount > Receivable.paid + Receivable.written_off).order_by(Receivable.id).tuples()]

    def reverse_payment_on(self, r: int, payment_id: str) -> None:
        with self._on(r):
            if Payment.get_or_none(Payment.id == payment_id) is not None:
                rev = reverse_payment(payment_id, day=clock.today(), note="退款")
                self.payments[rev.id] = rev.amount

    @rule(r=st.integers(0, 4), c=st.integers(0, 50))
    def new_deal(self, r, c):
        cid = self.customers[c % len(self.customers)]
        with self._on(r):
            if self._live(cid):
                self.deals.append(create_deal(cid, title=self._next("deal")).id)

    @rule(r=st.integers(0, 4), d=st.integers(0, 50), stage=st.sampled_from(STAGES))
    def move(self, r, d, stage):
        deal = self.deals[d % len(self.deals)]
        with self._on(r):
            row = Deal.get_or_none((Deal.id == deal) & Deal.deleted_at.is_null())
            if row is None or row.stage == stage:
                return
            before = {i for (i,) in DealStageChange.select(DealStageChange.id).where(
                DealStageChange.deal == deal).tuples()}
            move_deal(deal, stage, lost_reason="价格" if stage == "lost" else None, confirm_override=True)
            self.moves |= {i for (i,) in DealStageChange.select(DealStageChange.id).where(
                DealStageChange.deal == deal).tuples()} - before

    @rule(r=st.integers(0, 4), a=st.integers(0, 50), b=st.integers(1, 50))
    def merge(self, r, a, b):
        n = len(self.customers)
        survivor, loser = self.customers[a % n], self.customers[(a + 1 + b % (n - 1)) % n]
        with self._on(r):
            if self._live(survivor) and self._live(loser):
                merge_customers(survivor, loser)
                event("merge")

    @rule(r=st.integers(0, 4), k=st.integers(1, 4))
    def bulk_import(self, r, k):
        names = [self._next("导入") for _ in range(k)]
        path = self.folder / f"{self._next('import')}.csv"
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows([["客户名称", "城市", "备注"], *[[n, "温州", f"批量{n}"] for n in names]])
        with self._on(r):
            import_customers(path)
            self.customers += [i for (i,) in Customer.select(Customer.id).where(Customer.name.in_(names)).tuples()]

    # -- syncs ------------------------------------------------------------------------------
    @rule(r=st.integers(0, 4), batch=st.sampled_from([1, 3, 1000]), page=st.sampled_from([2, 7, 1000]))
    def sync(self, r, batch, page):
        self._replica(r).sync(self.hub, batch=batch, page=page)

    @rule(r=st.integers(0, 4), point=st.sampled_from(CRASH_POINTS), batch=st.sampled_from([1, 1000]))
    def crash(self, r, point, batch):
        """A sync killed at POINT: nothing it committed is lost, nothing is applied twice."""
        calls = {"n": 0}

        def second_page(*a, **k):
            calls["n"] += 1
            if calls["n"] > 1:
                raise Crash
            return real_apply(*a, **k)

        real_apply = replica.apply_page
        patches = {
            "push_in_hub_transaction": mock.patch.object(hub, "_finish", _boom),
            "push_after_hub_commit": None,  # engine's own hook, below
            "after_push_before_pull": mock.patch.object(engine, "pull", _boom),
            "mid_pull_between_pages": mock.patch.object(replica, "apply_page", second_page),
            "page_applied_before_cursor": mock.patch.object(replica, "_receive", _boom),
            "after_pages_before_summaries": mock.patch.object(replica, "refresh_derived", _boom),
        }
        kw = {"after_commit": _boom} if point == "push_after_hub_commit" else {}
        with patches[point] or contextlib.nullcontext(), contextlib.suppress(Crash):
            self._replica(r).sync(self.hub, batch=batch, page=2, **kw)
        event(f"crash: {point}")

    @rule(r=st.integers(0, 4), back=st.integers(1, 30))
    def page_twice(self, r, back):
        """A pull page delivered twice: the cursor set back, the same entries pulled again."""
        with self._replica(r).open(), write_transaction():
            database.execute_sql("UPDATE sync_site SET cursor = max(0, cursor - ?) WHERE id = 1", (back,))
        self._replica(r).sync(self.hub, page=3)

    @rule()
    def quiet_round(self):
        for r in self.replicas:
            r.sync(self.hub)
        for r in self.replicas[:-1]:
            r.sync(self.hub)
        self.check_everything()

    # -- invariants -------------------------------------------------------------------------
    def check_everything(self):
        hub_tables = _hub_tables(self.hub)  # every column, the stamps too
        for r in self.replicas:
            with r.open():
                assert replica.pending_count() == 0, f"{r.who}: outbox not empty: {r_outbox()}"
                for table, want in hub_tables.items():
                    got = _replica_rows(table)
                    assert got == want, f"{r.who}: {table} differs from the hub: {_diff(got, want)}"
        now = hub_tables["customer"]
        conflicts = hub_tables["sync_conflict"].values()
        kept = {(c["row_id"], c["field"], json.loads(v)) for c in conflicts for v in (c["mine"], c["theirs"])}
        for cid, field, value in self.written:
            into = now[cid]["merged_into_id"]
            assert (now[cid][field] == value or (cid, field, value) in self.replaced
                    or (cid, field, value) in kept or (into and (into, field, value) in kept)
                    ), f"{field} = {value!r} of {cid} was lost"
        pays = hub_tables["payment"]
        cuts = [c for c in conflicts if c["tbl"] == "payment_allocation"]  # money the hub could not fit
        for c in cuts:  # (store/sync/once): the allocation holds what the hub kept, less than asked
            row = hub_tables["payment_allocation"][c["row_id"]]
            mine, theirs = json.loads(c["mine"]), json.loads(c["theirs"])
            assert c["kept"] == "theirs" and c["field"] in ("amount", "deleted_at"), c
            assert canonical("ts" if c["field"] == "deleted_at" else "", theirs) == row[c["field"]], (c, row)
            assert (0 < theirs < mine) if c["field"] == "amount" else (mine is None and theirs is not None), c
        assert not [c for c in conflicts if c["tbl"] in ("deal_stage_change", "customer_merge")
                    or (c["tbl"], c["field"]) == ("deal", "stage") or (c["tbl"] == "payment" and not (
                        c["field"] == "deleted_at" and pays[c["row_id"]]["reverses_id"]))]
        assert {k: v["amount"] for k, v in pays.items()} == self.payments
        # a payment is reversed once: a second reversal is kept cancelled, its allocations with it
        live = [v["reverses_id"] for v in pays.values() if v["reverses_id"] and v["deleted_at"] is None]
        assert len(live) == len(set(live)), "a payment is reversed twice"
        assert not [a for a in hub_tables["payment_allocation"].values()
                    if a["deleted_at"] is None and pays[a["payment_id"]]["deleted_at"] is not None]
        # an order's price is decided once: its live decision rows are one decision, one per line
        decisions: dict[str, set] = {}
        lines: list[str] = []
        for a in hub_tables["price_approval"].values():
            if a["deleted_at"] is None:
                decisions.setdefault(a["order_id"], set()).add((a["rep_id"], a["decision"], a["note"]))
                lines.append(a["order_line_id"])
        assert all(len(d) == 1 for d in decisions.values()), "an order's price decided twice"
        assert len(lines) == len(set(lines)), "an order line decided twice"
        assert self.moves <= set(hub_tables["deal_stage_change"])
        assert set(self.customers) <= set(now)
        history: dict[str, list] = {}
        for c in hub_tables["deal_stage_change"].values():
            if c["deleted_at"] is None:
                history.setdefault(c["deal_id"], []).append(stage_history.Change(
                    c["changed_at"], c["created_at"], c["id"], c["to_stage"], c["note"]))
        for deal in hub_tables["deal"].values():
            found = stage_history.current(deal["template"], history.get(deal["id"], []))
            assert found is None or found[1].stage == deal["stage"], f"deal {deal['id']} left its history"
        merged = {k for k, v in now.items() if v["merged_into_id"]}
        for table in ("payment", "receivable", "deal", "visit", "contact"):
            stray = [k for k, v in hub_tables[table].items() if v.get("customer_id") in merged]
            assert not stray, f"{table} rows still name a merged-away customer: {stray[:3]}"
        self._same_money_everywhere()

    def _same_money_everywhere(self):
        from salesterm.store.ledger.aging import aging, to_json

        def figures():
            totals = dict(database.execute_sql(
                "SELECT customer_id, SUM(amount) FROM payment WHERE deleted_at IS NULL GROUP BY customer_id"
            ).fetchall())
            return {k: int(v) for k, v in totals.items()}, to_json(aging(by="customer"))

        seen = []
        for r in self.replicas:
            with r.open():
                seen.append(figures())
                problems = [str(p) for p in verify.problems(database.obj)]
            assert not problems, f"check on {r.who}: " + "; ".join(problems[:5])
        with _bound_to_hub(self.hub):
            seen.append(figures())
            problems = [str(p) for p in verify.problems(database.obj)]
        assert not problems, "check on the hub: " + "; ".join(problems[:5])
        assert all(s == seen[0] for s in seen), "payment totals or aging differ: " + json.dumps(
            seen, default=str, ensure_ascii=False)[:2000]


def _hub_tables(url: str) -> dict[str, dict[str, dict]]:
    """Every synced table of the hub, over one connection (support.hub_rows' canonical form)."""
    import psycopg

    from salesterm.store.sync.tables import canonical, excluded, kind_of

    out = {}
    with psycopg.connect(url) as conn:
        kinds: dict[str, dict[str, str]] = {}
        for table, column, dtype in conn.execute("SELECT table_name, column_name, data_type FROM "
                                                 "information_schema.columns WHERE table_schema = current_schema()"):
            kinds.setdefault(table, {})[column] = kind_of(dtype)
        for table in synced_tables():
            rows = {}
            for (row,) in conn.execute(f'SELECT to_jsonb(t) FROM "{table}" t'):
                item = {k: canonical(kinds[table].get(k, ""), v) for k, v in row.items() if k not in excluded(table)}
                rows[item["id"]] = item
            out[table] = rows
    return out


def r_outbox() -> list:
    return database.execute_sql("SELECT tbl, row_id, kind, status, reason FROM sync_outbox").fetchall()


def _replica_rows(table: str) -> dict[str, dict]:
    from salesterm.store.sync.tables import canonical, excluded, kind_of

    cur = database.execute_sql(f'SELECT * FROM "{table}"')
    names = [d[0] for d in cur.description]
    kinds = {r[1]: kind_of(r[2]) for r in database.execute_sql(f'PRAGMA table_info("{table}")').fetchall()}
    out = {}
    for row in cur.fetchall():
        item = {n: canonical(kinds.get(n, ""), v) for n, v in zip(names, row, strict=True) if n not in excluded(table)}
        out[item["id"]] = item
    return out


def _diff(got: dict, want: dict) -> str:
    differ = {k: {f: (got[k].get(f), v) for f, v in want[k].items() if got[k].get(f) != v}
              for k in want if k in got and got[k] != want[k]}
    return json.dumps({"only_replica": sorted(set(got) - set(want))[:5], "only_hub": sorted(set(want) - set(got))[:5],
                       "differ": dict(list(differ.items())[:3])}, default=str, ensure_ascii=False)


@contextlib.contextmanager
def _bound_to_hub(url: str):
    """The store's models on the hub for a read (the aging report), as engine.refresh_hub does."""
    from salesterm.store.db import make_database, parse_target

    hub_db = make_database(parse_target(url))
    hub_db.connect()
    database.initialize(hub_db)
    try:
        yield
    finally:
        hub_db.close()
        database.initialize(None)


def make_replica_template(folder: Path) -> Path:
    """An empty SQLite file with every migration run, which each replica copies (fast start)."""
    path = Path(folder) / "replica-template.db"
    store_db.open_database(str(path)).close()
    store_db.close_database()
    return path


