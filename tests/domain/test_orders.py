"""The order text a rep types on the visit log: name×quantity, several per order."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesterm.domain.errors import UserError
from salesterm.domain.orders import OrderItem, deal_title, parse_order, resolve, share


@pytest.mark.parametrize("text, expected", [
    ("金龙鱼5L×40", [OrderItem("金龙鱼5L", 40)]),
    ("金龙鱼5L x 40", [OrderItem("金龙鱼5L", 40)]),
    ("金龙鱼5LX40", [OrderItem("金龙鱼5L", 40)]),
    ("金龙鱼5L*40", [OrderItem("金龙鱼5L", 40)]),
    ("金龙鱼5L×40箱", [OrderItem("金龙鱼5L（箱）", 40)]),
    ("金龙鱼5L×1,000", [OrderItem("金龙鱼5L", 1000)]),
    ("a×1,5L×2", [OrderItem("a", 1), OrderItem("5L", 2)]),
    ("Xbox x 3", [OrderItem("Xbox", 3)]),
    ("金龙鱼5L×40，鲁花花生油×20", [OrderItem("金龙鱼5L", 40), OrderItem("鲁花花生油", 20)]),
    ("a×1, b×2; c×3；d×4、e×5\nf×6", [OrderItem(n, q) for n, q in zip("abcdef", range(1, 7), strict=True)]),
    ("饮料", [OrderItem("饮料", None)]),
    ("", []),
    (" ，、 ", []),
])
def test_parse_order(text, expected):
    assert parse_order(text) == expected


def test_zero_quantity_is_refused():
    with pytest.raises(UserError, match="at least 1"):
        parse_order("金龙鱼5L×0")


def test_resolve_never_leaves_a_line_without_quantity():
    assert resolve([OrderItem("饮料", None)], 12) == [OrderItem("饮料", 12)]
    assert resolve([OrderItem("饮料", None)]) == [OrderItem("饮料", 1)]
    assert resolve([]) == [OrderItem("", 1)]
    with pytest.raises(UserError, match="how many of 鲁花"):
        resolve([OrderItem("金龙鱼", 4), OrderItem("鲁花", None)])
    with pytest.raises(UserError):
        resolve([OrderItem("饮料", None)], 0)


def test_deal_title_joins_the_names():
    assert deal_title([OrderItem("金龙鱼5L", 40), OrderItem("鲁花", 2)]) == "金龙鱼5L、鲁花"
    assert len(deal_title([OrderItem("长" * 100, 1)])) == 60


names = st.text(alphabet="金龙鱼花生油鲁abcLm5 -", min_size=1, max_size=12).filter(
    lambda s: s.strip() and s.strip()[-1] not in "0123456789 " and s.strip()[0] not in "0123456789")
seps = st.sampled_from(["，", ",", ";", "；", "、", "\n"])


@given(st.lists(st.tuples(names, st.integers(1, 99999), st.sampled_from("×xX*")), min_size=1, max_size=6), seps)
def test_typed_items_parse_back(items, sep):
    text = sep.join(f"{n}{mark}{q}" for n, q, mark in items)
    got = parse_order(text)
    assert [i.quantity for i in got] == [q for _, q, _ in items]
    assert all(i.quantity and i.quantity > 0 for i in got)


@given(st.integers(0, 10**12), st.lists(st.integers(1, 10**6), min_size=1, max_size=8))
def test_share_adds_up_and_follows_quantity(amount, quantities):
    shares = share(amount, quantities)
    assert sum(shares) == amount and all(s >= 0 for s in shares)
    total = sum(quantities)
    assert all(abs(s - amount * q / total) <= 1 for s, q in zip(shares, quantities, strict=True))
