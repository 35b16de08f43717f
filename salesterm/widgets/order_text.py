"""How an order reads on screen: a line's quantity, price, where the price came from, the
promotion, the amount; an order's status; the credit check and the approvals it waits for.
Pure formatting (store/orders computes everything); user text stays literal (rich Text)."""
from __future__ import annotations

from rich.text import Text

from salesterm.domain import order_rules, pricing
from salesterm.domain.money import format_money
from salesterm.i18n import _, error_text, join_list, label, language


def qty_text(typed_qty: int, unit: str, units: int, base_unit: str) -> str:
    """``5箱 (60瓶)`` when typed in cases, ``12瓶`` in base units."""
    if unit and base_unit and unit != base_unit:
        return f"{typed_qty}{unit} ({units}{base_unit})"
    return f"{units}{base_unit or unit}"


def source_text(source: str, source_name: str = "") -> str:
    """Where a price came from: customer price / price list (its name) / list price / typed."""
    words = pricing.SOURCE_LABELS.get(source)
    text = label(*words) if words else (source or "—")
    return f"{text} {source_name}" if source == "list" and source_name else text


def promotion_text(name: str, free_qty: int, base_unit: str) -> str:
    if not name and not free_qty:
        return ""
    gift = _("+{n} free", n=f"{free_qty}{base_unit}") if free_qty else ""
    return " ".join(x for x in (name, gift) if x)


def status_text(status: str) -> str:
    return order_rules.status_label(status).text(language())


STATUS_STYLES = {"placed": "", "shipped": "cyan", "partial": "yellow", "delivered": "green", "cancelled": "dim"}


def status_cell(status: str) -> Text:
    return Text(status_text(status), style=STATUS_STYLES.get(status, ""))


def yuan(fen) -> str:
    return format_money(int(fen or 0))


def check_columns() -> list[str]:
    return [_("Product"), _("Quantity"), _("Price"), _("Amount"), _("Price from"), _("Promotion")]


def check_rows(check) -> list[list[Text]]:
    """The rows of an order being taken (a placing.OrderCheck's lines), as shown before saving: the
    amount before where the price came from, so it stays in sight on a narrow terminal."""
    rows = []
    for line in check.lines:
        q = line.quote
        name = Text(line.name)
        if q.below_floor:
            name.append(" !", style="bold red")
        rows.append([name, Text(qty_text(line.typed_qty, line.unit, line.qty, line.base_unit)),
                     Text(yuan(q.price)), Text(yuan(q.amount), justify="right"),
                     Text(source_text(q.source, q.source_name)),
                     Text(promotion_text(q.promotion_name, q.free_qty, line.base_unit))])
    return rows


def check_summary(check, *, error: str = "") -> Text:
    """The total, then what the credit check says and which lines need the manager's approval."""
    text = Text()
    if error:
        text.append(error, style="bold red")
        return text
    if check is None:
        text.append(_("No order lines yet: pick a product, type the quantity, enter adds the line."), style="dim")
        return text
    text.append(_("Total") + " ", style="bold")
    text.append("¥" + yuan(check.total), style="bold")
    for hold in check.holds:
        text.append("\n" + _("Credit hold: "), style="bold red")
        text.append(error_text(hold.message()))
    if not check.holds:
        text.append("   " + _("Credit check: clear"), style="green")
    below = [check.lines[i].name for i in check.below_floor]
    if below:
        text.append("\n" + _("Below the floor price, needs the manager's approval: "), style="bold yellow")
        text.append(join_list(below))
    if check.holds or below:
        text.append("\n" + _("The order is placed and waits for the manager before it ships."), style="dim")
    return text


def placed_text(placed) -> str:
    """What the status line says once an order was placed."""
    msg = _("Order {number} placed: ¥{total}", number=placed.number, total=yuan(placed.total))
    if placed.holds:
        msg += " · " + _("held: ") + join_list(error_text(h) for h in placed.holds)
    if placed.needs_approval:
        msg += " · " + _("needs the manager's approval")
    return msg


def fill_table(table, columns: list[str], rows: list[tuple[str, list]], *, most: dict[int, int] | None = None) -> None:
    """Put COLUMNS and ROWS ((key, cells)) in TABLE, each column as wide as its widest cell or
    title (at most MOST[i] cells for column i: longer text ends in …), header and rows laid out
    together (a table refilled while a prompt closed kept its titles' widths, or an old header,
    when the widths were left to the table's idle pass)."""
    from rich.cells import cell_len

    texts = [[c.plain if isinstance(c, Text) else str(c) for c in cells] for _key, cells in rows]
    table.clear(columns=True)
    for i, title in enumerate(columns):
        width = max([cell_len(title), *(cell_len(t[i]) for t in texts)])
        table.add_column(title, width=min(width, (most or {}).get(i, width)))
    for key, cells in rows:
        table.add_row(*cells, key=key)
