"""The product catalogue on both backends: writes with their checks and keys, and the search a rep
types into the product picker (code, barcode, name, pinyin of every reading, initials)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from salesterm.domain.errors import UserError
from salesterm.store.models import Product
from salesterm.store.products import catalogue, search

CATALOGUE = [
    dict(code="P001", name="金龙鱼食用调和油", spec="5L×4", unit="桶", case_unit="箱", brand="金龙鱼",
         barcode="6901234567890", list_price="59.90", category="食用油"),
    dict(code="P002", name="重庆火锅底料", spec="400g×30", unit="袋", case_unit="箱", barcode="6920000000012",
         list_price=1200),
    dict(code="P003", name="长城干红葡萄酒", spec="750ml×6", unit="瓶", case_unit="箱", list_price=8800),
    dict(code="P010", name="银鹭花生牛奶", unit="瓶", list_price=350, brand="银鹭"),
    dict(code="JL5", name="金龙鱼花生油", spec="5L×4", unit="桶", case_unit="箱", list_price=9900, brand="金龙鱼"),
]


@pytest.fixture
def shop(db):
    search.forget()
    made = {p["code"]: catalogue.save_product(p) for p in CATALOGUE}
    yield made
    search.forget()


def codes(query, **kw):
    return [h.code for h in search.search_products(query, **kw)]


def test_a_product_is_written_with_its_keys(shop):
    p = catalogue.get_product(shop["P001"])
    assert (p.case_size, p.list_price, p.status) == (4, 5990, "active")
    assert p.name_norm == "金龙鱼食用调和油"
    assert p.py_initials.split()[0] == "jlysythy"
    assert "jinlongyushiyongtiaoheyou" in p.py_full.split()


def test_a_duplicate_code_is_refused_with_the_product_that_has_it(shop):
    with pytest.raises(UserError) as err:
        catalogue.save_product({"code": "P001", "name": "另一个"})
    assert err.value.msgid == "products.code_already_used"
    assert "金龙鱼食用调和油" in str(err.value)
    assert Product.select().count() == len(CATALOGUE)


def test_bad_fields_are_refused_and_nothing_is_written(shop):
    with pytest.raises(catalogue.InvalidProduct) as err:
        catalogue.save_product({"code": "P9", "name": "x", "list_price": "-1", "case_size": "0", "barcode": "69a"})
    text = str(err.value)
    assert "barcode" in text and "negative" in text and "case size" in text
    assert Product.select().count() == len(CATALOGUE)


def test_an_edit_changes_the_fields_given_and_the_keys(shop):
    catalogue.save_product({"name": "福临门调和油", "list_price": "61"}, shop["P001"])
    p = catalogue.get_product(shop["P001"])
    assert (p.name, p.list_price, p.code, p.spec) == ("福临门调和油", 6100, "P001", "5L×4")
    assert p.py_initials.startswith("flmthy")
    assert codes("flm") == ["P001"]
    assert "P001" not in codes("jlys")


def test_a_code_kept_on_edit_is_no_duplicate(shop):
    catalogue.save_product({"code": "P001", "list_price": 1}, shop["P001"])
    assert catalogue.get_product(shop["P001"]).list_price == 1


def test_search_by_code_exact_first_then_prefix(shop):
    assert codes("p001") == ["P001"]
    assert codes("P00")[:3] == ["P001", "P002", "P003"]
    assert search.search_products("p001")[0].why == "code"


def test_search_by_barcode_whole_or_its_start(shop):
    hit = search.search_products("6901234567890")[0]
    assert (hit.code, hit.why, hit.score) == ("P001", "barcode", 100)
    assert codes("692000") == ["P002"]


def test_search_by_name_pinyin_and_initials(shop):
    assert codes("火锅") == ["P002"]
    assert codes("jinlongyu") == ["JL5", "P001"]  # within a class, code order
    assert codes("jlyhsy") == ["JL5"]  # the whole name's initials
    assert codes("hsnn") == ["P010"]  # initials inside the name


def test_heteronyms_are_found_by_every_reading(shop):
    # 重 zhong/chong, 长 chang/zhang
    assert codes("cqhg") == codes("zqhg") == ["P002"]
    assert codes("chongqing") == codes("zhongqing") == ["P002"]
    assert codes("ccgh") == codes("zcgh") == ["P003"]
    # the likeliest reading ranks its whole initials higher
    assert search.search_products("ccghptj")[0].score > search.search_products("zcghptj")[0].score


def test_ranking_exact_then_prefix_then_substring(shop):
    found = search.search_products("金龙鱼")
    assert [h.code for h in found] == ["JL5", "P001"]
    assert {h.why for h in found} == {"name"}
    whole = search.search_products("银鹭花生牛奶")[0]
    part = search.search_products("花生")
    assert whole.score == 100
    assert [h.code for h in part] == ["JL5", "P010"] and all(h.score < 90 for h in part)


def test_a_close_spelling_is_the_last_resort(shop):
    hit = search.search_products("jinlongyv")[0]
    assert hit.why == "fuzzy" and hit.code in ("JL5", "P001")


def test_discontinued_products_only_when_asked(shop):
    catalogue.set_status(shop["P003"], "停售")
    assert codes("ccgh") == []
    hit = search.search_products("ccgh", include_discontinued=True)[0]
    assert (hit.code, hit.status) == ("P003", "discontinued")
    catalogue.set_status(shop["P003"], "active")
    assert codes("ccgh") == ["P003"]


def test_a_hit_carries_what_the_order_line_needs(shop):
    hit = search.search_products("P001")[0]
    assert (hit.id, hit.name, hit.spec, hit.unit, hit.case_unit, hit.case_size, hit.list_price, hit.barcode) == (
        shop["P001"], "金龙鱼食用调和油", "5L×4", "桶", "箱", 4, 5990, "6901234567890")


def test_a_product_written_elsewhere_is_found_after_the_check_interval(shop, monkeypatch):
    assert codes("yinlu") == ["P010"]
    later = catalogue.get_product(shop["P010"]).updated_at + timedelta(seconds=5)
    (Product.update(name="银鹭桂圆八宝粥", name_norm="银鹭桂圆八宝粥", updated_at=later)
     .where(Product.code == "P010").execute())  # another process's write: this one's index was not told
    monkeypatch.setattr(search, "CHECK_EVERY", 0.0)
    assert codes("八宝粥") == ["P010"]


def test_an_empty_query_finds_nothing(shop):
    assert search.search_products("") == [] and search.search_products("  ") == []
