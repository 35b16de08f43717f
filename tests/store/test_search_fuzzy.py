"""One typo in a full pinyin spelling: the rapidfuzz fallback, on both backends.

Real listed company names (cn_listed_companies.csv) and generated demo names share the
database; each query below has one typo early in the spelling (a swapped, a dropped or a
doubled letter), where the engine's typo variants cannot guess it, so only the fallback
finds the customer (matched "fuzzy", ranked below every other kind).
"""
from __future__ import annotations

import csv
import random
import subprocess
import sys

import pytest

from salesterm.store import customers, search
from salesterm.store.customers import customer_columns
from salesterm.store.demo import data as demo_data
from salesterm.store.io import bulk
from salesterm.store.models import Customer, new_id
from salesterm.store.search import fuzzy as search_fuzzy
from salesterm.store.search import load as search_load
from salesterm.store.search import snapshot as search_snapshot
from tests.conftest import LISTED_COMPANIES

LISTED = "神州高铁"  # shenzhougaotie
DEMO = "珠海市远航百货供应链有限公司"  # zhuhaishiyuanhang...

TYPOS = [
    ("shnezhougaotie", LISTED),  # e and n swapped
    ("senzhougaotie", LISTED),  # h left out
    ("shhenzhougaotie", LISTED),  # h doubled
    ("zhhuaishiyuanhang", DEMO),  # h and u swapped (and the rest of the name not typed)
    ("zuhaishiyuanhang", DEMO),  # h left out
    ("zhuhhaishiyuanhang", DEMO),  # h doubled
]


def _listed(count: int) -> list[str]:
    with open(LISTED_COMPANIES, encoding="utf-8") as fh:
        return [r["name"] for r in csv.DictReader(fh) if r["name"].strip()][:count]


@pytest.fixture
def market(db):
    names = _listed(300)
    names += [n for n, _city, _d in demo_data.unique_company_names(random.Random(5), 300, list(demo_data.CITIES))]
    assert LISTED in names and DEMO in names
    rows = [{**customer_columns({"name": name}), "id": new_id()} for name in names]
    with db.atomic():
        bulk.insert_all(Customer, rows)
    search.forget()
    search.warm()
    yield {row["name"]: row["id"] for row in rows}
    search.forget()


@pytest.mark.parametrize("query,name", TYPOS)
def test_one_typo_in_the_full_pinyin_finds_the_customer(market, query, name):
    hits = search.search(query, limit=10)
    assert hits, f"nothing found for {query!r}"
    assert hits[0].name == name and hits[0].id == market[name]
    assert {h.matched for h in hits} == {"fuzzy"}
    assert all(h.score < 20 for h in hits)  # below the typo class, and every other


@pytest.mark.parametrize("query", ["shenzhougaotie", "shenzhou", "szgt", "神州高铁", "神州", "zhuhaishi",
                                   "zhuhaishiyuanhangbaihuo", "珠海市远航"])
def test_a_query_that_matches_never_reaches_the_fallback(market, monkeypatch, query):
    def refused(*args, **kwargs):
        raise AssertionError("the fuzzy fallback ran")

    monkeypatch.setattr(search_fuzzy, "run", refused)
    hits = search.search(query, limit=10)
    assert hits and all(h.matched != "fuzzy" for h in hits)


@pytest.mark.parametrize("query", ["qqqqxxxx", "xzqvbnmk", "12345678", "平平平平平平"])
def test_nonsense_still_finds_nothing(market, query):
    assert search.search(query, limit=10) == []


def test_short_queries_are_not_guessed_at(market):
    assert search_fuzzy.run("shn", search._index.base, 10) == []


def test_a_customer_written_after_the_build_is_found_with_a_typo(market):
    made = customers.create_customer({"name": "深鸿运达五金机电"}, allow_duplicate=True)  # shenhongyunda...
    hits = search.search("shnehongyunda", limit=5)
    assert [(h.id, h.matched) for h in hits][:1] == [(made.id, "fuzzy")]
    customers.update_customer(made.id, {"name": "深华达五金"})
    assert search.search("shnehongyunda", limit=5) == []  # no longer that name: not found
    assert [(h.id, h.matched) for h in search.search("shnehuadawujin", limit=5)][:1] == [(made.id, "fuzzy")]


def test_the_likeliest_spelling_reads_in_context(market):
    base = search._index.base
    slot = base.slot_of(market["平安银行"])
    assert base.spells.line_text(slot) == "pinganyinhang"  # 行 as in 银行, not xing


def test_the_saved_index_keeps_the_spellings(market, tmp_path, monkeypatch):
    monkeypatch.setenv("SALESTERM_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SALESTERM_SEARCH_SNAPSHOT_MIN", "0")
    search.forget()
    search.warm()  # built and saved
    built = search._index.base.spells.text
    assert search_snapshot.path_for(search_snapshot.identity()).exists()
    builds = [0]
    real = search_load.stream_into

    def counted(*args, **kwargs):
        builds[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(search_load, "stream_into", counted)
    search.forget()
    search.warm()  # loaded from the file
    assert builds[0] == 0
    assert search._index.base.spells.text == built
    hits = search.search("shnezhougaotie", limit=5)
    assert (hits[0].name, hits[0].matched) == (LISTED, "fuzzy")


def test_rapidfuzz_is_not_imported_at_start_up():
    code = "import sys, salesterm.cli, salesterm.app; print('rapidfuzz' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "False", out.stderr
