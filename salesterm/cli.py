"""The command line of docs/architecture.md#command-line. Imports Textual only when it opens the TUI.

Each command lives in salesterm/cmds/<name>.py with `add_parser(subparsers)` and
`run(args, ctx) -> int`; this file parses the global options, dispatches, and turns
failures into one line (exit 1), never a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from datetime import date

from salesterm import __version__
from salesterm.domain.errors import UserError

# name on the command line -> module in salesterm.cmds
COMMANDS = {
    "check": "check",
    "backup": "check",
    "bench": "bench",
    "report": "report",
    "plan": "plan",
    "queue": "queue",
    "aging": "aging",
    "search": "search",
    "demo": "demo",
    "import": "transfer",
    "export": "transfer",
}


class Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: exit 2, one line, no traceback
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="salesterm", description="Field sales workstation (业务员/业务经理工作台)")
    parser.add_argument("--db", metavar="URL|PATH", help="SQLite file, sqlite:///PATH or postgresql://user@host:port/db")
    parser.add_argument("--today", metavar="YYYY-MM-DD", help="fix today's date (tests, demos)")
    parser.add_argument("--rep", metavar="NAME", help="the rep using salesterm")
    parser.add_argument("--lang", choices=["zh", "en"], help="interface language")
    parser.add_argument("--theme", metavar="NAME", help="colour theme")
    parser.add_argument("--version", action="version", version=f"salesterm {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    seen = set()
    for module_name in COMMANDS.values():
        if module_name in seen:
            continue
        seen.add(module_name)
        importlib.import_module(f"salesterm.cmds.{module_name}").add_parser(sub)
    return parser


def _today(args) -> date | None:
    import os

    from salesterm.domain.dates import parse_date

    text = args.today or os.environ.get("SALESTERM_TODAY")
    return parse_date(text) if text else None


def main(argv: list[str] | None = None) -> int:
    from salesterm.cmds.safe_output import safe_output

    with safe_output():  # user text never writes a control character to the terminal
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from salesterm.cmds import errors
    from salesterm.cmds.context import Context

    try:
        if args.lang:  # before --today is read, so its refusal is in that language too
            from salesterm import i18n

            i18n.set_language(args.lang)
        ctx = Context.from_args(args, _today(args))
        if args.command is None:
            return _open_tui(ctx)
        return args.run(args, ctx)
    except UserError as exc:
        return errors.user_error(exc)
    except KeyboardInterrupt:
        print("salesterm: interrupted; nothing was half-written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the user gets one line, the log gets the rest
        return errors.internal_error(exc)


def _open_tui(ctx) -> int:
    from salesterm.app import SalesTermApp

    from salesterm.cmds.safe_output import raw_output

    app = SalesTermApp(db=ctx.db_url, today=ctx.today, rep=ctx.rep, lang=ctx.lang, theme=ctx.theme)
    with raw_output():
        app.run()
    return app.return_code or 0


if __name__ == "__main__":
    raise SystemExit(main())
