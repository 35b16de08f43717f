"""Importing receivables and payments from accounting exports (both backends)."""
from __future__ import annotations

import pytest

from salesterm.domain.errors import UserError
from salesterm.store import consistency
from salesterm.store.io import ledger_import
from salesterm.store.ledger import receivables as ledger
from salesterm.store.models import Payment, Receivable

from .collections_fixtures import customer

REC_ZH = ("客户名称,单号,开票日期,到期日,金额,业务员\n"
          "甲商行,FP-001,2026-08-01,2026-08-31,\"10,000.00\",王伟\n"
          "甲商行,FP-002,2026/09/01,2026/10/01,2500.5,\n"
          "乙超市,FP-003,20261001,20261031,￥300,李娜\n")
PAY_EN = ("customer,receivable,date,amount,method,number\n"
          "甲商行,,2026-11-01,\"10,500.00\",转账,PZ-9\n"
          "乙超市,FP-003,2026-11-02,100,现金,\n"
          "乙超市,FP-003,2026-11-02,100,现金,\n")


def _write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def people(db):
    return customer("甲商行", rep="王伟"), customer("乙超市", rep="李娜", code="C-2")


def test_receivables_and_payments_import_and_reimport_skips(db, people, tmp_path):
    a, b = people
    rec = _write(tmp_path, "ar.csv", REC_ZH, "gbk")
    report = ledger_import.import_receivables(rec)
    assert (report.created, report.extra["already_imported"], report.errors) == (3, 0, [])
    r1 = Receivable.get(Receivable.number == "FP-001")
    assert (r1.amount, r1.source, r1.due.isoformat(), r1.rep.name) == (10_000_00, "import", "2026-08-31", "王伟")
    assert Receivable.get(Receivable.number == "FP-002").rep.name == "王伟"  # the customer's rep
    again = ledger_import.import_receivables(rec)
    assert (again.created, again.extra["already_imported"]) == (0, 3)
    assert Receivable.select().count() == 3

    pay = _write(tmp_path, "pay.csv", PAY_EN)
    report = ledger_import.import_payments(pay)
    assert (report.created, report.errors) == (3, [])
    assert ledger.open_balance(a.id) == 2_000_50  # oldest first: FP-001 paid, FP-002 500 off
    assert ledger.open_balance(b.id) == 100_00
    assert {p.method for p in Payment.select()} == {"transfer", "cash"}
    again = ledger_import.import_payments(pay)
    assert (again.created, again.extra["already_imported"]) == (0, 3)
    assert Payment.select().count() == 3
    assert consistency.problems(db) == []


def test_a_bad_file_is_refused_whole_with_each_bad_line(db, people, tmp_path):
    bad = _write(tmp_path, "bad.csv", REC_ZH + "丙公司,FP-004,2026-10-01,2026-10-31,100,\n"
                 "甲商行,FP-005,2026-02-30,2026-03-30,100,\n"
                 "甲商行,FP-006,2026-10-01,2026-10-31,-100,\n"
                 "甲商行,FP-007,2026-10-01,2026-10-31,1O0,\n"
                 "甲商行,FP-001,2026-10-01,2026-10-31,5,\n")
    report = ledger_import.import_receivables(bad)
    lines = sorted({e.line for e in report.errors})
    assert lines == [5, 6, 7, 8, 9]
    text = "\n".join(map(str, report.errors))
    assert "no customer called 丙公司" in text and "no such date" in text
    assert "negative" in text and "not a number" in text and "also on line 2" in text
    assert Receivable.select().count() == 0  # nothing written


def test_payment_errors_and_codes(db, people, tmp_path):
    a, b = people
    ledger_import.import_receivables(_write(tmp_path, "ar.csv", REC_ZH))
    bad = _write(tmp_path, "p.csv", "客户编码,单号,付款日期,金额,方式,凭证号\n"
                 "C-2,FP-001,2026-11-01,10,现金,\n"       # FP-001 is 甲's
                 "C-9,,2026-11-01,10,现金,\n"             # unknown code
                 "C-2,,2099-01-01,10,现金,\n"             # future
                 "C-2,,2026-11-01,0,现金,\n")             # zero
    report = ledger_import.import_payments(bad)
    assert sorted(e.line for e in report.errors) == [2, 3, 4, 5]
    assert Payment.select().count() == 0
    good = _write(tmp_path, "p2.csv", "客户编码,单号,付款日期,金额,方式,凭证号\nC-2,FP-003,2026-11-01,300,支票,V1\n")
    assert ledger_import.import_payments(good, dry_run=True).created == 1
    assert Payment.select().count() == 0
    assert ledger_import.import_payments(good).created == 1
    assert ledger.open_balance(b.id) == 0


def test_header_problems_are_one_clear_error(db, people, tmp_path):
    with pytest.raises(UserError, match="no column for"):
        ledger_import.import_receivables(_write(tmp_path, "x.csv", "客户名称,金额\n甲商行,1\n"))


def test_xlsx_export_of_the_accounting_system(db, people, tmp_path):
    from datetime import date

    from salesterm.store.io.tabular import write_table

    path = tmp_path / "应收账款.xlsx"
    write_table(path, ["客户名称", "单号", "开票日期", "到期日", "金额", "业务员"],
                [["甲商行", "X-1", date(2026, 9, 1), date(2026, 10, 1), "1,234.56", "王伟"],
                 ["乙超市", "X-2", "2026-09-05", "2026-10-05", 99.9, ""]])
    report = ledger_import.import_receivables(path)
    assert (report.created, report.errors) == (2, [])
    assert {r.number: r.amount for r in Receivable.select()} == {"X-1": 1_234_56, "X-2": 99_90}
    assert Receivable.get(Receivable.number == "X-1").due == date(2026, 10, 1)


def test_imported_payments_move_no_receivables_stamp(db, people, tmp_path):
    """`paid` is derived from the allocations: a payment file changes it and no `updated_at`, as a
    payment typed in does (a stamp moved here would never reach the hub: issue 12)."""
    import datetime as dt

    ledger_import.import_receivables(_write(tmp_path, "ar.csv", REC_ZH, "gbk"))
    Receivable.update(updated_at=dt.datetime(2026, 10, 1, 9, 0)).execute()  # written weeks ago
    before = {r.number: r.updated_at for r in Receivable.select()}
    ledger_import.import_payments(_write(tmp_path, "pay.csv", PAY_EN))
    after = {r.number: (r.updated_at, r.paid) for r in Receivable.select()}
    assert after["FP-001"][1] == 10_000_00 and after["FP-003"][1] == 200_00
    assert {n: stamp for n, (stamp, _paid) in after.items()} == before
