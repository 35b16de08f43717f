"""No control character of user text reaches the terminal from the TUI.

Every piece of text a Textual widget shows becomes a Rich `Text` or a Textual `Content` first
(labels, tables, inputs, text areas, option lists, notifications), and both already drop a few
control characters there (BEL, BS, VT, FF, CR) but let ESC, the other C0 and C1 controls and
the bidi overrides through: a customer name holding ``ESC ]52;c;...`` would write the
clipboard. `install()` widens the table both use to `domain.safe_text.DISPLAY_TABLE`, so each
such character shows as one placeholder (�) wherever text is rendered. The widgets that lay
text out themselves (the lazy table's cells) also call `shown_text` directly.
"""
from __future__ import annotations

import rich.control
import textual.content

from salesterm.domain.safe_text import DISPLAY_TABLE

# the translate tables `rich.control.strip_control_codes` and Textual's `Content` take as a
# default argument: widened in place, so every caller sees the change
_TABLES = [getattr(rich.control, "_CONTROL_STRIP_TRANSLATE", None),
           getattr(textual.content, "_CONTROL_STRIP_TRANSLATE", None)]


def install() -> None:
    for table in _TABLES:
        if isinstance(table, dict):
            table.update(DISPLAY_TABLE)


install()
