"""No control character of user text reaches the terminal from a command.

While a command runs, standard output and standard error are wrapped so that every control
character but tab and newline is written as ``\\u001b`` (`domain.safe_text.escaped`): a
customer name holding an escape sequence, imported before it was refused, or a file's header
row shown in an error line, prints as readable text. Inside a JSON string that is the same
value, so `--json` output stays valid and equal. Progress lines, which move the cursor on
purpose, write to the stream under the wrapper (`unfiltered`).
"""
from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import TextIO

from salesterm.domain.safe_text import escaped


class SafeStream:
    """A text stream that escapes control characters in what is written to it."""

    def __init__(self, stream: TextIO) -> None:
        self.unfiltered = stream

    def write(self, text: str) -> int:
        self.unfiltered.write(escaped(text))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str):
        return getattr(self.unfiltered, name)


def unfiltered(stream: TextIO) -> TextIO:
    """The stream under a SafeStream (or STREAM itself)."""
    return getattr(stream, "unfiltered", stream)


@contextlib.contextmanager
def safe_output() -> Iterator[None]:
    """sys.stdout and sys.stderr escape control characters until the block ends."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(out), SafeStream(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


@contextlib.contextmanager
def raw_output() -> Iterator[None]:
    """The streams as they were, for the TUI (Textual draws with escape sequences)."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = unfiltered(out), unfiltered(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
