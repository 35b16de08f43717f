"""salesterm server ...: the team server's commands (issue 13's users; `server init` of issue 12
is merged in here by the lead). Each subcommand registers itself from its own module."""
from __future__ import annotations


def add_parser(sub) -> None:
    from salesterm.cmds import server_users

    p = sub.add_parser("server", help="the team server: its logins (server user add/list/disable)")
    server_sub = p.add_subparsers(dest="server_command", metavar="COMMAND", required=True,
                                  parser_class=type(p))
    server_users.add_to(server_sub)
