"""The command line's contract: exit codes, one-line errors, check and backup. The exit codes 0, 1 and 2
and the console script are proven in real processes; the rest runs in-process (run_cli)."""
from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import salesterm


def test_version(run_subprocess):
    proc = run_subprocess("--version")
    assert proc.returncode == 0 and salesterm.__version__ in proc.stdout


def test_usage_error_exits_2(run_subprocess):
    proc = run_subprocess("no-such-command")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_bad_today_is_a_user_error(run_subprocess, tmp_path):
    proc = run_subprocess("--today", "2026-02-30", "check", db=str(tmp_path / "x.db"))
    assert proc.returncode == 1
    assert "2026-02-30" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_console_script_is_installed_and_runs():
    script = shutil.which("salesterm", path=str(Path(sys.executable).parent))
    assert script, "the salesterm console script is not installed next to this Python"
    proc = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and salesterm.__version__ in proc.stdout


def test_in_process_runs_give_the_same_exit_codes(run_cli, tmp_path):
    assert run_cli("--version").returncode == 0
    assert run_cli("no-such-command").returncode == 2
    assert run_cli("--today", "2026-02-30", "check", db=str(tmp_path / "x.db")).returncode == 1


def test_check_on_missing_file_is_refused_without_creating_it(run_cli, tmp_path):
    path = tmp_path / "missing.db"
    proc = run_cli("check", db=str(path))
    assert proc.returncode == 1 and "no database" in proc.stderr
    assert not path.exists()


def test_check_and_backup(run_cli, tmp_path):
    path = tmp_path / "sales.db"
    from salesterm.store.customers import create_customer
    from salesterm.store.db import open_database

    open_database(str(path))
    create_customer({"name": "北京恒达商贸有限公司", "phone": "13912345678"})
    proc = run_cli("check", db=str(path))
    assert proc.returncode == 0, proc.stderr
    assert "schema version" in proc.stdout and proc.stdout.strip().endswith("ok")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    dest = tmp_path / "copy.db"
    proc = run_cli("backup", dest, db=str(path))
    assert proc.returncode == 0, proc.stderr
    assert stat.S_IMODE(os.stat(dest).st_mode) == 0o600
    con = sqlite3.connect(dest)
    assert con.execute("SELECT name FROM customer").fetchone() == ("北京恒达商贸有限公司",)
    con.close()


def test_corrupted_database_is_one_line(run_cli, tmp_path):
    path = tmp_path / "bad.db"
    path.write_bytes(b"garbage" * 1000)
    proc = run_cli("check", db=str(path))
    assert proc.returncode == 1
    assert "damaged" in proc.stderr and "Traceback" not in proc.stderr


def test_postgresql_server_down_is_one_line(run_cli):
    proc = run_cli("check", db="postgresql://nobody@127.0.0.1:1/none")
    assert proc.returncode == 1
    assert "cannot reach the PostgreSQL server" in proc.stderr and "Traceback" not in proc.stderr


def test_check_on_each_backend(run_cli, db_url):
    from salesterm.store.db import open_database

    open_database(db_url).close()
    proc = run_cli("check", db=db_url)
    assert proc.returncode == 0, proc.stderr
    assert "schema version" in proc.stdout


def test_unexpected_error_is_logged_not_shown(tmp_path, monkeypatch, capsys):
    from salesterm.cmds import errors

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        code = errors.internal_error(exc)
    err = capsys.readouterr().err
    assert code == 1 and "boom" in err and "Traceback" not in err
    logs = list((tmp_path / "state").rglob("salesterm.log"))
    assert logs and "Traceback" in logs[0].read_text()
