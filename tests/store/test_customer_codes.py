"""Every customer has a code (issue 11, defect 8), and the same short name in another city is a
possible duplicate, not a refused row (defect 9). Both backends."""
from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import pytest

from salesterm import clock
from salesterm.domain import customer_identity as identity
from salesterm.domain.errors import UserError
from salesterm.domain.list_filters import parse
from salesterm.store import customers, migrations
from salesterm.store.customers.listing import ListQuery, open_list
from salesterm.store.io.importing import import_customers
from salesterm.store.models import Customer, database
from tests.conftest import LISTED_COMPANIES
from tests.store.test_importing import write_csv


def _code(name: str) -> str:
    return Customer.get(Customer.name == name).code


def test_a_customer_typed_without_a_code_gets_the_next_of_the_pattern(db):
    assert customers.create_customer({"name": "鑫源商行"}).code == "C000001"
    assert customers.create_customer({"name": "永盛批发部", "code": "C000002"}).code == "C000002"  # by hand
    assert customers.create_customer({"name": "好又多超市"}).code == "C000003"  # the typed one is skipped
    assert customers.create_customer({"name": "华联超市"}, code_pattern="KH-{seq:04d}").code == "KH-0001"
    assert customers.create_customer({"name": "大润发"}, code_pattern="KH-{seq:04d}").code == "KH-0002"
    # an edit that blanks the code keeps it: every customer keeps one
    assert customers.update_customer(_customer_id("鑫源商行"), {"code": ""}).code == "C000001"
    with pytest.raises(UserError, match="code pattern"):
        customers.create_customer({"name": "沃尔玛"}, code_pattern="KH-0001")


def _customer_id(name: str) -> str:
    return Customer.get(Customer.name == name).id


def test_codes_numbered_by_hand_or_by_the_demo_are_skipped(db):
    Customer.insert(name="旧档", name_norm="旧档", code="C000041", created_at=clock.now(),
                    updated_at=clock.now(), id="x" * 32).execute()
    assert customers.create_customer({"name": "新客户"}).code == "C000042"


def test_code_patterns():
    assert identity.format_code("C{seq:06d}", 12) == "C000012"
    assert identity.format_code("GZ{seq}", 7) == "GZ7"
    assert identity.format_code("K{seq:d}", 3) == "K3"
    for bad in ("C", "{seq}{seq}", "C {seq}", "{seq:x}", "C{n}", "C{seq:6d}"):
        with pytest.raises(UserError):
            identity.check_code_pattern(bad)
    assert identity.same_place("浙江", "浙江省") and identity.same_place("", "江苏")
    assert not identity.same_place("浙江", "江苏")


def test_an_import_gives_every_new_customer_a_code_never_one_a_later_row_gives(db, tmp_path):
    customers.create_customer({"name": "老客户", "code": "C000001"})
    path = write_csv(tmp_path / "c.csv", [["客户名称", "编码", "城市"],
                                          ["鑫源商行", "", "广州"],
                                          ["永盛批发部", "", "佛山"],
                                          ["好又多超市", "C000003", "广州"]])
    report = import_customers(path)
    assert report.ok and report.created == 3
    assert (_code("鑫源商行"), _code("永盛批发部"), _code("好又多超市")) == ("C000002", "C000004", "C000003")
    path = write_csv(tmp_path / "d.csv", [["客户名称", "城市"], ["华联超市", "广州"]])
    assert import_customers(path, code_pattern="HL{seq:03d}").ok
    assert _code("华联超市") == "HL001"


def _fill_statements() -> list[str]:
    """0008's statements that give codes to customers stored without one."""
    dialect = migrations.dialect(database.obj)
    migration = next(m for m in migrations.available(dialect) if m.version == 8)
    out = []
    for path in migration.files:
        for stmt in migrations.statements(path.read_text(encoding="utf-8"), dialect):
            if not stmt.lstrip().upper().startswith(("CREATE TABLE CODE_COUNTER", "ALTER TABLE", "CREATE INDEX")):
                out.append(stmt)
    return out


def test_the_migration_gives_codes_to_customers_stored_without_one(db):
    names = ["甲商行", "乙商行", "丙商行", "丁商行"]
    for i, name in enumerate(names):
        c = customers.create_customer({"name": name})
        Customer.update(created_at=clock.now() + timedelta(minutes=i)).where(Customer.id == c.id).execute()
    # as a database before 0008 held them: no code, an empty one, and one typed by hand
    Customer.update(code=None).execute()
    Customer.update(code="").where(Customer.name == "乙商行").execute()
    Customer.update(code="C000002").where(Customer.name == "丁商行").execute()
    with database.obj.atomic():
        for stmt in _fill_statements():
            database.obj.execute_sql(stmt)
    assert [_code(n) for n in names] == ["C000001", "C000003", "C000004", "C000002"]
    assert customers.create_customer({"name": "戊商行"}).code == "C000005"


def test_same_name_in_another_city_is_imported_and_reported_as_a_possible_duplicate(db, tmp_path):
    with open(LISTED_COMPANIES, encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["name"] == "三维股份"]
    assert [r["area"] for r in rows] == ["浙江", "江苏"]  # two listed companies, one short name
    path = write_csv(tmp_path / "sw.csv", [["客户名称", "城市/地区", "行业", "电话"]] + [
        [rows[0]["name"], rows[0]["area"], rows[0]["industry"], "0576-83766001"],
        [rows[1]["name"], rows[1]["area"], rows[1]["industry"], "0515-88999001"],
        ["三维 股份", "浙江省", "", ""],  # the same name in the same province: the same company
    ])
    report = import_customers(path)
    assert [str(e) for e in report.errors] == [
        "line 4, column A (客户名称): the same customer as line 2 (三维 股份)"]
    report = import_customers(path, good_rows_only=True)
    assert report.created == 2 and report.skipped == 1
    assert [str(d) for d in report.possible_duplicates] == [
        "line 3, column A (客户名称): 三维股份 (江苏) has the same name as line 2 (浙江): imported as another "
        "company (a possible duplicate)"]
    # a later file with a third 三维股份 elsewhere names both on file
    again = import_customers(write_csv(tmp_path / "sw2.csv", [["客户名称", "城市"], ["三维股份", "上海"]]))
    assert again.ok and len(again.possible_duplicates) == 2
    named = " ".join(str(d) for d in again.possible_duplicates)
    assert "三维股份, code C000001, 浙江" in named and "三维股份, code C000002, 江苏" in named
    # findable afterwards: the customers list's dup filter
    found = open_list(ListQuery(filters=parse("dup")))
    assert sorted(r.city for r in found.rows(0, 10)) == ["上海", "江苏", "浙江"]
    assert open_list(ListQuery(filters=parse("重名 城市:江苏"))).count == 1


def test_the_whole_listed_company_file_imports_with_its_same_name_pair_reported(db, tmp_path):
    out = Path(tmp_path / "listed.csv")
    with open(LISTED_COMPANIES, encoding="utf-8") as fh, open(out, "w", encoding="utf-8", newline="") as w:
        writer = csv.writer(w)
        writer.writerow(["客户名称", "城市/地区", "行业"])
        for r in csv.DictReader(fh):
            writer.writerow([r["name"], r["area"], r["industry"]])
    report = import_customers(out)
    assert report.ok and report.created == 5395, report.errors[:3]
    assert [(d.line, str(d.message)) for d in report.possible_duplicates] == [
        (5178, "三维股份 (江苏) has the same name as line 3891 (浙江): imported as another company "
               "(a possible duplicate)")]
    assert Customer.select().where(Customer.code.is_null()).count() == 0
    assert Customer.select(Customer.code).distinct().count() == 5395
