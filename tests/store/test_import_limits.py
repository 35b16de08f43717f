"""Hostile and absurd import files: zip bombs, XML attacks, damaged workbooks, endless empty rows,
too many rows, too-long fields, amounts over the maximum (issue 10, items 7 and 8)."""
from __future__ import annotations

import io
import time
import zipfile

import pytest
from openpyxl import Workbook

from salesterm.domain.errors import UserError
from salesterm.domain.money import MAX_FEN
from salesterm.store import consistency, reports
from salesterm.store.io import importing, ledger_import, tabular
from salesterm.store.ledger import aging as aging_store
from salesterm.store.models import Customer, Receivable

from .collections_fixtures import TODAY, customer

SHEET = "xl/worksheets/sheet1.xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def workbook_with_sheet(path, sheet_xml: bytes | None = None, *, extra: dict[str, bytes] | None = None):
    """A real .xlsx from openpyxl whose first sheet's XML is replaced by SHEET_XML."""
    book = Workbook()
    book.active.append(["客户名称", "电话"])
    book.active.append(["甲商行", "13800000000"])
    buf = io.BytesIO()
    book.save(buf)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == SHEET and sheet_xml is not None:
                data = sheet_xml
            out.writestr(item.filename, data)
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    return path


def sheet(rows: str, prolog: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet {NS}><sheetData>{rows}'
            f"</sheetData></worksheet>").encode()


HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>客户名称</t></is></c></row>'


def refused(path, pattern: str) -> str:
    with pytest.raises(UserError, match=pattern) as info:
        tabular.read_table(path)
    text = str(info.value)
    assert "\n" not in text and "Traceback" not in text
    return text


def test_openpyxl_parses_through_defusedxml():
    from openpyxl import xml

    assert xml.DEFUSEDXML is True


def test_zip_bomb_refused_by_unpacked_size_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_XLSX_UNPACKED", 5 * 2**20)  # the real limit is 200 MB
    rows = "".join(f'<row r="{n}"/>' for n in range(2, 600_000))
    path = workbook_with_sheet(tmp_path / "bomb.xlsx", sheet(HEADER_ROW + rows))
    assert path.stat().st_size < 2 * 2**20
    start = time.perf_counter()
    refused(path, r"bomb.xlsx unpacks to more than 5 MB")
    assert time.perf_counter() - start < 2


def test_zip_bomb_refused_by_compression_ratio(tmp_path):
    path = workbook_with_sheet(tmp_path / "ratio.xlsx", extra={"xl/padding.bin": b"\0" * (20 * 2**20)})
    refused(path, r"ratio.xlsx is compressed \d+ times over")


def test_twenty_million_empty_rows_stop_early_with_no_data_rows(tmp_path):
    # openpyxl yields every row up to r=20000000: reading must stop at the empty run
    path = workbook_with_sheet(tmp_path / "empty.xlsx", sheet(HEADER_ROW + '<row r="20000000"/>'))
    start = time.perf_counter()
    refused(path, "empty.xlsx has no data rows")
    assert time.perf_counter() - start < 10


@pytest.mark.parametrize("name, prolog, body", [
    ("xxe", '<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
     '<row r="2"><c r="A2" t="inlineStr"><is><t>&x;</t></is></c></row>'),
    ("laughs", '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
     '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
     '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>',
     '<row r="2"><c r="A2" t="inlineStr"><is><t>&f;&f;&f;&f;&f;</t></is></c></row>'),
    ("malformed", "", '<row r="2"><c r="A2" t="inlineStr"><is><t>unclosed</is></c></row>'),
])
def test_xml_attacks_and_malformed_xml_say_the_file_is_damaged(tmp_path, name, prolog, body):
    path = workbook_with_sheet(tmp_path / f"{name}.xlsx", sheet(HEADER_ROW + body, prolog))
    text = refused(path, rf"{name}.xlsx is damaged or not a plain .xlsx workbook")
    assert "root:" not in text  # nothing of /etc/passwd


def test_truncated_workbook_is_refused_in_one_line(tmp_path):
    whole = workbook_with_sheet(tmp_path / "whole.xlsx").read_bytes()
    for cut in (len(whole) // 2, len(whole) - 30):
        path = tmp_path / f"cut{cut}.xlsx"
        path.write_bytes(whole[:cut])
        refused(path, rf"cut{cut}.xlsx (is not a readable|is damaged)")


def test_header_only_files_have_no_data_rows(tmp_path):
    csv_path = tmp_path / "head.csv"
    csv_path.write_text("客户名称,电话\n\n\n", encoding="utf-8")
    refused(csv_path, "head.csv has no data rows")
    path = workbook_with_sheet(tmp_path / "head.xlsx", sheet(HEADER_ROW))
    refused(path, "head.xlsx has no data rows")


def test_row_limit_stops_with_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_ROWS", 5)
    csv_path = tmp_path / "many.csv"
    csv_path.write_text("客户名称\n" + "".join(f"商行{n}\n" for n in range(10)), encoding="utf-8")
    refused(csv_path, "many.csv has more than 5 data rows; split it")
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>商行{n}</t></is></c></row>' for n in range(2, 12))
    many = workbook_with_sheet(tmp_path / "many.xlsx", sheet(HEADER_ROW + rows))
    refused(many, "many.xlsx has more than 5 data rows")


def test_ten_thousand_character_code_is_refused_with_row_and_column(db, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("编码,客户名称,备注\n" + "C" * 10_000 + ",甲商行,\nC-2,乙超市," + "长" * 4001 + "\n",
                    encoding="utf-8")
    report = importing.import_customers(path)
    lines = [str(e) for e in report.errors]
    assert lines == ["line 2, column A (编码): too long: 10,000 characters (at most 64)",
                     "line 3, column C (备注): too long: 4,001 characters (at most 4000)"]
    assert Customer.select().count() == 0


def test_ten_thousand_character_receivable_number_is_refused(db, tmp_path):
    customer("甲商行")
    path = tmp_path / "ar.csv"
    path.write_text("客户名称,单号,到期日,金额\n甲商行," + "9" * 10_000 + ",2026-10-01,100\n"
                    + "乙" * 300 + ",FP-2,2026-10-01,100\n", encoding="utf-8")
    report = ledger_import.import_receivables(path)
    assert [str(e) for e in report.errors] == [
        "line 2, column B (单号): too long: 10,000 characters (at most 64)",
        "line 3, column A (客户名称): too long: 300 characters (at most 200)"]
    assert Receivable.select().count() == 0


def test_amount_over_the_maximum_is_refused_in_import_with_its_row(db, tmp_path):
    customer("甲商行")
    path = tmp_path / "ar.csv"
    path.write_text("客户名称,单号,到期日,金额\n甲商行,FP-1,2026-10-01,\"1,000,000,000.00\"\n"
                    "甲商行,FP-2,2026-10-01,\"10,000,000,000,000.00\"\n", encoding="utf-8")
    report = ledger_import.import_receivables(path)
    assert [str(e) for e in report.errors] == [
        "line 3, column D (金额): amount is too large: 10,000,000,000,000.00 (at most 1,000,000,000.00 yuan)"]
    assert Receivable.select().count() == 0


def test_receivables_at_the_maximum_many_of_them_aging_and_reports_work(db, tmp_path):
    people = [customer(f"商行{n}") for n in range(20)]
    path = tmp_path / "ar.csv"
    lines = [f"商行{n % 20},FP-{n},2026-{1 + n % 11:02d}-01,2026-{1 + n % 11:02d}-28,\"1,000,000,000.00\""
             for n in range(600)]
    path.write_text("客户名称,单号,开票日期,到期日,金额\n" + "\n".join(lines) + "\n", encoding="utf-8")
    report = ledger_import.import_receivables(path)
    assert (report.created, report.errors) == (600, [])
    result = aging_store.aging(as_of=TODAY)
    assert result["totals"]["total"] == 600 * MAX_FEN
    assert sum(row["total"] for row in result["rows"]) == 600 * MAX_FEN
    assert len(result["rows"]) == len(people)
    by_rep = aging_store.aging(by="rep", as_of=TODAY)
    assert by_rep["totals"]["total"] == 600 * MAX_FEN
    assert aging_store.to_json(result)["totals"]["total"] == "600000000000.00"
    report = reports.build("aging", lang="en")
    assert report.rows
    for key in ("funnel", "coverage"):
        reports.build(key, lang="en")
    assert consistency.problems(db) == []
