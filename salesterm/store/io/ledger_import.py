"""Importing what is owed and what was paid from the accounting system's CSV/XLSX exports.

- Receivables: `customer, number, issued, due, amount, rep` or 客户名称, 单号, 开票日期, 到期日,
  金额, 业务员 (a 客户编码 column may name the customer by code). Keyed by number: a number
  already on file for the same customer and amount is skipped (the second import of a file
  says so); a different customer or amount under the same number is a bad row.
- Payments: `customer, receivable, date, amount, method, number` or 客户名称, 单号, 付款日期,
  金额, 方式, 凭证号. Keyed by the voucher number (凭证号) when there is one, else by customer,
  date, amount and receivable (the n-th identical row of a file is its own payment). A payment
  naming no receivable settles the customer's oldest open ones first.
- An unknown customer, an impossible date, a malformed or negative amount refuses the whole
  file, with the line and column of every bad row; nothing is written (one transaction).
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from salesterm import clock
from salesterm.domain import collection as rules
from salesterm.domain import limits
from salesterm.domain.dates import parse_date
from salesterm.domain.errors import Message, UserError
from salesterm.domain.money import format_money, parse_money
from salesterm.domain.safe_text import control_in
from salesterm.store.io import bulk
from salesterm.store.io.payment_batch import NewPayment, record_payments
from salesterm.store.io.tabular import HeaderMap, ImportReport, RowError, ragged, read_table
from salesterm.store.ledger import summary
from salesterm.store.ledger.receivables import _apply_credit, credit
from salesterm.store.models import Customer, Payment, Receivable
from salesterm.store.orders.linking import link_receivables
from salesterm.store.transactions import lock_customers, retrying, write_transaction

Progress = Callable[[str, int, int], None]
ALREADY = "already_imported"  # report.extra key: rows skipped because they are on file
BULK_REFRESH = 2000  # more customers touched than this: rebuild every summary at once

_CUSTOMER = ["客户名称", "客户", "客户名", "单位名称", "公司名称", "往来单位", "customer_name"]
_CODE = ["客户编码", "编码", "客户编号", "客户代码", "customer_code"]
RECEIVABLE_HEADERS = HeaderMap({
    "customer": _CUSTOMER, "customer_code": _CODE,
    "number": ["单号", "单据号", "单据编号", "发票号", "发票号码", "订单号", "送货单号", "receivable"],
    "issued": ["开票日期", "单据日期", "发货日期", "日期", "业务日期", "issued_on", "date"],
    "due": ["到期日", "到期日期", "应收日期", "due_date"],
    "amount": ["金额", "应收金额", "价税合计", "含税金额", "amount_yuan"],
    "rep": ["业务员", "销售员", "负责业务员", "rep_name"],
}, labels={"customer": "customer name", "number": "receivable number", "issued": "issue date",
           "due": "due date"})
PAYMENT_HEADERS = HeaderMap({
    "customer": _CUSTOMER, "customer_code": _CODE,
    "receivable": ["单号", "单据号", "应收单号", "发票号", "对应单号", "receivable_number"],
    "date": ["付款日期", "收款日期", "日期", "到账日期", "day", "paid_on"],
    "amount": ["金额", "付款金额", "收款金额", "实收金额", "amount_yuan"],
    "method": ["方式", "付款方式", "收款方式", "结算方式"],
    "number": ["凭证号", "凭证编号", "收款单号", "流水号", "voucher"],
    "rep": ["业务员", "收款人", "rep_name"],
    "note": ["备注", "摘要", "说明"],
}, labels={"customer": "customer name", "date": "payment date", "number": "voucher number"})


def _step(progress: Progress | None, step: str, done: int, total: int) -> None:
    if progress:
        progress(step, done, total)


def _money(text: str) -> int:
    fen = parse_money(text, allow_negative=True)
    if fen < 0:
        raise UserError("ledger.amount_negative_value_reversal_entered", value=text)
    if fen == 0:
        raise UserError("ledger.amount_zero")
    return fen


def _refresh(customer_ids: set[str]) -> None:
    if len(customer_ids) > BULK_REFRESH:
        summary.refresh_all()  # customer_stats included
    else:
        summary.refresh(sorted(customer_ids))


def _finish(report: ImportReport, errors: list[RowError], good_rows_only: bool, planned: int) -> bool:
    """Record the errors and the PLANNED rows to create; True when there is something to write now
    (no refusal, not a dry run, not empty)."""
    errors.sort(key=lambda e: e.line)
    report.errors = errors
    if errors and not good_rows_only:
        return False
    report.skipped = len({e.line for e in errors})
    report.created = planned
    return bool(planned) and not report.dry_run


def _open(path, encoding: str | None, headers: HeaderMap, required: list[str], dry_run: bool):
    """Read a ledger file and map its header row: (table, columns, empty report, customer index)."""
    table = read_table(path, encoding=encoding)
    cols = headers.resolve(table.headers, required=required)
    if "customer" not in cols and "customer_code" not in cols:
        raise UserError("ledger.no_column_customer_header_row")
    report = ImportReport(dry_run=dry_run, rows=len(table), ignored_columns=cols.ignored)
    return table, cols, report, bulk.CustomerIndex.load(with_names=True)


class _Row:
    """One row of a ledger file being checked: its values by field, the customer it names, and
    what is wrong with it (each problem with the line and column it was found at)."""

    def __init__(self, line: int, cols, values: dict[str, str], index: bulk.CustomerIndex) -> None:
        self.line, self.cols, self.v = line, cols, values
        self.errors: list[RowError] = []
        for fld, text in list(values.items()):
            code = control_in(text, multiline=fld == "note")
            if code:
                self.fail(fld, Message("text.control_character", code=code))
                continue
            most = limits.too_long(fld, text)
            if most:
                self.fail(fld, Message("rows.value_too_long", length=f"{len(text):,}", most=most))
                values[fld] = ""
        self.customer_id, why, col = index.find(values.get("customer_code", ""), values.get("customer", ""))
        if self.customer_id is None and not self.errors:
            self.fail(col if col in cols else ("customer" if "customer" in cols else "customer_code"), why)

    def fail(self, fld: str, message: str) -> None:
        """Record MESSAGE against FLD's column (only the first problem of a cell is told)."""
        where = self.cols.where(fld)
        if not any(e.column == where for e in self.errors):
            self.errors.append(RowError(self.line, where, message))

    def parse(self, fld: str, parse: Callable[[str], object]):
        """PARSE the cell of FLD; a refusal is recorded against it and gives None."""
        try:
            return parse(self.v.get(fld, ""))
        except UserError as exc:
            self.fail(fld, exc.message)
            return None


def _rows(table, cols, index, errors: list[RowError], progress: Progress | None):
    """The rows of TABLE to check, in order: a ragged row goes straight to ERRORS, a blank one
    is passed over."""
    for i, (line, cells) in enumerate(table.rows):
        _step(progress, "checking", i, len(table))
        bad = ragged(table, line, cells)
        if bad:
            errors.append(bad)
            continue
        values = cols.values(cells)
        if any(values.values()):
            yield _Row(line, cols, values, index)


@dataclass
class _Receivable:
    line: int
    customer_id: str
    number: str
    issued: date
    due: date
    amount: int
    rep: str


@retrying
def import_receivables(path: str | os.PathLike, *, dry_run: bool = False, encoding: str | None = None,
                       progress: Progress | None = None, good_rows_only: bool = False) -> ImportReport:
    """Import (or with dry_run, only check) receivables. See the module's rules."""
    table, cols, report, index = _open(path, encoding, RECEIVABLE_HEADERS, ["number", "due", "amount"], dry_run)
    known = {n: (cid, amount) for n, cid, amount in
             Receivable.select(Receivable.number, Receivable.customer, Receivable.amount).tuples().iterator()}
    errors: list[RowError] = []
    plan: list[_Receivable] = []
    seen: dict[str, int] = {}
    already = 0
    for row in _rows(table, cols, index, errors, progress):
        line, v, fail, row_errors, cid = row.line, row.v, row.fail, row.errors, row.customer_id
        number = " ".join(v.get("number", "").split())
        if not number:
            fail("number", Message("rows.receivable_number_empty"))
        values = {"due": row.parse("due", parse_date), "amount": row.parse("amount", _money)}
        issued = row.parse("issued", parse_date) if v.get("issued") else None
        due = values.get("due")
        if issued and due and due < issued:
            fail("due", Message("ledger.due_date_due_before_issue", due=due, issued=issued))
        if number and number in seen:
            fail("number", Message("rows.receivable_also_on_line", number=number, line=seen[number]))
        if row_errors:
            errors += row_errors
            continue
        seen[number] = line
        if number in known:
            on_file_customer, on_file_amount = known[number]
            if on_file_customer == cid and on_file_amount == values["amount"]:
                already += 1
                continue
            fail("number", Message("rows.receivable_other_customer", number=number) if on_file_customer != cid
                 else Message("rows.receivable_other_amount", number=number, amount=format_money(on_file_amount)))
            errors += row_errors
            continue
        plan.append(_Receivable(line, cid, number, issued or due, due, values["amount"],
                                " ".join(v.get("rep", "").split())))
    report.extra[ALREADY] = already
    if not _finish(report, errors, good_rows_only, len(plan)):
        return report
    with write_transaction():
        lock_customers({r.customer_id for r in plan})  # before their credit is read and allocated
        plan = _still_new(plan, report)
        rep_ids = bulk.ensure_reps(r.rep for r in plan if r.rep)
        customer_reps = _customer_reps({r.customer_id for r in plan})
        now = clock.now()
        rows = [{"customer": r.customer_id, "number": r.number, "issued": r.issued, "due": r.due,
                 "amount": r.amount, "rep": rep_ids.get(r.rep) or customer_reps.get(r.customer_id),
                 "source": "import", "created_at": now, "updated_at": now} for r in plan]
        for n in range(0, len(rows), 1000):
            _step(progress, "writing", n, len(rows))
            bulk.insert(Receivable, rows[n:n + 1000])
        link_receivables([r.number for r in plan])  # an invoice numbered as a sales order bills it
        touched = {r.customer_id for r in plan}
        for cid in touched:
            if credit(cid) > 0:
                _apply_credit(cid)
        _refresh(touched)
    return report


def _still_new(plan: list[_Receivable], report: ImportReport) -> list[_Receivable]:
    """PLAN without the receivables another import wrote since the file was checked (the same
    number, customer and amount: counted as already imported). Under the customers' locks."""
    numbers = [r.number for r in plan]
    known: dict[str, tuple[str, int]] = {}
    for n in range(0, len(numbers), 500):
        known.update({num: (cid, amount) for num, cid, amount in
                      Receivable.select(Receivable.number, Receivable.customer, Receivable.amount)
                      .where(Receivable.number.in_(numbers[n:n + 500])).tuples()})
    if not known:
        return plan
    same = {r.number for r in plan if known.get(r.number) == (r.customer_id, r.amount)}
    report.extra[ALREADY] += len(same)
    report.created -= len(same)
    return [r for r in plan if r.number not in same]  # a different one under the number: a clash, refused


def _customer_reps(ids: set[str]) -> dict[str, str]:

    out: dict[str, str] = {}
    ids = list(ids)
    for n in range(0, len(ids), 500):
        out.update({cid: rep for cid, rep in Customer.select(Customer.id, Customer.rep)
                    .where(Customer.id.in_(ids[n:n + 500])).tuples() if rep})
    return out


@dataclass
class _Payment:
    line: int
    customer_id: str
    day: date
    amount: int
    method: str
    number: str | None
    receivable_id: str | None
    rep: str
    note: str
    key: str


@retrying
def import_payments(path: str | os.PathLike, *, dry_run: bool = False, encoding: str | None = None,
                    progress: Progress | None = None, good_rows_only: bool = False) -> ImportReport:
    """Import (or with dry_run, only check) payments. See the module's rules."""
    table, cols, report, index = _open(path, encoding, PAYMENT_HEADERS, ["date", "amount"], dry_run)
    today = clock.today()
    errors: list[RowError] = []
    plan: list[_Payment] = []
    occurrences: dict[str, int] = {}
    numbers: dict[str, int] = {}
    named = _receivables_named(table, cols)
    for row in _rows(table, cols, index, errors, progress):
        line, v, fail, row_errors, cid = row.line, row.v, row.fail, row.errors, row.customer_id
        day = row.parse("date", parse_date)
        if day is not None and day > today:
            fail("date", Message("ledger.payment_date_day_future", day=day))
        amount = row.parse("amount", _money)
        receivable_id = None
        receivable = " ".join(v.get("receivable", "").split())
        if receivable and cid:
            found = named.get(receivable)
            if found is None or found[1] != cid:
                fail("receivable", Message("rows.no_receivable_for_customer", number=receivable))
            else:
                receivable_id = found[0]
        number = " ".join(v.get("number", "").split()) or None
        if number and number in numbers:
            fail("number", Message("rows.voucher_also_on_line", number=number, line=numbers[number]))
        if row_errors:
            errors += row_errors
            continue
        if number:
            numbers[number] = line
            key = f"voucher:{number}"
        else:
            base = f"row:{cid}|{day.isoformat()}|{amount}|{receivable}"
            occurrences[base] = occurrences.get(base, 0) + 1
            key = f"{base}|{occurrences[base]}"
        plan.append(_Payment(line, cid, day, amount, rules.parse_method(v.get("method")), number,
                             receivable_id, " ".join(v.get("rep", "").split()), v.get("note", ""), key))
    on_file = _existing_keys([p.key for p in plan])
    report.extra[ALREADY] = sum(1 for p in plan if p.key in on_file)
    plan = [p for p in plan if p.key not in on_file]
    if not _finish(report, errors, good_rows_only, len(plan)):
        return report
    with write_transaction():
        lock_customers({p.customer_id for p in plan})  # before their open amounts are read and allocated
        on_file = _existing_keys([p.key for p in plan])  # again: another import may have written them since
        if on_file:
            plan = [p for p in plan if p.key not in on_file]
            report.extra[ALREADY] += len(on_file)
            report.created = len(plan)
        rep_ids = bulk.ensure_reps(p.rep for p in plan if p.rep)
        record_payments([NewPayment(p.customer_id, p.day, p.amount, p.method, p.number, p.receivable_id,
                                    rep_ids.get(p.rep), p.note, "import", p.key)
                         for p in sorted(plan, key=lambda p: (p.day, p.line))],
                        progress=lambda step, done, total: _step(progress, step, done, total))
    return report


def _receivables_named(table, cols) -> dict[str, tuple[str, str]]:
    """Receivable number -> (id, customer id) of the live receivables the file's rows name."""
    if "receivable" not in cols:
        return {}
    where = cols.index["receivable"]
    numbers = list({" ".join(cells[where].split()) for _line, cells in table.rows if where < len(cells)} - {""})
    found: dict[str, tuple[str, str]] = {}
    for n in range(0, len(numbers), 500):
        found.update({number: (rid, cid) for number, rid, cid in
                      Receivable.live(Receivable.number, Receivable.id, Receivable.customer)
                      .where(Receivable.number.in_(numbers[n:n + 500])).tuples()})
    return found


def _existing_keys(keys: list[str]) -> set[str]:
    found: set[str] = set()
    for n in range(0, len(keys), 500):
        chunk = keys[n:n + 500]
        found |= {k for (k,) in Payment.select(Payment.dedupe_key)
                  .where(Payment.dedupe_key.in_(chunk)).tuples()}
    return found


__all__ = ["import_receivables", "import_payments", "ALREADY"]
