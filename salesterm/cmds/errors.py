"""How failures reach the user: one line on stderr; a bug's traceback goes to a log file."""
from __future__ import annotations

import sys

from salesterm.errlog import write_log


def user_error(exc: Exception) -> int:
    from salesterm.i18n import error_text

    print(f"salesterm: {error_text(exc)}", file=sys.stderr)
    return 1


def internal_error(exc: Exception) -> int:
    where = write_log(exc)
    print(
        f"salesterm: unexpected error ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); "
        f"details in {where}",
        file=sys.stderr,
    )
    return 1
