"""Progress for long commands: shown on a terminal, silent when piped."""
from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, label: str, total: int | None = None, stream=None):
        # under the control-character filter (cmds.safe_output): the carriage return is meant
        self.stream = getattr(stream or sys.stderr, "unfiltered", stream or sys.stderr)
        self.enabled = self.stream.isatty()
        self.label = label
        self.total = total
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None) -> None:
        if not self.enabled:
            return
        total = total if total is not None else self.total
        now = time.monotonic()
        if now - self._last < 0.1 and (total is None or done < total):
            return
        self._last = now
        if total:
            pct = 100 * done // max(total, 1)
            self.stream.write(f"\r{self.label}: {done:,}/{total:,} ({pct}%)")
        else:
            self.stream.write(f"\r{self.label}: {done:,}")
        self.stream.flush()

    def done(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
