"""Whole-number options: a number out of range is a usage error (exit 2), never an overflow.

`whole_number(low, high)` is the argparse `type=` of every integer option (--limit, --customers,
--cap, --seed, the benchmarks' counts); `bound_integer_options(parser)` gives any option still
declared `type=int` the default range, so no integer reaches SQLite or PostgreSQL unchecked.
"""
from __future__ import annotations

import argparse

# counts, limits and caps: far above anything useful, far below a 64-bit integer's end
LARGEST = 1_000_000_000
# seeds are handed to random.Random only, but are kept to what a BIGINT holds
LARGEST_SEED = 2**63 - 1


def whole_number(low: int, high: int, *, command_checks_low: bool = False):
    """An argparse type: a whole number from LOW to HIGH. With COMMAND_CHECKS_LOW a number
    below LOW (down to -HIGH) is let through to the command, which refuses it with its own
    message and exit 1, as it always has (queue --limit -1, demo --customers 0, plan --cap 0)."""
    floor = -high if command_checks_low else low

    def convert(text: str) -> int:
        number = int(text)  # not a number: ValueError, argparse's own "invalid int value: 'x'"
        if not floor <= number <= high:
            from salesterm.domain.errors import Message, shown
            from salesterm.i18n import error_text

            raise argparse.ArgumentTypeError(error_text(Message(
                "options.whole_number_from_low_high", low=f"{low:,}", high=f"{high:,}", value=shown(text))))
        return number

    convert.__name__ = "int"  # argparse names the type in "invalid int value"
    return convert


def bound_integer_options(parser: argparse.ArgumentParser, low: int = 0, high: int = LARGEST) -> None:
    """Every option of PARSER and its sub-commands still declared `type=int`: LOW to HIGH."""
    for action in parser._actions:
        if action.type is int:
            action.type = whole_number(low, high)
        if isinstance(action, argparse._SubParsersAction):
            for sub in set(action.choices.values()):
                bound_integer_options(sub, low, high)
