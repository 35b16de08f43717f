"""salesterm server user add REP --login LOGIN --role rep|manager|admin [--manager REP]
salesterm server user list [--json] | server user disable LOGIN

The password is never an argument: it is typed at a prompt (twice), or read from stdin's first
line when stdin is not a terminal; left empty, one is generated and shown once.
"""
from __future__ import annotations

import sys


def add_to(server_sub) -> None:
    p = server_sub.add_parser("user", help="logins of the team server: add, list, disable")
    users = p.add_subparsers(dest="user_command", metavar="COMMAND", required=True, parser_class=type(p))
    add = users.add_parser("add", help="create a login for a rep (password from the prompt or stdin)")
    add.add_argument("rep", metavar="REP", help="the rep's name (created when new)")
    add.add_argument("--login", required=True, metavar="LOGIN", help="the PostgreSQL login name")
    add.add_argument("--role", required=True, choices=["rep", "manager", "admin"])
    add.add_argument("--manager", metavar="REP", help="the rep's manager (an existing rep)")
    add.set_defaults(run=run_add)
    ls = users.add_parser("list", help="every login: rep, role, manager, disabled")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(run=run_list)
    off = users.add_parser("disable", help="the person can no longer log in; their data stays")
    off.add_argument("login", metavar="LOGIN")
    off.set_defaults(run=run_disable)


def server_url(ctx) -> str:
    """The team server: --db (or $SALESTERM_DB, the config's db) when it is PostgreSQL, else the
    config's `server`."""
    url = ctx.db_url
    if not str(url).startswith(("postgresql://", "postgres://")) and ctx.config.get("server"):
        url = ctx.config.get("server")
    return url


def open_server(ctx):
    from salesterm.store.db import open_database

    return open_database(server_url(ctx))


def read_password(stdin=None) -> tuple[str, bool]:
    """(password, generated): typed twice at a prompt, or stdin's first line; empty: generated."""
    from salesterm.domain.errors import UserError
    from salesterm.i18n import _
    from salesterm.store.team.users import generate_password

    stdin = stdin or sys.stdin
    if stdin.isatty():
        import getpass

        first = getpass.getpass(_("Password (empty: generate one): "))
        if first and getpass.getpass(_("Password again: ")) != first:
            raise UserError("team.passwords_differ")
    else:
        first = stdin.readline().rstrip("\r\n")
    if not first:
        return generate_password(), True
    return first, False


def run_add(args, ctx) -> int:
    from salesterm.i18n import _
    from salesterm.store.team import users

    password, generated = read_password()
    db = open_server(ctx)
    user = users.add_user(db, args.rep, args.login, args.role, password, manager=args.manager)
    print(_("Login {login} added for {rep} ({role}).").format(login=user.login, rep=user.rep,
                                                             role=_(user.role)))
    if generated:
        print(_("Password (shown once, give it to {rep} in person): {password}").format(
            rep=user.rep, password=password))
    return 0


def run_list(args, ctx) -> int:
    from salesterm.cmds.context import print_json
    from salesterm.cmds.textable import print_table
    from salesterm.i18n import _
    from salesterm.store.team import users

    rows = users.list_users(open_server(ctx))
    if args.json:
        print_json([u.to_json() for u in rows])
        return 0
    def synced(u, key):
        return (u.sync or {}).get(key) or ""

    print_table([_("Login"), _("Rep"), _("Role"), _("Manager"), _("Disabled"), _("Last sync"), _("Last push"),
                 _("Pushed"), _("Conflicts"), _("Version")],
                [[u.login, u.rep, _(u.role), u.manager, _("yes") if u.disabled else "",
                  synced(u, "last_sync").replace("T", " ") or _("never synced"),
                  synced(u, "last_push").replace("T", " "), str(synced(u, "pushed")),
                  str(synced(u, "conflicts")), synced(u, "version")] for u in rows])
    return 0


def run_disable(args, ctx) -> int:
    from salesterm.i18n import _
    from salesterm.store.team import users

    user = users.disable_user(open_server(ctx), args.login)
    print(_("Login {login} disabled: {rep} can no longer log in; their customers and history stay.").format(
        login=user.login, rep=user.rep))
    return 0
