"""bulk.Workers: pure jobs in forked worker processes."""
from __future__ import annotations

import subprocess
import sys
import textwrap

from salesterm.store.io import bulk


def _square(n: int) -> int:
    return n * n


# Ctrl+C reaches every process of the terminal's group. A worker that took it printed its own
# traceback under the importer's "interrupted; nothing was half-written" (and one killed holding
# the job queue's lock can leave the pool hung): the workers leave it to the parent.
CTRL_C_IN_THE_WORKERS = textwrap.dedent("""
    import os, signal
    from salesterm.store.io import bulk

    def square(n):
        return n * n

    warmed = []
    with bulk.Workers(True, warm=lambda: warmed.append(1)) as workers:
        assert workers.pool is not None and warmed == []  # (WARM runs in the workers)
        pids = {p.pid for p in workers.pool._pool}
        for pid in pids:
            os.kill(pid, signal.SIGINT)
        squares = workers.map(square, range(20))
        print([squares.next(timeout=20) for _ in range(20)] == [n * n for n in range(20)])
        print({p.pid for p in workers.pool._pool} == pids)  # none died of it
        workers.close()
        print(workers.pool is None)
""")


def test_ctrl_c_is_left_to_the_parent():
    done = subprocess.run([sys.executable, "-c", CTRL_C_IN_THE_WORKERS], capture_output=True, text=True,
                          timeout=120)
    assert (done.returncode, done.stdout.split(), done.stderr) == (0, ["True", "True", "True"], "")


A_WARM_UP_THAT_FAILS = textwrap.dedent("""
    from salesterm.store.io import bulk

    def warm():
        raise RuntimeError("pypinyin's dictionaries are broken")

    def square(n):
        if n == 3:
            raise ValueError("a job's own failure")
        return n * n

    with bulk.Workers(True, warm=warm) as workers:
        squares = workers.map(square, range(3))
        print([squares.next(timeout=20) for _ in range(3)])
        try:
            workers.map(square, [3]).next(timeout=20)
        except ValueError as exc:
            print(exc)
""")


def test_a_warm_up_that_fails_leaves_the_jobs_to_run_and_report():
    """A pool whose initializer raises starts new workers for ever: the import waited for ever."""
    done = subprocess.run([sys.executable, "-c", A_WARM_UP_THAT_FAILS], capture_output=True, text=True,
                          timeout=120)
    assert (done.returncode, done.stdout.splitlines(), done.stderr) == (0, ["[0, 1, 4]", "a job's own failure"], "")


def test_without_workers_the_jobs_run_here_in_order():
    with bulk.Workers(False) as workers:
        assert workers.pool is None
        assert list(workers.map(_square, [3, 1, 2])) == [9, 1, 4]
        assert workers.submit(_square, 5)() == 25
