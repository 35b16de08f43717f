"""The team-sync state machine (tests/store/sync/machine.py) run for many trials, with its result
and time:

    SALESTERM_TEST_PG=postgresql://postgres@127.0.0.1:55432/postgres \\
        .venv/bin/python benchmarks/sync_trials.py [--trials 1000] [--steps 25] [--json]

Each trial: the hub (a PostgreSQL database of its own made a team server, reset between trials)
and three to five SQLite replicas, up to STEPS random steps (creates, edits of the same and of
different fields, deletes and undeletes, receivables, payments and reversals, write-offs (one
receivable written off on a replica while another takes a payment for it), deals and stage
moves, customer merges, imports, syncs in random order, lost answers, pull pages delivered
twice, crashes at each point of push and pull), then a quiet round and its checks. Prints
`{"trials", "steps", "seconds", "per_trial", "result", "failure"}`; exit 1 when a trial fails
(hypothesis prints the shrunk example).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


STOP = {"asked": False}


def _stop(*_a):
    """SIGTERM: stop after the trial under way. Raised at once, the interrupt could land inside a
    database call, whose broken connection then failed the trial (hypothesis replayed it and
    called it flaky): a stop read as a failure."""
    STOP["asked"] = True


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=25)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--seed", type=int, help="the seed a failed run printed: replay that run")
    args = parser.parse_args(argv)
    base = os.environ.get("SALESTERM_TEST_PG")
    if not base:
        print("set SALESTERM_TEST_PG=postgresql://user@host:port/db", file=sys.stderr)
        return 2
    from hypothesis import HealthCheck, settings
    from hypothesis.stateful import run_state_machine_as_test

    from tests.store.sync.machine import SyncMachine, fast_hub, make_replica_template
    from tests.store.sync.support import create_hub, drop_hub

    done = {"n": 0}

    class Trial(SyncMachine):
        def teardown(self):
            super().teardown()
            done["n"] += 1
            if done["n"] % 50 == 0:
                print(f"{done['n']} trials, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
            if STOP["asked"]:
                raise KeyboardInterrupt  # between trials: no database call is under way

    if args.seed is not None:
        from hypothesis import seed

        Trial = seed(args.seed)(Trial)  # noqa: N806 - the machine class, seeded
    import signal

    signal.signal(signal.SIGTERM, _stop)
    hub = create_hub(base)
    fast_hub(hub)
    failure = ""
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory() as folder:
            SyncMachine.hub_url = hub
            SyncMachine.replica_template = make_replica_template(Path(folder))
            run_state_machine_as_test(Trial, settings=settings(
                max_examples=args.trials, stateful_step_count=args.steps, deadline=None, database=None,
                suppress_health_check=list(HealthCheck)))
    except KeyboardInterrupt:
        failure = "stopped"
    except Exception as exc:  # noqa: BLE001 - the trial that failed is the result
        failure = f"{type(exc).__name__}: {exc}"[:2000]
        traceback.print_exception(exc, file=sys.stderr)  # the steps that fail (in the notes) and where
    finally:
        drop_hub(base, hub)
    seconds = time.perf_counter() - started
    out = {"trials": done["n"], "steps": args.steps, "seconds": round(seconds, 1),
           "per_trial": round(seconds / max(done["n"], 1), 2),
           "result": "stopped" if failure == "stopped" else "failed" if failure else "passed",
           "failure": failure}
    print(json.dumps(out, ensure_ascii=False) if args.json else "\n".join(f"{k}: {v}" for k, v in out.items()))
    return 1 if failure else 0


if __name__ == "__main__":
    sys.exit(main())
