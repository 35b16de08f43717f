"""salesterm sync [--server URL] [--json] | salesterm conflicts [--json] [--all]"""
from __future__ import annotations

import os
import sys

from salesterm.cmds.context import print_json


def add_parser(sub) -> None:
    p = sub.add_parser("sync", help="push this replica's changes to the team server, then pull the team's")
    p.add_argument("--server", metavar="URL", help="the team server (postgresql://user@host/db); "
                                                   "else `server` in the config, else the one joined before")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_sync)
    p = sub.add_parser("conflicts", help="fields changed on two sides to different values, and what was kept")
    p.add_argument("--all", action="store_true", help="resolved conflicts too")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_conflicts)


def _server(args, ctx) -> str:
    from salesterm.domain.errors import UserError
    from salesterm.store.sync import replica

    if args.server:
        return args.server
    if ctx.config.get("server"):
        return str(ctx.config.get("server"))
    me = replica.site()
    if me and me["server"]:
        return me["server"]
    raise UserError("sync.no_server_given")


def run_sync(args, ctx) -> int:
    from salesterm.domain.errors import UserError
    from salesterm.i18n import _
    from salesterm.store.sync import engine

    ctx.open_db()
    page = int(os.environ.get("SALESTERM_SYNC_PAGE") or engine.PULL_PAGE)  # smaller pages: the crash tests
    try:
        result = engine.sync(_server(args, ctx), ctx.rep or "", page=max(1, page))
    except UserError as exc:
        if exc.msgid == "sync.cannot_reach":  # the engine records every other failure itself
            from salesterm.store.sync import replica

            replica.finished(str(exc))  # the app's section bar shows why (store/sync/status)
        raise
    if result.clock_ahead_hours:
        from salesterm.domain.errors import Message
        from salesterm.i18n import error_text

        print("salesterm: " + error_text(Message("sync.clock_ahead", hours=result.clock_ahead_hours)),
              file=sys.stderr)
    _notes(result)
    if args.json:
        print_json(result.to_json())
        return 0
    print(_("pushed {pushed}, pulled {pulled}, conflicts {conflicts}, rejected {rejected} "
            "in {seconds} s (server at {server_seq})").format(**result.to_json()))
    if result.gained or result.lost:  # a handover moved customers to or from this login
        from salesterm.i18n import counted

        print(_("your share changed: {gained} came to this laptop, {lost} left it").format(
            gained=counted(result.gained, "{n} customer", "{n} customers"),
            lost=counted(result.lost, "{n} customer", "{n} customers")))
    _print_duplicates(result.duplicates)
    return 0


def _notes(result) -> None:
    """What the sync tells on stderr: the hub one schema version ahead, a re-download."""
    from salesterm.domain.errors import Message
    from salesterm.i18n import error_text

    if result.hub_ahead:
        print("salesterm: " + error_text(Message("sync.hub_one_ahead")), file=sys.stderr)
    if result.redownloaded:
        print("salesterm: " + error_text(Message("sync.redownload")), file=sys.stderr)


def _print_duplicates(pairs: list[dict]) -> None:
    """A first sync's possible duplicates: this laptop's customer and the server's that look alike."""
    from salesterm.i18n import _, counted

    if not pairs:
        return
    print(counted(len(pairs), "{n} of your customers looks like one already on the server (not merged):",
                  "{n} of your customers look like ones already on the server (not merged):"))
    for pair in pairs:
        mine, theirs = pair["mine"], pair["theirs"]
        why = _("same phone") if pair["rule"] == "phone" else _("same name and city")
        print(f"  {mine['code'] or '-'} {mine['name']} ({mine['city'] or '-'})  ~  "
              f"{theirs['code'] or '-'} {theirs['name']} ({theirs['city'] or '-'})  [{why}]")
    print(_("find them in the customers list with the filter dup, and merge the ones that are the same"))


def run_conflicts(args, ctx) -> int:
    from salesterm.i18n import _
    from salesterm.store.sync import conflicts

    db = ctx.open_db()
    with db.atomic():
        rows = conflicts.listing(None if args.all else "open")
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print(_("No conflicts."))
        return 0
    from salesterm.domain.money import format_money

    for r in rows:
        if conflicts.is_money(r):  # amounts in yuan as the user reads them: 144.39, not 14439 fen
            r = {**r, **{k: format_money(r[k]) for k in ("base", "mine", "theirs") if isinstance(r[k], int)}}
        print(_("{table} {row_id} {field}: base {base!r}, mine {mine!r} ({mine_by}, {mine_at}), "
                "theirs {theirs!r} ({theirs_by}, {theirs_at}) [{status}]").format(**r))
    return 0
