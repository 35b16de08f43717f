"""The aging view of the collections section (a table inside CollectionsScreen): bucket totals,
then rows by customer or by rep."""
from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from salesterm.domain.money import format_money
from salesterm.i18n import _
from salesterm.store.ledger import aging
from salesterm.widgets.db_worker import run_in_db

ROWS = 500  # the largest balances; the command line gives every row


class AgingTable(DataTable):
    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.by = "customer"
        self.report: dict | None = None

    def load(self, *, rep=None) -> None:
        run_in_db(self, aging.aging, by=self.by, rep=rep, limit=ROWS, then=self._show,
                  group="aging-view")

    def toggle_by(self, *, rep=None) -> None:
        self.by = "rep" if self.by == "customer" else "customer"
        self.load(rep=rep)

    def _show(self, report: dict) -> None:
        self.report = report
        self.clear(columns=True)
        names = report["buckets"]
        first = _("Customer") if self.by == "customer" else _("Rep")
        self.add_columns(first, *[_("not due") if n == "not_due" else n for n in names], _("Total"))
        t = report["totals"]
        self.add_row(Text(_("Total · as of {day}", day=report["as_of"]), style="bold"),
                     *[Text(format_money(t[n]), justify="right", style="bold") for n in names],
                     Text(format_money(t["total"]), justify="right", style="bold"), key="__total__")
        for r in report["rows"]:
            key = r.get("customer_id") or r.get("rep_id") or r["key"]
            self.add_row(Text(r["key"]), *[Text(format_money(r[n]), justify="right") for n in names],
                         Text(format_money(r["total"]), justify="right"), key=str(key))
