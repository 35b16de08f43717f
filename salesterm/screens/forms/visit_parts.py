"""What the visit forms share: the stylesheet, label pairs and the guarded store call."""
from __future__ import annotations

from salesterm.domain.errors import UserError
from salesterm.i18n import error_text, label
from salesterm.screens.forms.deal import FORM_CSS

VISIT_CSS = FORM_CSS + """
.form-box SelectionList { height: auto; max-height: 7; }
.form-box .row { height: auto; }
.form-box .row > * { width: 1fr; }
.form-box .hint { color: $text-muted; }
.form-box .warn { color: $warning; }
"""


def _pairs(vocab):
    return [(label(zh, en), key) for key, (zh, en) in vocab.items()]


def _guard(fn, *args, **kwargs):
    """Run a store write; a user error comes back as ("error", message) for the form to show."""
    from salesterm.store.deals import ManConfirmationNeeded

    try:
        return "ok", fn(*args, **kwargs)
    except ManConfirmationNeeded as exc:
        return "man", exc.badge
    except UserError as exc:
        return "error", error_text(exc)
