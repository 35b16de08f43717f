"""The saved search index: reused only while nothing it depends on changed, on both backends."""
from __future__ import annotations

import csv
import os
import stat
from datetime import date

import pytest

from salesterm.store import customers, search, stats
from salesterm.store.customers import admin as customer_admin
from salesterm.store.models import Customer, database
from salesterm.store.search import load as search_load
from salesterm.store.search import snapshot as search_snapshot

QUERIES = ["重庆", "cq", "zhongqing", "yinhang", "yh", "银行", "zhang", "张伟", "1381", "87654321", "c000123",
           "gzxyd", "广州鑫源电子", "pingan", "changsha", "yinhnag", "chongqinh", "佛山", "liming", "lm"]

PEOPLE = {
    "重庆长虹商行": dict(phone="13812345678", code="C000123", city="重庆", grade_override="B"),
    "广州市天河区鑫源电子经营部": dict(phone="020-87654321", city="广州", grade_override="C"),
    "中国银行广州分行": dict(city="广州", grade_override="B"),
    "平安银行": dict(city="深圳", grade_override="A"),
    "长沙银行股份有限公司": dict(city="长沙", grade_override="C"),
    "佛山重庆火锅店": dict(city="佛山"),
    "张记银行街便利店": dict(city="广州", grade_override="A"),
}


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("SALESTERM_CACHE_DIR", str(folder))
    monkeypatch.setenv("SALESTERM_SEARCH_SNAPSHOT_MIN", "0")
    return folder / "search"


@pytest.fixture
def builds(monkeypatch):
    """How many times the index was built from the database (not loaded from its file)."""
    count = [0]
    real = search_load.stream_into

    def counted(*args, **kwargs):
        count[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(search_load, "stream_into", counted)
    return count


@pytest.fixture
def shop(db, cache):
    search.forget()
    made = {name: customers.create_customer({"name": name, **fields}, allow_duplicate=True)
            for name, fields in PEOPLE.items()}
    customers.add_contact(made["平安银行"].id, {"name": "张伟", "phone": "13900001111"})
    customers.add_contact(made["佛山重庆火锅店"].id, {"name": "李明", "phone": "13700002222"})
    yield made
    search.forget()


def answers() -> list:
    return [[h.to_json() for h in search.search(q, limit=10)] for q in QUERIES]


def ranks() -> list[int]:
    """The order the index holds customers in (grade, then recent activity: last update or visit)."""
    return sorted(search._index.base.rank)


def fresh_answers(monkeypatch) -> list:
    """What a build from the database (no file involved) answers now."""
    with monkeypatch.context() as m:
        m.setenv("SALESTERM_SEARCH_SNAPSHOT_MIN", str(10**9))
        m.setattr(search_snapshot, "load", lambda lookup, **_kw: None)
        search.forget()
        search.warm()
        out = answers()
        search.forget()
    return out


def the_file(cache):
    files = list(cache.glob("*.index"))
    assert len(files) == 1, files
    return files[0]


def test_a_warm_start_loads_the_saved_index_and_answers_the_same(shop, cache, builds, monkeypatch):
    search.warm()
    assert builds[0] == 1
    built = answers()
    assert any(built) and the_file(cache).exists()
    search.forget()
    search.warm()
    assert builds[0] == 1, "nothing changed: the saved index is loaded, not built again"
    assert answers() == built
    assert answers() == fresh_answers(monkeypatch)


def test_the_file_is_private_and_written_whole(shop, cache):
    search.warm()
    path = the_file(cache)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert not list(cache.glob("*.tmp"))


def _visit(made):
    cid = made["长沙银行股份有限公司"].id
    database.execute_sql("INSERT INTO visit (id, customer_id, planned_date, slot, status, created_at, updated_at) "
                         f"VALUES ('v1', {database.obj.param}, {database.obj.param}, 'am', 'done', "
                         f"{database.obj.param}, {database.obj.param})",
                         [cid, date(2026, 12, 28), date(2026, 11, 28), date(2026, 11, 28)])
    stats.refresh_stats([cid])


def _import(made, tmp_path):
    path = tmp_path / "more.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([["name", "phone", "city"], ["重庆明辉贸易有限公司", "13812340000", "重庆"]])
    from salesterm.store.io.importing import import_customers

    assert import_customers(path).created == 1


WRITES = {
    "create": lambda made, tmp: customers.create_customer({"name": "重庆新开超市", "city": "重庆"}),
    "update": lambda made, tmp: customers.update_customer(made["重庆长虹商行"].id, {"name": "重庆长虹百货"}),
    "grade": lambda made, tmp: customers.update_customer(made["佛山重庆火锅店"].id, {"grade_override": "A"}),
    "add contact": lambda made, tmp: customers.add_contact(made["中国银行广州分行"].id, {"name": "黎明"}),
    "edit contact": lambda made, tmp: customers.update_contact(
        made["佛山重庆火锅店"].contacts.get().id, {"name": "王芳"}),
    "archive": lambda made, tmp: customer_admin.archive_customer(made["平安银行"].id),
    "merge": lambda made, tmp: customer_admin.merge_customers(made["中国银行广州分行"].id,
                                                              made["张记银行街便利店"].id),
    "visit": lambda made, tmp: _visit(made),
    "import": _import,
}


@pytest.mark.parametrize("kind", list(WRITES))
def test_every_write_makes_the_next_start_build_again(shop, cache, builds, monkeypatch, tmp_path, kind):
    search.warm()
    before = answers(), ranks()
    WRITES[kind](shop, tmp_path)
    assert search_snapshot.load(search_load.CharReadings()) is None, "the saved index is out of date"
    search.forget()
    search.warm()  # as the next process does
    assert builds[0] == 2
    after = answers()
    assert (after, ranks()) != before
    assert after == fresh_answers(monkeypatch)
    search.forget()
    search.warm()  # the new file serves the start after that
    assert builds[0] == 3 and answers() == after


def test_a_write_by_another_connection_is_seen(shop, cache, builds, db_url, monkeypatch):
    search.warm()
    cid = shop["重庆长虹商行"].id
    if db_url.startswith("postgresql"):
        import psycopg

        with psycopg.connect(db_url, autocommit=True) as other:
            other.execute("UPDATE customer SET name = '北京恒达商行', name_norm = '北京恒达商行' WHERE id = %s",
                          (cid,))
    else:
        import sqlite3

        other = sqlite3.connect(db_url)
        with other:
            other.execute("UPDATE customer SET name = '北京恒达商行', name_norm = '北京恒达商行' WHERE id = ?",
                          (cid,))
        other.close()
    search.forget()
    search.warm()
    assert builds[0] == 2
    assert [h.name for h in search.search("bjhd")] == ["北京恒达商行"]
    assert answers() == fresh_answers(monkeypatch)


def test_the_daily_summary_refresh_keeps_the_saved_index(shop, cache, builds):
    _visit(shop)
    search.warm()
    stamp = search_snapshot.current_stamp()
    stats.refresh_stats(None)  # what the app does once a day: same last visits
    stats.refresh_stats([shop["长沙银行股份有限公司"].id])
    assert search_snapshot.current_stamp() == stamp
    search.forget()
    search.warm()
    assert builds[0] == 1


@pytest.mark.parametrize("damage", ["truncated", "flipped", "garbage", "empty"])
def test_a_damaged_file_is_ignored_and_written_again(shop, cache, builds, monkeypatch, damage):
    search.warm()
    good = answers()
    path = the_file(cache)
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flipped":
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0x55]) + data[middle + 1:])
    elif damage == "garbage":
        path.write_bytes(os.urandom(len(data)))
    else:
        path.write_bytes(b"")
    search.forget()
    search.warm()
    assert builds[0] == 2
    assert answers() == good
    assert path.read_bytes() == data or path.stat().st_size > len(data) // 2  # written whole again
    search.forget()
    search.warm()
    assert builds[0] == 2 and answers() == good


def test_another_code_version_is_not_loaded(shop, cache, builds, monkeypatch):
    search.warm()
    monkeypatch.setattr(search_snapshot, "_code_key", "another build of salesterm")
    search.forget()
    search.warm()
    assert builds[0] == 2


def test_writes_after_the_load_keep_the_index_current(shop, cache):
    search.warm()
    search.forget()
    search.warm()  # loaded from the file
    customers.create_customer({"name": "北京恒达科技有限公司", "city": "北京"})
    assert [h.name for h in search.search("bjhd")] == ["北京恒达科技有限公司"]
    customer_admin.archive_customer(shop["平安银行"].id)
    assert "平安银行" not in [h.name for h in search.search("pingan")]


def test_small_databases_are_not_saved(shop, cache, monkeypatch):
    monkeypatch.setenv("SALESTERM_SEARCH_SNAPSHOT_MIN", "1000")
    search.warm()
    assert not cache.exists() or not list(cache.glob("*.index"))
    assert Customer.select().count() < 1000


def test_a_demo_database_answers_every_keystroke_the_same_from_the_file(db, cache, builds, monkeypatch):
    from salesterm.bench.search import generate_queries
    from salesterm.store import demo

    demo.generate(customers=600, seed=3)
    queries = [q for _kind, q in generate_queries(5, 48)]
    typed = [q[:i] for q in queries for i in range(1, len(q) + 1)]
    search.forget()
    search.warm()
    built = [[h.to_json() for h in search.search(q, limit=20)] for q in typed]
    search.forget()
    search.warm()
    assert builds[0] == 1
    assert [[h.to_json() for h in search.search(q, limit=20)] for q in typed] == built
    assert sum(map(bool, built)) > len(typed) // 2
    search.forget()


def _frames(data: bytes) -> list[tuple[int, int]]:
    """(start, length) of each record of a snapshot file's bytes, the header first."""
    spans, pos = [], len(search_snapshot.MAGIC)
    while pos < len(data):
        size, _crc = search_snapshot._FRAME.unpack_from(data, pos)
        pos += search_snapshot._FRAME.size
        spans.append((pos, size))
        pos += size
    return spans


def test_a_one_shot_search_reads_only_the_records_it_uses_and_answers_the_same(
        shop, cache, builds, monkeypatch):
    search.warm()
    good = answers()
    monkeypatch.setattr(search, "_long_life", False)  # as `salesterm search QUERY` (answer_once)
    search.forget()
    search.warm()
    assert builds[0] == 1
    corpus = search._index.base
    assert [h.name for h in search.search("银行")][:1] == ["平安银行"]
    assert "name_codes" not in vars(corpus) and "spells" not in vars(corpus)  # Chinese: no pinyin read
    search.forget()
    search.warm()
    assert answers() == good and builds[0] == 1


def test_a_one_shot_search_that_meets_a_damaged_record_builds_the_index_and_answers_right(
        shop, cache, builds, monkeypatch):
    search.warm()
    good = answers()
    path = the_file(cache)
    data = path.read_bytes()
    start, size = _frames(data)[2]  # the names (header, readings, then the fields)
    middle = start + size // 2
    path.write_bytes(data[:middle] + bytes([data[middle] ^ 0x55]) + data[middle + 1:])
    monkeypatch.setattr(search, "_long_life", False)
    search.forget()
    search.warm()  # the records are read as the search needs them: nothing noticed yet
    assert builds[0] == 1
    assert answers() == good
    assert builds[0] == 2  # the names' CRC failed: the file was dropped, the index built
    assert path.read_bytes() == data  # and saved again, whole
