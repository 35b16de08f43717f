"""Spreadsheet files in and out: CSV (UTF-8, UTF-8 with BOM, GB18030/GBK, UTF-16) and XLSX.

`read_table` gives the header row and the data rows with their 1-based line numbers in
the file (for a CSV, the line where the record starts; for a sheet, the row number), so
every complaint about a row names the line a user sees in Excel or WPS. `HeaderMap` maps
the headers users really have (the English field names `export` writes, and the Chinese
headers of Chinese spreadsheets) to fields. `write_table` writes CSV with a BOM (so Excel
opens it as UTF-8) or XLSX, chosen by the file's extension, through a temporary file so a
failure never leaves half a file behind.
"""
from __future__ import annotations

import codecs
import csv
import io
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from salesterm.domain.errors import Message, UserError, shown
from salesterm.store.io.tabular_write import (  # noqa: F401 (API)
    WRITE_EXTENSIONS,
    check_extension,
    unquote_formula,
    write_table,
)
from salesterm.store.io.xlsx_stream import column_letters as column_name  # 0 -> A, 26 -> AA

CSV_EXTENSIONS = (".csv", ".txt", ".tsv")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
MAX_BYTES = 512 * 1024 * 1024
MAX_XLSX_UNPACKED = 200 * 1024 * 1024  # what a workbook's members may unpack to, in all
MAX_XLSX_RATIO = 100  # a member over 1 MB compressed more than this is a zip bomb, not a sheet
MAX_ROWS = 1_000_000  # data rows in one file
EMPTY_RUN = 10_000  # this many empty sheet rows in a row end the reading
# what charset-normalizer's guess may be taken as when neither UTF-8 nor GB18030 fits: CJK
# encodings only (a Latin guess turns Chinese bytes into plausible-looking nonsense)
DETECTED_ENCODINGS = ("big5", "big5hkscs", "cp950", "euc_jp", "shift_jis", "cp932", "euc_kr", "cp949")


@dataclass(frozen=True)
class RowError:
    """What is wrong with one row: `line N, column C: why`."""

    line: int
    column: str
    message: Message | str  # str() is the English text

    def __str__(self) -> str:
        where = f"line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    rows: int = 0
    extra: dict[str, int] = field(default_factory=dict)  # e.g. {"contacts": 12, "reps": 3}
    ignored_columns: list[str] = field(default_factory=list)
    # rows imported although a customer of the same name exists in another city (issue 11)
    possible_duplicates: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Table:
    """A header row and data rows: (line number in the file, cells as text)."""

    path: Path
    headers: list[str]
    rows: list[tuple[int, list[str]]]
    header_line: int = 1
    encoding: str = ""

    def __len__(self) -> int:
        return len(self.rows)


# --- reading -------------------------------------------------------------------------


def read_table(path: str | os.PathLike, *, encoding: str | None = None) -> Table:
    """Read a CSV or XLSX file. Raises UserError with one clear line for a file that
    cannot be read as a table (missing, empty, binary, undecodable, not a spreadsheet)."""
    path = Path(path).expanduser()
    if not path.exists():
        raise UserError("file.not_found", path=path)
    if path.is_dir():
        raise UserError("file.is_folder", path=path)
    size = path.stat().st_size
    if size == 0:
        raise UserError("file.name_empty", name=path.name)
    if size > MAX_BYTES:
        raise UserError("file.too_large", name=path.name, megabytes=MAX_BYTES // 2**20)
    suffix = path.suffix.lower()
    with open(path, "rb") as fh:
        head = fh.read(8)
    if suffix == ".xls" or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UserError("file.name_old_excel_xls_workbook", name=path.name)
    if suffix in XLSX_EXTENSIONS or head.startswith(b"PK\x03\x04"):
        if not head.startswith(b"PK\x03\x04"):
            raise UserError("file.name_not_excel_xlsx_workbook", name=path.name)
        table = _read_xlsx(path)
    else:
        if suffix and suffix not in CSV_EXTENSIONS:
            raise UserError("file.cannot_import_suffix", suffix=suffix)
        table = _read_csv(path, encoding)
    if not table.rows:
        raise UserError("file.name_no_data_rows", name=path.name)
    return table


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding used). BOMs first; then strict UTF-8; then GB18030 (a superset of
    GBK and GB2312, what Excel and WPS write on Chinese Windows); then charset-normalizer."""
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise UserError("file.unknown_encoding", encoding=encoding) from None
        if codec == "utf-8" and data.startswith(codecs.BOM_UTF8):
            codec = "utf-8-sig"
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError as exc:
            raise UserError("file.not_in_encoding", name=name, line=_line_at(data, exc.start),
                            encoding=encoding) from None
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as exc:
                raise UserError("file.not_in_declared_codec", name=name, line=_line_at(data, exc.start),
                                codec=codec) from None
    if b"\x00" in data[:65536]:
        raise UserError("file.name_not_text_holds_binary", name=name)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only for a file no usual encoding reads; start-up speed

    best = from_bytes(data[:1_000_000]).best()  # Traditional Chinese (Big5) files, mostly
    if best is not None and best.encoding in DETECTED_ENCODINGS:
        try:
            return data.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    raise UserError("file.not_utf8_or_gbk", name=name, line=_line_at(data, utf8_error))


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(path: Path, encoding: str | None) -> Table:
    data = path.read_bytes()
    text, used = decode(data, path.name, encoding)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise UserError("file.name_empty", name=path.name)
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first), strict=True)
    rows: list[tuple[int, list[str]]] = []
    headers: list[str] | None = None
    header_line = 1
    last = 0
    try:
        for record in reader:
            start, last = last + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if headers is None:
                headers, header_line = [c.strip() for c in record], start
            else:
                if len(rows) >= MAX_ROWS:
                    raise UserError("file.name_too_many_rows", name=path.name, most=f"{MAX_ROWS:,}")
                joined = "".join(record)
                if '="' in joined:
                    record = [_unformula(c) for c in record]
                if "'" in joined:
                    record = [unquote_formula(c) for c in record]
                rows.append((start, record))
    except csv.Error as exc:
        raise UserError("file.unreadable_csv_row", name=path.name, line=last + 1, reason=exc) from None
    if headers is None:
        raise UserError("file.name_empty", name=path.name)
    if len(headers) < 2 and len(rows) > 0 and not _looks_single_column(headers):
        raise UserError("file.not_a_csv_table", name=path.name, column=shown(headers[0]))
    return Table(path, headers, rows, header_line, used)


_TEXT_FORMULA = re.compile(r'\s*="(.*)"\s*', re.DOTALL)


def _unformula(cell: str) -> str:
    """="020-12345678": how some systems export numbers so Excel keeps their zeros."""
    match = _TEXT_FORMULA.fullmatch(cell)
    return match[1].replace('""', '"') if match else cell


def _looks_single_column(headers: list[str]) -> bool:
    return bool(headers) and len(headers[0]) <= 40


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


def _check_zip(path: Path) -> None:
    """Refuse a workbook that would unpack to absurd sizes before any XML is parsed: the sum of
    its members' sizes (what the zip's directory says they unpack to) and their compression ratio."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except Exception as exc:  # a hostile zip raises many kinds: BadZipFile, an unsupported method, OSError ...
        raise UserError("file.name_not_readable_xlsx_workbook", name=path.name, reason=_reason(exc)) from None
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_XLSX_UNPACKED:
        raise UserError("file.name_unpacks_too_large", name=path.name, megabytes=MAX_XLSX_UNPACKED // 2**20)
    for m in members:
        ratio = m.file_size // max(1, m.compress_size)
        if m.file_size > 2**20 and ratio > MAX_XLSX_RATIO:
            raise UserError("file.name_compressed_suspiciously", name=path.name, ratio=ratio)


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:80]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _read_xlsx(path: Path) -> Table:
    """Read the first sheet, streaming (openpyxl's read-only mode, XML through defusedxml): at
    most MAX_ROWS data rows, and reading stops after EMPTY_RUN empty rows in a row (what follows
    a run that long is taken as the sheet's unused end)."""
    from openpyxl import load_workbook  # here, not at the top: start-up speed (openpyxl takes ~0.1 s to import)

    _check_zip(path)
    headers: list[str] | None = None
    header_line = 1
    rows: list[tuple[int, list[str]]] = []
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except UserError:
        raise
    except Exception as exc:  # openpyxl and the XML parser raise many kinds for a damaged file
        raise UserError("file.name_damaged_xlsx", name=path.name, reason=_reason(exc)) from None
    try:
        sheet = book.active if book.active is not None else book.worksheets[0]
        empty_run = 0
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if not any(c.strip() for c in cells):
                empty_run += 1
                if empty_run >= EMPTY_RUN:
                    break
                continue
            empty_run = 0
            if headers is None:
                headers, header_line = [c.strip() for c in cells], number
                while headers and not headers[-1]:
                    headers.pop()
            else:
                if len(rows) >= MAX_ROWS:
                    raise UserError("file.name_too_many_rows", name=path.name, most=f"{MAX_ROWS:,}")
                rows.append((number, cells))
    except UserError:
        raise
    except Exception as exc:  # damaged sheet XML, entities refused by defusedxml, a truncated member
        raise UserError("file.name_damaged_xlsx", name=path.name, reason=_reason(exc)) from None
    finally:
        book.close()
    if not headers:
        raise UserError("file.empty_first_sheet", name=path.name)
    width = len(headers)
    trimmed = []
    for number, cells in rows:  # sheets report trailing empty cells up to the used width
        while len(cells) > width and not cells[-1].strip():
            cells.pop()
        trimmed.append((number, cells))
    return Table(path, headers, trimmed, header_line, "xlsx")


# --- headers -------------------------------------------------------------------------

_BRACKETS = re.compile(r"[(\[【（].*?[)\]】）]")


def header_key(text: str) -> str:
    """How headers are compared: NFKC, lowercase, no spaces, `*` marks or bracketed
    units (`*客户名称`, `信用额度（元）`, `Credit Limit` all reduce to their words)."""
    s = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    s = _BRACKETS.sub("", s)
    return re.sub(r"[\s*:：_\-]+", "", s)


class HeaderMap:
    """Field -> header aliases. `resolve(headers)` finds each field's column."""

    def __init__(self, aliases: Mapping[str, Sequence[str]], labels: Mapping[str, str] | None = None):
        self.aliases = {f: list(a) for f, a in aliases.items()}
        self.labels = dict(labels or {})
        self._lookup: dict[str, str] = {}
        for fld, words in self.aliases.items():
            for word in [fld, *words]:
                self._lookup.setdefault(header_key(word), fld)

    def field_for(self, header: str) -> str | None:
        return self._lookup.get(header_key(header))

    def resolve(self, headers: Sequence[str], *, required: Iterable[str] = ()) -> Columns:
        found: dict[str, int] = {}
        ignored: list[str] = []
        for i, header in enumerate(headers):
            fld = self.field_for(header)
            if fld is None:
                if header.strip():
                    ignored.append(header)
                continue
            if fld in found:
                first = headers[found[fld]]
                raise UserError("file.field_in_two_columns", column=column_name(found[fld]), header=first,
                                column2=column_name(i), header2=header, field=self.describe(fld))
            found[fld] = i
        for fld in required:
            if fld not in found:
                listed = ", ".join(h for h in headers if h.strip()) or "(none)"
                raise UserError("file.no_column_for_field", field=self.describe(fld), headers=listed)
        return Columns(found, list(headers), ignored)

    def resolve_table(self, table: Table, *, required: Iterable[str] = (), look: int = 5) -> Columns:
        """Like resolve, on the table's header row; when that row lacks a required column but
        one of the next LOOK rows has them all (a title such as 客户资料表 above the header,
        as spreadsheets often have), that row becomes the header."""
        required = list(required)
        try:
            return self.resolve(table.headers, required=required)
        except UserError as first:
            for i, (line, cells) in enumerate(table.rows[:look]):
                headers = [c.strip() for c in cells]
                if all(any(self.field_for(h) == f for h in headers) for f in required):
                    while headers and not headers[-1]:
                        headers.pop()
                    columns = self.resolve(headers, required=required)
                    table.headers, table.header_line, table.rows = headers, line, table.rows[i + 1:]
                    return columns
            raise first

    def describe(self, fld: str) -> str:
        words = [w for w in self.aliases.get(fld, []) if not w.isascii()][:1]
        label = self.labels.get(fld, fld.replace("_", " "))
        return f"{label} ({' / '.join(words + [fld])})" if words else f"{label} ({fld})"


@dataclass
class Columns:
    index: dict[str, int]
    headers: list[str]
    ignored: list[str]

    def __contains__(self, fld: str) -> bool:
        return fld in self.index

    def values(self, cells: Sequence[str]) -> dict[str, str]:
        return {f: (cells[i].strip() if i < len(cells) else "") for f, i in self.index.items()}

    def where(self, fld: str) -> str:
        """`D (电话)`: the column a field came from, as the user sees it."""
        if fld not in self.index:
            return fld
        i = self.index[fld]
        return f"{column_name(i)} ({self.headers[i]})"


def ragged(table: Table | int, line: int, cells: Sequence[str]) -> RowError | None:
    """A row with more filled cells than the header has columns (TABLE's, or an int), or
    fewer: values may have shifted."""
    width = table if isinstance(table, int) else len(table.headers)
    if len(cells) > width and any(c.strip() for c in cells[width:]):
        return RowError(line, column_name(width), Message("rows.too_many_cells", cells=len(cells), width=width))
    if len(cells) < width and len(cells) > 1:
        return RowError(line, "", Message("rows.too_few_cells", cells=len(cells), width=width))
    return None
