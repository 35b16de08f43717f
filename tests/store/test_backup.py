"""Backups: what a killed migration leaves behind is cleared at the next open; no folder is made."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from salesterm.domain.errors import UserError
from salesterm.store import backup as store_backup
from salesterm.store.db import open_database

OLD = time.time() - 3600

HOLDER = """
import sys, time
from pathlib import Path
from salesterm.store.backup import _held
part = Path(sys.argv[1])
with _held(part):
    Path(f"{part}-journal").write_bytes(b"j" * 512)
    print("ready", flush=True)
    time.sleep(600)
"""


def _leftovers(path, stamp="v6-20261129-101500"):
    part = path.with_name(f"{path.name}.{stamp}.bak.part")
    part.write_bytes(b"\0" * 4096)
    sides = [part.with_name(part.name + side) for side in ("-journal", "-wal", "-shm")]
    for side in sides:
        side.write_bytes(b"x")
    for f in (part, *sides):
        os.utime(f, (OLD, OLD))
    return [part, *sides]


def test_a_killed_migrations_half_backup_is_removed_at_the_next_open(tmp_path):
    path = tmp_path / "sales.db"
    open_database(str(path)).close()
    left = _leftovers(path)
    orphan_journal = path.with_name(f"{path.name}.v5-20261128-090000.bak.part-journal")
    orphan_journal.write_bytes(b"x")
    os.utime(orphan_journal, (OLD, OLD))
    kept = [path.with_name(f"{path.name}.v6-20261129-101500.bak"), tmp_path / "other.db.v6-1.bak.part",
            tmp_path / "notes.part"]
    for f in kept:
        f.write_bytes(b"keep")
    open_database(str(path)).close()
    assert [f for f in [*left, orphan_journal] if f.exists()] == []
    assert all(f.exists() for f in kept)


def test_a_backup_being_written_now_is_left_alone(tmp_path):
    path = tmp_path / "sales.db"
    open_database(str(path)).close()
    fresh = path.with_name(f"{path.name}.v6-20261129-101500.bak.part")
    fresh.write_bytes(b"\0")  # just created: another salesterm may be about to lock it
    assert store_backup.remove_stale_parts(path) == [] and fresh.exists()


def test_a_backup_locked_by_a_live_process_survives_until_that_process_is_killed(tmp_path):
    path = tmp_path / "sales.db"
    open_database(str(path)).close()
    part = path.with_name(f"{path.name}.v6-20261129-101500.bak.part")
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(part)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        os.utime(part, (OLD, OLD))
        open_database(str(path)).close()
        assert part.exists()  # still being written: never pulled from under its writer
        proc.send_signal(signal.SIGKILL)  # kill -9 in the middle of the backup
        proc.wait(timeout=30)
        open_database(str(path)).close()
        assert not part.exists() and not part.with_name(part.name + "-journal").exists()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_backup_into_a_missing_folder_is_refused_and_creates_nothing(tmp_path):
    db = open_database(str(tmp_path / "sales.db"))
    try:
        with pytest.raises(UserError) as caught:
            store_backup.backup(db, tmp_path / "nope" / "x.db")
        assert caught.value.msgid == "file.folder_not_found"
        assert not (tmp_path / "nope").exists()
        dest = tmp_path / "copy.db"
        dest.write_bytes(b"old")
        os.chmod(dest, 0o644)
        store_backup.backup(db, dest)
        assert oct(dest.stat().st_mode & 0o777) == "0o600"
        assert sorted(p.name for p in tmp_path.iterdir() if "copy" in p.name) == ["copy.db"]
    finally:
        db.close()


def test_backup_command_into_a_missing_folder_exits_1(run_cli, tmp_path):
    db = str(tmp_path / "sales.db")
    open_database(db).close()
    proc = run_cli("backup", tmp_path / "nonexistent" / "x.db", db=db)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == f"salesterm: no folder {tmp_path / 'nonexistent'}"
    assert not (tmp_path / "nonexistent").exists()
    zh = run_cli("--lang", "zh", "backup", tmp_path / "nonexistent" / "x.db", db=db)
    assert zh.returncode == 1 and "没有这个文件夹" in zh.stderr
