"""The log of unexpected errors, shared by the command line and the TUI: salesterm.log in the
platform's user log folder, one entry per failure (the time, the command line, the traceback)."""
from __future__ import annotations

import sys
import traceback

from salesterm import clock, paths


def write_log(exc: BaseException) -> str:
    """Append EXC's traceback to salesterm.log; the log's path (or why it could not be written)."""
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


def one_line(exc: BaseException) -> str:
    """The exception's kind and the first line of its text: `OperationalError: database is locked`."""
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0]}" if text else type(exc).__name__
