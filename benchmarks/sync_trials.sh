#!/bin/sh
# The team-sync state machine (tests/store/sync/test_machine.py) run for many trials:
#   SALESTERM_TEST_PG=postgresql://postgres@127.0.0.1:55432/postgres benchmarks/sync_trials.sh [TRIALS]
# Each trial: a fresh hub database and three SQLite replicas, up to 20 random steps (edits of
# the same and different fields, deletes and undeletes, payments, syncs), then a quiet round
# and its checks (convergence, no value lost, payments once everywhere, none in a conflict).
set -eu
cd "$(dirname "$0")/.."
SALESTERM_SYNC_EXAMPLES="${1:-1000}" exec python -m pytest -p no:xdist -o addopts="" -q \
  tests/store/sync/test_machine.py
