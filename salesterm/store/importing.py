"""Importing customers and contacts from the CSV or Excel files users already have.

The rules (README "Importing"):
- The whole file is checked first; a file with any bad row imports nothing, and every bad
  row is reported as `line N, column C: why`. With good_rows_only the valid rows are
  imported and the bad ones reported (and counted as skipped).
- Importing is one transaction: a process killed half-way leaves the database as it was.
- A row whose code (编码) is an existing customer's code updates that customer: the cells it
  fills overwrite the stored values, empty cells leave them as they are. Any other row is a
  new customer.
- The same customer twice is a bad row, never a silent duplicate: the same normalised name
  or the same phone number (7+ digits) as an earlier row of the file or as another customer
  already in the database (the rule of store.customers.find_duplicates, applied to the whole
  file at once).
- 联系人 (with 电话/手机) in a customer file becomes the customer's first contact; for an
  existing customer it is added unless a contact of that name is already on file.
- 等级 (grade) is the grade the user gave: stored as an override of the suggestion from the
  grading factors, unless it equals that suggestion.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Callable

from salesterm import clock
from salesterm.domain import customer as rules
from salesterm.domain import grading, textkeys
from salesterm.domain.errors import UserError
from salesterm.store import bulk
from salesterm.store.customers import contact_columns, customer_columns
from salesterm.store.models import Contact, Customer, database
from salesterm.store.tabular import HeaderMap, ImportReport, RowError, Table, ragged, read_table

Progress = Callable[[str, int, int], None]  # (step, done, total)

CUSTOMER_HEADERS = HeaderMap({
    "code": ["编码", "客户编码", "客户编号", "编号", "客户代码", "代码"],
    "name": ["客户名称", "客户名", "名称", "客户", "公司名称", "单位名称", "企业名称", "店名", "门店名称",
             "customer", "company"],
    "kind": ["类型", "客户类型", "客户类别", "类别", "档案类型"],
    "economic_nature": ["经济性质", "企业性质", "性质"],
    "scale": ["规模", "经营规模"],
    "network_coverage": ["网络范围", "网络覆盖", "销售网络"],
    "main_performance": ["主营绩效", "主营业务"],
    "credit_standing": ["资信", "资信状况", "信用状况"],
    "manager_background": ["负责人背景", "经理背景", "老板背景"],
    "credit_limit": ["信用额度", "授信额度", "赊销额度", "额度"],
    "grade": ["等级", "客户等级", "级别", "客户级别"],
    "grade_override": ["手动等级"],
    "grade_override_reason": ["定级理由", "等级理由"],
    "grade_factors": ["评级因素"],
    "man_money": ["购买力", "资金能力"],
    "man_authority": ["决策权"],
    "man_need": ["需求"],
    "city": ["城市", "地区", "城市/地区", "所在城市", "所在地区", "市"],
    "district": ["区县", "区/县", "区"],
    "address": ["地址", "详细地址", "通讯地址", "经营地址", "送货地址"],
    "phone": ["电话", "联系电话", "固定电话", "座机", "电话号码", "办公电话", "tel", "telephone"],
    "mobile": ["手机", "手机号", "手机号码", "移动电话", "联系人手机", "联系人电话", "电话/手机", "手机/电话"],
    "contact": ["联系人", "联系人姓名", "负责人", "contact_name"],
    "contact_title": ["职务", "联系人职务", "职位"],
    "rep": ["业务员", "负责业务员", "销售员", "业务代表", "跟进人", "rep_name"],
    "payday": ["发薪日", "发工资日", "发工资时间", "工资日"],
    "no_morning_collection": ["上午不收款", "上午不收钱"],
    "industry": ["行业", "所属行业"],
    "tags": ["标签", "行业/标签"],
    "remark": ["备注", "说明", "notes"],
}, labels={"name": "customer name", "mobile": "mobile phone", "contact": "contact name"})
# columns `export customers` writes that are derived or bookkeeping: read, never imported
CUSTOMER_DERIVED = {"id", "grade_suggested", "created_at", "updated_at", "prospect_class"}

CONTACT_HEADERS = HeaderMap({
    "customer_code": ["客户编码", "编码", "客户编号"],
    "customer": ["客户名称", "客户", "公司名称", "单位名称", "customer_name"],
    "name": ["联系人", "姓名", "联系人姓名", "名字", "contact"],
    "title": ["职务", "职位", "岗位"],
    "phone": ["电话", "手机", "电话/手机", "手机号", "手机号码", "联系电话"],
    "is_decision_maker": ["决策人", "是否决策人", "关键人", "拍板人", "decision_maker"],
    "remark": ["备注", "说明"],
}, labels={"customer": "customer (name or code)", "name": "contact name"})
CONTACT_DERIVED = {"id", "customer_id", "created_at", "updated_at"}

BATCH = 500


@dataclass
class _Plan:
    """What a checked customer file will do."""

    new: list[dict[str, Any]] = field(default_factory=list)  # clean fields + "_line", "_contact"
    updates: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    reps: set[str] = field(default_factory=set)


def _errors_of(line: int, field_errors, where: Callable[[str], str]) -> list[RowError]:
    return [RowError(line, where(e.field), e.message) for e in field_errors]


def _step(progress: Progress | None, step: str, done: int, total: int) -> None:
    if progress:
        progress(step, done, total)


def import_customers(path: str | os.PathLike, *, dry_run: bool = False, encoding: str | None = None,
                     progress: Progress | None = None, good_rows_only: bool = False) -> ImportReport:
    """Import (or with dry_run, only check) a customer file. See the module's rules."""
    table = read_table(path, encoding=encoding)
    cols = CUSTOMER_HEADERS.resolve(table.headers, required=["name"])
    report = ImportReport(dry_run=dry_run, rows=len(table),
                          ignored_columns=[h for h in cols.ignored if h not in CUSTOMER_DERIVED])
    keys = bulk.NameKeys(() if dry_run else _names(table, cols.index["name"]))
    try:
        return _import_customers(table, cols, report, keys, dry_run, progress, good_rows_only)
    finally:
        keys.close()


def _names(table: Table, index: int):
    parse = rules.PARSERS["name"]
    for _line, cells in table.rows:
        try:
            yield parse(cells[index]) if index < len(cells) else ""
        except UserError:
            continue


def _import_customers(table, cols, report, keys, dry_run, progress, good_rows_only) -> ImportReport:
    plan = _check_customers(table, cols, report, progress)
    if report.errors and not good_rows_only:
        report.errors.sort(key=lambda e: e.line)
        return report
    report.skipped = len({e.line for e in report.errors})
    report.errors.sort(key=lambda e: e.line)
    report.created, report.updated = len(plan.new), len(plan.updates)
    contacts = sum(1 for row in plan.new if row["_contact"]) + sum(1 for _, row in plan.updates if row["_contact"])
    if dry_run:
        report.extra["contacts"] = contacts
        report.extra["reps"] = len(bulk.missing_reps(plan.reps))
        return report
    with database.atomic():
        report.extra["reps"] = len(bulk.missing_reps(plan.reps))
        rep_ids = bulk.ensure_reps(plan.reps)
        report.extra["contacts"] = _write_customers(plan, rep_ids, keys, progress)
    bulk.search_changed()
    return report


def _where(cols, sources: dict[str, str]):
    def where(fld: str) -> str:
        return cols.where(sources.get(fld, fld))
    return where


def _check_customers(table: Table, cols, report: ImportReport, progress) -> _Plan:
    existing = bulk.CustomerIndex.load()
    plan = _Plan()
    file_names: dict[str, int] = {}
    file_phones: dict[str, int] = {}
    file_codes: dict[str, int] = {}
    total = len(table)
    for done, (line, cells) in enumerate(table.rows, start=1):
        if done % 2000 == 0:
            _step(progress, "checking", done, total)
        bad = ragged(table, line, cells)
        if bad:
            report.errors.append(bad)
            continue
        values = {k: v for k, v in cols.values(cells).items() if v != ""}
        raw, contact_raw, sources = _customer_raw(values)
        where = _where(cols, sources)
        clean, errors = rules.clean_customer(raw)
        contact = None
        if contact_raw:
            contact, contact_errors = rules.clean_contact(contact_raw)
            errors += [rules.FieldError("contact_" + e.field, e.message) for e in contact_errors]
        row_errors = _errors_of(line, errors, where)
        target = existing.by_code.get(clean.get("code") or "")
        if "name" in clean:
            _grade_rule(clean)
            row_errors += _duplicates(line, clean, target, existing, file_names, file_phones, file_codes, where)
        if row_errors:
            report.errors.extend(row_errors)
            continue
        clean["_line"], clean["_contact"] = line, contact
        rep = raw.get("rep", "")
        if rep:
            plan.reps.add(rep)
        clean["_rep"] = rep
        if target:
            plan.updates.append((target, clean))
        else:
            plan.new.append(clean)
    _step(progress, "checking", total, total)
    return plan


def _customer_raw(values: dict[str, str]) -> tuple[dict, dict | None, dict[str, str]]:
    """The fields for clean_customer, the contact's fields, and field -> source column."""
    sources: dict[str, str] = {}
    raw = {f: values[f] for f in rules.CUSTOMER_FIELDS if f in values}
    if "grade_override" not in raw and "grade" in values:
        raw["grade_override"] = values["grade"]
        sources["grade_override"] = "grade"
    phone_from = "phone" if "phone" in values else "mobile"
    if phone_from in values:
        raw["phone"] = values[phone_from]
        sources["phone"] = phone_from
    raw["rep"] = " ".join(values.get("rep", "").split())
    contact_raw = None
    if values.get("contact"):
        contact_raw = {"name": values["contact"]}
        sources["contact_name"] = "contact"
        contact_from = "mobile" if "mobile" in values else "phone"
        if contact_from in values:
            contact_raw["phone"] = values[contact_from]
            sources["contact_phone"] = contact_from
        if values.get("contact_title"):
            contact_raw["title"] = values["contact_title"]
            sources["contact_title"] = "contact_title"
    return raw, contact_raw, sources


def _grade_rule(clean: dict[str, Any]) -> None:
    """A given grade equal to the factors' suggestion is no override."""
    override = clean.get("grade_override")
    if override and "grade_factors" in clean and not clean.get("grade_override_reason"):
        if grading.suggest_grade(clean["grade_factors"]) == override:
            clean["grade_override"] = None


def _duplicates(line, clean, target, existing, file_names, file_phones, file_codes, where) -> list[RowError]:
    errors: list[RowError] = []
    code = clean.get("code")
    if code:
        if code in file_codes:
            errors.append(RowError(line, where("code"), f"code {code} is already used on line {file_codes[code]}"))
        else:
            file_codes[code] = line
    norm = textkeys.normalise_name(clean["name"])
    digits = textkeys.phone_digits(clean.get("phone", ""))
    if norm in file_names:
        errors.append(RowError(line, where("name"), f"the same customer as line {file_names[norm]} "
                                                    f"({clean['name']})"))
    else:
        other = existing.by_name.get(norm)
        if other and other[0] != target:
            errors.append(RowError(line, where("name"), f"{clean['name']} is already a customer "
                                                        f"({existing.describe(other)}); give its code to update it"))
        else:  # a row refused for the database's customer does not shadow later rows
            file_names[norm] = line
    if len(digits) >= 7:
        if digits in file_phones:
            errors.append(RowError(line, where("phone"), f"phone {clean['phone']} is already on line "
                                                         f"{file_phones[digits]}"))
        else:
            other = existing.by_phone.get(digits)
            if other and other[0] != target:
                errors.append(RowError(line, where("phone"), f"phone {clean['phone']} belongs to customer "
                                                             f"{existing.describe(other)}"))
            else:
                file_phones[digits] = line
    return errors


def _private(clean: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in clean.items() if not k.startswith("_")}


def _with_keys(cols: dict[str, Any], name: str, keys: bulk.NameKeys) -> dict[str, Any]:
    """store.customers.customer_columns' name keys, from keys computed ahead."""
    cols.update(name=name, name_norm=textkeys.normalise_name(name), **keys.get(name))
    return cols


def _write_customers(plan: _Plan, rep_ids: dict[str, str], keys: bulk.NameKeys, progress) -> int:
    now = clock.now()
    contact_keys = bulk.NameKeys(())
    total = len(plan.new) + len(plan.updates)
    contacts: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    done = 0
    for clean in plan.new:
        fields = _private(clean)
        cols = _with_keys(customer_columns({k: v for k, v in fields.items() if k != "name"}), fields["name"], keys)
        cols["id"] = bulk.new_id()
        cols["rep"] = rep_ids.get(clean["_rep"])
        cols["created_at"] = cols["updated_at"] = now
        rows.append(cols)
        if clean["_contact"]:
            contacts.append(_contact_row(cols["id"], clean["_contact"], now, contact_keys))
        if len(rows) >= BATCH:
            done += bulk.insert(Customer, rows)
            rows = []
            _step(progress, "writing", done, total)
    done += bulk.insert(Customer, rows)
    for customer_id, clean in plan.updates:
        cols = customer_columns(_private(clean), current=Customer.get_by_id(customer_id))
        if clean["_rep"]:
            cols["rep"] = rep_ids.get(clean["_rep"])
        cols["updated_at"] = now
        Customer.update(**cols).where(Customer.id == customer_id).execute()
        if clean["_contact"] and not _has_contact(customer_id, clean["_contact"]["name"]):
            contacts.append(_contact_row(customer_id, clean["_contact"], now, contact_keys))
        done += 1
        if done % BATCH == 0:
            _step(progress, "writing", done, total)
    _step(progress, "writing", total, total)
    for start in range(0, len(contacts), BATCH):
        bulk.insert(Contact, contacts[start:start + BATCH])
    return len(contacts)


def _contact_row(customer_id: str, clean: dict[str, Any], now, keys: bulk.NameKeys) -> dict[str, Any]:
    cols = contact_columns({k: v for k, v in clean.items() if k != "name"})
    cols.update(name=clean["name"], **keys.get(clean["name"]))
    cols.update(id=bulk.new_id(), customer=customer_id, created_at=now, updated_at=now)
    return cols


def _has_contact(customer_id: str, name: str) -> bool:
    norm = textkeys.normalise_name(name)
    return any(textkeys.normalise_name(c.name) == norm
               for c in Contact.live(Contact.name).where(Contact.customer == customer_id))


# --- contacts ------------------------------------------------------------------------


def import_contacts(path: str | os.PathLike, *, dry_run: bool = False, encoding: str | None = None,
                    progress: Progress | None = None, good_rows_only: bool = False) -> ImportReport:
    """Import contacts: each row names its customer (by code or name) and the contact.
    A contact of the same name already on that customer's file is a bad row."""
    table = read_table(path, encoding=encoding)
    cols = CONTACT_HEADERS.resolve(table.headers, required=["name"])
    if "customer" not in cols and "customer_code" not in cols:
        raise UserError(f"no column for the customer (客户名称 / 客户编码 / customer) in the header row "
                        f"({', '.join(h for h in table.headers if h.strip())})")
    report = ImportReport(dry_run=dry_run, rows=len(table),
                          ignored_columns=[h for h in cols.ignored if h not in CONTACT_DERIVED])
    customers = bulk.CustomerIndex.load(with_names=True)
    known = bulk.contact_names()
    seen: dict[tuple[str, str], int] = {}
    rows: list[tuple[str, dict[str, Any]]] = []
    for done, (line, cells) in enumerate(table.rows, start=1):
        if done % 2000 == 0:
            _step(progress, "checking", done, len(table))
        bad = ragged(table, line, cells)
        if bad:
            report.errors.append(bad)
            continue
        values = {k: v for k, v in cols.values(cells).items() if v != ""}
        raw = {f: values[f] for f in rules.CONTACT_FIELDS if f in values}
        clean, errors = rules.clean_contact(raw)
        row_errors = _errors_of(line, errors, cols.where)
        customer_id, why, which = customers.find(values.get("customer_code", ""), values.get("customer", ""))
        if customer_id is None:
            row_errors.append(RowError(line, cols.where(which), why))
        elif not row_errors:
            key = (customer_id, textkeys.normalise_name(clean["name"]))
            if key in seen:
                row_errors.append(RowError(line, cols.where("name"), f"{clean['name']} is already on line {seen[key]} "
                                                                     "for the same customer"))
            elif key in known:
                row_errors.append(RowError(line, cols.where("name"), f"{clean['name']} is already a contact of "
                                                                     "this customer"))
            seen[key] = line
        if row_errors:
            report.errors.extend(row_errors)
            continue
        rows.append((customer_id, clean))
    report.errors.sort(key=lambda e: e.line)
    if report.errors and not good_rows_only:
        return report
    report.skipped = len({e.line for e in report.errors})
    report.created = len(rows)
    if dry_run:
        return report
    now = clock.now()
    keys = bulk.NameKeys(())
    with database.atomic():
        batch = [_contact_row(cid, clean, now, keys) for cid, clean in rows]
        for start in range(0, len(batch), BATCH):
            bulk.insert(Contact, batch[start:start + BATCH])
            _step(progress, "writing", min(start + BATCH, len(batch)), len(batch))
    bulk.search_changed()
    return report
