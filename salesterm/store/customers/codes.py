"""Customer codes: the next free code of the configured pattern (domain/customer_identity).

Callers hold a write transaction and the customer identity lock
(transactions.lock_customer_identity), which is what makes handing out codes race-free: on
SQLite the write transaction excludes other writers, on PostgreSQL the advisory lock
serialises every writer that creates customers. code_counter (migration 0008) remembers the
last number a pattern handed out; when it is missing, or its next code is taken (codes typed by
hand, demo data), the highest number of that pattern on file is looked up once.
"""
from __future__ import annotations

from collections.abc import Iterator

from salesterm import clock
from salesterm.domain import customer_identity as identity
from salesterm.store.models import CodeCounter, Customer


class CodeMaker:
    """Hands out codes of PATTERN not in use. TAKEN (every code on file, and codes a file being
    imported will use) spares a query per code; without it each code is checked in the database."""

    def __init__(self, pattern: str | None = None, *, taken: set[str] | None = None) -> None:
        self.pattern = identity.check_code_pattern(pattern)
        self.taken = taken
        row = CodeCounter.get_or_none(CodeCounter.pattern == self.pattern)
        self.last = row.last if row is not None else self._highest_on_file()
        self.saved = row is not None

    def _highest_on_file(self) -> int:
        before, after, shape = identity.code_shape(self.pattern)
        query = Customer.select(Customer.code).where(Customer.code.is_null(False))
        if before:
            query = query.where(Customer.code.startswith(before))
        if after:
            query = query.where(Customer.code.endswith(after))
        best = 0
        for (code,) in query.tuples().iterator():
            match = shape.fullmatch(code)
            if match:
                best = max(best, int(match.group(1)))
        return best

    def _used(self, code: str) -> bool:
        if self.taken is not None:
            return code in self.taken
        return Customer.select().where(Customer.code == code).exists()

    def next(self) -> str:
        jumped = False
        while True:
            self.last += 1
            code = self.pattern.format(seq=self.last)  # checked once, in __init__
            if not self._used(code):
                if self.taken is not None:
                    self.taken.add(code)
                return code
            if not jumped:  # someone else numbered customers this way: start after the highest
                jumped = True
                self.last = max(self.last, self._highest_on_file())

    def __iter__(self) -> Iterator[str]:
        while True:
            yield self.next()

    def save(self) -> None:
        """Remember the last number (inside the caller's transaction)."""
        if self.saved:
            CodeCounter.update(last=self.last, updated_at=clock.now()).where(
                CodeCounter.pattern == self.pattern).execute()
        else:
            CodeCounter.insert(pattern=self.pattern, last=self.last, updated_at=clock.now()).execute()
            self.saved = True


def next_code(pattern: str | None = None) -> str:
    """One new code (the caller holds the write transaction and the identity lock)."""
    maker = CodeMaker(pattern)
    code = maker.next()
    maker.save()
    return code


def all_codes() -> set[str]:
    """Every code on file, archived and merged customers' included (the unique index's view)."""
    return {code for (code,) in Customer.select(Customer.code).where(Customer.code.is_null(False))
            .tuples().iterator()}
