"""What the visit forms share: the label pairs of a vocabulary, the visit date's check."""
from __future__ import annotations

from datetime import date

from salesterm.domain.dates import parse_date_or_none
from salesterm.domain.errors import UserError
from salesterm.i18n import _, label


def _pairs(vocab):
    return [(label(zh, en), key) for key, (zh, en) in vocab.items()]


def _visit_day(text: str) -> date:
    day = parse_date_or_none(text)
    if day is None:
        raise UserError(_("The visit needs a date."))
    return day
