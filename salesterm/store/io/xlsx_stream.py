"""A small streaming XLSX writer: one sheet of text cells, written row by row into the zip.

openpyxl's writer (even write_only) builds a cell object per value and took ~50 s for 100,000
customers; this writes the sheet XML directly (inline strings, every cell text, so "=..." is
never a formula and phone numbers keep their leading zeros) and takes about as long as CSV.
The file is the minimal SpreadsheetML package Excel, WPS, LibreOffice and openpyxl read:
content types, the package and workbook relationships, the workbook, one sheet, and a
styles part (Excel asks to repair a file without one)."""
from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

_SS = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="@SS@.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="@SS@.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="@SS@.styles+xml"/>
</Types>"""
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="@REL@/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="@REL@">
<sheets><sheet name={name} sheetId="1" r:id="rId1"/></sheets>
</workbook>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="@REL@/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="@REL@/styles" Target="styles.xml"/>
</Relationships>"""
_CONTENT_TYPES = _CONTENT_TYPES.replace("@SS@", _SS)
_ROOT_RELS = _ROOT_RELS.replace("@REL@", _REL)
_WORKBOOK = _WORKBOOK.replace("@REL@", _REL)
_WORKBOOK_RELS = _WORKBOOK_RELS.replace("@REL@", _REL)
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""
_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
_SHEET_TAIL = "</sheetData></worksheet>"
_INVALID_NAME = str.maketrans({c: "_" for c in "[]:*?/\\"})


def column_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_name(name: str) -> str:
    """NAME as Excel accepts a sheet name: no []:*?/\\, 1-31 characters."""
    return (name.translate(_INVALID_NAME).strip("'") or "data")[:31]


def write_xlsx(path: Path, rows: Iterable[Sequence[str]], *, sheet: str = "data",
               progress: Callable[[int], None] | None = None) -> int:
    """Write ROWS (texts, the first the header) as one sheet at PATH; returns the number of
    rows after the first. Texts must hold no XML-illegal control characters."""
    letters: list[str] = []
    count = -1
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("xl/workbook.xml", _WORKBOOK.format(name=quoteattr(sheet_name(sheet))))
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        book.writestr("xl/styles.xml", _STYLES)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(_SHEET_HEAD.encode())
            chunk: list[str] = []
            for count, row in enumerate(rows, start=0):
                line = count + 1
                while len(letters) < len(row):
                    letters.append(column_letters(len(letters)))
                chunk.append(f'<row r="{line}">')
                for at, text in enumerate(row):
                    if text:
                        keep = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
                        chunk.append(f'<c r="{letters[at]}{line}" t="inlineStr"><is><t{keep}>'
                                     f'{escape(text)}</t></is></c>')
                    elif at == len(row) - 1:  # an empty last cell keeps the row's width for readers
                        chunk.append(f'<c r="{letters[at]}{line}"/>')  # that size rows without a dimension
                chunk.append("</row>")
                if line % 1000 == 0:
                    out.write("".join(chunk).encode())
                    chunk.clear()
                    if progress and count:
                        progress(count)
            chunk.append(_SHEET_TAIL)
            out.write("".join(chunk).encode())
    return max(count, 0)
