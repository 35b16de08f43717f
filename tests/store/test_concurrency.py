"""Two salesterms writing one database at once, on both backends, with real processes
(issue 10, "data integrity under concurrency"; the scenarios are in tests/concurrency.py)."""
from __future__ import annotations

import pytest

from tests import concurrency as conc

RAW = ("Traceback", "UniqueViolation", "IntegrityError", "unexpected error", "DeadlockDetected")


def _clean(err: str) -> None:
    assert not any(word in err for word in RAW), err


def _created(db: str) -> None:
    conc._open(db).close()  # the schema exists before the writers start


def test_two_imports_of_one_customer_file_import_each_customer_once(db_url, tmp_path):
    _created(db_url)
    path = conc.customer_file(tmp_path / "customers.csv", 600)
    results = conc.together(*(conc.cli(db_url, "import", "customers", path) for _ in range(2)))
    assert conc.customer_counts(db_url) == (600, 600)
    for _code, _out, err in results:
        _clean(err)
    outs = sorted(results)
    assert outs[0][0] == 0 and outs[0][1].startswith("imported 600 new customers"), outs[0]
    loser_code, loser_out, loser_err = outs[1]
    if loser_code == 0:  # it came second and found nothing new
        assert loser_out.startswith("imported 0 new customers"), loser_out
    else:  # every row is already a customer: refused, with the line of each
        assert loser_code == 1 and "already a customer" in loser_err and "nothing was imported" in loser_err


def test_two_imports_with_codes_never_clash_on_the_code(db_url, tmp_path):
    _created(db_url)
    path = conc.customer_file(tmp_path / "coded.csv", 500, codes=True)
    results = conc.together(*(conc.cli(db_url, "import", "customers", path) for _ in range(2)))
    for code, _out, err in results:
        _clean(err)
        assert code == 0, err
    assert sorted(out.strip() for _c, out, _e in results) == [
        "imported 0 new customers, updated 500", "imported 500 new customers"]
    assert conc.customer_counts(db_url) == (500, 500)


def test_two_payment_imports_for_the_same_customers_never_over_pay(db_url, tmp_path):
    names = conc.ledger_setup(db_url, tmp_path, 200)  # each owes 2 x 100.00
    a = conc.payment_file(tmp_path / "a.csv", names, prefix="VA", amount="150.00")
    b = conc.payment_file(tmp_path / "b.csv", names, prefix="VB", amount="100.00")
    results = conc.together(conc.cli(db_url, "import", "payments", a), conc.cli(db_url, "import", "payments", b))
    for code, out, err in results:
        _clean(err)
        assert code == 0 and out.startswith("imported 200 new payments"), (out, err)
    assert conc.table_count(db_url, "payment") == 400
    assert conc.ledger_problems(db_url) == []


def test_payments_recorded_through_the_store_by_two_processes_never_over_pay(db_url, tmp_path):
    names = conc.ledger_setup(db_url, tmp_path, 120)
    results = conc.record_payments_in_processes(db_url, [(names, 150_00), (names, 100_00)])
    for r in results:
        assert r["crashed"] == [] and r["refused"] == [], r
        assert r["done"] == 120
    assert conc.table_count(db_url, "payment") == 240
    assert conc.ledger_problems(db_url) == []


def test_the_same_payment_file_imported_twice_at_once_is_written_once(db_url, tmp_path):
    names = conc.ledger_setup(db_url, tmp_path, 100)
    a = conc.payment_file(tmp_path / "a.csv", names, prefix="VA", amount="120.00")
    results = conc.together(conc.cli(db_url, "import", "payments", a), conc.cli(db_url, "import", "payments", a))
    for code, _out, err in results:
        _clean(err)
        assert code == 0, err
    assert conc.table_count(db_url, "payment") == 100
    assert conc.ledger_problems(db_url) == []


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_sqlite_import_while_payments_are_recorded_waits_and_succeeds(db_url, tmp_path):
    names = conc.ledger_setup(db_url, tmp_path, 120)
    path = conc.customer_file(tmp_path / "more.csv", 800, prefix="新", series=7)
    started = []
    results = conc.record_payments_in_processes(
        db_url, [(names, 50_00)], when_started=lambda: started.append(conc.cli(db_url, "import", "customers", path)))
    code, out, err = conc.finish(started[0])
    _clean(err)
    assert code == 0 and out.startswith("imported 800 new customers"), (out, err)
    assert results[0] == {"done": 120, "refused": [], "crashed": []}
    assert conc.ledger_problems(db_url) == []


def test_two_imports_of_customers_without_codes_give_every_one_its_own_code(db_url, tmp_path):
    _created(db_url)
    a = conc.customer_file(tmp_path / "a.csv", 400, prefix="甲", series=1)
    b = conc.customer_file(tmp_path / "b.csv", 400, prefix="乙", series=2)
    results = conc.together(conc.cli(db_url, "import", "customers", a), conc.cli(db_url, "import", "customers", b))
    for code, out, err in results:
        _clean(err)
        assert code == 0 and out.startswith("imported 400 new customers"), (out, err)
    d = conc._open(db_url)
    try:
        row = d.execute_sql("SELECT COUNT(*), COUNT(code), COUNT(DISTINCT code) FROM customer").fetchone()
    finally:
        d.close()
    assert tuple(int(v) for v in row) == (800, 800, 800)
