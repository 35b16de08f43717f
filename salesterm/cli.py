"""The command line of docs/architecture.md#command-line. Imports Textual only when it opens the TUI.

Each command lives in salesterm/cmds/<name>.py with `add_parser(subparsers)` and
`run(args, ctx) -> int`; this file parses the global options, dispatches, and turns
failures into one line (exit 1), never a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from salesterm import __version__, i18n
from salesterm.cmds.options import bound_integer_options
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
    "sync": "sync",
    "conflicts": "sync",
    "server": "server",
    "handover": "handover",
    "audit": "audit",
    "orders": "orders",
    "settings": "settings",
}


@contextmanager
def _argparse_in_language() -> Iterator[None]:
    """argparse builds its texts ("usage:", "invalid choice: ...", "the following arguments are
    required: ...") through gettext's `_` and `ngettext`, looked up in its module each time: while
    our parser is built and used they come from our catalogs (zh_CN/cli.toml), then are put back."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = i18n._, i18n.ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class Parser(argparse.ArgumentParser):
    """argparse in the user's language: its own texts while the parser is built, parses and
    formats usage and help; a command's own usage refusal looked up whole. Usage errors exit 2
    with one line, no traceback."""

    def __init__(self, *args, **kwargs):
        with _argparse_in_language():
            super().__init__(*args, **kwargs)

    def parse_args(self, args=None, namespace=None):
        with _argparse_in_language():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with _argparse_in_language():
            return super().parse_known_args(args, namespace)

    def format_usage(self):
        with _argparse_in_language():
            return super().format_usage()

    def format_help(self):
        with _argparse_in_language():
            return super().format_help()

    def error(self, message):
        self.print_usage(sys.stderr)
        message = i18n.error_text(message)
        self.exit(2, i18n._("%(prog)s: error: %(message)s\n") % {"prog": self.prog, "message": message})


def _choose_language(argv: list[str]) -> None:
    """The language, chosen before the command line is parsed so that argparse's own refusals
    come in it too: --lang (when it names a language), else the config file, else the locale."""
    explicit = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            explicit = argv[i + 1]
        elif arg.startswith("--lang="):
            explicit = arg.partition("=")[2]
    if explicit not in i18n.LANGS:
        explicit = None  # argparse refuses it below, in the language chosen without it
    try:
        from salesterm import config as config_mod

        configured = config_mod.load().get("lang")
    except (UserError, OSError):
        configured = None  # a broken or unreadable config file is reported once the command runs
    i18n.set_language(i18n.detect(explicit, configured))


_VALUED = ("--db", "--today", "--rep", "--lang", "--theme")  # global options that take a value


APP = ""  # what command_in answers for the app: global options only, no command


def command_in(argv: list[str]) -> str | None:
    """The command ARGV runs, when it plainly names one (after the global options); APP when
    ARGV holds global options with their values and nothing else (the app opens); None for
    help, the version, or anything argparse should judge with every command known."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in _VALUED:
            if i + 1 >= len(argv):
                return None  # an option without its value: argparse says so
            i += 2
            continue
        if arg.startswith("--") and arg.partition("=")[0] in _VALUED:
            i += 1
            continue
        if arg.startswith("-"):
            return None  # --help, --version, a mistyped option: the whole parser answers
        return arg if arg in COMMANDS else None
    return APP


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command; or, given COMMAND, of that one only (a one-shot command
    such as `search` then imports no other command's module: a part of its start-up time);
    given APP, of the global options only (opening the app imports no command's module)."""
    parser = Parser(prog="salesterm", description="Field sales workstation (业务员/业务经理工作台)")
    parser.add_argument("--db", metavar="URL|PATH", help="SQLite file, sqlite:///PATH or postgresql://user@host:port/db")
    parser.add_argument("--today", metavar="YYYY-MM-DD", help="fix today's date (tests, demos)")
    parser.add_argument("--rep", metavar="NAME", help="the rep using salesterm")
    parser.add_argument("--lang", choices=["zh", "en"], help="interface language")
    parser.add_argument("--theme", metavar="NAME", help="colour theme")
    parser.add_argument("--version", action="version", version=f"salesterm {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    seen = set()
    wanted = COMMANDS.values() if command is None else [COMMANDS[command]] if command else []
    for module_name in wanted:
        if module_name in seen:
            continue
        seen.add(module_name)
        importlib.import_module(f"salesterm.cmds.{module_name}").add_parser(sub)
    bound_integer_options(parser)  # the benchmarks' counts too: out of range is a usage error
    return parser


def _today(args) -> date | None:
    import os

    from salesterm.domain.dates import parse_date

    text = args.today or os.environ.get("SALESTERM_TODAY")
    return parse_date(text) if text else None


def _forget_passwords() -> None:
    """Mask a password given on the command line (--db postgresql://user:secret@...) in
    sys.argv once parsed, so nothing later prints or logs it. Better still, give none there:
    libpq reads PGPASSWORD, ~/.pgpass or a service file for a URL without one."""
    from salesterm.domain.redact import redact

    sys.argv[:] = [redact(arg) for arg in sys.argv]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    _choose_language(argv)
    from salesterm.cmds.safe_output import safe_output

    with safe_output():  # user text never writes a control character to the terminal
        return _main(argv)


def _main(argv: list[str]) -> int:
    parser = build_parser(command_in(argv))
    args = parser.parse_args(argv)
    _forget_passwords()
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

    if ctx.rep_given:  # --rep names an existing rep (or the login's own on a team server), never a new one
        db = ctx.open_db()
        try:
            ctx.session_rep(db)
        finally:
            db.close()
    app = SalesTermApp(db=ctx.db_url, today=ctx.today, rep=ctx.rep, lang=ctx.lang, theme=ctx.theme)
    with raw_output():
        app.run()
    return app.return_code or 0


if __name__ == "__main__":
    raise SystemExit(main())
