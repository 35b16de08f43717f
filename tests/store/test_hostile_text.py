"""Hostile text in files, on SQLite and PostgreSQL: control characters are refused at import
with the row and column named, and formula-like values leave a CSV export quoted and come
back from it as they were."""
from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest

from salesterm.store import demo
from salesterm.store.customers import create_customer
from salesterm.store.io.exporting import export_table
from salesterm.store.io.importing import import_contacts, import_customers
from salesterm.store.io.ledger_import import import_payments, import_receivables
from salesterm.store.models import Contact, Customer, Receivable, Rep
from tests.conftest import TODAY

HOSTILE = {
    "sgr": "Red\x1b[31mCo",
    "osc2": "Title\x1b]2;owned\x07Co",
    "osc52": "Clip\x1b]52;c;ZWNobyBoaQ==\x07Co",
    "bel": "Bell\x07Co",
    "c1_csi": "C1\u009b31mCo",
    "rlo": "RLO\u202eoC",
    "del": "Del\x7fCo",
    "newline": "Two\nLines",  # last: its record takes two lines of the file
}
FORMULAS = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1", "-2", "-2 Corp", "@SUM(A1)",
            "'quoted'", "'=already quoted", "\u5e7f\u5dde=1"]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)
    return path


def test_control_characters_in_a_customer_file_are_refused_with_row_and_column(db, tmp_path):
    rows = [["客户名称", "城市", "业务员", "备注"]]
    rows += [[name, "广州", "张三", ""] for name in HOSTILE.values()]
    rows.append(["好客户", "广州", "Rep\x1b[1m", ""])  # a rep's name creates a rep
    rows.append(["备注客户", "广州", "张三", "第一行\n第二行\tTab"])  # a free-text field may hold lines
    rows.append(["备注坏", "广州", "张三", "remark\x1b]52;c;eA==\x07"])
    path = write_csv(tmp_path / "hostile.csv", rows)

    report = import_customers(path)
    assert not report.ok and Customer.select().count() == 0
    by_line = {e.line: str(e) for e in report.errors}
    for line in range(2, 2 + len(HOSTILE)):
        assert line in by_line and "column A (客户名称)" in by_line[line], by_line
    assert "U+001B" in by_line[2] and "U+0007" in by_line[5] and "U+009B" in by_line[6]
    assert "U+202E" in by_line[7] and "U+007F" in by_line[8] and "line break" in by_line[9]
    assert "column C (业务员)" in by_line[11]
    assert 12 not in by_line
    assert "column D (备注)" in by_line[14]

    report = import_customers(path, good_rows_only=True)
    assert report.created == 1 and report.skipped == len(HOSTILE) + 2
    assert [c.name for c in Customer.select()] == ["备注客户"]
    assert Customer.get().remark == "第一行\n第二行\tTab"
    assert not Rep.select().where(Rep.name.contains("\x1b")).exists()


def test_control_characters_in_contacts_and_ledger_files_are_refused(db, tmp_path):
    create_customer({"name": "好客户", "code": "K1"})
    contacts = write_csv(tmp_path / "contacts.csv", [["客户编码", "联系人", "职务"], ["K1", "王\x1b[2J伟", "经理"],
                                                      ["K1", "李娜", "经\u0085理"]])
    report = import_contacts(contacts)
    assert {(e.line, e.column) for e in report.errors} == {(2, "B (联系人)"), (3, "C (职务)")}
    assert Contact.select().count() == 0

    receivables = write_csv(tmp_path / "receivables.csv", [
        ["客户编码", "单号", "到期日", "金额"], ["K1", "R\x1b]0;x\x07", "2026-12-01", "100"],
        ["K1", "R2", "2026-12-01", "100"]])
    report = import_receivables(receivables)
    assert [(e.line, e.column) for e in report.errors] == [(2, "B (单号)")]
    assert "U+001B" in str(report.errors[0])
    assert Receivable.select().count() == 0

    payments = write_csv(tmp_path / "payments.csv", [
        ["客户编码", "付款日期", "金额", "凭证号", "备注"], ["K1", "2026-11-20", "10", "V\u202e1", "两行\n备注"]])
    report = import_payments(payments)
    assert [(e.line, e.column) for e in report.errors] == [(2, "D (凭证号)")]


def _formula_customers() -> dict[str, str]:
    for i, name in enumerate(FORMULAS):
        create_customer({"name": name, "code": f"F{i}", "remark": f"-{i} {name}", "city": "+广州"})
    return {c.code: (c.name, c.remark, c.city) for c in Customer.select()}


def test_csv_export_quotes_formulas_and_import_gives_them_back(db, tmp_path):
    before = _formula_customers()
    path = tmp_path / "customers.csv"
    export_table("customers", path)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        raw = list(csv.DictReader(fh))
    cells = {r["code"]: r for r in raw}
    assert cells["F0"]["name"] == '\'=HYPERLINK("http://x","y")'
    assert cells["F1"]["name"] == "'=cmd|' /C calc'!A0"
    assert cells["F5"]["name"] == "'@SUM(A1)"
    assert cells["F4"]["name"] == "'-2 Corp" and cells["F4"]["remark"].startswith("'-4")
    assert cells["F6"]["name"] == "'quoted'"  # no formula: as it is
    assert cells["F7"]["name"] == "''=already quoted"
    assert cells["F0"]["city"] == "'+广州"
    # no text cell starts a formula; plain numbers stay numbers
    for row in raw:
        for header, value in row.items():
            assert not value or value[0] not in "=+@\t\r" or value in ("+1",), (header, value)
    assert cells["F2"]["name"] == "+1" and cells["F3"]["name"] == "-2"

    demo.clear_everything()
    report = import_customers(path)
    assert report.ok, report.errors
    assert {c.code: (c.name, c.remark, c.city) for c in Customer.select()} == before


def test_xlsx_export_keeps_formulas_as_text_and_import_gives_them_back(db, tmp_path):
    before = _formula_customers()
    path = tmp_path / "customers.xlsx"
    export_table("customers", path)
    with zipfile.ZipFile(path) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet  # no cell is a formula

    from openpyxl import load_workbook

    ws = load_workbook(path).active
    names = [c.value for c in ws["C"]][1:]
    assert all(isinstance(n, str) for n in names) and set(names) == set(FORMULAS)
    demo.clear_everything()
    report = import_customers(path)
    assert report.ok, report.errors
    assert {c.code: (c.name, c.remark, c.city) for c in Customer.select()} == before


def test_negative_amounts_stay_numbers_in_a_csv_export(db, tmp_path):
    from salesterm.store.ledger.receivables import reverse_payment

    customer = create_customer({"name": "好客户", "code": "K1"})
    write_csv(tmp_path / "r.csv", [["客户编码", "单号", "到期日", "金额"], ["K1", "R1", "2026-12-01", "100"]])
    assert import_receivables(tmp_path / "r.csv").ok
    write_csv(tmp_path / "p.csv", [["客户编码", "付款日期", "金额", "凭证号"], ["K1", "2026-11-20", "40", "V1"]])
    assert import_payments(tmp_path / "p.csv").ok
    from salesterm.store.models import Payment

    reverse_payment(Payment.get(Payment.customer == customer.id).id, day=TODAY, note="typo")
    export_table("payments", tmp_path / "payments.csv")
    with open(tmp_path / "payments.csv", encoding="utf-8-sig", newline="") as fh:
        amounts = sorted(r["amount"] for r in csv.DictReader(fh))
    assert amounts == ["-40.00", "40.00"]


@pytest.mark.parametrize("value", ["=1+1", "+1", "-2", "@x", "'=x", "''+y", "'plain", "", "-", "'", "=",
                                   "\t=1", "-50.00", "-1,234.50"])
def test_quote_formula_round_trips(value):
    from salesterm.store.io.tabular_write import quote_formula, unquote_formula

    assert unquote_formula(quote_formula(value)) == value
