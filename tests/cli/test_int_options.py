"""Every whole-number option has a range: out of it is a usage error (exit 2), never an overflow."""
from __future__ import annotations

import argparse

import pytest

HUGE = "99999999999999999999"


def _parse(argv):
    from salesterm.cli import build_parser

    return build_parser().parse_args(argv)


def test_queue_limit_too_large_is_a_usage_error(run_cli, tmp_path):
    db = str(tmp_path / "q.db")
    proc = run_cli("queue", "--limit", HUGE, db=db)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "Overflow" not in proc.stderr
    assert f"argument --limit: give a whole number from 0 to 1,000,000,000, not {HUGE}" in proc.stderr
    zh = run_cli("--lang", "zh", "queue", "--limit", "1", "--json", db=db)
    assert zh.returncode == 0 and zh.stdout.strip() == "[]"


@pytest.mark.parametrize("argv", [
    ["queue", "--limit", HUGE],
    ["search", "x", "--limit", HUGE],
    ["demo", "--customers", HUGE],
    ["demo", "--customers", "1000001"],
    ["demo", "--seed", HUGE],
    ["demo", "--seed", "-" + HUGE],
    ["plan", "--cap", HUGE],
    ["plan", "--cap", "31"],
    ["bench", "queue", "--customers", HUGE],
    ["bench", "queue", "--page", HUGE],
    ["bench", "queue", "--lines", "-1"],
    ["bench", "queue", "--repeat", HUGE],
    ["bench", "search", "--limit", HUGE],
    ["bench", "search", "--count", HUGE],
    ["bench", "startup", "--runs", HUGE],
    ["bench", "import", "--repeat", HUGE],
    ["bench", "import", "--seed", HUGE],
])
def test_out_of_range_is_exit_2_with_the_range_named(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        _parse(argv)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {argv[-2]}: give a whole number from " in err and "Traceback" not in err


@pytest.mark.parametrize("argv, dest, value", [
    (["queue", "--limit", "0"], "limit", 0),
    (["queue", "--limit", "-1"], "limit", -1),  # still refused by queue itself, exit 1, as before
    (["demo", "--customers", "0"], "customers", 0),  # idem: "the demo needs between 1 and 1,000,000"
    (["demo", "--seed", "-5"], "seed", -5),
    (["plan", "--cap", "30"], "cap", 30),
    (["bench", "search", "--oneshot", "0"], "oneshot", 0),
    (["search", "x", "--limit", "1000000000"], "limit", 1_000_000_000),
])
def test_numbers_in_range_pass(argv, dest, value):
    assert getattr(_parse(argv), dest) == value


def test_not_a_number_keeps_argparses_message(capsys):
    with pytest.raises(SystemExit) as caught:
        _parse(["demo", "--customers", "many"])
    assert caught.value.code == 2 and "invalid int value: 'many'" in capsys.readouterr().err


def test_no_option_anywhere_is_a_bare_int():
    from salesterm.cli import build_parser

    def walk(parser):
        for action in parser._actions:
            yield action
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    yield from walk(sub)

    bare = [a.option_strings for a in walk(build_parser()) if a.type is int]
    assert bare == []
