"""Reading and writing spreadsheet files: encodings, line numbers, headers, broken files."""
from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest

from salesterm.domain.errors import UserError
from salesterm.store.io.tabular import HeaderMap, RowError, column_name, header_key, read_table, write_table

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_gb18030_csv_with_chinese_headers_is_detected():
    table = read_table(FIXTURES / "customers_gbk.csv")
    assert table.encoding == "gb18030"
    assert table.headers[:4] == ["编码", "客户名称", "类型", "等级"]
    names = [cells[1] for _, cells in table.rows]
    assert "广州市鑫源食品贸易有限公司" in names
    assert '东莞市长安镇"好又多"商行' in names  # quoted quotes survive
    assert "喆啡咖啡馆（䶮字号）" in names  # GB18030-only characters survive
    assert [line for line, _ in table.rows] == [2, 3, 4, 5, 6, 7]


def test_utf8_bom_is_stripped_from_the_first_header():
    table = read_table(FIXTURES / "customers_utf8_bom.csv")
    assert table.encoding == "utf-8-sig"
    assert table.headers[0] == "客户名称"


def test_plain_utf8_and_utf16_tab_separated(tmp_path):
    plain = tmp_path / "plain.csv"
    plain.write_text("name,phone\n鑫源商行,13812345678\n", encoding="utf-8")
    assert read_table(plain).rows == [(2, ["鑫源商行", "13812345678"])]
    unicode_text = tmp_path / "unicode.txt"  # Excel's "Unicode text": UTF-16 with BOM, tabs
    unicode_text.write_text("客户名称\t电话\r\n鑫源商行\t13812345678\r\n", encoding="utf-16")
    table = read_table(unicode_text)
    assert table.headers == ["客户名称", "电话"]
    assert table.rows == [(2, ["鑫源商行", "13812345678"])]


def test_line_numbers_count_physical_lines_and_skip_blank_rows(tmp_path):
    path = tmp_path / "multi.csv"
    path.write_text('name,remark\n\nA店,"two\nlines"\nB店,x\n,\n', encoding="utf-8")
    table = read_table(path)
    assert [(line, cells[0]) for line, cells in table.rows] == [(3, "A店"), (5, "B店")]


def test_explicit_encoding(tmp_path):
    path = tmp_path / "big5.csv"
    path.write_bytes("name\n臺北商行\n".encode("big5"))
    assert read_table(path, encoding="big5").rows[0][1] == ["臺北商行"]
    with pytest.raises(UserError, match="unknown encoding"):
        read_table(path, encoding="klingon")


@pytest.mark.parametrize("content, message", [
    (b"", "is empty"),
    (b"\r\n\r\n  \r\n", "is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
    (b"name\n\xff\xfe\xfa\xfb\xfc\n", "line 2: bytes that are neither UTF-8 nor GBK"),
    (b'name,phone\n"unclosed,123\nx,y\n', "not a readable CSV row"),
])
def test_broken_files_get_one_clear_line(tmp_path, content, message):
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    with pytest.raises(UserError, match=message) as info:
        read_table(path)
    assert "\n" not in str(info.value)


def test_wrong_kinds_of_file(tmp_path):
    with pytest.raises(UserError, match="no file"):
        read_table(tmp_path / "missing.csv")
    with pytest.raises(UserError, match="folder"):
        read_table(tmp_path)
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(UserError, match="old Excel .xls"):
        read_table(tmp_path / "old.xls")
    (tmp_path / "fake.xlsx").write_text("name\nx\n")
    with pytest.raises(UserError, match="not an Excel .xlsx"):
        read_table(tmp_path / "fake.xlsx")
    (tmp_path / "list.pdf").write_text("x")
    with pytest.raises(UserError, match="cannot import a .pdf"):
        read_table(tmp_path / "list.pdf")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04garbage")
    with pytest.raises(UserError, match="not a readable .xlsx"):
        read_table(tmp_path / "broken.xlsx")


def test_xlsx_cells_become_text_as_the_user_sees_them(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["客户名称", "手机", "信用额度", "建档日期", "上午不收款", None])
    sheet.append(["鑫源商行", 13812345678, 1234.5, datetime(2026, 11, 3), True])
    sheet.append([None, None, None])
    sheet.append(["永盛批发部", "020-87654321", 20000, date(2026, 1, 2), False])
    path = tmp_path / "book.xlsx"
    book.save(path)
    table = read_table(path)
    assert table.headers == ["客户名称", "手机", "信用额度", "建档日期", "上午不收款"]
    assert table.rows == [
        (2, ["鑫源商行", "13812345678", "1234.5", "2026-11-03", "是"]),
        (4, ["永盛批发部", "020-87654321", "20000", "2026-01-02", "否"]),
    ]


def test_header_map_normalises_and_refuses_two_columns_for_one_field():
    headers = HeaderMap({"name": ["客户名称"], "credit_limit": ["信用额度"], "phone": ["电话", "手机"]})
    assert header_key("*客户名称") == header_key("客户 名称") == "客户名称"
    assert header_key("信用额度（元）") == "信用额度"
    cols = headers.resolve(["*客户名称", "信用额度(元)", "Credit_Limit", "备注"][:2] + ["备注"], required=["name"])
    assert cols.index == {"name": 0, "credit_limit": 1}
    assert cols.ignored == ["备注"]
    assert cols.where("credit_limit") == "B (信用额度(元))"
    with pytest.raises(UserError, match="columns B .电话. and C .手机. both hold"):
        headers.resolve(["客户名称", "电话", "手机"])
    with pytest.raises(UserError, match="no column for name .客户名称 / name."):
        headers.resolve(["电话"], required=["name"])


def test_column_letters_and_row_errors():
    assert [column_name(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]
    assert str(RowError(7, "D (电话)", "not a phone number: 12")) == "line 7, column D (电话): not a phone number: 12"
    assert str(RowError(3, "", "only 2 cells")) == "line 3: only 2 cells"


def test_write_csv_has_a_bom_and_reads_back(tmp_path):
    path = tmp_path / "out.csv"
    rows = [["鑫源商行", 123450 / 100, date(2026, 11, 29), True, None], ["=1+1", "a,b", "", False, "x\ny"]]
    assert write_table(path, ["name", "amount", "day", "flag", "note"], iter(rows)) == 2
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    back = list(csv.reader(data.decode("utf-8-sig").splitlines(keepends=True)))
    assert back[1] == ["鑫源商行", "1234.5", "2026-11-29", "yes", ""]
    assert read_table(path).rows[1][1] == ["=1+1", "a,b", "", "no", "x\ny"]


def test_write_xlsx_keeps_everything_as_text(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "out.xlsx"
    write_table(path, ["name", "phone", "amount"], [["=HYPERLINK(\"x\")", "020-12345678", "1234.50"],
                                                   ["bell\x07name", "0755123", "0.00"]])
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[2]] == ['=HYPERLINK("x")', "020-12345678", "1234.50"]
    assert sheet["A2"].data_type == "s"
    assert sheet["A3"].value == "bellname"


def test_write_refuses_unknown_extensions_and_leaves_no_partial_file(tmp_path):
    with pytest.raises(UserError, match=r"give a file name ending in .csv or .xlsx"):
        write_table(tmp_path / "out.ods", ["a"], [])
    with pytest.raises(UserError, match="no folder"):
        write_table(tmp_path / "nope" / "out.csv", ["a"], [])

    def failing():
        yield ["one"]
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError):
        write_table(tmp_path / "out.csv", ["a"], failing())
    assert list(tmp_path.iterdir()) == []
