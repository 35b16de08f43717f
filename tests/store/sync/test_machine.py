"""The team-sync state machine (tests/store/sync/machine.py: its rules and invariants) run as a test.

Examples: $SALESTERM_SYNC_EXAMPLES, else the hypothesis settings profile: `sync-ci` (200 examples;
chosen when $CI is set, or by HYPOTHESIS_PROFILE=sync-ci) or `sync-dev` (10). benchmarks/sync_trials.py
runs 1,000.
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from tests.store.sync.machine import SyncMachine, fast_hub, make_replica_template

STEPS = 25
_common = dict(stateful_step_count=STEPS, deadline=None, derandomize=False,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
settings.register_profile("sync-ci", max_examples=200, **_common)
settings.register_profile("sync-dev", max_examples=10, **_common)


def machine_settings(examples: int | None = None) -> settings:
    if examples is None and os.environ.get("SALESTERM_SYNC_EXAMPLES"):
        examples = int(os.environ["SALESTERM_SYNC_EXAMPLES"])
    profile = os.environ.get("HYPOTHESIS_PROFILE") or ("sync-ci" if os.environ.get("CI") else "sync-dev")
    chosen = settings.get_profile(profile if profile.startswith("sync-") else "sync-dev")
    return settings(chosen, max_examples=examples) if examples else chosen


def test_replicas_converge_and_lose_nothing(hub, tmp_path):
    fast_hub(hub)
    SyncMachine.hub_url = hub
    SyncMachine.replica_template = make_replica_template(tmp_path)
    run_state_machine_as_test(SyncMachine, settings=machine_settings())


def test_crossing_merges_of_three_files_on_two_laptops_leave_no_row_on_an_archived_file(hub, tmp_path, monkeypatch):
    """A failure the 1,000-trial run found, its steps shrunk: laptop 2 merges 1 into 2, laptop 1
    merges 0 into 1, laptop 2 then merges 2 into 0 (its deals moved there). On the hub 0 and 1 end
    in 2 and laptop 2's last merge is a conflict; its deals must follow to 2, not stay on 0 (the
    pointer 0 -> 2 the hub wrote for laptop 2's merge kept laptop 2's clock, so its later moves to
    0 looked made knowing 0 was merged)."""
    state = _found_steps(hub, tmp_path, monkeypatch)
    state.merge(a=17, b=11, r=2)  # laptop 2: customer 1 into 2
    state.merge(a=31, b=29, r=1)  # laptop 1: customer 0 into 1
    state.merge(a=12, b=3, r=2)  # laptop 2: customer 2 into 0
    state.teardown()  # a quiet round and every invariant


def _found_steps(hub, tmp_path, monkeypatch, n: int = 5) -> SyncMachine:
    from tests.store.sync import machine

    monkeypatch.setattr(machine, "event", lambda *a, **k: None)
    monkeypatch.setattr(machine, "note", lambda *a, **k: None)
    fast_hub(hub)
    SyncMachine.hub_url = hub
    SyncMachine.replica_template = make_replica_template(tmp_path)
    state = SyncMachine()
    state.seed(n=n)
    return state


def test_one_file_merged_into_two_others_on_two_laptops_leaves_no_balance_on_the_one_it_left(
        hub, tmp_path, monkeypatch):
    """A failure the 1,000-trial run found (stop 20), its steps shrunk: laptop 0 merges customer 1
    into 0, laptop 3 bills customer 1, laptop 4 (knowing the bill) merges 1 into 2. The later
    merge stands and the bill ends on 2; a laptop that had it on 0 must recompute 0's summaries
    when a pulled entry moves the bill away (replica._customer_before), or 0 still shows it owed."""
    state = _found_steps(hub, tmp_path, monkeypatch)
    state.merge(a=30, b=28, r=0)  # laptop 0: customer 1 into 0
    state.bill(c=40, days=167, fen=632, r=3)  # laptop 3: bills customer 1
    state.decide_price_on_two(c=29, r=3, s=1)  # laptops 3 and 4 sync: 4 knows the bill
    state.merge(a=11, b=41, r=4)  # laptop 4: customer 1 into 2, the bill with it
    state.teardown()


def test_a_laptop_whose_merge_is_turned_the_other_way_keeps_the_survivors_collection_summary(
        hub, tmp_path, monkeypatch):
    """A failure CI's 200 examples found (stop 19), its steps shrunk: laptop 3 merges customer 0
    into 2, laptop 1 merges 2 into 0 and reaches the hub first, laptop 4 bills 0. On laptop 3,
    customer 0 is live again and so must be its collection summary (ledger/summary follows merges)."""
    state = _found_steps(hub, tmp_path, monkeypatch)
    state.merge(a=50, b=40, r=3)
    state.create(r=1)
    state.create(r=4)
    state.bulk_import(k=4, r=2)
    state.merge(a=9, b=1, r=1)
    state.bill(c=27, days=76, fen=14439, r=4)
    state.teardown()


def test_a_laptop_dying_after_the_hubs_commit_leaves_no_stale_summary_on_the_hub(hub, tmp_path, monkeypatch):
    """A failure the trial run found (stop 20), its steps shrunk: laptop 0's payment reaches the
    hub, which spreads it over a bill laptop 2 pushed; the laptop dies after the hub's commit,
    before the hub's summaries were recomputed. Pushed again, the hub answers "applied" and names
    the customers of those ops, whose summaries are recomputed then (hub.push, engine.push)."""
    state = _found_steps(hub, tmp_path, monkeypatch, n=4)
    state.bill(c=5, days=149, fen=1489, r=2)
    state.create(r=3)
    state.pay(c=30, fen=21383, r=4)
    state.decide_price_on_two(c=45, r=2, s=3)
    state.crash(batch=1000, point="push_after_hub_commit", r=4)
    state.teardown()


def test_a_reversal_made_before_two_merges_of_its_file_follows_the_merge_that_stands(hub, tmp_path, monkeypatch):
    """A failure stop 21's CI run found, its steps shrunk (8): laptop 0 pays customer 0 and syncs;
    laptop 2 merges 0 into 2, laptop 1 merges 0 into 1 (later); laptop 2 syncs; laptops 0 and 2
    each reverse the payment. In the quiet round the hub files laptop 0's reversal (naming 0)
    under 2, where 0 had gone; then laptop 1's later merge wins and moves the payment, which it
    knew, to 1. The reversal, which it did not know, stays under 2: `check` on every side says
    "the payment it reverses belongs to another customer". The hub keeps no record that the row
    came to 2 from 0, so nothing moves it when 0's merge turns to 1."""
    state = _found_steps(hub, tmp_path, monkeypatch)
    state.create(r=0)
    state.pay(c=48, fen=512, r=0)
    state.write_off_while_paid(bill=3000, c=45, fen=9398, percent=100, r=0, s=3)
    state.sync(batch=1000, page=2, r=1)
    state.merge(a=14, b=1, r=2)
    state.merge(a=33, b=44, r=1)
    state.sync(batch=3, page=2, r=2)
    state.reverse_on_two(k=49, r=0, s=2)
    state.teardown()
