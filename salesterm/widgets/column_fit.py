"""Column widths for a DataTable that must fit its screen (Today's agenda at 80 and 120 columns):
fixed columns take what their content needs, flexible ones share the rest in a given order of
priority, each first getting its minimum. A cell wider than its column is cut with an ellipsis."""
from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text


@dataclass(frozen=True)
class Fit:
    need: int  # cells the widest cell (or the header) takes
    least: int | None = None  # None: fixed at NEED; else the width it may shrink to (0 hides it)
    most: int | None = None  # a flexible column never grows past this


def widest(header: str, cells) -> int:
    """The cells the widest of HEADER and CELLS takes. A character takes one or two cells, so a
    text of n characters takes n to 2n: only the texts that could beat the widest found so far
    are measured, longest first (Today's agenda at 100k has 1,749 rows of seven cells; measuring
    every one held the UI thread 20-35 ms before the agenda showed)."""
    texts = sorted({c.plain if isinstance(c, Text) else str(c) for c in cells}, key=len, reverse=True)
    best = cell_len(header)
    for text in texts:
        if 2 * len(text) <= best:
            break
        best = max(best, cell_len(text))
    return best


def fit_widths(room: int, fits: list[Fit], order: list[tuple[int, int | None]]) -> list[int]:
    """Widths for FITS in ROOM cells (padding already taken out). ORDER is the priority of growth:
    (column index, grow up to this many cells or None for its need), earlier first."""
    widths = [f.need if f.least is None else min(f.least, f.need) for f in fits]
    left = room - sum(widths)
    for index, upto in order:
        f = fits[index]
        target = min(f.need, f.most or f.need, upto or f.need)
        grow = max(0, min(left, target - widths[index]))
        widths[index] += grow
        left -= grow
    return widths


def cut(text: Text, width: int) -> Text:
    """TEXT in WIDTH cells at most, an ellipsis marking the cut."""
    if cell_len(text.plain) <= width:
        return text
    out = text.copy()
    out.truncate(max(0, width), overflow="ellipsis")
    return out
