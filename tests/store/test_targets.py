from datetime import date

import pytest

from salesterm.domain.errors import UserError
from salesterm.domain.targets import parse_weights
from salesterm.store.customers import create_customer
from salesterm.store.models import Payment, TradeLine
from salesterm.store.reps import rep_id
from salesterm.store.sales import targets


def test_yearly_target_broken_into_months_exactly(db):
    rep_id("张三", create=True)
    rows = targets.set_yearly_target("张三", 2026, sales=1_200_000_01, collections=1_000_000_00)
    months, year = rows[:12], rows[12]
    assert year.month == 0 and year.sales_target == 1_200_000_01
    assert sum(r.sales_target for r in months) == 1_200_000_01
    assert months[0].sales_target == 100_000_01 and months[1].sales_target == 100_000_00
    assert sum(r.collections_target for r in months) == 1_000_000_00


def test_seasonal_weights_and_month_edit(db):
    rep_id("张三", create=True)
    w = parse_weights("6 6 8 8 8 8 8 8 8 8 10 14")
    rows = targets.set_yearly_target("张三", 2026, sales=100_000_00, weights=w)
    assert rows[11].sales_target == 14_000_00 and rows[0].sales_target == 6_000_00
    rows = targets.set_month_target("张三", 2026, 12, sales=20_000_00)
    assert rows[11].sales_target == 20_000_00 and rows[12].sales_target == 106_000_00
    # setting the year again replaces the breakdown
    rows = targets.set_yearly_target("张三", 2026, sales=12_00)
    assert [r.sales_target for r in rows] == [1_00] * 12 + [12_00]
    with pytest.raises(UserError):
        targets.set_month_target("张三", 2026, 13, sales=1)
    with pytest.raises(UserError):
        targets.set_yearly_target("无此人", 2026, sales=1)


def test_actuals_from_sales_log_and_payments_net_of_reversals(db):
    c = create_customer({"name": "华联超市"}, rep="张三")
    other = create_customer({"name": "永辉超市"}, rep="李四")
    targets.set_yearly_target("张三", 2026, sales=120_000_00, collections=120_000_00)
    TradeLine.create(customer=c.id, day=date(2026, 3, 5), amount=5_000_00, direction="sale")
    TradeLine.create(customer=c.id, day=date(2026, 3, 25), amount=1_234_56, direction="sale")
    TradeLine.create(customer=c.id, day=date(2026, 3, 26), amount=9_999_99, direction="purchase")
    TradeLine.create(customer=other.id, day=date(2026, 3, 5), amount=7_00, direction="sale")
    TradeLine.create(customer=c.id, day=date(2025, 3, 5), amount=7_00, direction="sale")
    p = Payment.create(customer=c.id, day=date(2026, 4, 1), amount=3_000_00)
    Payment.create(customer=c.id, day=date(2026, 4, 3), amount=-1_000_00, reverses=p.id)
    Payment.create(customer=c.id, day=date(2026, 5, 3), amount=50, rep=rep_id("张三", create=True))
    Payment.create(customer=other.id, day=date(2026, 4, 3), amount=77_00)
    rows = targets.progress("张三", 2026)
    assert rows[2].sales == 6_234_56
    assert rows[3].collected == 2_000_00 and rows[4].collected == 50
    assert rows[12].sales == 6_234_56 and rows[12].collected == 2_000_50
    team = targets.progress(None, 2026)
    assert team[2].sales == 6_241_56 and team[3].collected == 2_077_00
    assert targets.reps_with_targets(2026) == ["张三"]
