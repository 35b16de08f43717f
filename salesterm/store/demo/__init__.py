"""Demo data: a Chinese consumer-goods distributor's sales team, deterministic from a seed.

`generate(customers=N, seed=S)` fills an empty database (or, with force, replaces everything)
in one transaction: a manager and 6-8 reps, N customers of every kind and grade with contacts,
deals in every stage of both templates with their history, past and planned visits around
today, the money side (receivables in every aging bucket, partial payments, reversals,
promises kept and broken, collection attempts, write-offs), the purchase/sales log, feedback
notes of every kind and status, pitch scripts with revisions, yearly targets by month, and
(issue 14) a product catalogue with its price system and a history of orders in every status,
built through the order store (demo/catalogue.py, demo/orders.py).

Everything derives from random.Random(seed) and clock.today(): the same seed on the same day
gives the same rows, ids included. Customer and contact fields go through the customer rules
(domain.customer) and store.customers.customer_columns, as a form or an import would.
"""
from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from salesterm import clock
from salesterm.domain import customer as rules
from salesterm.domain import grading, textkeys
from salesterm.domain.errors import UserError
from salesterm.store.customers import customer_columns, name_keys
from salesterm.store.demo import activity as demo_activity
from salesterm.store.demo import catalogue as demo_catalogue
from salesterm.store.demo import data as pools
from salesterm.store.demo import ledger as demo_ledger
from salesterm.store.demo import orders as demo_orders
from salesterm.store.demo import targets as demo_targets
from salesterm.store.io import bulk
from salesterm.store.io.import_rows import contact_row
from salesterm.store.models import ALL_MODELS, Contact, Customer, Rep, database, is_sqlite
from salesterm.store.search import stamp
from salesterm.store.transactions import write_transaction

Progress = Callable[[str, int, int], None]

KIND_WEIGHTS = (("retailer", 55), ("distributor", 30), ("consumer", 6), ("competitor", 5), ("pr", 4))
OVERRIDE_REASONS = ("老板是老关系，潜力大", "刚换了新老板，先降一级观察", "回款一直拖，降级处理",
                    "新开了两家分店", "经理面谈后调整")


class Demo:
    """The generator's state: one random source, today, and rows waiting to be written."""

    def __init__(self, seed: int, today: date, progress: Progress | None = None):
        self.rng = random.Random(seed)
        self.today = today
        self.progress = progress
        self.pending: dict[type, list[dict[str, Any]]] = {}
        self.waiting = 0
        self.counts: dict[str, int] = {}
        self.reps: list[dict[str, Any]] = []
        self.manager: dict[str, Any] = {}
        self.customers: list[dict[str, Any]] = []  # id, name, rep, grade, kind, city, no_morning, payday

    # --- plumbing --------------------------------------------------------------------
    def id(self) -> str:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4).hex

    def at(self, day: date, hour_from: int = 8, hour_to: int = 18) -> datetime:
        return datetime.combine(day, time(self.rng.randrange(hour_from, hour_to), self.rng.randrange(60)))

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randrange(low, high + 1))

    def add(self, model, **cols) -> dict[str, Any]:
        cols.setdefault("id", self.id())
        stamp = cols.pop("_stamp", None) or self.at(self.today - timedelta(days=1))
        cols.setdefault("created_at", stamp)
        cols.setdefault("updated_at", stamp)
        self.pending.setdefault(model, []).append(cols)
        self.waiting += 1
        return cols

    def maybe_flush(self) -> None:
        """Write what is pending when there is a lot of it: call only where every row a
        pending row points to is pending too (rows may change until they are written)."""
        if self.waiting >= 5000:
            self.flush()

    def flush(self) -> None:
        """Write every pending row, parents before children (the order of ALL_MODELS)."""
        for m in sorted(self.pending, key=ALL_MODELS.index):
            rows = self.pending.get(m) or []
            for start in range(0, len(rows), 500):
                bulk.insert(m, rows[start:start + 500])
            name = m._meta.table_name
            self.counts[name] = self.counts.get(name, 0) + len(rows)
            self.pending[m] = []
        self.waiting = 0

    def step(self, name: str, done: int, total: int) -> None:
        if self.progress:
            self.progress(name, done, total)

    def money(self, low_yuan: int, high_yuan: int) -> int:
        """An amount in fen, as invoices are: whole yuan, sometimes with jiao."""
        yuan = self.rng.randrange(low_yuan, high_yuan + 1)
        return yuan * 100 + (self.rng.choice((0, 0, 0, 50, 80)) if yuan < 5000 else 0)

    def workdays(self, start: date, end: date) -> list[date]:
        days, day = [], start
        while day <= end:
            if day.weekday() < 6:  # reps work Monday to Saturday
                days.append(day)
            day += timedelta(days=1)
        return days

    # --- people ----------------------------------------------------------------------
    def make_reps(self) -> None:
        rng = self.rng
        anchor = self.today - timedelta(days=self.today.weekday() + 7 * rng.randrange(4))
        self.manager = self.add(Rep, name=pools.MANAGER_NAME, phone=pools.mobile(rng), region="全区",
                                role="manager", cycle_anchor=anchor, visits_per_day=4,
                                _stamp=self.at(self.today - timedelta(days=800)))
        for i in range(rng.randint(6, 8)):
            self.reps.append(self.add(Rep, name=pools.REP_NAMES[i], phone=pools.mobile(rng),
                                      region=pools.REGIONS[i], role="rep", manager=self.manager["id"],
                                      cycle_anchor=anchor, visits_per_day=rng.choice((5, 6, 6, 7)),
                                      _stamp=self.at(self.days_ago(200, 700))))
        self.flush()

    def _name(self, kind: str, city: str, used: set[str]) -> str:
        rng = self.rng
        for variant in range(50):
            if kind in ("retailer", "distributor"):
                name = pools.company_name(rng, city, kind == "distributor", variant)
            elif kind == "consumer":
                name = f"{pools.person_name(rng)}({rng.choice(('社区团购团长', '企业团购', '婚宴采购', '个人批发'))})"
            elif kind == "competitor":
                brand = rng.choice(pools.COMPETITORS)
                name = f"{brand}{rng.choice(pools.INDUSTRIES)}{city}办事处"
            else:
                district = rng.choice(pools.CITIES[city][1])
                name = rng.choice((f"{city}市{district}市场监督管理局", f"{city}市食品行业协会",
                                   f"{district}{rng.choice(pools.STREETS)}商户联合会", f"{city}日报社经济部",
                                   f"{district}工商联"))
            if variant > 2:
                name += f"({pools._serial_word(variant - 2)}店)" if kind in ("retailer", "consumer") else f"{variant}"
            key = textkeys.normalise_name(name)
            if key not in used:
                used.add(key)
                return name
        raise RuntimeError("the demo name pools are exhausted")

    def raw_customer(self, n: int, used: set[str], phones: set[str]) -> dict[str, Any]:
        rng = self.rng
        kind = rng.choices([k for k, _ in KIND_WEIGHTS], [w for _, w in KIND_WEIGHTS])[0]
        city = rng.choice(list(pools.CITIES)[:8]) if rng.random() < 0.8 else rng.choice(list(pools.CITIES))
        district = rng.choice(pools.CITIES[city][1])
        quality = rng.choice((1.6, 2.4, 3.0, 3.3, 3.8, 4.1, 4.6))
        assessed = [f for f in grading.FACTORS if rng.random() < 0.85] if rng.random() < 0.9 else []
        factors = {f: max(1, min(5, round(quality + rng.gauss(0, 0.7)))) for f in assessed}
        phone = pools.landline(rng, city) if rng.random() < 0.35 else pools.mobile(rng)
        while textkeys.phone_digits(phone) in phones:
            phone = pools.mobile(rng)
        phones.add(textkeys.phone_digits(phone))
        override = rng.random() < 0.06 or (not assessed and rng.random() < 0.5)
        name = self._name(kind, city, used)
        if kind == "distributor" and name.endswith(pools.WHOLESALE_FORMS):
            kind = "wholesaler"  # 批发部, 商行: a wholesaler (批发商), priced by its own list
        raw = {
            "code": f"C{n:06d}",
            "name": name,
            "kind": kind,
            "economic_nature": rng.choice(pools.ECONOMIC_NATURES),
            "scale": rng.choice(pools.SCALES),
            "network_coverage": rng.choice(pools.COVERAGES),
            "credit_standing": rng.choice(pools.CREDIT_STANDINGS),
            "credit_limit": str(rng.choice((0, 5000, 10000, 20000, 30000, 50000, 100000, 200000))),
            "grade_factors": factors,
            "grade_override": rng.choice("ABCD") if override else "",
            "grade_override_reason": rng.choice(OVERRIDE_REASONS) if override else "",
            "man_money": rng.choice(("yes", "yes", "no", "unknown")),
            "man_authority": rng.choice(("yes", "yes", "no", "unknown")),
            "man_need": rng.choice(("yes", "yes", "yes", "no", "unknown")),
            "city": city, "district": district, "address": pools.address(rng, city, district),
            "phone": phone,
            "payday": str(rng.choice((5, 10, 15, 20, 25, 28))) if rng.random() < 0.3 else "",
            "no_morning_collection": rng.random() < 0.15,
            "industry": rng.choice(pools.INDUSTRIES),
            "tags": " ".join(rng.sample(pools.TAGS, rng.randrange(0, 3))),
            "remark": rng.choice(("", "", "", "老板姓王，下午三点后在店", "仓库在后门，送货走侧门",
                                  "只收承兑不收现金")),
        }
        if kind in ("competitor", "pr"):
            raw["credit_limit"] = "0"
        return raw

    def make_customers(self, count: int) -> None:
        """Customers are drawn here (one random source, in order); their fields are checked
        and keyed (pinyin) in worker processes for large demos, as an import does. The next
        chunk is drawn while the workers key the previous one."""
        used: set[str] = set()
        phones: set[str] = set()
        parallel = count >= bulk.PARALLEL_FROM
        if parallel:
            name_keys("重庆银行长乐")  # load pypinyin's dictionaries once, before the workers fork
        size, done = 2000, 0
        with bulk.Workers(parallel) as workers:
            waiting = []
            for start in range(0, count, size):
                raws = []
                for n in range(start + 1, min(count, start + size) + 1):
                    raw = self.raw_customer(n, used, phones)
                    raws.append((raw, self.raw_contacts(raw["kind"])))
                waiting.append(workers.submit(customer_rows, raws))
                if len(waiting) > 2:
                    done = self._add_customers(waiting.pop(0)(), done, count)
            for later in waiting:
                done = self._add_customers(later(), done, count)
        self.flush()

    def _add_customers(self, columns, done: int, count: int) -> int:
        rng = self.rng
        for cols, contacts in columns:
            rep = rng.choice(self.reps)
            stamp = self.at(self.days_ago(30, 900))
            row = self.add(Customer, rep=rep["id"], _stamp=stamp, **cols)
            self.customers.append({"id": row["id"], "name": row["name"], "rep": rep["id"],
                                   "grade": row.get("grade"), "kind": row["kind"], "city": row["city"],
                                   "no_morning": row["no_morning_collection"], "payday": row["payday"],
                                   "since": stamp.date()})
            for contact in contacts:
                self.add(Contact, customer=row["id"], _stamp=stamp, **contact)
            self.maybe_flush()
        done += len(columns)
        self.step("customers", done, count)
        return done

    def raw_contacts(self, kind: str) -> list[dict[str, Any]]:
        rng = self.rng
        if kind == "consumer":
            return []
        out = []
        for i in range(rng.choice((1, 1, 2, 2, 3))):
            title = "老板" if i == 0 and rng.random() < 0.6 else rng.choice(pools.TITLES)
            out.append({"name": pools.person_name(rng), "title": title, "phone": pools.mobile(rng),
                        "is_decision_maker": i == 0 and title in ("老板", "老板娘", "总经理", "采购经理"),
                        "remark": rng.choice(("", "", "微信同号", "只在下午接电话", "管账的"))})
        return out


def customer_rows(raws: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> list[tuple[dict, list[dict]]]:
    """Insert-ready columns of generated customers and their contacts: the customer and
    contact rules, then store.customers' columns with pinyin keys (pure: runs in workers)."""
    out = []
    for raw, contacts in raws:
        clean, errors = rules.clean_customer(raw)
        if errors:
            raise RuntimeError(f"demo customer {raw['name']}: {errors}")
        cols = customer_columns({k: v for k, v in clean.items() if k != "name"})
        cols.update(name=clean["name"], name_norm=textkeys.normalise_name(clean["name"]), **name_keys(clean["name"]))
        rows = []
        for contact in contacts:
            checked, errors = rules.clean_contact(contact)
            if errors:
                raise RuntimeError(f"demo contact {contact['name']}: {errors}")
            rows.append(contact_row(checked))
        out.append((cols, rows))
    return out


def clear_everything() -> None:
    """Delete every row of every table (the schema stays): for `demo --force`."""
    db = database.obj
    tables = [t for t in db.get_tables() if t != "schema_version" and not t.startswith(("sqlite_", "note_fts"))]
    if is_sqlite():
        db.execute_sql("PRAGMA defer_foreign_keys = ON")
        for table in tables:
            db.execute_sql(f'DELETE FROM "{table}"')
    else:
        db.execute_sql("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")


def existing_customers() -> int:
    return Customer.select().count()


def generate(*, customers: int = 300, seed: int = 1, force: bool = False,
             progress: Progress | None = None) -> dict[str, int]:
    """Fill the database with demo data; returns rows written per table."""
    if customers < 1 or customers > 1_000_000:
        raise UserError("demo.needs_between_customers")
    demo = Demo(seed, clock.today(), progress)
    with write_transaction(), stamp.bulk_writes():
        held = existing_customers()
        if held and not force:
            raise UserError("demo.database_already_holds_count_customers", count=held)
        if force:
            clear_everything()
        demo.make_reps()
        demo.make_customers(customers)
        demo_activity.make(demo)
        drawn = demo_targets.draw(demo)  # the random draws where they always were
        demo_ledger.make(demo)
        demo_targets.make(demo, drawn)  # targets, and the history that meets them
        demo.flush()
        demo_ledger.refresh_summaries()
        catalogue = demo_catalogue.make(demo)  # after the rest: a seed's earlier rows stay the same
        demo.counts["sales_order"] = demo_orders.make(demo, catalogue)
    bulk.search_changed()
    return {k: v for k, v in demo.counts.items() if v}
