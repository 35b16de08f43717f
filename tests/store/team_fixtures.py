"""A team server for the team tests: its own PostgreSQL database, its own login roles (roles are
cluster-wide, so their names are unique per module), both dropped afterwards.

Team: 李娜 manages 王伟 and 张敏; 陈刚 is a rep outside her team; 赵总 is an admin. Each rep owns
one customer with a receivable, a payment and a note.
"""
from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlparse, urlunparse

import pytest

PASSWORD = "Team-Pass-1234"


@dataclass
class Team:
    admin_url: str  # the superuser's URL of the team database
    logins: dict[str, str] = field(default_factory=dict)  # rep name -> login
    customers: dict[str, str] = field(default_factory=dict)  # rep name -> customer id
    payments: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def url(self, rep: str, password: str = PASSWORD) -> str:
        parsed = urlparse(self.admin_url)
        netloc = f"{self.logins[rep]}:{password}@{parsed.hostname}:{parsed.port}"
        return urlunparse(parsed._replace(netloc=netloc))

    def connect(self, rep: str):
        import psycopg

        return psycopg.connect(self.url(rep), autocommit=True)


def make_team(seed: bool = True):
    """Create the database and the logins; yields a Team; drops everything after."""
    base = os.environ.get("SALESTERM_TEST_PG", "")
    if not base:
        if os.environ.get("CI"):
            pytest.fail("SALESTERM_TEST_PG is not set on CI: the team server tests must run")
        pytest.skip("set SALESTERM_TEST_PG to run the team server tests")
    import psycopg

    tag = uuid.uuid4().hex[:8]
    name = f"salesterm_team_{tag}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    team = Team(urlunparse(urlparse(base)._replace(path=f"/{name}")))
    team.logins = {"王伟": f"wangwei_{tag}", "张敏": f"zhangmin_{tag}", "李娜": f"lina_{tag}",
                   "陈刚": f"chengang_{tag}", "赵总": f"zhao_{tag}"}
    try:
        _build(team, seed)
        yield team
    finally:
        from salesterm.store.db import close_database

        close_database()
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            for login in team.logins.values():
                conn.execute(f'DROP ROLE IF EXISTS "{login}"')


def _build(team: Team, seed: bool) -> None:
    from salesterm.store.customers import create_customer
    from salesterm.store.db import open_database
    from salesterm.store.ledger.receivables import record_payment, record_receivable
    from salesterm.store.sales.notes import create_note
    from salesterm.store.team import schema, users

    db = open_database(team.admin_url)
    try:
        schema.apply(db)
        users.add_user(db, "李娜", team.logins["李娜"], "manager", PASSWORD)
        users.add_user(db, "王伟", team.logins["王伟"], "rep", PASSWORD, manager="李娜")
        users.add_user(db, "张敏", team.logins["张敏"], "rep", PASSWORD, manager="李娜")
        users.add_user(db, "陈刚", team.logins["陈刚"], "rep", PASSWORD)
        users.add_user(db, "赵总", team.logins["赵总"], "admin", PASSWORD)
        if not seed:
            return
        for i, rep in enumerate(["王伟", "张敏", "陈刚"]):
            c = create_customer({"name": f"{rep}的客户商行", "city": "广州"}, rep=rep)
            team.customers[rep] = c.id
            record_receivable(c.id, number=f"SO-{i}", issued=date(2026, 11, 1), due=date(2026, 11, 15),
                              amount=100_00)
            team.payments[rep] = record_payment(c.id, amount=40_00, day=date(2026, 11, 20)).id
            team.notes[rep] = create_note({"kind": "market", "title": f"{rep}的反馈", "body": "价格"},
                                          rep=rep, customer_id=c.id).id
    finally:
        db.close()
