"""Issue 11, defects 8 and 9 through the command line: every imported customer gets a code (from
the config's pattern), the duplicate message names it, and giving it updates the customer; the
same short name in another city is imported and listed as a possible duplicate."""
from __future__ import annotations

import json

from tests.store.test_importing import write_csv


def _search(run_cli, db, query):
    proc = run_cli("search", query, "--json", db=db)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_imported_customers_get_codes_and_the_code_updates_them(run_cli, tmp_path):
    db = str(tmp_path / "t.db")
    config = tmp_path / "config.toml"
    config.write_text('[customers]\ncode_pattern = "ZJ{seq:04d}"\n', encoding="utf-8")
    env = {"SALESTERM_CONFIG": str(config)}
    first = write_csv(tmp_path / "a.csv", [["客户名称", "城市", "电话"],
                                           ["三维股份", "浙江", "0576-83766001"],
                                           ["三维股份", "江苏", "0515-88999001"]])
    proc = run_cli("import", "customers", first, db=db, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "imported 2 new customers",
        "1 possible duplicate (same name, another city):",
        "  line 3, column A (客户名称): 三维股份 (江苏) has the same name as line 2 (浙江): imported as another "
        "company (a possible duplicate)"]
    assert sorted((h["code"], h["city"]) for h in _search(run_cli, db, "三维股份")) == [
        ("ZJ0001", "浙江"), ("ZJ0002", "江苏")]

    # the same company again, without its code: refused, and the message names the code to give
    again = write_csv(tmp_path / "b.csv", [["客户名称", "城市", "地址"], ["三维股份", "浙江省", "台州市三门县"]])
    proc = run_cli("import", "customers", again, db=db, env=env)
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0] == (
        "line 2, column A (客户名称): 三维股份 is already a customer (三维股份, code ZJ0001, 浙江); "
        "give its code to update it")
    # given the code, the row updates that customer
    coded = write_csv(tmp_path / "c.csv", [["编码", "客户名称", "城市", "地址"],
                                           ["ZJ0001", "三维股份", "浙江省", "台州市三门县"]])
    proc = run_cli("import", "customers", coded, db=db, env=env)
    assert (proc.returncode, proc.stdout.strip()) == (0, "imported 0 new customers, updated 1"), proc.stderr
    proc = run_cli("export", "customers", tmp_path / "out.csv", db=db, env=env)
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    assert "ZJ0001" in text and "台州市三门县" in text and text.count("三维股份") == 2


def test_possible_duplicates_are_reported_in_chinese(run_cli, tmp_path):
    db = str(tmp_path / "t.db")
    path = write_csv(tmp_path / "a.csv", [["客户名称", "城市"], ["三维股份", "浙江"], ["三维股份", "江苏"]])
    proc = run_cli("--lang", "zh", "import", "customers", path, db=db)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[1:] == [
        "疑似重复 1 个（同名，不同城市）：",
        "  第 3 行，A (客户名称) 列：三维股份（江苏）与第 2 行（浙江）同名：已作为另一家公司导入（疑似重复）"]


def test_search_finds_the_survivor_by_a_merged_files_name_and_says_so(run_cli, tmp_path):
    from salesterm.store import customers
    from salesterm.store.customers import admin
    from salesterm.store.db import open_database

    db = str(tmp_path / "t.db")
    database = open_database(db)
    a = customers.create_customer({"name": "华安证券", "city": "合肥"})
    b = customers.create_customer({"name": "徽商鑫源", "phone": "0551-66778899", "city": "合肥"})
    admin.merge_customers(a.id, b.id)
    database.close()
    hits = _search(run_cli, db, "徽商鑫源")
    assert [(h["name"], h["matched"]) for h in hits] == [("华安证券", "merged")]
    proc = run_cli("search", "66778899", db=db)
    assert "华安证券" in proc.stdout and "merged file" in proc.stdout
    proc = run_cli("--lang", "zh", "search", "hsxy", db=db)
    assert "华安证券" in proc.stdout and "已合并档案" in proc.stdout
