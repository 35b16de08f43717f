"""`salesterm import products` and `export products` as a user runs them: an ERP's GBK CSV with bad
rows, an XLSX as Excel/WPS save it (a title row above the headers, numbers as numbers), the round trip."""
from __future__ import annotations

import csv
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GBK = FIXTURES / "products_gbk.csv"
XLSX = FIXTURES / "products_erp.xlsx"
BAD_LINES = [
    "line 7, column E (箱规): the case size must be at least 1, not '0'",
    "line 8, column F (条码): a barcode is digits only (at most 20), not '69O2538004045'",
    "line 9, column G (单价): a price cannot be negative: -3.50",
    "line 10, column A (商品编码): product code SP001 is also on line 2 of this file",
    "line 11, column A (商品编码): required",
    "line 12, column J (状态): unknown status '卖完了': use active (在售) or discontinued (停售)",
]


def _rows(path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_a_gbk_file_with_bad_rows_imports_nothing_and_names_each_one(run_subprocess, tmp_path):
    db = str(tmp_path / "t.db")
    proc = run_subprocess("import", "products", GBK, db=db)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == BAD_LINES + [
        "salesterm: 6 bad row(s) of 11: nothing was imported (fix them, or give --good-rows to import the other rows)"]
    out = tmp_path / "p.csv"
    run_subprocess("export", "products", out, db=db, check=True)
    assert _rows(out) == []


def test_good_rows_imports_the_clean_ones_with_their_units_and_prices(run_cli, tmp_path):
    db = str(tmp_path / "t.db")
    proc = run_cli("import", "products", GBK, "--good-rows", db=db)
    assert (proc.returncode, proc.stdout.strip()) == (0, "imported 5 new products, skipped 6 bad rows")
    assert proc.stderr.splitlines() == BAD_LINES
    out = tmp_path / "p.csv"
    run_cli("export", "products", out, db=db, check=True)
    rows = {r["code"]: r for r in _rows(out)}
    assert sorted(rows) == ["SP001", "SP002", "SP003", "SP004", "SP005"]
    oil = rows["SP001"]
    assert (oil["name"], oil["spec"], oil["unit"], oil["case_unit"], oil["case_size"], oil["barcode"],
            oil["list_price"], oil["status"]) == ("金龙鱼食用调和油", "5L×4", "桶", "箱", "4", "6901234567890",
                                                  "59.90", "active")
    assert (rows["SP003"]["case_size"], rows["SP003"]["list_price"]) == ("6", "88.00")  # 1*6, ￥88.00
    assert (rows["SP004"]["case_size"], rows["SP004"]["status"], rows["SP004"]["list_price"]) == (
        "6", "discontinued", "1200.00")  # 6瓶/箱, 停售, "1,200.00"


def test_dry_run_writes_nothing(run_cli, tmp_path):
    db = str(tmp_path / "t.db")
    proc = run_cli("import", "products", XLSX, "--dry-run", db=db)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "would import 4 new products (dry run: nothing written)"
    out = tmp_path / "p.csv"
    run_cli("export", "products", out, db=db, check=True)
    assert _rows(out) == []


def test_an_excel_sheet_with_a_title_row_imports_and_a_known_code_updates(run_cli, tmp_path):
    db = str(tmp_path / "t.db")
    proc = run_cli("import", "products", XLSX, db=db)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["imported 4 new products", "columns not imported: 备注"]
    proc = run_cli("import", "products", XLSX, db=db)
    assert proc.stdout.splitlines()[0] == "imported 0 new products, updated 4"
    out = tmp_path / "p.xlsx"
    run_cli("export", "products", out, db=db, check=True)
    from salesterm.store.io.tabular import read_table

    table = read_table(out)
    rows = {dict(zip(table.headers, cells, strict=False))["code"]: dict(zip(table.headers, cells, strict=False))
            for _line, cells in table.rows}
    assert rows["SP101"]["barcode"] == "6921499910013" and rows["SP101"]["list_price"] == "52.50"
    assert rows["SP104"]["status"] == "discontinued"


def test_the_chinese_export_imports_back(run_cli, tmp_path):
    db = str(tmp_path / "t.db")
    run_cli("import", "products", XLSX, db=db, check=True)
    out = tmp_path / "zh.csv"
    proc = run_cli("export", "products", out, "--lang", "zh", db=db)
    assert proc.returncode == 0, proc.stderr
    rows = _rows(out)
    assert list(rows[0])[:7] == ["系统编号", "商品编码", "商品名称", "规格", "单位", "箱单位", "箱规"]
    assert {r["状态"] for r in rows} == {"在售", "停售"}
    proc = run_cli("import", "products", out, db=str(tmp_path / "other.db"))
    assert proc.stdout.splitlines()[0] == "imported 4 new products", proc.stderr


def test_errors_in_chinese(run_cli, tmp_path):
    proc = run_cli("--lang", "zh", "import", "products", GBK, db=str(tmp_path / "t.db"))
    assert proc.returncode == 1
    assert "第 9 行，G (单价) 列：价格不能为负数：-3.50" in proc.stderr.splitlines()
