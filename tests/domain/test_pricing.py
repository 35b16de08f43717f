"""The price system's rules (domain/pricing), exhaustively: hypothesis draws customers, dated
customer prices, price lists of every specificity, promotions and typed prices, and every quote
must keep the invariants the handbook's 价格体系 relies on."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesterm.domain import pricing
from salesterm.domain.errors import UserError
from salesterm.domain.pricing import CustomerPriceRule, ListPriceRule, PriceContext, PromotionRule

DAY0 = date(2026, 1, 1)
KINDS = ("", "distributor", "wholesaler", "retailer")
GRADES = ("", "A", "B", "C", "D")

prices = st.integers(min_value=0, max_value=10_000_000)  # up to 100,000 yuan a unit, in fen
qtys = st.integers(min_value=1, max_value=100_000)
days = st.integers(min_value=0, max_value=60).map(lambda n: DAY0 + timedelta(days=n))
maybe_days = st.none() | days


@st.composite
def spans(draw):
    starts, ends = draw(maybe_days), draw(maybe_days)
    if starts and ends and ends < starts:
        starts, ends = ends, starts
    return starts, ends


@st.composite
def customer_prices(draw):
    starts, ends = draw(spans())
    return CustomerPriceRule(starts=starts, ends=ends, price=draw(prices))


@st.composite
def list_prices(draw):
    starts, ends = draw(spans())
    return ListPriceRule(starts=starts, ends=ends, price=draw(prices), list_name=draw(st.sampled_from("PQRS")),
                         customer_kind=draw(st.sampled_from(KINDS)), grade=draw(st.sampled_from(GRADES)))


@st.composite
def promotions(draw):
    starts, ends = draw(spans())
    kind = draw(st.sampled_from(pricing.PROMOTION_KINDS))
    name = draw(st.text("abcdef", min_size=1, max_size=3))
    return PromotionRule(starts=starts, ends=ends, id=name + str(draw(st.integers(0, 9))), name=name, kind=kind,
                         buy_qty=draw(st.integers(0, 50)), free_qty=draw(st.integers(0, 10)),
                         discount_bp=draw(st.integers(0, 10_000)), customer_kind=draw(st.sampled_from(KINDS)),
                         grade=draw(st.sampled_from(GRADES)))


@st.composite
def contexts(draw):
    list_price = draw(prices)
    return PriceContext(
        list_price=list_price, floor_price=draw(st.none() | prices),
        customer_kind=draw(st.sampled_from(KINDS[1:])), grade=draw(st.sampled_from(GRADES)),
        customer_prices=tuple(draw(st.lists(customer_prices(), max_size=3))),
        list_prices=tuple(draw(st.lists(list_prices(), max_size=5))),
        promotions=tuple(draw(st.lists(promotions(), max_size=4, unique_by=lambda p: p.id))),  # ids: keys
    )


def _matches(rule, ctx) -> bool:
    return rule.customer_kind in ("", ctx.customer_kind) and rule.grade in ("", ctx.grade)


@settings(max_examples=400)
@given(contexts(), qtys, days, st.none() | prices)
def test_every_quote_is_exact_and_never_negative(ctx, qty, day, typed):
    q = pricing.quote(ctx, qty, day, typed)
    assert all(isinstance(v, int) for v in (q.price, q.base_price, q.amount, q.free_qty, q.qty))
    assert q.amount == qty * q.price  # exact to the fen: integers only, no rounding of the total
    assert q.price >= 0 and q.amount >= 0 and q.free_qty >= 0
    assert 0 <= q.price <= q.base_price  # a promotion only ever lowers the price
    assert q.list_price == ctx.list_price and q.floor_price == ctx.floor_price
    assert q.below_floor == (ctx.floor_price is not None and q.base_price < ctx.floor_price)


@settings(max_examples=400)
@given(contexts(), qtys, days)
def test_customer_price_beats_list_beats_catalogue(ctx, qty, day):
    q = pricing.quote(ctx, qty, day)
    agreed = [r for r in ctx.customer_prices if r.valid_on(day)]
    lists = [r for r in ctx.list_prices if r.valid_on(day) and _matches(r, ctx)]
    if agreed:
        assert q.source == "customer" and q.base_price in {r.price for r in agreed}
        latest = max(r.starts or date.min for r in agreed)
        assert q.base_price == min(r.price for r in agreed if (r.starts or date.min) == latest)
    elif lists:
        assert q.source == "list" and (q.base_price, q.source_name) in {(r.price, r.list_name) for r in lists}
    else:
        assert (q.source, q.base_price, q.source_name) == ("catalogue", ctx.list_price, "")


def _specificity(rule) -> int:
    return 2 * bool(rule.customer_kind) + bool(rule.grade)


@st.composite
def a_list_that_applies(draw, ctx, day):
    """A list price valid on DAY for CTX's customer (so the test below never filters its input)."""
    before = st.none() | st.integers(0, 30).map(lambda n: day - timedelta(days=n))
    after = st.none() | st.integers(0, 30).map(lambda n: day + timedelta(days=n))
    return ListPriceRule(starts=draw(before), ends=draw(after), price=draw(prices),
                         list_name=draw(st.sampled_from("PQRS")),
                         customer_kind=draw(st.sampled_from(("", ctx.customer_kind))),
                         grade=draw(st.sampled_from(("", ctx.grade))))


@settings(max_examples=400)
@given(contexts(), days, st.data())
def test_the_most_specific_list_wins(ctx, day, data):
    applies = data.draw(a_list_that_applies(ctx, day))
    at = data.draw(st.integers(0, len(ctx.list_prices)))
    ctx = PriceContext(list_price=ctx.list_price, customer_kind=ctx.customer_kind, grade=ctx.grade,
                       list_prices=ctx.list_prices[:at] + (applies,) + ctx.list_prices[at:])
    lists = [r for r in ctx.list_prices if r.valid_on(day) and _matches(r, ctx)]
    assert applies in lists
    price, source, name = pricing.base_price(ctx, day)
    top = max(_specificity(r) for r in lists)
    best = [r for r in lists if _specificity(r) == top]
    latest = max((r.starts or date.min) for r in best)
    best = [r for r in best if (r.starts or date.min) == latest]
    first = min(r.list_name for r in best)
    assert source == "list" and name == first
    assert price == min(r.price for r in best if r.list_name == first)


def test_specificity_order_by_example():
    rules = (ListPriceRule(price=400, list_name="everyone"), ListPriceRule(price=300, list_name="A", grade="A"),
             ListPriceRule(price=200, list_name="distributors", customer_kind="distributor"),
             ListPriceRule(price=100, list_name="A distributors", customer_kind="distributor", grade="A"))
    for kind, grade, want in (("distributor", "A", "A distributors"), ("distributor", "B", "distributors"),
                              ("retailer", "A", "A"), ("retailer", "C", "everyone"),
                              ("wholesaler", "", "everyone")):
        ctx = PriceContext(list_price=999, customer_kind=kind, grade=grade, list_prices=rules)
        assert pricing.base_price(ctx, DAY0)[2] == want


@settings(max_examples=300)
@given(spans(), days, prices, prices)
def test_dates_are_respected_both_ends_included(span, day, agreed, catalogue):
    starts, ends = span
    rule = CustomerPriceRule(starts=starts, ends=ends, price=agreed)
    ctx = PriceContext(list_price=catalogue, customer_prices=(rule,),
                       list_prices=(ListPriceRule(starts=starts, ends=ends, price=agreed, list_name="L"),))
    inside = (starts is None or starts <= day) and (ends is None or day <= ends)
    assert pricing.base_price(ctx, day)[1] == ("customer" if inside else "catalogue")
    lists_only = PriceContext(list_price=catalogue, list_prices=ctx.list_prices)
    assert pricing.base_price(lists_only, day)[1] == ("list" if inside else "catalogue")
    if starts:
        assert pricing.base_price(ctx, starts)[1] == "customer" or (ends and ends < starts)
    if ends:
        assert pricing.base_price(ctx, ends)[1] == "customer"


@settings(max_examples=300)
@given(contexts(), qtys, days, prices)
def test_a_typed_price_never_gets_a_promotion(ctx, qty, day, typed):
    q = pricing.quote(ctx, qty, day, typed)
    assert (q.source, q.price, q.base_price, q.amount) == ("manual", typed, typed, qty * typed)
    assert q.promotion_id is None and q.free_qty == 0 and q.promotion_name == ""


@settings(max_examples=400)
@given(qtys, st.integers(0, 50), st.integers(0, 10))
def test_gift_units_are_whole_multiples(qty, buy, free):
    promo = PromotionRule(kind="gift", buy_qty=buy, free_qty=free)
    want = (qty // buy) * free if buy > 0 and free > 0 else 0
    assert pricing.gift_units(qty, promo) == want


@settings(max_examples=400)
@given(prices, st.integers(0, 10_000))
def test_a_discount_of_0_to_100_percent_stays_within_the_price(price, bp):
    out = pricing.discounted(price, bp)
    assert 0 <= out <= price
    assert abs(out * 10_000 - price * (10_000 - bp)) <= 5_000  # rounded to the nearest fen
    assert pricing.discounted(price, 0) == price and pricing.discounted(price, 10_000) == 0


@settings(max_examples=400)
@given(contexts(), qtys, days)
def test_the_best_promotion_is_chosen(ctx, qty, day):
    q = pricing.quote(ctx, qty, day)
    running = [p for p in ctx.promotions if p.valid_on(day) and _matches(p, ctx)]

    def worth(p):
        if p.kind == "discount":
            return qty * (q.base_price - pricing.discounted(q.base_price, p.discount_bp))
        return pricing.gift_units(qty, p) * q.base_price

    best = max((worth(p) for p in running), default=0)
    if best == 0:
        assert q.promotion_id is None and q.price == q.base_price and q.free_qty == 0
        return
    chosen = next(p for p in running if p.id == q.promotion_id and p.name == q.promotion_name)
    assert worth(chosen) == best
    assert q.promotion_name == min(p.name for p in running if worth(p) == best)
    if chosen.kind == "gift":
        assert q.free_qty == pricing.gift_units(qty, chosen) and q.price == q.base_price
    else:
        assert q.free_qty == 0 and q.price == pricing.discounted(q.base_price, chosen.discount_bp)


def test_promotion_ties_go_to_the_first_name_whatever_its_length():
    promos = (PromotionRule(id="2", name="AB", kind="discount", discount_bp=500),
              PromotionRule(id="1", name="A", kind="discount", discount_bp=500))
    q = pricing.quote(PriceContext(list_price=1000, promotions=promos), 3, DAY0)
    assert q.promotion_name == "A" and q.price == 950 and q.amount == 2850


def test_below_floor_is_decided_on_the_price_before_promotions():
    ctx = PriceContext(list_price=1000, floor_price=990,
                       promotions=(PromotionRule(name="p", kind="discount", discount_bp=5000),))
    q = pricing.quote(ctx, 1, DAY0)
    assert q.price == 500 and not q.below_floor  # the manager's promotion never needs approval
    assert pricing.quote(ctx, 1, DAY0, manual_price=989).below_floor
    assert not pricing.quote(ctx, 1, DAY0, manual_price=990).below_floor


@pytest.mark.parametrize("qty", [0, -1])
def test_a_quantity_must_be_positive(qty):
    with pytest.raises(UserError) as e:
        pricing.quote(PriceContext(list_price=100), qty, DAY0)
    assert e.value.msgid == "pricing.quantity_must_be_positive"


def test_a_typed_price_cannot_be_negative():
    with pytest.raises(UserError) as e:
        pricing.quote(PriceContext(list_price=100), 1, DAY0, manual_price=-1)
    assert e.value.msgid == "pricing.price_negative"
