"""One key stepping through a filter's choices (rep, kind, status, period, view...)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def next_choice(current: T | None, choices: Sequence[T], *, with_all: bool = True) -> T | None:
    """The choice after CURRENT, wrapping round. WITH_ALL puts None ("all") before the choices;
    a CURRENT no longer among them starts again from the first. No choices: CURRENT stays."""
    seq: list = [None, *choices] if with_all else list(choices)
    if not seq:
        return current
    i = seq.index(current) if current in seq else -1
    return seq[(i + 1) % len(seq)]
