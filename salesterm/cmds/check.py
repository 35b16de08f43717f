"""salesterm check | backup FILE"""
from __future__ import annotations

from pathlib import Path

from salesterm.cmds.context import print_json


def add_parser(sub) -> None:
    p = sub.add_parser("check", help="integrity and foreign-key checks, the ledger's derived figures "
                                     "recomputed; prints the schema version")
    p.add_argument("--json", action="store_true")
    p.add_argument("--repair", action="store_true",
                   help="rebuild the derived figures (paid, customer summaries, search stamps), never the ledger rows")
    p.set_defaults(run=run_check)
    p = sub.add_parser("backup", help="online backup of the SQLite database to FILE")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(run=run_backup)


def run_check(args, ctx) -> int:
    from salesterm.domain.errors import Message
    from salesterm.i18n import error_text
    from salesterm.store.ledger import repair, verify

    db = ctx.open_db(migrate=False, create=False)
    repaired = repair.repair(db) if args.repair else None
    report = verify.check(db)
    if args.json:
        out = {"schema_version": report.schema_version, "latest_version": report.latest_version,
               "ok": report.ok, "problems": report.problems, "counts": report.counts,
               "findings": [p.to_json() for p in report.findings]}
        if repaired is not None:
            out["repaired"] = {"paid_rows": repaired.paid_rows, "fixed": [p.to_json() for p in repaired.fixed]}
        print_json(out)
        return 0 if report.ok else 1
    print(f"database: {db.salesterm_target.describe()}")
    print(f"schema version: {report.schema_version} (this salesterm: {report.latest_version})")
    print("rows: " + ", ".join(f"{k} {v:,}" for k, v in report.counts.items()))
    if repaired is not None:
        for p in repaired.fixed:
            print(error_text(Message("check.repaired", problem=p.message)))
        print(error_text(Message("check.repaired_paid", count=repaired.paid_rows)))
        print(error_text(Message("check.repaired_summaries")))
    engine = len(report.problems) - len(report.findings)
    for problem in report.problems[:engine]:
        print(f"problem: {problem}")
    for p in report.findings:
        print(f"problem: {error_text(p.message)}")
    derived = sum(1 for p in report.findings if p.derived)
    if derived:
        print(error_text(Message("check.derived_left", count=derived)))
    if len(report.findings) - derived:
        print(error_text(Message("check.needs_human", count=len(report.findings) - derived)))
    print("ok" if report.ok else f"{len(report.problems)} problem(s) found")
    return 0 if report.ok else 1


def run_backup(args, ctx) -> int:
    from salesterm.store import db as store_db

    db = ctx.open_db(migrate=False, create=False)
    dest = store_db.backup(db, Path(args.file))
    print(f"backup written to {dest}")
    return 0
