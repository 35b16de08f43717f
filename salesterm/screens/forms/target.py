"""The target form: a rep's yearly sales and collection targets (optionally weighted by month),
or one month's. Opened from the targets screen (screens/targets.py)."""
from __future__ import annotations

from textual.app import ComposeResult

from salesterm.domain.money import format_money, parse_money
from salesterm.domain.targets import parse_weights
from salesterm.i18n import _
from salesterm.screens.forms.base import FormScreen, guarded
from salesterm.widgets.db_worker import run_in_db
from salesterm.widgets.fields import ValidatedField


def _save_target(rep: str, year: int, month: int | None, sales: int, collections: int, weights):
    from salesterm.store.sales import targets

    if month is None:
        targets.set_yearly_target(rep, year, sales=sales, collections=collections, weights=weights)
    else:
        targets.set_month_target(rep, year, month, sales=sales, collections=collections)


class TargetFormScreen(FormScreen):
    """Set a yearly target (month None) or one month's target; dismisses with True when saved."""

    CANCELLED = False
    ENTER_SAVES = True

    def __init__(self, rep: str, year: int, month: int | None = None, sales: int = 0, collections: int = 0) -> None:
        super().__init__()
        self.rep, self.year, self.month = rep, year, month
        self.sales, self.collections = sales, collections
        self.TITLE_TEXT = (_("{rep}: target of {year}", rep=rep, year=year) if month is None
                           else _("{rep}: target of {year}-{month:02d}", rep=rep, year=year, month=month))

    def compose_fields(self) -> ComposeResult:
        yield ValidatedField("sales", _("Sales (yuan)"), parse_money, format_money(self.sales),
                             input_id="target-sales")
        yield ValidatedField("collections", _("Collections (yuan)"), parse_money,
                             format_money(self.collections), input_id="target-collections")
        if self.month is None:
            yield ValidatedField("weights", _("Month weights"), parse_weights, input_id="target-weights",
                                 placeholder=_("empty: even; or 12 numbers, e.g. 6 6 8 8 8 8 8 8 8 8 10 14"))

    def on_mount(self) -> None:
        self.fields["sales"].focus()

    def action_save(self) -> None:
        if not self.checked():
            return
        f = self.fields
        weights = f["weights"].value() if self.month is None else None
        run_in_db(self, guarded, _save_target, self.rep, self.year, self.month, f["sales"].value(),
                  f["collections"].value(), weights, then=self._saved)

    def _saved(self, result) -> None:
        if not self.answered(result):
            return
        self.app.notify(_("Target saved"))
        self.dismiss(True)
