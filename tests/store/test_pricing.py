"""The price system on both backends: the manager's writes (store/pricing/admin) and what an order
line is quoted (store/pricing/quotes.quote) and what the customer's price sheet shows."""
from __future__ import annotations

from datetime import date

import pytest

from salesterm.domain.errors import UserError
from salesterm.store.models import Customer, Product
from salesterm.store.pricing import admin, listing, quotes
from tests.store.pricing_fixtures import customer, product

DAY = date(2026, 11, 29)


@pytest.fixture
def shop(db):
    """Two products, a B-grade distributor and an A-grade retailer."""
    return {"oil": product("P001", "金龙鱼花生油 5L", 12_000, floor=10_000),
            "rice": product("P002", "五常大米 10kg", 8_800),
            "dist": customer("鑫源粮油批发部", "distributor", "B"),
            "shop": customer("好邻居超市", "retailer", "A")}


def _refused(msgid: str, fn, *args, **kwargs) -> UserError:
    with pytest.raises(UserError) as e:
        fn(*args, **kwargs)
    assert e.value.msgid == msgid
    return e.value


def test_list_beats_catalogue_and_the_customer_price_beats_the_list(shop):
    q = quotes.quote(shop["dist"], shop["oil"], 10, DAY)
    assert (q.source, q.price, q.amount) == ("catalogue", 12_000, 120_000)
    everyone = admin.save_price_list({"name": "统一价"})
    admin.set_list_item(everyone, "P001", "115")
    distributors = admin.save_price_list({"name": "经销商价", "customer_kind": "经销商"})
    admin.set_list_item(distributors, shop["oil"], 11_000)
    b_distributors = admin.save_price_list({"name": "B级经销商", "customer_kind": "distributor", "grade": "b"})
    admin.set_list_item(b_distributors, "P001", "108.00")
    assert quotes.quote(shop["shop"], shop["oil"], 1, DAY).source_name == "统一价"
    q = quotes.quote(shop["dist"], shop["oil"], 3, DAY)
    assert (q.source, q.source_name, q.price, q.amount, q.below_floor) == ("list", "B级经销商", 10_800, 32_400, False)
    admin.save_customer_price({"customer_id": shop["dist"], "product": "P001", "price": "99.50",
                               "starts": "2026-11-01", "ends": "2026-12-31", "note": "年度协议"})
    q = quotes.quote(shop["dist"], shop["oil"], 2, DAY)
    assert (q.source, q.price, q.amount, q.below_floor, q.floor_price) == ("customer", 9_950, 19_900, True, 10_000)
    assert quotes.quote(shop["dist"], shop["oil"], 2, date(2027, 1, 1)).source == "list"  # the agreement ended
    assert quotes.quote(shop["dist"], shop["rice"], 1, DAY).source == "catalogue"  # no item for rice


def test_dated_lists_and_deletions(shop):
    winter = admin.save_price_list({"name": "冬季", "starts": "2026-12-01", "ends": "2027-02-28"})
    admin.set_list_item(winter, "P002", 8_000)
    assert quotes.quote(shop["shop"], shop["rice"], 1, DAY).source == "catalogue"
    assert quotes.quote(shop["shop"], shop["rice"], 1, date(2026, 12, 1)).price == 8_000
    assert quotes.quote(shop["shop"], shop["rice"], 1, date(2027, 2, 28)).price == 8_000
    item = admin.set_list_item(winter, "P002", 7_900)  # one item per product: it changes
    assert [i.price for i in listing.list_items(winter)] == [7_900]
    admin.remove_list_item(item)
    assert quotes.quote(shop["shop"], shop["rice"], 1, date(2026, 12, 1)).source == "catalogue"
    admin.set_list_item(winter, "P002", 7_800)
    admin.delete_price_list(winter)
    assert listing.price_lists() == []
    assert quotes.quote(shop["shop"], shop["rice"], 1, date(2026, 12, 1)).source == "catalogue"


def test_promotions_gift_and_discount(shop):
    admin.save_promotion({"name": "买十赠一", "kind": "gift", "product": "P001", "buy_qty": "10", "free_qty": "1",
                          "starts": "2026-11-01", "ends": "2026-11-30"})
    admin.save_promotion({"name": "全场95折", "kind": "discount", "discount": "5%", "customer_kind": "retailer",
                          "starts": "2026-11-01", "ends": "2026-11-30"})
    q = quotes.quote(shop["dist"], shop["oil"], 25, DAY)  # the discount is for retailers only
    assert (q.promotion_name, q.free_qty, q.price, q.amount) == ("买十赠一", 2, 12_000, 300_000)
    q = quotes.quote(shop["shop"], shop["oil"], 5, DAY)  # too few for the gift: 5% off
    assert (q.promotion_name, q.price, q.amount, q.free_qty) == ("全场95折", 11_400, 57_000, 0)
    q = quotes.quote(shop["shop"], shop["oil"], 30, DAY)  # 3 free units (36,000) beat 5% (18,000)
    assert (q.promotion_name, q.free_qty, q.price) == ("买十赠一", 3, 12_000)
    q = quotes.quote(shop["shop"], shop["oil"], 30, DAY, manual_price=11_000)
    assert (q.source, q.promotion_id, q.free_qty, q.amount) == ("manual", None, 0, 330_000)
    assert quotes.quote(shop["shop"], shop["oil"], 30, date(2026, 12, 1)).promotion_id is None
    rows = listing.promotions()
    assert [(r.name, r.product, r.discount_bp) for r in rows] == [("买十赠一", "P001 金龙鱼花生油 5L", 0),
                                                                  ("全场95折", "", 500)]


def test_writes_are_checked(shop):
    _refused("pricing.price_negative", admin.set_list_item, admin.save_price_list({"name": "x"}), "P001", "-1")
    _refused("pricing.ends_before_starts", admin.save_price_list, {"name": "x", "starts": "2026-02-01",
                                                                     "ends": "2026-01-31"})
    _refused("pricing.name_required", admin.save_price_list, {"name": "  "})
    _refused("pricing.unknown_grade", admin.save_price_list, {"name": "x", "grade": "E"})
    _refused("pricing.unknown_kind", admin.save_price_list, {"name": "x", "customer_kind": "consumer"})
    _refused("pricing.unknown_product", admin.save_customer_price,
             {"customer_id": shop["dist"], "product": "NOPE", "price": 100})
    _refused("pricing.gift_needs_quantities", admin.save_promotion,
             {"name": "g", "kind": "gift", "buy_qty": "10", "free_qty": "0", "starts": DAY, "ends": DAY})
    _refused("pricing.discount_out_of_range", admin.save_promotion,
             {"name": "d", "kind": "discount", "discount": "120%", "starts": DAY, "ends": DAY})
    _refused("pricing.promotion_needs_dates", admin.save_promotion,
             {"name": "d", "kind": "discount", "discount": "5"})
    _refused("pricing.price_negative", admin.set_floor, "P002", -5)


def test_overlapping_customer_prices_are_refused_naming_the_one_in_the_way(shop):
    first = admin.save_customer_price({"customer_id": shop["dist"], "product": "P001", "price": 10_000,
                                       "starts": "2026-01-01", "ends": "2026-06-30"})
    err = _refused("pricing.customer_price_overlaps", admin.save_customer_price,
                   {"customer_id": shop["dist"], "product": "P001", "price": 9_000, "starts": "2026-06-30"})
    assert err.params["span"] == "2026-01-01..2026-06-30" and err.params["customer"] == "鑫源粮油批发部"
    admin.save_customer_price({"customer_id": shop["dist"], "product": "P001", "price": 9_000,
                               "starts": "2026-07-01"})
    admin.save_customer_price({"customer_id": shop["dist"], "product": "P001", "price": 9_500,
                               "starts": "2026-01-01", "ends": "2026-06-30"}, first)  # itself is no overlap
    admin.save_customer_price({"customer_id": shop["shop"], "product": "P001", "price": 1})  # another customer
    assert [(r.price, r.starts) for r in listing.customer_prices(shop["dist"])] == [
        (9_500, date(2026, 1, 1)), (9_000, date(2026, 7, 1))]
    admin.delete_customer_price(first)
    assert len(listing.customer_prices(shop["dist"])) == 1


def test_floor_and_the_price_sheet(shop):
    admin.set_floor("P002", "80")
    assert Product.get_by_id(shop["rice"]).floor_price == 8_000
    admin.set_floor("P002", "")
    assert Product.get_by_id(shop["rice"]).floor_price is None
    product("P003", "停产酱油", 1_000, status="discontinued")
    retail = admin.save_price_list({"name": "零售A", "customer_kind": "retailer", "grade": "A"})
    admin.set_list_item(retail, "P002", 9_000)
    admin.save_customer_price({"customer_id": shop["shop"], "product": "P001", "price": 11_111})
    admin.save_promotion({"name": "95折", "kind": "discount", "discount": "5", "starts": "2026-11-01",
                          "ends": "2026-11-30"})
    name, kind, rows = listing.price_sheet(shop["shop"], DAY)
    assert (name, kind) == ("好邻居超市", "retailer")
    assert [(r.code, r.price, r.source, r.source_name, [p.name for p in r.promotions]) for r in rows] == [
        ("P001", 11_111, "customer", "", ["95折"]), ("P002", 9_000, "list", "零售A", ["95折"])]
    for r in rows:  # the sheet and an order line agree
        q = quotes.quote(shop["shop"], r.product_id, 1, DAY)
        assert (q.base_price, q.source, q.source_name) == (r.price, r.source, r.source_name)
    _, _, rows = listing.price_sheet(shop["dist"], DAY)
    assert [(r.source, r.price) for r in rows] == [("catalogue", 12_000), ("catalogue", 8_800)]


def test_quote_refuses_what_is_gone(shop):
    _refused("pricing.no_such_customer", quotes.quote, "nobody", shop["oil"], 1, DAY)
    _refused("pricing.no_such_product", quotes.quote, shop["dist"], "nothing", 1, DAY)
    Customer.update(deleted_at=DAY).where(Customer.id == shop["dist"]).execute()
    _refused("pricing.no_such_customer", quotes.quote, shop["dist"], shop["oil"], 1, DAY)


def test_wholesalers_are_a_kind_of_their_own(shop):
    wholesaler = customer("东门批发", "批发商", "C")
    assert Customer.get_by_id(wholesaler).kind == "wholesaler"
    lst = admin.save_price_list({"name": "批发价", "customer_kind": "wholesaler"})
    admin.set_list_item(lst, "P002", 8_000)
    assert quotes.quote(wholesaler, shop["rice"], 1, DAY).source_name == "批发价"
    assert quotes.quote(shop["dist"], shop["rice"], 1, DAY).source == "catalogue"
