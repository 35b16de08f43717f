"""Customer search on both backends: what a rep typing in the jump box gets back."""
from __future__ import annotations

from datetime import timedelta

import pytest

from salesterm import clock
from salesterm.store import customers, search
from salesterm.store.models import Customer

PEOPLE = {
    "重庆长虹商行": dict(phone="13812345678", code="KH0123", city="重庆", grade_override="B"),
    "广州市天河区鑫源电子经营部": dict(phone="020-87654321", city="广州", grade_override="C"),
    "中国银行广州分行": dict(city="广州", grade_override="B"),
    "平安银行": dict(city="深圳", grade_override="A"),
    "长沙银行股份有限公司": dict(city="长沙", grade_override="C"),
}


def _make(name, **fields):
    contacts = fields.pop("contacts", [])
    return customers.create_customer({"name": name, **fields}, contacts=contacts, allow_duplicate=True)


@pytest.fixture
def shop(db):
    search.forget()
    made = {name: _make(name, **dict(fields)) for name, fields in PEOPLE.items()}
    customers.add_contact(made["平安银行"].id, {"name": "张伟", "phone": "13900001111"})
    search.warm()
    yield made
    search.forget()


def names(query, limit=20):
    return [h.name for h in search.search(query, limit=limit)]


def first(query):
    hits = search.search(query, limit=5)
    assert hits, f"nothing found for {query!r}"
    return hits[0]


def test_two_chinese_characters_find_every_name_holding_them(shop):
    assert names("鑫源") == ["广州市天河区鑫源电子经营部"]
    assert set(names("银行")) == {"中国银行广州分行", "平安银行", "长沙银行股份有限公司"}
    assert first("平安").matched == "name" and first("平安").score == 90


@pytest.mark.parametrize("query", ["chongqing", "zhongqing", "cq", "zq", "chongq", "zhongq", "cqch", "cqzh",
                                   "chongqingchanghongshanghang", "zhongqingzhanghongshangxing", "cqchsh"])
def test_every_reading_of_polyphonic_characters_matches(shop, query):
    assert first(query).name == "重庆长虹商行"


@pytest.mark.parametrize("query", ["yinhang", "yinxing", "yh", "yx"])
def test_bank_reads_both_ways(shop, query):
    assert {"中国银行广州分行", "平安银行", "长沙银行股份有限公司"} <= set(names(query))


def test_chang_and_zhang(shop):
    assert first("changsha").name == "长沙银行股份有限公司"
    assert first("zhangsha").name == "长沙银行股份有限公司"
    assert first("csyh").name == "长沙银行股份有限公司"


def test_gapped_characters(shop):
    hit = first("广州鑫源电子")
    assert (hit.name, hit.matched) == ("广州市天河区鑫源电子经营部", "gapped")
    assert first("gzxydz").name == "广州市天河区鑫源电子经营部"


def test_phone_fragment_code_and_contact(shop):
    hit = first("45678")
    assert (hit.name, hit.matched, hit.phone) == ("重庆长虹商行", "phone", "13812345678")
    assert first("87654321").name == "广州市天河区鑫源电子经营部"
    assert first("0001111").name == "平安银行"  # the contact's mobile
    code = first("KH0123")
    assert (code.name, code.matched, code.score) == ("重庆长虹商行", "code", 100)
    assert first("kh01").name == "重庆长虹商行"  # the others got codes of the default pattern (C000001...)
    for query in ("张伟", "zhangwei", "zw"):
        hit = first(query)
        assert (hit.name, hit.matched) == ("平安银行", "contact"), query


def test_one_typo_is_tolerated(shop):
    assert first("重庆长红").name == "重庆长虹商行"
    assert first("重庆长红").matched == "typo"
    assert first("chongqimg").name == "重庆长虹商行"
    assert first("pingam").name == "平安银行"


def test_nothing_found_is_an_empty_list(shop):
    assert search.search("zzzzzz") == []
    assert search.search("") == []
    assert search.search("   ") == []


def test_ranking_exact_prefix_initials_substring_gapped_typo(db):
    search.forget()
    for name in ("广州鑫源电子", "鑫达源商店", "鑫源商行", "鑫源"):
        _make(name)
    search.warm()
    hits = search.search("xinyuan")
    assert [h.name for h in hits] == ["鑫源", "鑫源商行", "广州鑫源电子", "鑫达源商店"]
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert [h.matched for h in hits] == ["pinyin", "pinyin", "pinyin", "gapped"]
    initials = search.search("xy")
    assert [h.name for h in initials] == ["鑫源", "鑫源商行", "广州鑫源电子", "鑫达源商店"]
    assert [h.matched for h in initials] == ["initials", "initials", "pinyin", "gapped"]
    assert initials[1].score > initials[2].score > initials[3].score
    typo = search.search("xinyuam")
    assert typo and {h.matched for h in typo} == {"typo"}
    assert max(h.score for h in typo) < min(h.score for h in hits)
    search.forget()


def test_ties_favour_grade_then_recent_activity(db):
    search.forget()
    old = _make("鑫源商行甲", grade_override="B")
    _make("鑫源商行乙", grade_override="A")
    recent = _make("鑫源商行丙", grade_override="B")
    long_ago = clock.now() - timedelta(days=300)
    Customer.update(updated_at=long_ago).where(Customer.id == old.id).execute()
    search.warm()
    assert names("鑫源商行") == ["鑫源商行乙", "鑫源商行丙", "鑫源商行甲"]
    assert names("xysh") == ["鑫源商行乙", "鑫源商行丙", "鑫源商行甲"]
    assert recent.id in [h.id for h in search.search("鑫源商行丙")]
    search.forget()


def test_index_follows_create_update_contact_and_archive(shop):
    from salesterm.store.customers import admin as customer_admin

    assert names("恒达") == []
    new = _make("北京恒达食品", city="北京")
    assert names("bjhd") == ["北京恒达食品"]
    customers.update_customer(new.id, {"name": "北京永盛食品"})
    assert names("恒达") == [] and names("bjys") == ["北京永盛食品"]
    customers.add_contact(new.id, {"name": "欧阳娜", "phone": "13700002222"})
    assert names("ouyangna") == ["北京永盛食品"]
    customer_admin.archive_customer(new.id)
    assert names("bjys") == [] and names("ouyangna") == []
    customer_admin.archive_customer(shop["平安银行"].id)
    assert "平安银行" not in names("银行")
    assert names("张伟") == []


def test_archived_customers_are_never_indexed(db):
    search.forget()
    gone = _make("重庆长虹商行")
    Customer.update(deleted_at=clock.now()).where(Customer.id == gone.id).execute()
    search.warm()
    assert names("重庆") == [] and names("cqch") == []
    search.forget()


def test_sql_answers_before_the_index_is_built(db):
    search.forget()
    _make("重庆长虹商行", phone="13812345678", code="C000123")
    assert not search.ready()
    assert names("长虹") == ["重庆长虹商行"]
    assert names("c000123") == ["重庆长虹商行"]
    assert names("45678") == ["重庆长虹商行"]
    assert names("cqch") == ["重庆长虹商行"]  # the stored initials key
    search.warm()
    assert search.ready()
    search.forget()


def test_hits_are_plain_data_for_json(shop):
    hit = first("重庆")
    data = hit.to_json()
    assert data["id"] == shop["重庆长虹商行"].id
    assert {"id", "name", "score", "city", "grade", "phone", "matched"} <= set(data)
    assert (data["city"], data["grade"]) == ("重庆", "B")


def _wait_for_index(seconds=20.0):
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if search.ready() and not search._building:
            return True
        time.sleep(0.05)
    return False


def test_many_changes_rebuild_in_the_background_and_nothing_is_lost(shop, monkeypatch):
    monkeypatch.setattr(search, "REBUILD_AFTER", 2)
    made = [_make(name, city="佛山") for name in ("佛山永盛商行", "佛山金利超市", "佛山宏发五金店")]
    assert _wait_for_index()
    assert names("fsys") == ["佛山永盛商行"]
    assert set(names("佛山")) == {"佛山永盛商行", "佛山金利超市", "佛山宏发五金店"}
    customers.update_customer(made[0].id, {"name": "佛山永盛粮油商行"})
    assert _wait_for_index()
    assert names("fsyslycx") == ["佛山永盛粮油商行"]
    assert names("重庆") == ["重庆长虹商行"]


def test_after_a_bulk_write_search_answers_then_rebuilds(shop):
    search.forget()  # what an import does
    assert names("鑫源") == ["广州市天河区鑫源电子经营部"]  # from SQL meanwhile
    assert _wait_for_index()
    assert names("gzxydz") == ["广州市天河区鑫源电子经营部"]


@pytest.mark.parametrize("query", ["xhongqing", "chomgqing", "cohngqing", "chongqnig", "重床长虹"])
def test_a_typo_anywhere_in_the_query(shop, query):
    assert "重庆长虹商行" in names(query)


def test_an_empty_database_and_odd_names(db):
    search.forget()
    assert search.warm() == 0
    assert search.search("重庆") == [] and search.search("cq") == [] and search.search("138") == []
    odd = Customer.create(name="第一行\n第二行", name_norm="第一行第二行", phone="1", code=None)
    search.customers_changed([odd.id])
    hit = first("第一行第二")
    assert hit.name == "第一行 第二行" and hit.id == odd.id
    weird = _make("[bold]x 商行")
    assert first("[bold]").id == weird.id and first("bold").name == "[bold]x 商行"
    search.forget()


def test_every_contact_finds_its_own_customer(db):
    """The index reads customers and contacts as two ordered streams: none may slip."""
    import random

    search.forget()
    rng = random.Random(4)
    surnames, given = "赵钱孙李周吴郑王冯陈", "伟芳娜敏静丽强磊军洋"
    owner = {}
    for i in range(40):
        people = []
        for j in range(rng.choice((0, 1, 2, 3))):
            person = surnames[(i + j) % 10] + given[i % 10] + given[j]
            if person not in owner:
                owner[person] = i
                people.append({"name": person})
        c = _make(f"测试商行{i:02d}号", grade_override=rng.choice("ABCD"), contacts=people)
        when = clock.now() - timedelta(days=rng.randrange(0, 300))
        Customer.update(updated_at=when).where(Customer.id == c.id).execute()
    search.warm()
    for person, i in owner.items():
        hits = [h for h in search.search(person, limit=50) if h.matched == "contact"]
        assert [h.name for h in hits] == [f"测试商行{i:02d}号"], person
    search.forget()


def test_a_second_reading_is_taken_when_the_streams_disagree(db, monkeypatch):
    from salesterm.store.search import load as search_load

    search.forget()
    _make("重庆长虹商行", contacts=[{"name": "张伟"}])

    def out_of_step(*args, **kwargs):
        raise search_load.OutOfStep("test")

    monkeypatch.setattr(search_load, "stream_into", out_of_step)
    search.warm()
    assert names("cqch") == ["重庆长虹商行"] and names("zhangwei") == ["重庆长虹商行"]
    search.forget()
