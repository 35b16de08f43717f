"""`salesterm import prices FILE`: price lists from the company's spreadsheet (GBK CSV or XLSX,
Chinese headers); a bad row is named with its line and column and nothing is imported; the exit
code a script sees."""
from __future__ import annotations

from datetime import date

from salesterm.store.db import open_database

ROWS = ["价目表,商品编码,价格,客户类型,等级,开始日期,结束日期",
        "A级经销商价,P001,108.00,经销商,A,2026-01-01,2026-12-31",
        "A级经销商价,P002,82,经销商,A,2026-01-01,2026-12-31",
        "零售价,P002,86.5,零售商,,,"]


def _shop(path) -> dict:
    from tests.store.pricing_fixtures import customer, product

    db = open_database(str(path))
    try:
        return {"oil": product("P001", "金龙鱼花生油 5L", 12_000), "rice": product("P002", "五常大米 10kg", 8_800),
                "dist": customer("鑫源粮油批发部", "distributor", "A")}
    finally:
        db.close()


def _write(path, lines, encoding="gbk"):
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def _in_db(path, fn, *args):
    db = open_database(str(path))
    try:
        return fn(*args)
    finally:
        db.close()


def test_a_gbk_price_file_makes_lists_and_prices(run_cli, tmp_path):
    from salesterm.store.pricing import listing, quotes

    db = tmp_path / "p.db"
    ids = _shop(db)
    proc = run_cli("import", "prices", _write(tmp_path / "价目表.csv", ROWS), db=str(db), check=True)
    assert "3 new prices" in proc.stdout
    lists = _in_db(db, listing.price_lists)
    assert [(r.name, r.customer_kind, r.grade, r.starts, r.items) for r in lists] == [
        ("A级经销商价", "distributor", "A", date(2026, 1, 1), 2), ("零售价", "retailer", "", None, 1)]
    q = _in_db(db, quotes.quote, ids["dist"], ids["oil"], 3, date(2026, 11, 29))
    assert (q.source_name, q.amount) == ("A级经销商价", 32_400)
    # again, with a changed price: the list keeps its items, the price changes
    run_cli("import", "prices", _write(tmp_path / "b.csv", [ROWS[0], ROWS[1].replace("108.00", "105")]),
            db=str(db), check=True)
    items = _in_db(db, listing.list_items, lists[0].id)
    assert [(i.code, i.price) for i in items] == [("P001", 10_500), ("P002", 8_200)]


def test_bad_rows_are_named_and_nothing_is_imported(run_cli, run_subprocess, tmp_path):
    from salesterm.store.pricing import listing

    db = tmp_path / "p.db"
    _shop(db)
    bad = [*ROWS, "零售价,P999,10,,,,", "零售价,P001,-3,,,,", "零售价,P002,80,,,,",
           "A级经销商价,P001,1,零售商,A,2026-01-01,2026-12-31", "B,P001,1,,,2026-02-01,2026-01-01"]
    path = _write(tmp_path / "bad.csv", bad)
    proc = run_cli("import", "prices", path, db=str(db))
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert "line 5, column B (商品编码): no such product: P999" in lines
    assert "line 6, column C (价格): a price cannot be negative" in lines
    assert "line 7, column B (商品编码): P002 is already in 零售价 on line 4" in lines
    assert any(line.startswith("line 8, column D (客户类型): the rows of A级经销商价 disagree") for line in lines)
    assert any(line.startswith("line 9") and "before the start date" in line for line in lines)
    assert "nothing was imported" in proc.stderr
    assert _in_db(db, listing.price_lists) == []
    proc = run_cli("import", "prices", path, "--good-rows", db=str(db))
    assert proc.returncode == 0 and "3 new prices" in proc.stdout
    assert run_subprocess("import", "prices", str(path), db=str(db)).returncode == 1
