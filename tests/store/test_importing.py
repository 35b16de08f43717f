"""Importing customers and contacts, on SQLite and PostgreSQL."""
from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from salesterm.domain import textkeys
from salesterm.domain.errors import UserError
from salesterm.store.customers import create_customer, customer_columns, name_keys
from salesterm.store.io import bulk
from salesterm.store.io.importing import import_contacts, import_customers
from salesterm.store.models import Contact, Customer, Rep
from tests.conftest import LISTED_COMPANIES

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)
    return path


def by_name(name: str) -> Customer:
    return Customer.get(Customer.name == name)


def test_gb18030_file_with_chinese_headers_imports_every_field(db):
    report = import_customers(FIXTURES / "customers_gbk.csv")
    assert report.ok and (report.created, report.updated) == (6, 0)
    assert report.extra == {"reps": 3, "contacts": 6}
    c = by_name("广州市鑫源食品贸易有限公司")
    assert (c.code, c.kind, c.grade, c.grade_override, c.city) == ("KH001", "distributor", "A", "A", "广州")
    assert (c.phone, c.credit_limit, c.payday, c.no_morning_collection) == ("13812345678", 5_000_000, 15, False)
    assert (c.industry, c.tags, c.rep.name) == ("食品", "重点客户 老客户", "张伟")
    contact = Contact.get(Contact.customer == c.id)
    assert (contact.name, contact.phone) == ("王建国", "13812345678")
    assert by_name("天河区永盛副食批发部").phone == "020-87654321"
    assert by_name("天河区永盛副食批发部").no_morning_collection is True
    assert by_name("天河区永盛副食批发部").payday == 10
    assert by_name('东莞市长安镇"好又多"商行').phone == "0769-85551234转8"
    assert by_name("重庆银行火锅城").phone == "13900001111"
    assert by_name("重庆银行火锅城").credit_limit == 123_450
    assert by_name("喆啡咖啡馆（䶮字号）").code == "KH006"
    # search keys computed the same way as a customer typed into the form
    for customer in Customer.select():
        expected = customer_columns({"name": customer.name, "phone": customer.phone})
        assert (customer.py_full, customer.py_initials) == (expected["py_full"], expected["py_initials"])
        assert (customer.name_norm, customer.phone_digits) == (expected["name_norm"], expected["phone_digits"])
    assert "cqyhhgc" in by_name("重庆银行火锅城").py_initials.split()


def test_bad_rows_refuse_the_whole_file_and_name_each_line(db):
    before = Customer.select().count()
    report = import_customers(FIXTURES / "customers_bad.csv")
    assert Customer.select().count() == before == 0
    assert Rep.select().count() == 0
    lines = [str(e) for e in report.errors]
    assert lines == [
        "line 3, column A (客户名称): the customer name is empty",
        "line 4, column B (电话): not a phone number: 12345",
        "line 5, column D (信用额度): amount is not a number: 五千",
        "line 6, column E (发薪日): payday must be a day of the month from 1 to 31, got '32'",
        "line 7, column F (上午不收款): expected 是 or 否 (yes/no), got '也许'",
        "line 8, column A (客户名称): the same customer as line 2 (好运来超市)",
        "line 9, column G (等级): grade must be A, B, C or D: E",
        "line 9, column B (电话): phone 13800001111 is already on line 2",
        "line 10, column H (类型): unknown customer kind '代理商': "
        "use one of 经销商/批发商/零售商/消费者/同类产品/公关环境",
        "line 11, column D (信用额度): amount has more than two decimals: 1.234",
    ]


def test_good_rows_only_imports_the_valid_rows(db):
    report = import_customers(FIXTURES / "customers_bad.csv", good_rows_only=True)
    assert (report.created, report.skipped) == (1, 9)
    assert [c.name for c in Customer.select()] == ["好运来超市"]


def test_dry_run_reports_and_writes_nothing(db):
    report = import_customers(FIXTURES / "customers_utf8_bom.csv", dry_run=True)
    assert report.ok and report.dry_run and report.created == 3
    assert report.extra == {"contacts": 2, "reps": 1}
    assert Customer.select().count() == 0 and Rep.select().count() == 0


def test_duplicates_against_the_database_and_updates_by_code(db, tmp_path):
    create_customer({"name": "鑫源商行", "phone": "13800001111", "code": "X1", "city": "广州"})
    create_customer({"name": "永盛批发部", "phone": "020-11112222", "code": "X2"})
    path = write_csv(tmp_path / "c.csv", [
        ["客户名称", "编码", "电话", "城市", "等级"],
        ["鑫源 商行", "", "13900000000", "", ""],          # same normalised name, no code
        ["好又多超市", "", "138-0000-1111", "", ""],        # same phone as 鑫源商行
        ["鑫源商行", "X1", "13800001111", "佛山", "B"],     # its code: updates it
        ["永盛批发部", "X1", "", "", ""],                  # code of another customer's name
    ])
    report = import_customers(path)
    assert [str(e) for e in report.errors] == [
        "line 2, column A (客户名称): 鑫源 商行 is already a customer (鑫源商行, code X1, 广州); "
        "give its code to update it",
        "line 3, column C (电话): phone 13800001111 belongs to customer 鑫源商行, code X1, 广州",
        "line 5, column B (编码): code X1 is already used on line 4",
        "line 5, column A (客户名称): 永盛批发部 is already a customer (永盛批发部, code X2); "
        "give its code to update it",
    ]
    assert Customer.select().count() == 2
    path = write_csv(tmp_path / "ok.csv", [["客户名称", "编码", "电话", "城市", "等级", "地址"],
                                          ["鑫源商行", "X1", "13800001111", "佛山", "B", ""]])
    report = import_customers(path)
    assert report.ok and (report.created, report.updated) == (0, 1)
    updated = by_name("鑫源商行")
    assert (updated.city, updated.grade, updated.phone) == ("佛山", "B", "13800001111")
    assert Customer.select().count() == 2


def test_ragged_rows_and_missing_columns(db, tmp_path):
    path = write_csv(tmp_path / "r.csv", [["客户名称", "电话"], ["甲店", "13800001111", "多出来的"], ["乙店"],
                                          ["丙店", "13800002222"]])
    assert [str(e) for e in import_customers(path).errors] == [
        "line 2, column C: 3 cells but the header row has 2 columns (a stray separator or quote?)"]
    path = write_csv(tmp_path / "short.csv", [["客户名称", "电话", "城市"], ["甲店", "13800001111"]])
    assert "only 2 cells" in str(import_customers(path).errors[0])
    path = write_csv(tmp_path / "noname.csv", [["电话", "城市"], ["13800001111", "广州"]])
    with pytest.raises(UserError, match=r"no column for customer name \(客户名称 / name\)"):
        import_customers(path)


def test_listed_companies_keep_names_phones_and_pinyin_initials(db, tmp_path):
    rng = random.Random(5)
    with open(LISTED_COMPANIES, encoding="utf-8") as fh:
        companies = list(csv.DictReader(fh))[:300]
    phones = [f"1{rng.choice('3589')}{rng.randrange(10**9):09d}" for _ in companies]
    rows = [["客户名称", "城市/地区", "行业", "电话/手机"]]
    rows += [[c["name"], c["area"], c["industry"], p] for c, p in zip(companies, phones, strict=True)]
    report = import_customers(write_csv(tmp_path / "listed.csv", rows, encoding="gb18030"))
    assert report.ok, report.errors[:3]
    stored = {c.name: c for c in Customer.select()}
    assert len(stored) == 300
    for company, phone in zip(companies, phones, strict=True):
        customer = stored[company["name"]]
        assert customer.phone == phone and customer.city == company["area"]
        assert company["cnspell"].lower() in customer.py_initials.split(), company


def test_excel_number_forms(db, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text('客户名称,电话,联系人,手机\r\n鑫源商行,="020-12345678",王伟,="13812345678"\r\n'
                    '永盛批发部,1.38123E+10,,\r\n', encoding="gbk")
    report = import_customers(path)
    assert [str(e) for e in report.errors] == [
        "line 3, column B (电话): 1.38123E+10: Excel turned the number into this and lost its digits; format "
        "the column as text, retype the numbers and save again"]
    assert report.errors[0].message.text("zh").startswith("1.38123E+10：Excel 把数字变成了这个样子")
    report = import_customers(path, good_rows_only=True)
    c = by_name("鑫源商行")
    assert c.phone == "020-12345678" and Contact.get(Contact.customer == c.id).phone == "13812345678"


def test_xlsx_import(db, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["客户名称", "手机", "信用额度", "发薪日", "上午不收款"])
    book.active.append(["鑫源商行", 13812345678, 1234.5, 15, "是"])
    book.save(tmp_path / "c.xlsx")
    assert import_customers(tmp_path / "c.xlsx").created == 1
    c = by_name("鑫源商行")
    assert (c.phone, c.credit_limit, c.payday, c.no_morning_collection) == ("13812345678", 123_450, 15, True)


def test_a_title_row_above_the_header_is_skipped(db, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["2026年客户资料表（华南区）"])
    book.active.append([])
    book.active.append(["序号", "客户名称", "手机"])
    book.active.append([1, "鑫源商行", "13812345678"])
    book.active.append([2, "永盛批发部", "1381234567"])
    book.save(tmp_path / "titled.xlsx")
    report = import_customers(tmp_path / "titled.xlsx")
    assert [str(e) for e in report.errors] == [
        "line 5, column C (手机): a mobile number has 11 digits, starting 13-19: 1381234567"]
    assert report.ignored_columns == ["序号"]


def test_contacts_import_by_name_or_code(db):
    import_customers(FIXTURES / "customers_gbk.csv")
    report = import_contacts(FIXTURES / "contacts_gbk.csv")
    assert report.ok and report.created == 2
    c = by_name("广州市鑫源食品贸易有限公司")
    new = Contact.get((Contact.customer == c.id) & (Contact.name == "王小明"))
    assert (new.title, new.phone, new.is_decision_maker) == ("采购经理", "13688889999", True)
    assert new.py_initials.split()[0] == "wxm" and new.py_full == name_keys("王小明")["py_full"]
    again = import_contacts(FIXTURES / "contacts_gbk.csv")
    assert [str(e) for e in again.errors] == [
        "line 2, column B (联系人): 王小明 is already a contact of this customer",
        "line 3, column B (联系人): 刘芳 is already a contact of this customer",
    ]


def test_contacts_import_reports_unknown_and_ambiguous_customers(db, tmp_path):
    create_customer({"name": "鑫源商行", "phone": "13800001111"})
    create_customer({"name": "鑫源商行", "phone": "13800002222"}, allow_duplicate=True)
    path = write_csv(tmp_path / "c.csv", [["客户", "联系人", "手机"], ["鑫源商行", "王伟", ""],
                                          ["无此客户", "李娜", ""], ["", "张三", ""], ["鑫源商行", "", "12"]])
    assert [str(e) for e in import_contacts(path).errors] == [
        "line 2, column A (客户): 2 customers are called 鑫源商行: give the code instead",
        "line 3, column A (客户): no customer called 无此客户 (import the customers first)",
        "line 4, column A (客户): the customer is empty (give its name or code)",
        "line 5, column B (联系人): the contact name is empty",
        "line 5, column C (手机): not a phone number: 12",
        "line 5, column A (客户): 2 customers are called 鑫源商行: give the code instead",
    ]
    assert Contact.select().count() == 0


def test_customer_index_matches_find_duplicates(db):
    from salesterm.store.customers import find_duplicates

    create_customer({"name": "广州市 鑫源（电子）经营部", "phone": "+86 138 1234 5678"})
    index = bulk.CustomerIndex.load()
    norm = textkeys.normalise_name("广州市鑫源电子经营部")
    assert norm in index.by_name and "13812345678" in index.by_phone
    assert find_duplicates("广州市鑫源电子经营部") and find_duplicates(phone="13812345678")


def test_many_rows_use_worker_processes_and_give_the_same_keys(db, tmp_path, monkeypatch):
    from salesterm.store.io import importing

    monkeypatch.setattr(importing, "PARALLEL_FROM_BYTES", 10)
    monkeypatch.setattr(importing, "CHUNK", 7)
    forked = []
    monkeypatch.setattr(bulk, "worker_count", lambda: forked.append(1) or 2)
    rows = [["客户名称", "手机"]] + [[f"重庆第{i}长乐商行", f"138{i:08d}"] for i in range(40)]
    rows += [["重庆第3长乐商行", "13900000000"], ["坏号码商行", "12"]]
    report = import_customers(write_csv(tmp_path / "many.csv", rows))
    assert [str(e) for e in report.errors] == [
        "line 42, column A (客户名称): the same customer as line 5 (重庆第3长乐商行)",
        "line 43, column B (手机): not a phone number: 12"]
    assert Customer.select().count() == 0 and forked == [1]
    report = import_customers(write_csv(tmp_path / "many.csv", rows[:41]))
    assert report.created == 40
    for customer in Customer.select():
        assert customer.py_full == name_keys(customer.name)["py_full"]
        assert customer.py_initials == name_keys(customer.name)["py_initials"]
