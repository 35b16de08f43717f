"""`salesterm export KIND FILE --lang zh`: Chinese headers, readable values, and a file that
imports back; without --lang the English headers stay as scripts know them."""
from __future__ import annotations

import csv
import json

from salesterm.store.io.exporting import CUSTOMER_COLUMNS

ENGLISH = [c if isinstance(c, str) else c[0] for c in CUSTOMER_COLUMNS]


def _read(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_without_lang_the_headers_are_the_english_field_names(run_cli, tmp_path):
    db = str(tmp_path / "t.db")
    run_cli("demo", "--customers", "20", db=db, check=True)
    out = tmp_path / "c.csv"
    # a Chinese locale (or `lang = "zh"` in the config) changes messages, never the file
    proc = run_cli("export", "customers", out, db=db, env={"LANG": "zh_CN.UTF-8"})
    assert proc.returncode == 0, proc.stderr
    rows = _read(out)
    assert rows[0] == ENGLISH
    assert rows[0][:4] == ["id", "code", "name", "kind"]
    assert {r[3] for r in rows[1:]} <= {"distributor", "wholesaler", "retailer", "consumer", "competitor", "pr"}


def test_lang_zh_gives_chinese_headers_and_readable_values(run_cli, tmp_path):
    db = str(tmp_path / "t.db")
    run_cli("demo", "--customers", "40", db=db, check=True)
    out = tmp_path / "c.csv"
    proc = run_cli("export", "customers", out, "--lang", "zh", db=db)
    assert proc.returncode == 0, proc.stderr
    rows = _read(out)
    head = rows[0]
    assert head[:4] == ["系统编号", "编码", "客户名称", "类型"]
    assert {"经济性质", "信用额度", "评级因素", "业务员", "上午不收款"} <= set(head)
    col = {h: i for i, h in enumerate(head)}
    cells = [cell for r in rows[1:] for cell in r]
    assert not any(cell.startswith(("{", "[")) for cell in cells)  # no JSON cell
    english_keys = {"private", "state", "distributor", "retailer", "yes", "no", "unknown"}
    assert not english_keys & set(cells)
    assert {r[col["类型"]] for r in rows[1:]} <= {"经销商", "批发商", "零售商", "消费者", "同类产品", "公关环境"}
    assert {r[col["上午不收款"]] for r in rows[1:]} <= {"是", "否"}
    assert all(r[col["信用额度"]].replace(".", "").isdigit() for r in rows[1:])  # yuan, two decimals
    assert any("资信" in r[col["评级因素"]] for r in rows[1:])
    for kind, header in (("deals", "阶段"), ("visits", "时段"), ("notes", "类别"), ("payments", "方式")):
        out = tmp_path / f"{kind}.csv"
        run_cli("export", kind, out, "--lang", "zh", db=db, check=True)
        rows = _read(out)
        i = rows[0].index(header)
        assert rows[1:] and all(not r[i].isascii() or r[i] == "" for r in rows[1:]), (kind, rows[1][i])


def test_a_chinese_export_imports_back(run_cli, tmp_path):
    db = str(tmp_path / "t.db")
    run_cli("demo", "--customers", "30", db=db, check=True)
    customers, contacts = tmp_path / "客户.csv", tmp_path / "联系人.xlsx"
    run_cli("export", "customers", customers, "--lang", "zh", db=db, check=True)
    run_cli("export", "contacts", contacts, "--lang", "zh", db=db, check=True)
    fresh = str(tmp_path / "fresh.db")
    proc = run_cli("import", "customers", customers, db=fresh)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("imported 30 new customers")
    proc = run_cli("import", "contacts", contacts, db=fresh)
    assert proc.returncode == 0, proc.stderr
    again = tmp_path / "again.csv"
    run_cli("export", "customers", again, db=fresh, check=True)
    first = tmp_path / "first.csv"
    run_cli("export", "customers", first, db=db, check=True)

    def fields(path):
        rows = _read(path)
        keep = ["code", "name", "kind", "economic_nature", "grade", "grade_factors", "man_need",
                "credit_limit", "no_morning_collection", "rep", "city", "phone"]
        idx = [rows[0].index(k) for k in keep]
        out = {}
        for r in rows[1:]:
            values = [r[i] for i in idx]
            values[5] = json.loads(values[5] or "{}")
            out[r[idx[0]]] = values
        return out

    assert fields(again) == fields(first)
