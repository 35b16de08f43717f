"""No control character of user text reaches the terminal from a command: names holding
escape sequences (already in the database, or in a file being imported) print escaped, as
``\\u001b``, and JSON output stays valid and equal in value."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta

from tests.conftest import TODAY

NAME = "Evil\x1b[31mRed\x1b]2;owned\x07Clip\x1b]52;c;ZWNobyBoaQ==\x07C1\u009b31mRLO\u202eoC"
RAW = (b"\x1b", b"\x07", "\u009b".encode(), "\u202e".encode(), b"\r")


def _run(*args: str, db: str) -> subprocess.CompletedProcess:
    env = {"SALESTERM_TODAY": TODAY.isoformat(), "PYTHONIOENCODING": "utf-8"}
    import os

    return subprocess.run([sys.executable, "-m", "salesterm", "--db", db, "--lang", "en", *args],
                          capture_output=True, env={**os.environ, **env}, timeout=300)


def _assert_clean(proc: subprocess.CompletedProcess) -> None:
    for stream in (proc.stdout, proc.stderr):
        for raw in RAW:
            assert raw not in stream, (raw, stream[:400])


def _strings(value) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(_strings(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value)) if value else set()
    return {value} if isinstance(value, str) else set()


def _hostile_db(path) -> str:
    from salesterm.store import customers, stats
    from salesterm.store.db import open_database
    from salesterm.store.ledger import summary
    from salesterm.store.models import Customer, Receivable, Rep

    db = open_database(str(path))
    c = customers.create_customer({"name": "placeholder", "city": "广州", "grade_override": "A"}, rep="王伟")
    Customer.update(name=NAME, city="广\x1b[5m州").where(Customer.id == c.id).execute()
    Rep.update(name="王\x1b]0;x\x07伟").execute()
    Receivable.create(customer=c.id, number="R\x1b[1m1", issued=TODAY - timedelta(days=60),
                      due=TODAY - timedelta(days=30), amount=100_00)
    stats.refresh_stats([c.id])
    summary.refresh([c.id])
    db.close()
    return str(path)


def test_commands_print_stored_control_characters_escaped(tmp_path):
    db = _hostile_db(tmp_path / "h.db")
    shown = {}
    for args in (["search", "placeholder"], ["queue"], ["aging"], ["aging", "--by", "rep"], ["plan"],
                 ["report", "weekly"], ["check"]):
        proc = _run(*args, db=db)
        _assert_clean(proc)
        shown[args[0] + (args[-1] if len(args) > 2 else "")] = proc.stdout.decode()
    for command in ("search", "queue", "aging"):  # the name is there, its escapes made harmless
        assert "Evil" in shown[command] and "[31mRed" in shown[command], shown[command]

    proc = _run("report", "weekly", "--out", str(tmp_path / "weekly.md"), db=db)
    assert proc.returncode == 0
    text = (tmp_path / "weekly.md").read_bytes()
    assert b"\\u001b]0;x\\u0007" in text and not any(raw in text for raw in RAW)

    for args in (["search", "placeholder", "--json"], ["queue", "--json"], ["aging", "--json"]):
        proc = _run(*args, db=db)
        _assert_clean(proc)
        assert NAME in _strings(json.loads(proc.stdout))  # valid JSON, the name as stored


def test_import_error_lines_and_ignored_columns_print_escaped(tmp_path):
    db = str(tmp_path / "i.db")
    path = tmp_path / "hostile.csv"
    path.write_text("客户名称,城市,Extra\x1b]52;c;eA==\x07\n"
                    "Red\x1b[31mCo,广州,\n"
                    "Good,广州,\n"
                    "C1\u009b31mCo,广州,\n", encoding="utf-8")
    proc = _run("import", "customers", str(path), db=db)
    assert proc.returncode == 1
    _assert_clean(proc)
    err = proc.stderr.decode()
    assert "line 2, column A (客户名称): holds the invisible control character U+001B" in err
    assert "line 4, column A (客户名称): holds the invisible control character U+009B" in err

    proc = _run("import", "customers", str(path), "--good-rows", db=db)
    assert proc.returncode == 0
    _assert_clean(proc)
    assert "columns not imported: Extra\\u001b]52;c;eA==\\u0007" in proc.stdout.decode()

    proc = _run("import", "customers", str(tmp_path / "no\x1b]2;x\x07such.csv"), db=db)
    assert proc.returncode == 1
    _assert_clean(proc)
