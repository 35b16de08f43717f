"""`salesterm import` and `salesterm export` as a user runs them: exit codes, messages, files."""
from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def counts(run_cli, db) -> dict[str, int]:
    proc = run_cli("check", "--json", db=db)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)["counts"]


def no_traceback(proc) -> None:
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout


def test_import_gbk_customers_then_contacts(run_cli, tmp_path):
    db = str(tmp_path / "t.db")
    proc = run_cli("import", "customers", FIXTURES / "customers_gbk.csv", db=db)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "imported 6 new customers, 3 new reps, 6 new contacts"
    assert proc.stderr == ""
    proc = run_cli("import", "contacts", FIXTURES / "contacts_gbk.csv", db=db)
    assert (proc.returncode, proc.stdout.strip()) == (0, "imported 2 new contacts")
    assert counts(run_cli, db)["customer"] == 6 and counts(run_cli, db)["contact"] == 8
    proc = run_cli("import", "customers", FIXTURES / "customers_gbk.csv", db=db)
    assert (proc.returncode, proc.stdout.strip()) == (0, "imported 0 new customers, updated 6")


def test_bad_file_is_refused_whole_with_one_line_per_bad_row(run_cli, tmp_path):
    db = str(tmp_path / "t.db")
    run_cli("import", "customers", FIXTURES / "customers_utf8_bom.csv", db=db, check=True)
    proc = run_cli("import", "customers", FIXTURES / "customers_bad.csv", db=db)
    assert proc.returncode == 1
    no_traceback(proc)
    lines = proc.stderr.splitlines()
    assert lines[0] == "line 3, column A (客户名称): the customer name is empty"
    assert "line 11, column D (信用额度): amount has more than two decimals: 1.234" in lines
    assert lines[-1] == ("salesterm: 9 bad row(s) of 10: nothing was imported "
                         "(fix them, or give --good-rows to import the other rows)")
    assert len(lines) == 11 and proc.stdout == ""
    assert counts(run_cli, db)["customer"] == 3


def test_dry_run_and_good_rows(run_cli, tmp_path):
    db = str(tmp_path / "t.db")
    proc = run_cli("import", "customers", FIXTURES / "customers_gbk.csv", "--dry-run", db=db)
    assert proc.returncode == 0
    assert proc.stdout.strip() == ("would import 6 new customers, 3 new reps, 6 new contacts "
                                   "(dry run: nothing written)")
    assert counts(run_cli, db)["customer"] == 0
    proc = run_cli("import", "customers", FIXTURES / "customers_bad.csv", "--good-rows", db=db)
    assert proc.returncode == 0
    assert proc.stdout.strip() == "imported 1 new customer, skipped 9 bad rows"
    assert len(proc.stderr.splitlines()) == 10
    assert counts(run_cli, db)["customer"] == 1


@pytest.mark.parametrize("name, content, message", [
    ("empty.csv", b"", "salesterm: empty.csv is empty"),
    ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "salesterm: photo.csv is not a text file"),
    ("nonames.csv", "电话,城市\r\n13800001111,广州\r\n".encode("gbk"),
     "salesterm: no column for customer name (客户名称 / name) in the header row (电话, 城市)"),
    ("mixed.csv", "客户名称\n鑫源商行\n".encode() + b"\xff\xfe\xfd\n",
     "salesterm: mixed.csv, line 3: bytes that are neither UTF-8 nor GBK/GB18030 text"),
    ("dates.xlsx", b"not a zip at all", "salesterm: dates.xlsx is not an Excel .xlsx workbook"),
    ("list.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "salesterm: list.xls is an old Excel .xls workbook"),
])
def test_broken_files_get_one_line_and_exit_1(run_cli, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    proc = run_cli("import", "customers", path, db=str(tmp_path / "t.db"))
    assert proc.returncode == 1
    no_traceback(proc)
    assert len(proc.stderr.splitlines()) == 1 and proc.stderr.startswith(message), proc.stderr


def test_usage_errors_exit_2(run_cli, tmp_path):
    proc = run_cli("import", "orders", FIXTURES / "customers_gbk.csv", db=str(tmp_path / "t.db"))
    assert proc.returncode == 2 and "invalid choice" in proc.stderr
    proc = run_cli("export", "customers", db=str(tmp_path / "t.db"))
    assert proc.returncode == 2
    no_traceback(proc)


def test_export_every_table_and_refuse_unknown_extension(run_cli, tmp_path):
    db = str(tmp_path / "t.db")
    run_cli("demo", "--customers", "30", db=db, check=True)
    for kind in ("customers", "contacts", "visits", "deals", "receivables", "payments", "notes"):
        for suffix in (".csv", ".xlsx"):
            out = tmp_path / f"{kind}{suffix}"
            proc = run_cli("export", kind, out, db=db)
            assert proc.returncode == 0, proc.stderr
            assert proc.stdout.startswith("exported ") and out.stat().st_size > 0
            assert proc.stderr == ""  # no progress when piped
    proc = run_cli("export", "customers", tmp_path / "customers.json", db=db)
    assert proc.returncode == 1
    assert proc.stderr.strip() == ("salesterm: cannot write customers.json (.json): give a file name ending "
                                   "in .csv or .xlsx")
    assert not (tmp_path / "customers.json").exists()
    proc = run_cli("export", "customers", tmp_path / "out.csv", db=str(tmp_path / "missing.db"))
    assert proc.returncode == 1 and "no database at" in proc.stderr
    assert not (tmp_path / "missing.db").exists()


def test_killed_import_leaves_the_database_as_it_was(run_cli, tmp_path):
    """Kill -9 an import while it writes: the transaction never commits."""
    from salesterm.bench.importing import write_customer_csv

    db = str(tmp_path / "t.db")
    run_cli("import", "customers", FIXTURES / "customers_utf8_bom.csv", db=db, check=True)
    big = tmp_path / "big.csv"
    write_customer_csv(big, 30000, seed=3)
    env = dict(os.environ, SALESTERM_TODAY="2026-11-29")
    main, child = pty.openpty()  # progress shows on a terminal: it tells us when writing starts
    proc = subprocess.Popen([sys.executable, "-m", "salesterm", "--db", db, "import", "customers", str(big)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=child, env=env)
    os.close(child)
    seen = b""
    deadline = time.monotonic() + 300
    try:
        while b"importing customers: " not in seen or seen.rsplit(b"importing customers: ", 1)[1][:1] in (b"0", b""):
            assert time.monotonic() < deadline, seen[-300:]
            try:
                chunk = os.read(main, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        os.close(main)
    assert b"importing customers: " in seen, seen[-300:]
    assert proc.returncode == -signal.SIGKILL
    after = counts(run_cli, db)
    assert after["customer"] == 3 and after["contact"] == 2 and after["rep"] == 1
    proc = run_cli("check", db=db)
    assert proc.returncode == 0 and proc.stdout.strip().endswith("ok")


def test_import_and_export_on_postgresql(run_cli, pg_database_url, tmp_path):
    from salesterm.store.db import open_database
    from tests.conftest import _truncate_all

    db = open_database(pg_database_url)
    _truncate_all(db)
    db.close()
    proc = run_cli("import", "customers", FIXTURES / "customers_gbk.csv", db=pg_database_url)
    assert proc.returncode == 0, proc.stderr
    proc = run_cli("import", "customers", FIXTURES / "customers_bad.csv", db=pg_database_url)
    assert proc.returncode == 1 and len(proc.stderr.splitlines()) == 11
    proc = run_cli("export", "customers", tmp_path / "c.xlsx", db=pg_database_url)
    assert (proc.returncode, proc.stdout.strip()) == (0, f"exported 6 customers to {tmp_path / 'c.xlsx'}")


def test_bench_import_json(run_cli, tmp_path):
    proc = run_cli("bench", "import", "--customers", "300", "--json", db=str(tmp_path / "unused.db"))
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["name"] == "import" and result["n"] == 300
    assert result["created"] == 300 and result["errors"] == 0 and result["p50_ms"] > 0
