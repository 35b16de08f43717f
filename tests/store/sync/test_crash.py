"""kill -9 in the middle of a pull: the page and the cursor are saved together, so the next sync
finishes the job with nothing lost and nothing twice."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from tests.conftest import TODAY
from tests.store.sync.support import Replica, assert_converged, hub_execute


def _cursor(path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.2) as conn:
            row = conn.execute("SELECT cursor FROM sync_site WHERE id = 1").fetchone()
            return row[0] if row else 0
    except sqlite3.Error:
        return 0


def test_kill_9_mid_pull_then_sync_again_loses_nothing_and_doubles_nothing(hub, tmp_path, run_cli):
    a, b = Replica(tmp_path / "a.db", "alice"), Replica(tmp_path / "b.db", "bob")
    run_cli("demo", "--customers", "60", db=str(a.path), check=True)
    a.sync(hub)
    total = hub_execute(hub, "SELECT max(seq) FROM sync_log")[0][0]
    assert total > 500
    env = dict(os.environ, SALESTERM_TODAY=TODAY.isoformat(), SALESTERM_SYNC_PAGE="7")
    proc = subprocess.Popen([sys.executable, "-m", "salesterm", "--db", str(b.path), "--rep", "bob", "sync",
                             "--server", hub], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    seen = 0
    while time.monotonic() < deadline and proc.poll() is None:
        seen = _cursor(b.path)
        if 0 < seen < total // 2:
            break
        time.sleep(0.005)
    assert proc.poll() is None, f"the sync ended before it could be killed: {proc.stderr.read()}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    left = _cursor(b.path)
    assert 0 < left < total  # killed between pages: part of the log is in, with its cursor

    result = b.sync(hub)
    assert result.pulled == total - left  # the rest, exactly once
    assert_converged(hub, a, b)
    with b.open() as db:
        assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    assert b.outbox() == []  # what it pulled was never captured as its own change
    from salesterm.store.ledger import verify

    with b.open() as db:  # the summaries the killed pull never reached are rebuilt: check finds nothing
        assert verify.check(db).ok
