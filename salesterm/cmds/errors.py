"""How failures reach the user: one line on stderr; a bug's traceback goes to a log file."""
from __future__ import annotations

import sys
import traceback

from salesterm import clock, paths


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


def write_log(exc: BaseException) -> str:
    try:
        folder = paths.log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "salesterm.log"
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"--- {clock.now().isoformat()} {' '.join(sys.argv)}\n")
            fh.write("".join(traceback.format_exception(exc)))
        return str(path)
    except OSError:
        return "(the log file could not be written)"
