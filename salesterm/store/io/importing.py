"""Importing customers and contacts from the CSV or Excel files users already have.

The rules (also in `salesterm import --help`):
- Every row is checked; a file with any bad row imports nothing, and every bad row is
  reported as `line N, column C: why`. With good_rows_only the valid rows are imported and
  the bad ones reported (and counted as skipped).
- Importing is one transaction: good rows are written while later rows are still checked,
  and the first bad row (unless good_rows_only) rolls it all back; a process killed
  half-way leaves the database as it was.
- A row whose code (编码) is an existing customer's code updates that customer: the cells it
  fills overwrite the stored values, empty cells leave them as they are. Any other row is a
  new customer.
- Every new customer gets a code: the row's own, else the next of the code pattern (config
  `[customers] code_pattern`, default C{seq:06d}; store/customers/codes.py), never one that
  another row of the file gives.
- The same customer twice is a bad row, never a silent duplicate: the same phone number (7+
  digits), or the same normalised name in the same city, as an earlier row of the file or as
  another customer already in the database (domain/customer_identity, the rule of
  store.customers.find_duplicates, applied to the whole file at once). The same name in
  another city is a possible duplicate: imported, and listed in report.possible_duplicates.
- 联系人 (with 电话/手机) in a customer file becomes the customer's first contact; for an
  existing customer it is added unless a contact of that name is already on file.
- 等级 (grade) is the grade the user gave: stored as an override of the suggestion from the
  grading factors, unless it equals that suggestion.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from typing import Any

from salesterm import clock
from salesterm.domain import customer as rules
from salesterm.domain import customer_identity as identity
from salesterm.domain import textkeys
from salesterm.domain.errors import Message, UserError
from salesterm.store import bulk_capture
from salesterm.store.customers import codes, customer_columns
from salesterm.store.io import bulk, bulk_indexes, import_rows
from salesterm.store.io.import_duplicates import Seen, duplicates
from salesterm.store.io.import_rows import Prepared, contact_row, prepare_chunk
from salesterm.store.io.tabular import HeaderMap, ImportReport, RowError, Table, ragged, read_table
from salesterm.store.models import Contact, Customer, Rep
from salesterm.store.page_cache import page_cache
from salesterm.store.reps import create_rep
from salesterm.store.search import stamp
from salesterm.store.transactions import lock_customer_identity, retrying, write_transaction

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

BATCH = 2000  # rows an insert statement sends (on a replica, a capture hook's fixed cost per batch)
CHUNK = 2000  # rows per job of prepare_chunk
PARALLEL_FROM_BYTES = 512 * 1024  # a smaller file is checked in this process (about 4,000 rows of CSV)
ROW_KIB = 3  # what a customer row with a contact (and on a replica their outbox rows) takes in SQLite's pages
CUSTOMER_REP = bulk.position(Customer, "rep")
CONTACT_CUSTOMER = bulk.position(Contact, "customer")
CUSTOMER_CODE = bulk.position(Customer, "code")


def _file_codes(table: Table, cols) -> set[str]:
    """The codes the file's rows give (no code handed out may clash with a later row's)."""
    at = cols.index.get("code")
    if at is None:
        return set()
    return {cells[at].strip() for _line, cells in table.rows if at < len(cells) and cells[at].strip()}


def _errors_of(line: int, field_errors, where: Callable[[str], str]) -> list[RowError]:
    return [RowError(line, where(e.field), e.message) for e in field_errors]


def _step(progress: Progress | None, step: str, done: int, total: int) -> None:
    if progress:
        progress(step, done, total)


@retrying
def import_customers(path: str | os.PathLike, *, dry_run: bool = False, encoding: str | None = None,
                     progress: Progress | None = None, good_rows_only: bool = False,
                     code_pattern: str | None = None) -> ImportReport:
    """Import (or with dry_run, only check) a customer file. See the module's rules.

    Rows are written while later ones are still being checked, inside the one transaction;
    the first bad row stops the writing and the transaction is rolled back at the end.
    A large file is checked in worker processes, started before it is read (they load
    pypinyin's dictionaries meanwhile)."""
    with bulk.Workers(_large(path), warm=import_rows.warm) as workers:
        return _import_customers(path, workers, dry_run=dry_run, encoding=encoding, progress=progress,
                                 good_rows_only=good_rows_only, code_pattern=code_pattern)


def _large(path: str | os.PathLike) -> bool:
    try:
        return os.path.getsize(path) >= PARALLEL_FROM_BYTES
    except OSError:  # read_table says what is wrong
        return False


def _import_customers(path: str | os.PathLike, workers: bulk.Workers, *, dry_run: bool, encoding: str | None,
                      progress: Progress | None, good_rows_only: bool, code_pattern: str | None) -> ImportReport:
    table = read_table(path, encoding=encoding)
    cols = CUSTOMER_HEADERS.resolve_table(table, required=["name"])
    report = ImportReport(dry_run=dry_run, rows=len(table),
                          ignored_columns=[h for h in cols.ignored if h not in CUSTOMER_DERIVED])
    try:
        with contextlib.ExitStack() as writing:
            if not dry_run:
                writing.enter_context(write_transaction())
                lock_customer_identity()  # before the duplicate rule reads what is on file
                writing.enter_context(stamp.bulk_writes())
            writer = _Writer(live=not dry_run, code_pattern=code_pattern, file_codes=_file_codes(table, cols))
            if not dry_run:
                if len(table) >= bulk_indexes.FROM_ROWS:  # the new rows read back from memory at the end
                    writing.enter_context(page_cache(len(table) * ROW_KIB))
                writer.indexes = writing.enter_context(bulk_indexes.set_aside(("customer", "contact"), rows=len(table)))
                writing.enter_context(bulk_capture.deferred(bulk.database.obj))  # a replica's outbox: once, at the end
            _check_customers(table, cols, report, progress, writer, good_rows_only, workers)
            if report.errors and not good_rows_only:
                raise _Refused
            writer.finish(progress)
    except _Refused:
        report.errors.sort(key=lambda e: e.line)
        return report
    report.errors.sort(key=lambda e: e.line)
    bad = {e.line for e in report.errors}
    report.possible_duplicates = [d for d in report.possible_duplicates if d.line not in bad]
    report.skipped = len({e.line for e in report.errors})
    report.created, report.updated = writer.created, len(writer.updates)
    report.extra["reps"] = len(writer.new_reps)
    report.extra["contacts"] = writer.contact_count
    if not dry_run:
        bulk.search_changed()
    return report


class _Refused(Exception):
    """A bad row in a file imported whole: roll everything back."""


class _Writer:
    """Writes checked new customers in batches as they come, inside the caller's transaction
    (or, when not live, only counts them); updates and their contacts at the end."""

    def __init__(self, *, live: bool, code_pattern: str | None = None, file_codes: set[str] = frozenset()):
        self.live = live
        self.code_pattern = identity.check_code_pattern(code_pattern)
        self.file_codes = set(file_codes)
        self.codes: codes.CodeMaker | None = None  # made when the first row without a code comes
        self.now = clock.now()
        self.reps = {r.name: r.id for r in Rep.live(Rep.id, Rep.name)}
        self.new_reps: set[str] = set()
        self.rows: list[dict[str, Any]] = []
        self.contacts: list[dict[str, Any]] = []
        self.updates: list[tuple[str, Prepared]] = []
        self.created = self.contact_count = 0
        self.indexes = bulk_indexes.SetAside()  # made again before the updates query by them

    def rep_id(self, name: str) -> str | None:
        if not name:
            return None
        if name not in self.reps:
            self.new_reps.add(name)
            self.reps[name] = create_rep(name).id if self.live else None
        return self.reps[name]

    def stop(self) -> None:
        """A bad row: nothing more is written (what was is rolled back)."""
        self.live = False
        self.rows, self.contacts = [], []

    def add(self, row: Prepared) -> None:
        self.created += 1
        self.contact_count += bool(row.contact)
        rep = self.rep_id(row.rep)
        if not self.live:
            return
        row.columns[CUSTOMER_REP] = rep
        if not row.columns[CUSTOMER_CODE]:
            if self.codes is None:
                self.codes = codes.CodeMaker(self.code_pattern, taken=codes.all_codes() | self.file_codes)
            row.columns[CUSTOMER_CODE] = self.codes.next()
        self.rows.append(row.columns)
        if row.contact:
            self.contacts.append(row.contact)
        if len(self.rows) >= BATCH:
            self.flush()

    def update(self, customer_id: str, row: Prepared) -> None:
        self.rep_id(row.rep)
        self.indexes.restore()  # _has_contact looks the customer's contacts up by their index
        self.updates.append((customer_id, row))
        if row.contact and not _has_contact(customer_id, _contact_name(row)):
            self.contact_count += 1

    def flush(self) -> None:
        if self.rows or self.contacts:
            self.indexes.drop()  # the first insert: the indexes set aside (unless restored already)
        bulk.insert_values(Customer, self.rows)
        bulk.insert_values(Contact, self.contacts)
        self.rows, self.contacts = [], []

    def finish(self, progress) -> None:
        if not self.live:
            return
        self.flush()
        self.indexes.restore()
        if self.codes is not None:
            self.codes.save()
        for done, (customer_id, row) in enumerate(self.updates, start=1):
            cols = customer_columns(row.clean, current=Customer.get_by_id(customer_id))
            if row.rep:
                cols["rep"] = self.reps[row.rep]
            cols["updated_at"] = self.now
            Customer.update(**cols).where(Customer.id == customer_id).execute()
            if row.contact and not _has_contact(customer_id, _contact_name(row)):
                row.contact[CONTACT_CUSTOMER] = customer_id
                self.contacts.append(row.contact)
            if done % BATCH == 0:
                _step(progress, "updating", done, len(self.updates))
        self.flush()


def _check_customers(table: Table, cols, report: ImportReport, progress, writer: _Writer,
                     good_rows_only: bool, workers: bulk.Workers) -> None:
    existing = bulk.CustomerIndex.load()
    seen = Seen()
    total = len(table)
    sqlite = bulk.is_sqlite()
    now = str(writer.now) if sqlite else writer.now  # (as values_of stores it: once, not 400k times)
    jobs = [(cols.index, len(table.headers), table.rows[i:i + CHUNK], writer.live, sqlite, now)
            for i in range(0, total, CHUNK)]
    done = 0
    step = "importing" if writer.live else "checking"
    for chunk in workers.map(prepare_chunk, jobs):
        for row in chunk:
            _check_row(row, cols, existing, seen, writer, report)
            if report.errors and writer.live and not good_rows_only:
                writer.stop()
        done += len(chunk)
        _step(progress, step, done, total)
    workers.close()  # their memory back before the indexes are built


def _check_row(row: Prepared, cols, existing, seen: Seen, writer: _Writer, report: ImportReport) -> None:
    if row.bad:
        report.errors.append(row.bad)
        return

    def where(fld: str) -> str:
        return cols.where(row.sources.get(fld, fld))

    errors: list[RowError] = []
    for fld, message in row.errors:
        error = RowError(row.line, where(fld), message)
        if error not in errors:  # one cell read for the customer and the contact: one line
            errors.append(error)
    fields = row.clean
    target = existing.by_code.get(fields.get("code") or "")
    if "name" in fields:
        errors += duplicates(row.line, fields, target, existing, seen, where, report)
    if errors:
        report.errors.extend(errors)
    elif target:
        if fields.get("code") in existing.merged_codes:  # the code of a file merged into TARGET: keep TARGET's
            del fields["code"]
        writer.update(target, row)
    else:
        writer.add(row)


def _contact_name(row: Prepared) -> str:
    contact = row.contact
    return contact["name"] if isinstance(contact, dict) else contact[bulk.position(Contact, "name")]


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
    cols = CONTACT_HEADERS.resolve_table(table, required=["name"])
    if "customer" not in cols and "customer_code" not in cols:
        raise UserError("transfer.no_customer_column", value=', '.join(h for h in table.headers if h.strip()))
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
                row_errors.append(RowError(line, cols.where("name"), Message("rows.contact_on_line", name=clean['name'],
                                                                             line=seen[key])))
            elif key in known:
                row_errors.append(RowError(line, cols.where("name"),
                                           Message("rows.already_a_contact", name=clean['name'])))
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
    with write_transaction(), stamp.bulk_writes(), bulk_indexes.set_aside(("contact",), rows=len(rows)) as aside:
        aside.drop()
        batch = [{**contact_row(clean), "id": bulk.new_id(), "customer": cid, "created_at": now, "updated_at": now}
                 for cid, clean in rows]
        for start in range(0, len(batch), BATCH):
            bulk.insert(Contact, batch[start:start + BATCH])
            _step(progress, "writing", min(start + BATCH, len(batch)), len(batch))
    bulk.search_changed()
    return report
