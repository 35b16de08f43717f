#!/usr/bin/env python3
"""Fuzz `salesterm import`: build a corpus of malformed CSV and XLSX files, import each as customers,
receivables and payments into a scratch database (each run in its own process, with a timeout), and
count the outcomes:

- clear: exit 1 or 2 with a readable message on stderr, no traceback, no "unexpected error"
- imported: exit 0
- unexpected: a traceback, "unexpected error", or any other exit code
- hang: the run did not finish within --timeout seconds

    python benchmarks/fuzz_imports.py [--out DIR] [--timeout 60] [--seed 1] [--kinds customers,receivables,payments]

Prints one line per unexpected or hung run and the counts at the end (and as JSON with --json).
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

GOOD_CSV = "编码,客户名称,电话,单号,到期日,金额,付款日期,凭证号\nC-1,甲商行,13800000001,FP-1,2026-10-01,100,2026-11-01,PV-1\n"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _xlsx(rows=None, sheet_xml: bytes | None = None, extra: dict | None = None) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows or [["编码", "客户名称", "单号", "到期日", "金额"], ["C-1", "甲商行", "FP-1", "2026-10-01", 100]]:
        book.active.append(row)
    buf = io.BytesIO()
    book.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml" and sheet_xml is not None:
                data = sheet_xml
            dst.writestr(item.filename, data)
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    return out.getvalue()


def _sheet(body: str, prolog: str = "") -> bytes:
    head = '<row r="1"><c r="A1" t="inlineStr"><is><t>客户名称</t></is></c></row>'
    return f'<?xml version="1.0"?>{prolog}<worksheet {NS}><sheetData>{head}{body}</sheetData></worksheet>'.encode()


def corpus(rng: random.Random) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    good = GOOD_CSV.encode()
    good_xlsx = _xlsx()
    for i in range(12):  # random bytes
        files[f"random{i}.csv"] = rng.randbytes(rng.randrange(1, 4000))
        files[f"random{i}.xlsx"] = b"PK\x03\x04" + rng.randbytes(rng.randrange(1, 4000))
    for i in range(10):  # truncated
        files[f"cut{i}.xlsx"] = good_xlsx[:rng.randrange(10, len(good_xlsx) - 1)]
        files[f"cut{i}.csv"] = ("客户名称,电话\n" + "甲商行,138\n" * 5).encode("utf-8")[:rng.randrange(5, 60)]
    for i in range(8):  # flipped bytes inside a valid workbook
        data = bytearray(good_xlsx)
        for _ in range(rng.randrange(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        files[f"flipped{i}.xlsx"] = bytes(data)
    encodings = {"latin1.csv": "客户名称,电话\nCafé,1\n".encode().decode("utf-8").encode("latin-1", "replace"),
                 "utf16-nobom.csv": GOOD_CSV.encode("utf-16-le"), "utf16-bom.csv": GOOD_CSV.encode("utf-16"),
                 "utf32.csv": GOOD_CSV.encode("utf-32"), "mixed-gbk-utf8.csv": GOOD_CSV.encode("gbk") + "乙超市,1\n".encode(),
                 "bad-utf8.csv": b"\xef\xbb\xbf" + good + b"\xff\xfe\xc3(,1\n", "nul.csv": good.replace(b",", b"\0", 3),
                 "big5.csv": "客戶名稱,電話\n甲商行,1\n".encode("big5"), "empty.csv": b"", "blank.csv": b"\n\n  \n",
                 "bom-only.csv": b"\xef\xbb\xbf"}
    files.update(encodings)
    huge = {"code-10k.csv": "编码,客户名称\n" + "C" * 10_000 + ",甲\n", "name-100k.csv": "客户名称,电话\n" + "甲" * 100_000 + ",1\n",
            "cell-1mb.csv": "客户名称,备注\n甲," + "x" * 1_000_000 + "\n", "number-10k.csv": "客户名称,单号,到期日,金额\n甲商行,"
            + "9" * 10_000 + ",2026-10-01,1\n", "amount-huge.csv": "客户名称,单号,到期日,金额\n甲商行,FP-9,2026-10-01,"
            + "9" * 40 + "\n", "amount-max.csv": "客户名称,单号,到期日,金额\n甲商行,FP-8,2026-10-01,\"10,000,000,000,000\"\n",
            "amount-nan.csv": "客户名称,单号,到期日,金额\n甲商行,FP-7,2026-10-01,NaN\n", "header-10k.csv": "x" * 10_000 + ",y\n1,2\n",
            "columns-5000.csv": ",".join(f"c{i}" for i in range(5000)) + "\n" + ",".join("1" * 5000) + "\n"}
    files.update({k: v.encode() for k, v in huge.items()})
    headers = {"no-known-headers.csv": "foo,bar,baz\n1,2,3\n", "dup-headers.csv": "客户名称,客户名称\n甲,乙\n",
               "header-only.csv": "客户名称,电话\n", "empty-header.csv": ",,,\n甲,1,2,3\n", "one-column.csv": "甲商行\n乙超市\n",
               "ragged.csv": "客户名称,电话\n甲,1,2,3,4\n乙\n", "unbalanced-quote.csv": '客户名称,电话\n"甲商行,1\n乙,2\n',
               "mixed-delims.csv": "客户名称;电话\t城市|备注\n甲,1;广州\t2|x\n", "tabs.tsv": "客户名称\t电话\n甲\t1\n",
               "semicolon.csv": "客户名称;电话\n甲;1\n", "crlf-cr.csv": "客户名称,电话\r甲,1\r\n乙,2\r",
               "formula.csv": "客户名称,电话\n=HYPERLINK(\"http://x\"),1\n=cmd|' /C calc'!A0,2\n",
               "escapes.csv": "客户名称,电话\n\x1b]2;pwned\x07甲,1\n\x1b[31m乙\x1b[0m,2\n",
               "dates-bad.csv": "客户名称,单号,到期日,金额\n甲商行,FP-5,2026-02-30,1\n甲商行,FP-6,99999-01-01,1\n",
               "future-pay.csv": "客户名称,付款日期,金额\n甲商行,2999-01-01,1\n", "neg.csv": "客户名称,付款日期,金额\n甲商行,2026-01-01,-5\n"}
    files.update({k: v.encode() for k, v in headers.items()})
    rows_many = "".join(f'<row r="{n}"/>' for n in range(2, 200_000))
    attacks = {
        "xxe.xlsx": _xlsx(sheet_xml=_sheet('<row r="2"><c r="A2" t="inlineStr"><is><t>&x;</t></is></c></row>',
                                             '<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>')),
        "laughs.xlsx": _xlsx(sheet_xml=_sheet('<row r="2"><c r="A2" t="inlineStr"><is><t>&d;</t></is></c></row>',
                                              '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
                                              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;">]>')),
        "malformed.xlsx": _xlsx(sheet_xml=b"<worksheet><sheetData><row>"),
        "not-xml.xlsx": _xlsx(sheet_xml=b"\x00\x01binary"),
        "sparse-20m.xlsx": _xlsx(sheet_xml=_sheet('<row r="20000000"/>')),
        "empty-rows.xlsx": _xlsx(sheet_xml=_sheet(rows_many)),
        "bomb-ratio.xlsx": _xlsx(extra={"xl/pad.bin": b"\0" * (50 * 2**20)}),
        "bomb-size.xlsx": _xlsx(extra={f"xl/pad{i}.bin": b"\0" * (60 * 2**20) for i in range(4)}),
        "formula.xlsx": _xlsx(rows=[["客户名称", "电话"], ["=1+1", "=HYPERLINK(\"http://x\")"], ["甲商行", "=A1"]]),
        "header-only.xlsx": _xlsx(rows=[["客户名称", "电话"]]),
        "no-sheet.xlsx": _xlsx(extra={}) .replace(b"xl/worksheets/sheet1.xml", b"xl/worksheets/sheet9.xml"),
        "huge-cell.xlsx": _xlsx(rows=[["编码", "客户名称"], ["C" * 10_000, "甲" * 30_000]]),
        "xlsx-named.csv": good_xlsx, "csv-named.xlsx": good, "xls-magic.xlsx": b"\xd0\xcf\x11\xe0" + rng.randbytes(500),
        "zip-no-workbook.xlsx": _zip_of({"hello.txt": b"hi"}),
    }
    files.update(attacks)
    return files


def _zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def classify(proc: subprocess.CompletedProcess | None) -> str:
    if proc is None:
        return "hang"
    text = proc.stderr + proc.stdout
    if "Traceback" in text or "unexpected error" in text:
        return "unexpected"
    if proc.returncode == 0:
        return "imported"
    if proc.returncode in (1, 2) and proc.stderr.strip():
        return "clear"
    return "unexpected"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", help="keep the corpus and database here (default: a temporary folder)")
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--kinds", default="customers,receivables,payments")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    folder = Path(args.out or tempfile.mkdtemp(prefix="salesterm-fuzz-"))
    (folder / "corpus").mkdir(parents=True, exist_ok=True)
    files = corpus(random.Random(args.seed))
    for name, data in files.items():
        (folder / "corpus" / name).write_bytes(data)
    db = folder / "fuzz.db"
    env = dict(os.environ, SALESTERM_TODAY=os.environ.get("SALESTERM_TODAY", "2026-11-29"))
    base = [sys.executable, "-m", "salesterm", "--db", str(db), "--lang", "en"]
    seed = folder / "seed.csv"
    seed.write_text("编码,客户名称\nC-1,甲商行\nC-2,乙超市\n", encoding="utf-8")
    subprocess.run([*base, "import", "customers", str(seed)], env=env, capture_output=True, timeout=120)
    counts = {"clear": 0, "imported": 0, "unexpected": 0, "hang": 0}
    slowest = (0.0, "")
    start = time.perf_counter()
    for name in sorted(files):
        for kind in args.kinds.split(","):
            t0 = time.perf_counter()
            try:
                proc = subprocess.run([*base, "import", kind, str(folder / "corpus" / name)], env=env,
                                      capture_output=True, text=True, errors="replace", timeout=args.timeout)
            except subprocess.TimeoutExpired:
                proc = None
            took = time.perf_counter() - t0
            slowest = max(slowest, (took, f"{kind} {name}"))
            outcome = classify(proc)
            counts[outcome] += 1
            if outcome in ("unexpected", "hang"):
                tail = "" if proc is None else (proc.stderr.strip().splitlines() or [""])[-1][:200]
                print(f"{outcome}: import {kind} {name} ({took:.1f} s) {tail}", flush=True)
    result = {"files": len(files), "runs": sum(counts.values()), **counts,
              "seconds": round(time.perf_counter() - start, 1), "slowest": f"{slowest[1]} {slowest[0]:.1f} s",
              "folder": str(folder)}
    print(json.dumps(result, ensure_ascii=False) if args.json else
          "  ".join(f"{k}: {v}" for k, v in result.items()))
    return 1 if counts["unexpected"] or counts["hang"] else 0


if __name__ == "__main__":
    sys.exit(main())
