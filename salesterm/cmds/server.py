"""salesterm server ...: the team server (a PostgreSQL database). `server init URL` creates or
upgrades it (the schema, the sync change log and capture, then the team's roles, row-level
security and audit); `server prune URL` drops old change-log entries (store/sync/prune);
`server user ...` manages its logins (cmds/server_users)."""
from __future__ import annotations

from salesterm.cmds.context import print_json


def add_parser(sub) -> None:
    from salesterm.cmds import server_users

    p = sub.add_parser("server", help="the team server (a PostgreSQL database): init, its logins")
    actions = p.add_subparsers(dest="server_action", required=True, metavar="ACTION", parser_class=type(p))
    init = actions.add_parser("init", help="create or upgrade the team database: schema, change log, capture, "
                                           "roles and row-level security")
    init.add_argument("url", metavar="URL")
    init.add_argument("--json", action="store_true")
    init.set_defaults(run=run_init)
    prune = actions.add_parser("prune", help="drop change-log entries older than N days, deletes among them; "
                                             "laptops with an older copy re-download their share")
    prune.add_argument("url", metavar="URL")
    prune.add_argument("--keep-days", type=int, default=90, metavar="N", help="keep the last N days of changes (90)")
    prune.add_argument("--json", action="store_true")
    prune.set_defaults(run=run_prune)
    server_users.add_to(actions)


def run_init(args, ctx) -> int:
    from salesterm.domain.errors import UserError
    from salesterm.domain.redact import redact
    from salesterm.i18n import _
    from salesterm.store.db import open_database, parse_target
    from salesterm.store.sync import engine, hub_schema, hub_upgrade
    from salesterm.store.team import schema as team_schema

    target = parse_target(args.url)
    if target.kind != "postgresql":
        raise UserError("sync.server_not_postgresql", value=redact(args.url))
    db = open_database(args.url)  # existing migrations, the hub's tables among them
    version = db.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()[0]
    db.close()
    conn = engine.connect(args.url)
    try:
        done = hub_schema.install(conn)
    finally:
        conn.close()
    db = open_database(args.url)
    try:
        team_schema.apply(db)  # roles, grants, row-level security, the audit trail (store/team)
    finally:
        db.close()
    conn = engine.connect(args.url)
    try:
        hub_upgrade.record(conn)  # what an upgrade by another route compares with (store/sync/hub_upgrade)
        conn.commit()
    finally:
        conn.close()
    out = {"server": target.describe(), "schema_version": version, **done}
    if args.json:
        print_json(out)
        return 0
    print(_("team server ready at {server}: schema {schema_version}, capture on {tables} tables, "
            "{backfilled} existing rows entered in the change log").format(**out))
    return 0


def run_prune(args, ctx) -> int:
    from salesterm.domain.errors import UserError
    from salesterm.domain.redact import redact
    from salesterm.i18n import _
    from salesterm.store.db import parse_target
    from salesterm.store.sync import engine, hub_schema, prune

    target = parse_target(args.url)
    if target.kind != "postgresql":
        raise UserError("sync.server_not_postgresql", value=redact(args.url))
    if args.keep_days < 0:
        raise UserError("sync.bad_keep_days", value=args.keep_days)
    conn = engine.connect(args.url)
    try:
        with conn.cursor() as cur:
            if not hub_schema.is_hub(cur):
                raise UserError("sync.not_a_hub", where=target.describe())
        conn.commit()
        done = prune.prune(conn, args.keep_days)
    finally:
        conn.close()
    out = {"server": target.describe(), "keep_days": args.keep_days, **done}
    if args.json:
        print_json(out)
        return 0
    print(_("change log of {server} pruned up to {horizon}: {removed} entries removed ({tombstones} of them "
            "deletes), {kept} entries left").format(**out))
    return 0
