"""salesterm check | backup FILE"""
from __future__ import annotations

from pathlib import Path

from salesterm.cmds.context import print_json


def add_parser(sub) -> None:
    p = sub.add_parser("check", help="integrity and foreign-key checks; prints the schema version")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_check)
    p = sub.add_parser("backup", help="online backup of the SQLite database to FILE")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(run=run_backup)


def run_check(args, ctx) -> int:
    from salesterm.store import db as store_db

    db = ctx.open_db(migrate=False, create=False)
    report = store_db.check(db)
    if args.json:
        print_json({"schema_version": report.schema_version, "latest_version": report.latest_version,
                    "ok": report.ok, "problems": report.problems, "counts": report.counts})
    else:
        print(f"database: {db.salesterm_target.describe()}")
        print(f"schema version: {report.schema_version} (this salesterm: {report.latest_version})")
        print("rows: " + ", ".join(f"{k} {v:,}" for k, v in report.counts.items()))
        for problem in report.problems:
            print(f"problem: {problem}")
        print("ok" if report.ok else f"{len(report.problems)} problem(s) found")
    return 0 if report.ok else 1


def run_backup(args, ctx) -> int:
    from salesterm.store import db as store_db

    db = ctx.open_db(migrate=False, create=False)
    dest = store_db.backup(db, Path(args.file))
    print(f"backup written to {dest}")
    return 0
