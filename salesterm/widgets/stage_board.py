"""The pipeline board: one column per stage (plus lost), cards of deals, a cursor moved with the
arrow keys. Column headers show the count and expected amount; the footer row shows each
stage's conversion to the next and the median days spent in it.

A card names the customer and the deal (its title), then the amount, the days in the stage and
the M-A-N badge. A column is at least MIN_COLUMN cells wide: when the stages do not all fit
(80 columns), the board shows as many as fit and scrolls left and right with the cursor, the
first and last headers marked ‹ and › when stages are hidden that way."""
from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from salesterm.domain.money import format_money
from salesterm.i18n import _, counted, language

CARD_LINES = 4
MIN_COLUMN = 14  # cells: a 7-character Chinese name, "Preparation", "11.6d median"


@dataclass
class Column:
    key: str
    title: str
    cards: list  # store.sales.deals.Card
    count: int = 0
    amount: int = 0
    conversion: float | None = None
    median_days: float | None = None


def _cells(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _short(text: str, width: int) -> str:
    out, used = "", 0
    for ch in text:
        w = 2 if ord(ch) > 0x2E80 else 1
        if used + w > width:
            return out[:-1] + "…" if out else ""
        out += ch
        used += w
    return out


def _yuan(fen: int) -> str:
    """Whole yuan without the decimals when there are none: cards are narrow."""
    text = format_money(fen)
    return text[:-3] if text.endswith(".00") else text


def _short_money(fen: int) -> str:
    """A card's amount in a few cells: 16.9万 (zh) or 169k (en) from ten thousand yuan up."""
    yuan = fen // 100
    if abs(yuan) < 10000:
        return _yuan(fen)
    if language() == "zh":
        return f"{yuan / 10000:.1f}万".replace(".0万", "万")
    return f"{yuan / 1000:.0f}k"


class StageBoard(Widget, can_focus=True):
    DEFAULT_CSS = """
    StageBoard { height: 1fr; }
    """
    col = reactive(0)
    row = reactive(0)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns: list[Column] = []
        self.first = 0  # the first column shown when they do not all fit

    def visible_columns(self) -> range:
        """The indexes of the columns shown: as many as fit MIN_COLUMN cells wide, the cursor's
        among them (the window follows the cursor)."""
        n = len(self.columns)
        if not n:
            return range(0)
        fit = max(1, min(n, (self.size.width + 1) // (MIN_COLUMN + 1))) if self.size.width else n
        if self.col < self.first:
            self.first = self.col
        elif self.col >= self.first + fit:
            self.first = self.col - fit + 1
        self.first = max(0, min(self.first, n - fit))
        return range(self.first, self.first + fit)

    def set_columns(self, columns: list[Column], keep: str | None = None) -> None:
        """Show COLUMNS; keep the cursor on deal KEEP when it is still on the board."""
        self.columns = columns
        if keep:
            for ci, column in enumerate(columns):
                for ri, card in enumerate(column.cards):
                    if card.deal_id == keep:
                        self.col, self.row = ci, ri
                        self.refresh()
                        return
        self.col = min(self.col, max(0, len(columns) - 1))
        if columns and not columns[self.col].cards:
            filled = [i for i, c in enumerate(columns) if c.cards]
            if filled:  # the nearest column that has a card
                self.col = min(filled, key=lambda i: abs(i - self.col))
        self._clamp()
        self.refresh()

    def _clamp(self) -> None:
        if not self.columns:
            self.row = 0
            return
        n = len(self.columns[self.col].cards)
        self.row = max(0, min(self.row, n - 1))

    def selected(self):
        if not self.columns:
            return None
        cards = self.columns[self.col].cards
        return cards[self.row] if 0 <= self.row < len(cards) else None

    def move_cursor(self, dx: int = 0, dy: int = 0) -> None:
        if not self.columns:
            return
        self.col = (self.col + dx) % len(self.columns) if dx else self.col
        self.row += dy
        self._clamp()
        self.refresh()

    def _visible_rows(self) -> int:
        return max(1, (self.size.height - 6) // CARD_LINES)

    def render(self) -> Table:
        shown = self.visible_columns()
        n = max(1, len(shown))
        width = max(8, self.size.width // n - 1)  # a cell between columns
        table = Table(expand=True, show_lines=False, padding=(0, 0), box=None,
                      show_footer=True, header_style="bold", footer_style="dim")
        visible = self._visible_rows()
        for ci in shown:
            column = self.columns[ci]
            title = column.title
            if ci == shown.start and ci > 0:
                title = "‹" + title
            if ci == shown.stop - 1 and ci < len(self.columns) - 1:
                title = _short(title, width - 1) + "›"
            head = Text(_short(title, width), style="bold reverse" if ci == self.col else "bold")
            head.append("\n" + _short(counted(column.count, "{n} deal", "{n} deals"), width), style="")
            head.append("\n" + _short(f"¥{_yuan(column.amount)}", width), style="")
            foot = Text()
            if column.conversion is not None:
                foot.append(_short(f"→{column.conversion * 100:.0f}%", width))
            foot.append("\n")
            if column.median_days is not None:
                foot.append(_short(_("{d}d median", d=f"{column.median_days:g}"), width))
            table.add_column(head, footer=foot, ratio=1, no_wrap=True, overflow="ellipsis")
        cells = []
        for ci in shown:
            column = self.columns[ci]
            top = max(0, self.row - visible + 1) if ci == self.col else 0
            text = Text()
            if top:
                text.append(f"↑{top}\n", style="dim")
            shown_cards = column.cards[top:top + visible]
            for ri, card in enumerate(shown_cards, start=top):
                chosen = ci == self.col and ri == self.row and self.has_focus
                style = "reverse" if chosen else ("underline" if ci == self.col and ri == self.row else "")
                text.append(_short(card.customer, width), style=style or "bold")
                text.append("\n")
                text.append(_short(card.title or "—", width), style=style)
                text.append("\n")
                line = f"{_short_money(card.amount)} " + _("{d}d", d=card.days_in_stage)
                text.append(_short(line if _cells(line) >= width else "¥" + line, width),
                            style=style)
                text.append("\n")
                badge_style = "green" if card.man_ok else "yellow"
                text.append(_short(card.badge, width), style=f"{style} {badge_style}".strip())
                text.append("\n")
            rest = len(column.cards) - top - len(shown_cards)
            if rest > 0:
                text.append(f"↓{rest}", style="dim")
            if not column.cards:
                text.append("—", style="dim")
            cells.append(text)
        if cells:
            table.add_row(*cells)
        return table

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
