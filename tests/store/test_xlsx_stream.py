"""The streaming XLSX writer: what it writes reads back exactly, with openpyxl and with our reader."""
import zipfile

from openpyxl import load_workbook

from salesterm.store.io.tabular import read_table, write_table
from salesterm.store.io.xlsx_stream import column_letters, sheet_name, write_xlsx


def test_column_letters():
    assert [column_letters(i) for i in (0, 25, 26, 51, 52, 701, 702)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]


def test_sheet_name_is_one_excel_accepts():
    assert sheet_name("a/b:c[1]") == "a_b_c_1_"
    assert sheet_name("") == "data"
    assert len(sheet_name("x" * 40)) == 31


def test_written_book_reads_back_with_openpyxl_in_both_modes(tmp_path):
    path = tmp_path / "t.xlsx"
    rows = [["名称", "电话", "备注", "空"],
            ["三维股份 <浙江> & co", "0571-0001", "  leading and trailing  ", ""],
            ["=SUM(A1)", "00123", "line\nbreak \"quoted\" 'x'", ""],
            ["", "", "", "last"]]
    assert write_xlsx(path, iter(rows), sheet="客户/导出") == 3
    assert zipfile.ZipFile(path).testzip() is None
    for read_only in (False, True):
        book = load_workbook(path, read_only=read_only)
        assert book.sheetnames == ["客户_导出"]
        got = [([c if c is not None else "" for c in row] + [""] * 4)[:4]  # read-only mode drops trailing empties
               for row in book.active.iter_rows(values_only=True)]
        assert got == rows
        book.close()
    cell = load_workbook(path).active["A3"]
    assert cell.data_type == "s" and cell.value == "=SUM(A1)"  # text, never a formula


def test_write_table_xlsx_at_scale_round_trips(tmp_path):
    path = tmp_path / "big.xlsx"
    rows = [[f"客户{i}", str(i * 7), "" if i % 3 else "x"] for i in range(5000)]
    seen = []
    assert write_table(path, ["name", "amount", "flag"], iter(rows), progress=seen.append) == 5000
    assert seen and seen[-1] <= 5000
    table = read_table(path)
    assert len(table) == 5000
    assert table.rows[4999][1][:2] == ["客户4999", "34993"]
