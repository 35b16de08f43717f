"""salesterm.log: where the traceback of a failure that is not the user's goes.

One writer for every part of salesterm (the CLI's cmds/errors.py, and the TUI's workers: this
module sits beside paths.py, below every layer): each entry is the time, the command line and
the traceback, with every password masked (domain/redact.py); the file is 0600 in a 0700
folder whatever the umask (paths.open_private). `RedactFilter` does the same masking for a
`logging` handler, should one write there.
"""
from __future__ import annotations

import contextlib
import logging
import os
import sys
import traceback

from salesterm import clock, paths
from salesterm.domain.redact import redact


def path():
    return paths.log_dir() / "salesterm.log"


def append(exc: BaseException, where: str | None = None) -> str:
    """Append the time, WHERE (default: the command line) and EXC's traceback to salesterm.log,
    passwords masked. Returns the log's path, or a note that it could not be written."""
    try:
        folder = paths.private_folder(paths.log_dir())
        with contextlib.suppress(OSError):
            os.chmod(folder, paths.PRIVATE_FOLDER)  # salesterm's own folder, once 0755
        target = folder / "salesterm.log"
        head = where if where is not None else " ".join(sys.argv)
        text = f"--- {clock.now().isoformat()} {head}\n" + "".join(traceback.format_exception(exc))
        with paths.open_private(target, "a", encoding="utf-8") as fh:
            fh.write(redact(text))
        return str(target)
    except OSError:
        return "(the log file could not be written)"


class RedactFilter(logging.Filter):
    """Masks passwords in a log record's message (and its traceback text) before it is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def one_line(exc: BaseException) -> str:
    """The exception's kind and the first line of its text, passwords masked:
    `OperationalError: database is locked`."""
    text = str(exc).strip()
    return redact(f"{type(exc).__name__}: {text.splitlines()[0]}" if text else type(exc).__name__)
