"""SVG snapshots of the order screens, in Chinese and English, at 120x40 and 80x24: the visit log
with two order lines taken by keys (price sources, a promotion, the total and the credit check),
and an order's detail part-delivered with a return and a complaint. The data is fixed
(tests/ui/order_helpers) and the order number too (the number names the database's random site).
Regenerate after a deliberate change of the look:
    python -m pytest -n 1 tests/ui/test_order_snapshots.py --snapshot-update"""
from __future__ import annotations

import pytest

from salesterm.store.models import OrderLine, SalesOrder
from tests.conftest import TODAY
from tests.ui.order_helpers import build_catalogue
from tests.ui.test_snapshots import LANGS, SIZES, _steps, steady  # noqa: F401 - steady is a fixture
from tests.ui.visit_helpers import fill

# view -> (section the app starts on, keys a user presses to get there)
VIEWS = {
    "visit-log-order": ("today", ("l", "tab", *"jly", "enter", "5", "enter", *"SP002", "enter", "1", "2", "enter")),
    "order-detail": ("pipeline", ("o", "enter")),
}


def _build(ids: dict):
    def build():
        from salesterm.store.orders import lifecycle, returns
        from salesterm.store.orders.complaints import add_complaint
        from salesterm.store.orders.placing import LineInput, place_order

        build_catalogue(ids)
        order_id = place_order(ids["c"], [LineInput(ids["oil"], 2, "箱"), LineInput(ids["peanut"], 12, "箱")],
                               TODAY, note="送到后门").order_id
        SalesOrder.update(number="SO-20261129-TEST-001").where(SalesOrder.id == order_id).execute()
        lines = {x.product_id: x.id for x in OrderLine.select().where(OrderLine.order == order_id)}
        lifecycle.ship(order_id, TODAY)
        lifecycle.deliver(order_id, TODAY, {lines[ids["oil"]]: 8, lines[ids["peanut"]]: 24})
        returns.return_goods(lines[ids["oil"]], 1, "漏油", TODAY)
        add_complaint(order_id, "瓶盖破损", day=TODAY)

    return build


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("view", VIEWS)
def test_order_view(view, lang, size, snap_compare, steady, tmp_path):  # noqa: F811 - the fixture
    from salesterm.app import SalesTermApp

    db = str(tmp_path / "orders.db")
    fill(db, _build({}))
    start, keys = VIEWS[view]
    app = SalesTermApp(db=db, today=TODAY, start=start, lang=lang, rep="王伟")
    app.animation_level = "none"
    assert snap_compare(app, terminal_size=SIZES[size], run_before=_steps(keys))
