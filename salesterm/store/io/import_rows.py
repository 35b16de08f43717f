"""One row of a customer file, checked and turned into database columns.

`prepare_chunk` is pure work (no database): the customer rules of domain.customer, the grade
rule, and store.customers.customer_columns/contact_columns with their pinyin keys. It runs in
worker processes for large files (pypinyin costs ~35 µs a company name, the rules ~15 µs a
row), so a 100k-row file is checked on every core while the importer writes the results in
order.
"""
from __future__ import annotations

import re
from typing import Any, NamedTuple

from salesterm.domain import customer as rules
from salesterm.domain import grading, limits, textkeys
from salesterm.domain.errors import Message, UserError
from salesterm.store.customers import contact_columns, customer_columns, name_keys
from salesterm.store.io.bulk import new_ids, values_of
from salesterm.store.io.tabular import RowError, ragged
from salesterm.store.models import Contact, Customer


class Prepared(NamedTuple):
    line: int
    bad: RowError | None  # a ragged row: nothing else was read from it
    errors: list[tuple[str, str]]  # (field, message)
    sources: dict[str, str]  # field -> the column (field of the header map) it came from
    clean: dict[str, Any]  # checked fields: name, phone, city, code, name_norm, phone_digits; all with a code
    columns: list[Any] | None  # the customer's insert parameters (bulk.values_of), rep not set
    contact: list[Any] | dict[str, Any] | None  # the first contact's parameters (checked fields if not)
    rep: str


def customer_raw(values: dict[str, str]) -> tuple[dict, dict | None, dict[str, str]]:
    """The fields for clean_customer, the contact's fields, and field -> source column.
    电话 (phone) is the customer's number, else 手机; the contact's is 手机, else 电话."""
    sources: dict[str, str] = {}
    raw = {f: values[f] for f in rules.CUSTOMER_FIELDS if f in values}
    if "grade_override" not in raw and "grade" in values:
        raw["grade_override"] = values["grade"]
        sources["grade_override"] = "grade"
    phone_from = "phone" if "phone" in values else "mobile"
    if phone_from in values:
        raw["phone"] = values[phone_from]
        sources["phone"] = phone_from
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


_SCIENTIFIC = re.compile(r"[0-9](?:\.[0-9]+)?[eE]\+?[0-9]+")


def _hint(value: Any, message: Message | str) -> Message | str:
    """Excel shows long numbers (phones, codes) as 1.38123E+10 and saves them so in a CSV:
    the digits are lost, and the user needs to know why."""
    if isinstance(value, str) and _SCIENTIFIC.fullmatch(value.strip()):
        return Message("rows.excel_lost_digits", value=value.strip())
    return message


def grade_rule(clean: dict[str, Any]) -> None:
    """A given grade equal to the factors' suggestion is no override."""
    override = clean.get("grade_override")
    if (override and "grade_factors" in clean and not clean.get("grade_override_reason")
            and grading.suggest_grade(clean["grade_factors"]) == override):
        clean["grade_override"] = None


_contact_keys: dict[str, dict[str, str]] = {}  # contact names repeat a lot: 王伟, 李娜...


def contact_row(clean: dict[str, Any]) -> dict[str, Any]:
    cols = contact_columns({k: v for k, v in clean.items() if k != "name"})
    name = clean["name"]
    if name not in _contact_keys:
        if len(_contact_keys) > 50_000:
            _contact_keys.clear()
        _contact_keys[name] = name_keys(name)
    cols.update(name=name, **_contact_keys[name])
    return cols


def warm() -> None:
    """Load pypinyin's dictionaries (a worker's first step, while the importer reads the file)."""
    name_keys("重庆银行长乐")


def prepare_chunk(job: tuple) -> list[Prepared]:
    """Check ROWS ((line, cells) of the file) for JOB = (field -> column index, header width,
    rows, with columns, SQLite?, now): with columns, rows come out as insert parameters
    (bulk.values_of) with ids and timestamps; the rep is left for the importer to fill in."""
    index, width, rows, with_columns, sqlite, now = job
    ids = iter(new_ids(2 * len(rows))) if with_columns else None
    out = []
    for line, cells in rows:
        bad = ragged(width, line, cells)
        if bad:
            out.append(Prepared(line, bad, [], {}, {}, None, None, ""))
            continue
        values = {}
        for fld, i in index.items():
            if i < len(cells):
                text = cells[i].strip()
                if text:
                    values[fld] = text
        errors = []
        for fld, text in list(values.items()):
            most = limits.too_long(fld, text) if len(text) > limits.SHORTEST else None
            if most:
                errors.append((fld, Message("rows.value_too_long", length=f"{len(text):,}", most=most)))
                del values[fld]
        raw, contact_raw, sources = customer_raw(values)
        clean, field_errors = rules.clean_customer(raw)
        flagged = {fld for fld, _message in errors}
        errors += [(e.field, _hint(raw.get(e.field), e.message)) for e in field_errors if e.field not in flagged]
        contact = None
        if contact_raw:
            if contact_raw.get("phone") == raw.get("phone") and "phone" in clean:
                contact_raw = {**contact_raw, "phone": clean["phone"]}  # checked once
            contact, contact_errors = rules.clean_contact(contact_raw)
            errors += [("contact_" + e.field, _hint(contact_raw.get(e.field), e.message)) for e in contact_errors
                       if "contact_" + e.field not in flagged]
        try:
            rep = rules.parse_rep_name(values.get("rep", ""))
        except UserError as exc:
            rep = ""
            errors.append(("rep", exc.message))
        if "name" in clean:
            grade_rule(clean)
        columns = None
        if with_columns and not errors:
            columns = customer_columns({k: v for k, v in clean.items() if k != "name"})
            columns.update(name=clean["name"], name_norm=textkeys.normalise_name(clean["name"]),
                           id=next(ids), created_at=now, updated_at=now, **name_keys(clean["name"]))
            if contact:
                contact = values_of(Contact, {**contact_row(contact), "id": next(ids), "customer": columns["id"],
                                              "created_at": now, "updated_at": now}, sqlite=sqlite)
            dups = {"name_norm": columns["name_norm"], "phone_digits": columns["phone_digits"] if "phone" in clean
                    else ""}
            # only a row with a code may update: keep every field; else what dups need
            clean = {**clean, **dups} if clean.get("code") else {"name": clean["name"], "phone": clean.get("phone", ""),
                                                                  "city": clean.get("city", ""), **dups}
            columns = values_of(Customer, columns, sqlite=sqlite)
        out.append(Prepared(line, None, errors, sources, clean, columns, contact, rep))
    return out
