"""How a customer row of the list is drawn: columns, labels of kinds, dates and money."""
from __future__ import annotations

from datetime import date

from rich.text import Text

from salesterm import i18n
from salesterm.domain import customer as rules
from salesterm.domain.money import format_money
from salesterm.i18n import _
from salesterm.widgets.lazy_table import Column

SORT_TITLES = {
    "relevance": "Relevance", "name": "Name", "grade": "Grade", "kind": "Kind", "city": "City",
    "rep": "Rep", "open_balance": "Balance", "overdue_amount": "Overdue",
    "last_visit": "Last visit", "next_visit": "Next visit",
}


def kind_label(key: str) -> str:
    return i18n.vocab_label(rules.KINDS, key)


def nature_label(key: str) -> str:
    return i18n.vocab_label(rules.NATURES, key)


def day_text(value: date | None) -> str:
    return value.isoformat() if value else "—"


def money_text(fen: int, *, alert: bool = False) -> Text:
    if not fen:
        return Text("—", style="dim")
    return Text(format_money(fen), style="bold red" if alert else "")


def list_columns() -> list[Column]:
    return [
        Column("name", _("Name"), 29, lambda r: Text(r.name)),
        Column("grade", _("Grade"), 6, lambda r: Text(r.grade or "—")),
        Column("kind", _("Kind"), 8, lambda r: Text(kind_label(r.kind))),
        Column("city", _("City"), 8, lambda r: Text(r.city)),
        Column("rep", _("Rep"), 8, lambda r: Text(r.rep)),
        Column("open_balance", _("Balance"), 13, lambda r: money_text(r.open_balance), align="right"),
        Column("overdue_amount", _("Overdue"), 12, lambda r: money_text(r.overdue_amount, alert=True),
               align="right"),
        Column("last_visit", _("Last visit"), 10, lambda r: Text(day_text(r.last_visit))),
        Column("next_visit", _("Next visit"), 10, lambda r: Text(day_text(r.next_visit))),
    ]
