"""Exporting tables to CSV and XLSX, on SQLite and PostgreSQL."""
from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from salesterm.domain.errors import UserError
from salesterm.store import demo
from salesterm.store.io.exporting import TABLES, export_table
from salesterm.store.io.importing import import_contacts, import_customers
from salesterm.store.io.tabular import read_table
from salesterm.store.models import Contact, Customer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def rows_of(path: Path) -> list[dict[str, str]]:
    table = read_table(path)
    return [dict(zip(table.headers, cells, strict=False)) for _, cells in table.rows]


def test_customers_export_as_spreadsheets_expect(db, tmp_path):
    import_customers(FIXTURES / "customers_gbk.csv")
    path = tmp_path / "customers.csv"
    assert export_table("customers", path) == 6
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = {r["code"]: r for r in rows_of(path)}
    first = rows["KH001"]
    assert first["name"] == "广州市鑫源食品贸易有限公司"
    assert (first["credit_limit"], first["phone"], first["rep"], first["grade"]) == ("50000.00", "13812345678",
                                                                                     "张伟", "A")
    assert (first["kind"], first["no_morning_collection"], first["payday"]) == ("distributor", "no", "15")
    assert rows["KH002"]["no_morning_collection"] == "yes"
    assert rows["KH005"]["credit_limit"] == "1234.50"
    assert first["created_at"][:10] == "2026-11-29"


def test_export_then_import_round_trips(db, tmp_path):
    import_customers(FIXTURES / "customers_gbk.csv")
    import_contacts(FIXTURES / "contacts_gbk.csv")
    before = {c.code: (c.name, c.phone, c.credit_limit, c.grade, c.payday, c.no_morning_collection, c.tags,
                       c.city, c.kind) for c in Customer.select()}
    contacts_before = sorted((c.name, c.phone, c.is_decision_maker) for c in Contact.select())
    export_table("customers", tmp_path / "customers.xlsx")
    export_table("contacts", tmp_path / "contacts.csv")
    demo.clear_everything()
    report = import_customers(tmp_path / "customers.xlsx")
    assert report.ok, report.errors
    assert {"id", "created_at", "grade_suggested"}.isdisjoint(report.ignored_columns)
    after = {c.code: (c.name, c.phone, c.credit_limit, c.grade, c.payday, c.no_morning_collection, c.tags,
                      c.city, c.kind) for c in Customer.select()}
    assert after == before
    report = import_contacts(tmp_path / "contacts.csv")
    assert report.ok and report.created == len(contacts_before) == 8
    assert sorted((c.name, c.phone, c.is_decision_maker) for c in Contact.select()) == contacts_before


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_every_table_exports(db, tmp_path, suffix):
    demo.generate(customers=40, seed=2)
    from salesterm.store.models import Customer, Product, database
    from salesterm.store.orders.placing import LineInput, place_order

    if not TABLES["orders"][0].select().exists():  # until the demo takes orders: one of each kind of line
        oil = Product.create(code="T1", name="金龙鱼5L", unit="桶", case_unit="箱", case_size=4, list_price=6800)
        place_order(Customer.select().first().id, [LineInput(oil.id, 2, "箱"), LineInput(oil.id, 3)],
                    date(2026, 11, 20))
    for kind, (model, _spec) in TABLES.items():
        path = tmp_path / f"{kind}{suffix}"
        count = export_table(kind, path)
        assert count == model.select().where(model.deleted_at.is_null()).count() > 0, kind
        rows = rows_of(path)
        assert len(rows) == count
        if "amount" in rows[0]:
            assert all(r["amount"].replace("-", "").replace(".", "").isdigit() and r["amount"][-3] == "." for r in rows)
        if kind != "customers":
            assert all(r["customer"] for r in rows if "customer" in r and kind != "notes")
    assert database.obj is not None


def test_money_dates_and_lists_in_exports(db, tmp_path):
    demo.generate(customers=40, seed=2)
    export_table("receivables", tmp_path / "r.csv")
    row = rows_of(tmp_path / "r.csv")[0]
    assert len(row["issued"]) == 10 and row["issued"][4] == "-"
    opened = int(row["amount"].replace(".", "")) - int(row["paid"].replace(".", "")) - \
        int(row["written_off"].replace(".", ""))
    assert row["open"] == f"{opened // 100}.{opened % 100:02d}"
    export_table("visits", tmp_path / "v.csv")
    visits = rows_of(tmp_path / "v.csv")
    assert any(" " in v["admin_objectives"] or v["admin_objectives"] in ("collect", "complaint", "inquiry", "policy")
               for v in visits)
    assert not any(v["materials"].startswith("[") for v in visits)


def test_export_refuses_unknown_tables_and_extensions(db, tmp_path):
    with pytest.raises(UserError, match="cannot export 'invoices'"):
        export_table("invoices", tmp_path / "x.csv")
    with pytest.raises(UserError, match=r"cannot write x.json \(.json\): give a file name ending in .csv or .xlsx"):
        export_table("customers", tmp_path / "x.json")
    assert not (tmp_path / "x.json").exists()


def test_large_export_streams_and_reports_progress(db, tmp_path):
    import_rows = [["客户名称", "手机"]] + [[f"第{i}号商行", f"139{i:08d}"] for i in range(2500)]
    path = tmp_path / "many.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(import_rows)
    import_customers(path)
    seen = []
    assert export_table("customers", tmp_path / "out.csv", progress=lambda d, t: seen.append((d, t))) == 2500
    assert seen[0] == (1000, 2500) and seen[-1] == (2500, 2500)
