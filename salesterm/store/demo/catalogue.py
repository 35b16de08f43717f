"""The demo's products and price system (价格体系): about sixty products of a food and drinks
distributor (catalogue_data) with codes, specifications, units and cases, brands, categories,
EAN-13 barcodes, list and floor prices; price lists by customer kind and grade; prices agreed with
a few distributors; and two promotions, a gift one running now and a discount that ended.

Written through the demo's bulk rows (ids from its seeded random source), after the rest of the
demo so a seed's earlier rows stay what they were."""
from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from salesterm.domain import textkeys
from salesterm.store.customers import name_keys
from salesterm.store.demo import catalogue_data as cat
from salesterm.store.demo import data as pools
from salesterm.store.models import CustomerPrice, PriceList, PriceListItem, Product, Promotion

if TYPE_CHECKING:
    from salesterm.store.demo import Demo


def _round(fen: int) -> int:
    """A price as price lists write them: to the jiao (10 fen)."""
    return max(10, (fen + 5) // 10 * 10)


def make(demo: Demo) -> dict[str, Any]:
    """Products, price lists, customer prices and promotions; returns what the orders need."""
    rng, today = demo.rng, demo.today
    since = demo.at(today - timedelta(days=400))
    products = []
    for category, items in cat.PRODUCTS.items():
        prefix = cat.CATEGORIES[category]
        for n, (brand, name, spec, unit, case_unit, case_size, price) in enumerate(items, start=1):
            barcode = cat.ean13(f"69{rng.randrange(10**9, 10**10):010d}")
            row = demo.add(Product, code=f"{prefix}{n:03d}", name=name, name_norm=textkeys.normalise_name(name),
                           spec=spec, unit=unit, case_unit=case_unit, case_size=case_size, brand=brand,
                           category=category, barcode=barcode, status="active", list_price=price,
                           floor_price=_round(price * cat.FLOOR_PERCENT // 100), _stamp=since, **name_keys(name))
            products.append(row)
    products[-1]["status"] = "discontinued"  # one the ERP stopped selling
    for name, kind, grade, percent in cat.PRICE_LISTS:
        plist = demo.add(PriceList, name=name, customer_kind=kind, grade=grade, _stamp=since,
                         note="2026 年价格体系" if not grade else "")
        for p in products:
            demo.add(PriceListItem, price_list=plist["id"], product=p["id"],
                     price=_round(p["list_price"] * percent // 100), _stamp=since)
    agreed: dict[str, list] = {}
    from salesterm.store.demo.orders import eligible

    for c in [c for c in eligible(demo) if c["kind"] in pools.TRADE_KINDS][:3]:
        agreed[c["id"]] = rng.sample(products[:30], 2)
        for p in agreed[c["id"]]:
            demo.add(CustomerPrice, customer=c["id"], product=p["id"], price=_round(p["list_price"] * 80 // 100),
                     starts=today - timedelta(days=rng.randrange(60, 200)), note="年度协议价",
                     _stamp=demo.at(today - timedelta(days=60)))
    oil, soy = products[0], next(p for p in products if p["name"] == "海天 生抽")
    gift = demo.add(Promotion, name="金龙鱼调和油 买10箱送1箱", product=oil["id"], starts=today - timedelta(days=20),
                    ends=today + timedelta(days=40), kind="gift", buy_qty=10 * oil["case_size"],
                    free_qty=oil["case_size"], note="年末冲量", _stamp=demo.at(today - timedelta(days=21)))
    past = demo.add(Promotion, name="海天生抽 国庆九五折", product=soy["id"], starts=today - timedelta(days=70),
                    ends=today - timedelta(days=45), kind="discount", discount_bp=500, note="国庆档",
                    _stamp=demo.at(today - timedelta(days=71)))
    demo.flush()
    return {"products": [p for p in products if p["status"] == "active"], "agreed": agreed,
            "gift": gift, "past": past, "oil": oil, "soy": soy}
