"""salesterm import {customers|contacts|...} FILE [--dry-run] [--encoding ENC] [--good-rows]
salesterm export {customers|contacts|visits|deals|receivables|payments|notes|orders} FILE [--lang zh]

Bad rows go to stderr, one line each (`line N, column C: why`); the summary goes to stdout.
A file with bad rows imports nothing (exit 1) unless --good-rows is given.
"""
from __future__ import annotations

import argparse
import sys

from salesterm.cmds.progress import Progress
from salesterm.i18n import _, counted
from salesterm.import_text import IMPORTERS, row_error, run_importer, summary

IMPORT_RULES = """\
rules:
  - every bad row is reported as "line N, column C: why"; nothing is imported unless
    --good-rows, which imports the valid rows and reports the others
  - the import is one transaction: interrupted, it leaves the database as it was
  - headers: the English names `export` writes, or the usual Chinese ones (客户名称, 编码,
    类型, 等级, 城市/地区, 地址, 联系人, 电话/手机, 业务员, 信用额度, 发薪日, 上午不收款, 行业, 标签)
  - a customer whose phone number, or whose name (ignoring spaces and punctuation) in the
    same city, is already in the file or the database is a bad row, never a second copy;
    the same name in another city is imported and listed as a possible duplicate (find
    them later with the customers list's `dup` filter)
  - a row whose 编码 (code) is an existing customer's code updates that customer: filled
    cells overwrite, empty cells keep what is stored; a new customer without a code gets
    one from `[customers] code_pattern` in the config (default C{seq:06d})
  - 联系人 with 电话/手机 becomes the customer's first contact; contacts files name the
    customer by name or code (客户名称 / 客户编码)
  - products: 商品编码/编码, 商品名称/名称, 规格, 单位, 箱规/装箱数/换算, 条码/条形码, 单价/售价,
    品牌, 类别/分类, 状态; a row whose code is on file updates that product
  - prices: one row a product's price in a price list (价目表, 商品编码, 价格; 客户类型, 等级,
    开始日期, 结束日期 make a new list); an existing list keeps its kind and dates
"""
EXPORTS = ("customers", "contacts", "visits", "deals", "receivables", "payments", "notes", "products", "orders")
def add_parser(sub) -> None:
    p = sub.add_parser("import", help="import customers or contacts from a .csv or .xlsx file",
                       description="Import a CSV (UTF-8, UTF-8 with BOM or GBK/GB18030, detected) or .xlsx "
                                   "file. A file with any bad row imports nothing unless --good-rows.",
                       epilog=IMPORT_RULES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=list(IMPORTERS), metavar="{" + "|".join(IMPORTERS) + "}")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="check the file and report, write nothing")
    p.add_argument("--encoding", metavar="ENC", help="the CSV's text encoding when detection gets it wrong")
    p.add_argument("--good-rows", action="store_true", help="import the valid rows and report the bad ones")
    p.set_defaults(run=run_import)
    p = sub.add_parser("export", help="export a table to a .csv (UTF-8 with BOM) or .xlsx file")
    p.add_argument("kind", choices=EXPORTS, metavar="{" + "|".join(EXPORTS) + "}")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--lang", choices=["zh", "en"], dest="export_lang",
                   help="zh: Chinese headers and readable values (import reads them back); "
                        "without it, the English field names scripts read")
    p.set_defaults(run=run_export)


class StepProgress:
    """(step, done, total) progress on a terminal: one line per step."""

    def __init__(self, what: str):
        self.what = what
        self.current: Progress | None = None
        self.step = ""

    def __call__(self, step: str, done: int, total: int) -> None:
        if step != self.step:
            self.close()
            self.step = step
            self.current = Progress(_("{step} {what}", step=_(step), what=_(self.what)).strip(), total)
        self.current(done, total)

    def close(self) -> None:
        if self.current is not None:
            self.current.done()
            self.current = None


def run_import(args, ctx) -> int:
    db = ctx.open_db()
    from salesterm.store.team.audit import set_source

    set_source("import", db)  # on a team server the audit trail says these changes came from an import
    progress = StepProgress(args.kind)
    try:
        report = run_importer(args.kind, args.file, dry_run=args.dry_run, encoding=args.encoding,
                              progress=progress, good_rows_only=args.good_rows,
                              code_pattern=ctx.config.get("customers.code_pattern"))
    finally:
        progress.close()
    for error in report.errors:
        print(row_error(error), file=sys.stderr)
    if report.errors and not args.good_rows:
        bad = len({e.line for e in report.errors})
        print("salesterm: " + _("{bad} bad row(s) of {rows}: nothing was imported (fix them, or give "
                                "--good-rows to import the other rows)", bad=f"{bad:,}", rows=f"{report.rows:,}"),
              file=sys.stderr)
        return 1
    print(summary(report, args.kind))
    if report.possible_duplicates:
        print(counted(len(report.possible_duplicates), "{n} possible duplicate (same name, another city):",
                      "{n} possible duplicates (same name, another city):"))
        for found in report.possible_duplicates:
            print("  " + row_error(found))
    if report.ignored_columns:
        print(_("columns not imported: {columns}", columns=", ".join(report.ignored_columns)))
    return 0


def run_export(args, ctx) -> int:
    from salesterm.store.io.exporting import export_table
    from salesterm.store.io.tabular import check_extension

    check_extension(args.file)
    ctx.open_db(create=False)
    progress = Progress(_("{step} {what}", step=_("exporting"), what=_(args.kind)))
    try:
        # Chinese headers only when asked for on the command line (`export ... --lang zh`, or the
        # global `--lang zh`): a language from the config or the locale never changes the file
        count = export_table(args.kind, args.file, progress=progress,
                             lang=getattr(args, "export_lang", None) or args.lang or "en")
    finally:
        progress.done()
    print(_("exported {n} {kind} to {path}", n=f"{count:,}", kind=_(args.kind), path=args.file))
    return 0
