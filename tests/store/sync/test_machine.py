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
