"""Writing spreadsheet files: CSV (UTF-8 with BOM, so Excel opens it) or XLSX by extension,
streamed, through a temporary file so a failure never leaves half a file behind. Every file
written here is readable by its owner only (0600), a file it replaces included.
(store.io.tabular re-exports these names: `from salesterm.store.io.tabular import write_table`.)"""
from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from salesterm.domain.errors import UserError
from salesterm.paths import PRIVATE_FILE, create_private, open_private

WRITE_EXTENSIONS = (".csv", ".xlsx")


_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

# CSV formula injection (OWASP): Excel and WPS run a cell starting with = + - @ (or a tab or
# carriage return before one) as a formula, =HYPERLINK(...) or =cmd|'/C calc'!A0. Such a text
# cell is written with a leading ' (shown as text, not run); a value that already starts with
# quotes before one of those gets one more, so that reading removes exactly the one added
# (`unquote_formula`) and every value comes back as it was. A plain number (-50.00, +1,
# -1,234.50, 12%) is no formula and stays a number.
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
_QUOTED_FORMULA = re.compile(r"'+[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*)?(?:\.\d+)?%?")


def quote_formula(text: str) -> str:
    """TEXT as a CSV cell that no spreadsheet runs as a formula."""
    if _FORMULA_START.match(text) and not (_PLAIN_NUMBER.fullmatch(text) and any(c.isdigit() for c in text)):
        return "'" + text
    return text


def unquote_formula(cell: str) -> str:
    """The value quote_formula wrote as CELL."""
    return cell[1:] if _QUOTED_FORMULA.match(cell) else cell


def check_extension(path: str | os.PathLike) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in WRITE_EXTENSIONS:
        shown_suffix = suffix or "no extension"
        raise UserError("file.cannot_write_suffix", name=Path(path).name, suffix=shown_suffix)
    return suffix


def write_table(path: str | os.PathLike, headers: Sequence[str], rows: Iterable[Sequence[Any]],
                *, progress: Callable[[int], None] | None = None, sheet: str = "data") -> int:
    """Write HEADERS and ROWS (streamed) to a .csv (UTF-8 with BOM) or .xlsx file; returns
    the number of rows. The file appears complete or not at all."""
    path = Path(path).expanduser()
    suffix = check_extension(path)
    if suffix == ".csv":
        return write_whole(path, lambda tmp: _write_csv(tmp, headers, rows, progress))
    return write_whole(path, lambda tmp: _write_xlsx(tmp, headers, rows, progress, sheet))


def write_whole(path: str | os.PathLike, write: Callable[[Path], Any]) -> Any:
    """WRITE(tmp) a file beside PATH, then put it in PATH's place: the file appears complete or
    not at all, mode 0600 whatever the umask (and whatever the mode of the file it replaces).
    Returns what WRITE returned. A folder, a missing folder or a file that cannot be written
    (open in Excel on Windows) is refused with one line."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise UserError("file.is_folder_give_name", path=path)
    if not path.parent.exists():
        raise UserError("file.folder_not_found", folder=path.parent)
    tmp = path.with_name(f".{path.name}.part")
    try:
        create_private(tmp)  # WRITE opens it again: an existing file keeps its 0600
        result = write(tmp)
        os.chmod(tmp, PRIVATE_FILE)
        os.replace(tmp, path)
    except PermissionError as exc:
        raise UserError("file.cannot_write_open_in_excel", path=path, reason=exc.strerror) from None
    except OSError as exc:
        raise UserError("file.cannot_write_path_value", path=path, value=exc.strerror or exc) from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return result


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _write_csv(tmp: Path, headers, rows, progress) -> int:
    count = 0
    with open_private(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow(headers)
        for row in rows:
            out.writerow([quote_formula(_text(v)) for v in row])
            count += 1
            if progress and count % 1000 == 0:
                progress(count)
    return count


def _write_xlsx(tmp: Path, headers, rows, progress, sheet: str) -> int:
    from salesterm.store.io.xlsx_stream import write_xlsx

    def texts(values):  # always text: "=..." is a name, not a formula; phones keep zeros
        return [_ILLEGAL_XLSX.sub("", _text(v)) for v in values]

    def lines():
        yield texts(headers)
        for row in rows:
            yield texts(row)

    return write_xlsx(tmp, lines(), sheet=sheet, progress=progress)
