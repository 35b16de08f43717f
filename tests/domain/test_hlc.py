"""The hybrid logical clock: monotonic, later than anything it receives, totally ordered with
the site id, and its packed text sorts as the clock does."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from salesterm.domain import hlc

walls = st.integers(min_value=0, max_value=10 ** 14)
counts = st.integers(min_value=0, max_value=hlc.MAX_COUNT)
clocks = st.builds(hlc.Clock, walls, counts)


@given(clocks, walls)
def test_tick_is_later_than_the_last_clock(last, now):
    assert hlc.tick(last, now) > last


@given(clocks, walls)
def test_tick_follows_the_wall_when_it_is_ahead(last, now):
    nxt = hlc.tick(last, now)
    assert nxt.wall >= now and nxt.wall >= last.wall


@given(clocks, clocks, walls)
def test_receive_is_later_than_both(last, remote, now):
    got = hlc.receive(last, remote, now)
    assert got > last and got > remote and got.wall >= now


@given(st.lists(st.tuples(st.booleans(), clocks, walls), max_size=50), clocks)
def test_a_run_of_events_is_strictly_increasing(events, start):
    current = start
    for is_receive, remote, now in events:
        nxt = hlc.receive(current, remote, now) if is_receive else hlc.tick(current, now)
        assert nxt > current
        current = nxt


@given(clocks, clocks)
def test_packed_text_sorts_as_the_clock(a, b):
    assert (a.pack() < b.pack()) == (a < b)
    assert hlc.unpack(a.pack()) == a


@given(clocks, st.text(min_size=1, max_size=8), clocks, st.text(min_size=1, max_size=8))
def test_order_with_the_site_id_is_total(a, sa, b, sb):
    x, y = hlc.wins(a.pack(), sa, b.pack(), sb), hlc.wins(b.pack(), sb, a.pack(), sa)
    if (a, sa) == (b, sb):
        assert not x and not y
    else:
        assert x != y


def test_a_clock_far_in_the_future_is_suspect():
    now = 1_800_000_000_000
    assert hlc.suspect(hlc.Clock(now + 2 * 24 * 3600 * 1000), now)
    assert not hlc.suspect(hlc.Clock(now + 60_000), now)


def test_wall_time_for_people():
    assert hlc.wall_iso(hlc.Clock(0, 3).pack()) == "1970-01-01 00:00:00"
