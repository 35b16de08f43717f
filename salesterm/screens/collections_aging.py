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
        self.rep = None

    def load(self, *, rep=None) -> None:
        self.rep = rep
        run_in_db(self, aging.aging, by=self.by, rep=rep, limit=ROWS, then=self._show,
                  group="aging-view")

    def toggle_by(self, *, rep=None) -> None:
        self.by = "rep" if self.by == "customer" else "customer"
        self.load(rep=rep)

    def _show(self, report: dict) -> None:
        self.report = report
        self.clear(columns=True)
        self.add_columns(*_headers(report, self.by))
        for key, cells in _rows(report):
            self.add_row(*cells, key=key)

    def export_snapshot(self):
        """The whole aging report (the view shows the largest ROWS rows), as shown."""
        from salesterm.widgets.table_export import Snapshot, cell_text

        if self.report is None:
            return None
        by, rep = self.by, self.rep

        def fetch():
            return [[cell_text(c) for c in cells] for _key, cells in _rows(aging.aging(by=by, rep=rep))]

        return Snapshot(_headers(self.report, by), fetch=fetch, name=f"aging-by-{by}")


def _headers(report: dict, by: str) -> list[str]:
    first = _("Customer") if by == "customer" else _("Rep")
    return [first, *[_("not due") if n == "not_due" else n for n in report["buckets"]], _("Total")]


def _rows(report: dict):
    """(key, cells) of the totals line and each row, as the view shows them."""
    names, t = report["buckets"], report["totals"]
    yield "__total__", [Text(_("Total · as of {day}", day=report["as_of"]), style="bold"),
                        *[Text(format_money(t[n]), justify="right", style="bold") for n in names],
                        Text(format_money(t["total"]), justify="right", style="bold")]
    for r in report["rows"]:
        key = r.get("customer_id") or r.get("rep_id") or r["key"]
        yield str(key), [Text(r["key"]), *[Text(format_money(r[n]), justify="right") for n in names],
                         Text(format_money(r["total"]), justify="right")]
