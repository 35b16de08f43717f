"""Search before the index is in memory (store/search/sql_fallback.py), on both backends: what
the customers list's `/` filter shows in the seconds after an import while the index builds."""
from __future__ import annotations

import pytest

from salesterm.domain.list_filters import parse
from salesterm.store import customers, search
from salesterm.store.customers.listing import ListQuery, open_list
from salesterm.store.models import database
from salesterm.store.search import sql_fallback

NAMES = {"华安证券": "13912345678", "海珠区恒达烟酒店": "02088881111", "汉钟精机": "", "国海证券": "",
         "广信茶叶商行": "", "东莞市信诚冷冻食品": "", "四川双马": "", "深圳市双马商贸": ""}


def _shops(monkeypatch):
    search.forget()
    monkeypatch.setattr(search, "_wanted", False)  # no background build: SQL answers throughout
    made = {name: customers.create_customer({"name": name, "phone": phone, "code": f"K{i:03d}"},
                                            allow_duplicate=True)
            for i, (name, phone) in enumerate(NAMES.items())}
    assert not search.ready()
    return made


@pytest.fixture
def shops(db, monkeypatch):
    yield _shops(monkeypatch)
    search.forget()


@pytest.fixture
def sqlite_shops(sqlite_db, monkeypatch):
    """The shops on SQLite only: the scan's time budget and the query plan are SQLite's."""
    yield _shops(monkeypatch)
    search.forget()


def _first(query):
    hits = search.search(query, limit=10)
    assert hits, query
    return hits[0]


def test_before_the_index_a_whole_name_s_initials_come_first(shops):
    hit = _first("hazq")
    assert (hit.name, hit.matched, hit.score) == ("华安证券", "initials", 93)
    assert (_first("scsm").name, _first("scsm").matched) == ("四川双马", "initials")
    assert _first("gxcy").name == "广信茶叶商行"


def test_before_the_index_names_spellings_phones_and_codes(shops):
    assert (_first("华安").name, _first("华安").matched) == ("华安证券", "name")
    assert (_first("huaan").name, _first("huaan").matched) == ("华安证券", "pinyin")
    assert (_first("13912").name, _first("13912").matched) == ("华安证券", "phone")
    assert (_first("k000").name, _first("k000").matched) == ("华安证券", "code")
    assert {h.name for h in search.search("证券")} == {"华安证券", "国海证券"}  # inside the name: the scan


def test_a_scan_out_of_time_keeps_what_the_indexes_found(sqlite_shops):
    """While the index builds, the scan for the query anywhere stops at its budget (on SQLite;
    PostgreSQL scans in full): what the indexes found at once is the answer (the list asks again
    when the index is ready)."""
    hits = sql_fallback.search("hazq", 10, budget=0.0)
    assert [h[1] for h in hits] == ["华安证券"]
    assert sql_fallback.search("证券", 10, budget=0.0) == []  # only inside names: the scan, no time
    assert {h[1] for h in sql_fallback.search("证券", 10)} == {"华安证券", "国海证券"}


def test_a_long_scan_stops_at_its_budget(sqlite_db, monkeypatch):
    """5,395 listed companies: a scan stopped at once keeps fewer hits than a full one (SQLite)."""
    import csv

    from salesterm.store.customers import customer_columns
    from salesterm.store.io import bulk
    from salesterm.store.models import Customer, new_id
    from tests.conftest import LISTED_COMPANIES

    search.forget()
    with open(LISTED_COMPANIES, encoding="utf-8") as fh:
        rows = [{**customer_columns({"name": r["name"]}), "id": new_id()} for r in csv.DictReader(fh)]
    with database.atomic():
        bulk.insert_all(Customer, rows)
    full = sql_fallback.search("科技", 1000)
    cut = sql_fallback.search("科技", 1000, budget=1e-9)
    assert len(full) > 100 and len(cut) < len(full)


def test_initials_are_found_on_an_index(sqlite_shops):
    plan = database.execute_sql("EXPLAIN QUERY PLAN SELECT id FROM customer WHERE py_initials >= ? "
                                "AND py_initials < ? AND deleted_at IS NULL", ("hazq", "hazr")).fetchall()
    assert "customer_initials" in str(plan)


def test_the_list_says_it_was_found_before_the_index(shops):
    early = open_list(ListQuery(filters=parse("gxcy")))
    assert early.searched_early and early.count >= 1
    search.warm()
    ready = open_list(ListQuery(filters=parse("gxcy")))
    assert not ready.searched_early
    assert ready.count == 2 and ready.similar == 1  # 东莞市信诚冷冻食品: gapped, from the index only
