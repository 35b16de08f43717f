"""How failures reach the user: one line on stderr; a bug's traceback goes to a log file.

Neither the line nor the log ever holds a password: both pass through domain.redact (a
`--db postgresql://user:secret@...` on the command line is logged as `user:***@`). The log
file is 0600 in a 0700 folder (salesterm/paths.py)."""
from __future__ import annotations

import contextlib
import os
import sys
import traceback

from salesterm import clock, paths
from salesterm.domain.redact import redact


def user_error(exc: Exception) -> int:
    from salesterm.i18n import error_text

    print(f"salesterm: {redact(error_text(exc))}", file=sys.stderr)
    return 1


def internal_error(exc: Exception) -> int:
    where = write_log(exc)
    first = str(exc).splitlines()[0] if str(exc) else ""
    print(redact(f"salesterm: unexpected error ({type(exc).__name__}: {first}); details in {where}"),
          file=sys.stderr)
    return 1


def write_log(exc: BaseException) -> str:
    """Append the time, the command line and EXC's traceback to salesterm.log, passwords masked."""
    try:
        folder = paths.private_folder(paths.log_dir())
        with contextlib.suppress(OSError):
            os.chmod(folder, paths.PRIVATE_FOLDER)  # salesterm's own folder, once 0755
        path = folder / "salesterm.log"
        command = " ".join(redact(arg) for arg in sys.argv)
        text = f"--- {clock.now().isoformat()} {command}\n" + "".join(traceback.format_exception(exc))
        with paths.open_private(path, "a", encoding="utf-8") as fh:
            fh.write(redact(text))
        return str(path)
    except OSError:
        return "(the log file could not be written)"
