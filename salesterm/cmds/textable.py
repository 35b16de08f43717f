"""Plain text tables for the terminal, aligned by display width (Chinese takes two cells)."""
from __future__ import annotations

import sys

from rich.cells import cell_len


def _clean(text: str) -> str:
    return "".join(c if c.isprintable() else " " for c in str(text))


def print_table(headers: list[str], rows: list[list[str]], *, right: set[int] = frozenset(),
                file=None) -> None:
    out = file or sys.stdout
    table = [[_clean(h) for h in headers]] + [[_clean(c) for c in row] for row in rows]
    # the last column (free text) is not padded
    widths = [max(cell_len(r[i]) for r in table) for i in range(len(headers) - 1)]
    for n, row in enumerate(table):
        cells = []
        for i, cell in enumerate(row[:-1]):
            pad = " " * (widths[i] - cell_len(cell))
            cells.append(pad + cell if i in right else cell + pad)
        last = row[-1]
        if len(headers) - 1 in right and rows:
            w = max(cell_len(r[-1]) for r in table)
            last = " " * (w - cell_len(last)) + last
        out.write("  ".join(cells + [last]).rstrip() + "\n")
        if n == 0:
            out.write("  ".join("-" * w for w in widths + [max(cell_len(r[-1]) for r in table)]) + "\n")
