"""How failures reach the user: one line on stderr; a bug's traceback goes to a log file.

Neither the line nor the log ever holds a password: both pass through domain.redact (a
`--db postgresql://user:secret@...` on the command line is logged as `user:***@`). The log
is written by salesterm/logfile.py (0600 in a 0700 folder)."""
from __future__ import annotations

import sys

from salesterm import logfile
from salesterm.domain.redact import redact


def user_error(exc: Exception) -> int:
    from salesterm.i18n import error_text

    print(f"salesterm: {redact(error_text(exc))}", file=sys.stderr)
    return 1


def internal_error(exc: Exception) -> int:
    where = logfile.append(exc)
    print(f"salesterm: unexpected error ({logfile.one_line(exc)}); details in {redact(where)}", file=sys.stderr)
    return 1
