"""SVG snapshots of the price system (价格体系) in Chinese and English at 120x40 and 80x24: the Price
system screen's price lists and promotions, the promotion form, and a customer's Prices view.
The data is a small fixed shop (tests/store/pricing_fixtures), not the demo, so these pictures change
only when the price system's look does. Regenerate with
    python -m pytest tests/ui/test_price_snapshots.py --snapshot-update"""
from __future__ import annotations

import pytest

from tests.ui.test_price_system import shop_db
from tests.ui.test_snapshots import LANGS, SIZES, _app, _steps, steady  # noqa: F401 - steady is a fixture

# view -> (section the app starts on, keys a user presses to get there)
VIEWS = {
    "prices-lists": ("reports", ("dollar_sign",)),
    "prices-promotions": ("reports", ("dollar_sign", "right_square_bracket")),
    "promotion-form": ("reports", ("dollar_sign", "right_square_bracket", "n")),
    "customer-prices": ("customers", ("enter", "dollar_sign")),
}


def _prices(ids) -> None:
    from salesterm.store.pricing import admin
    from tests.store.pricing_fixtures import product

    product("P003", "海天生抽 500ml", 1_250, floor=1_000)

    a = admin.save_price_list({"name": "A级经销商价", "customer_kind": "distributor", "grade": "A",
                               "starts": "2026-01-01", "ends": "2026-12-31"})
    admin.set_list_item(a, "P001", 10_800)
    admin.set_list_item(a, "P002", 8_200)
    retail = admin.save_price_list({"name": "零售价", "customer_kind": "retailer"})
    admin.set_list_item(retail, "P002", 8_600)
    admin.save_customer_price({"customer_id": ids["dist"], "product": "P002", "price": 8_000,
                               "starts": "2026-06-01", "note": "年度协议"})
    admin.save_customer_price({"customer_id": ids["shop"], "product": "P001", "price": 11_500,
                               "starts": "2026-11-01", "ends": "2027-01-31", "note": "开业价"})
    admin.save_promotion({"name": "买十赠一", "kind": "gift", "buy_qty": 10, "free_qty": 1, "product": "P001",
                          "starts": "2026-11-01", "ends": "2026-12-31"})
    admin.save_promotion({"name": "年终让利", "kind": "discount", "discount": "5%", "customer_kind": "retailer",
                          "starts": "2026-12-01", "ends": "2026-12-31"})


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("view", VIEWS)
def test_price_view(view, lang, size, snap_compare, steady, tmp_path):  # noqa: F811 - the fixture
    path, _ids = shop_db(tmp_path / "prices.db", _prices)
    start, keys = VIEWS[view]
    assert snap_compare(_app(path, start, lang), terminal_size=SIZES[size], run_before=_steps(keys))
