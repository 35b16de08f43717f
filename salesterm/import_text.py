"""The one way both the command line (`salesterm import`) and the TUI's import screen run an
import and say what it did: which store function imports each kind, and the report's lines
(`line N, column C: why`, the summary) in the user's language."""
from __future__ import annotations

import importlib
from collections.abc import Callable

from salesterm.i18n import _, error_text

# import kind -> "module:function"; each has the signature
# (path, *, dry_run, encoding, progress, good_rows_only) -> tabular.ImportReport
IMPORTERS: dict[str, str] = {
    "customers": "salesterm.store.io.importing:import_customers",
    "contacts": "salesterm.store.io.importing:import_contacts",
    "receivables": "salesterm.store.io.ledger_import:import_receivables",
    "payments": "salesterm.store.io.ledger_import:import_payments",
    "products": "salesterm.store.io.product_import:import_products",
    "prices": "salesterm.store.io.price_import:import_prices",
}
WHAT = {"customers": "customer", "contacts": "contact", "receivables": "receivable", "payments": "payment",
        "products": "product", "prices": "price"}


def run_importer(kind: str, path, *, dry_run: bool, encoding: str | None = None,
                 progress: Callable[[str, int, int], None] | None = None, good_rows_only: bool = False,
                 code_pattern: str | None = None):
    """Import (or with DRY_RUN only check) PATH as KIND; the store's ImportReport."""
    module_name, func_name = IMPORTERS[kind].split(":")
    importer = getattr(importlib.import_module(module_name), func_name)
    extra = {"code_pattern": code_pattern} if kind == "customers" else {}
    return importer(path, dry_run=dry_run, encoding=encoding, progress=progress,
                    good_rows_only=good_rows_only, **extra)


def row_error(error) -> str:
    """`line N, column C: why`, in the user's language (the English text is the default)."""
    why = error_text(error.message)
    if error.column:
        return _("line {line}, column {column}: {why}", line=error.line, column=error.column, why=why)
    return _("line {line}: {why}", line=error.line, why=why)


def bad_rows(report) -> int:
    return len({e.line for e in report.errors})


def _count(n: int, one: str, many: str) -> str:
    """'1 new customer' / '6 new customers' (each form a msgid with {n})."""
    return _(one if n == 1 else many, n=f"{n:,}")


def summary(report, kind: str) -> str:
    """`imported 3 new customers, updated 1, ...` (or `would import ...` for a dry run)."""
    what = WHAT.get(kind, kind)
    parts = [_count(report.created, "{n} new " + what, "{n} new " + what + "s")]
    if report.updated:
        parts.append(_("would update {n}" if report.dry_run else "updated {n}", n=f"{report.updated:,}"))
    for key, count in report.extra.items():
        if count and key == "already_imported":  # ledger imports: rows on file from an earlier import
            parts.append(_count(count, "skipped {n} " + what + " already imported",
                                "skipped {n} " + what + "s already imported"))
        elif count:
            single = key.rstrip("s")
            parts.append(_count(count, "{n} new " + single, "{n} new " + single + "s"))
    if report.skipped:
        parts.append(_count(report.skipped, "skipped {n} bad row", "skipped {n} bad rows"))
    return _("would import {parts} (dry run: nothing written)" if report.dry_run else "imported {parts}",
             parts=_(", ").join(parts))
