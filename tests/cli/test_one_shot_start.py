"""A one-shot command starts light: `salesterm search QUERY` registers and imports only its own
command, never Textual, and leaves the index unsettled (it exits after one answer)."""
from __future__ import annotations

import json
import subprocess
import sys

from salesterm.cli import APP, build_parser, command_in
from tests.ui import seeded_db


def test_the_command_is_read_past_the_global_options():
    assert command_in(["--db", "x.db", "--lang=zh", "--today", "2026-12-01", "search", "q"]) == "search"
    assert command_in(["search", "--json", "q"]) == "search"
    assert command_in(["export", "customers", "out.csv"]) == "export"
    # no command: the app opens, with the global options' parser only
    assert command_in([]) == APP
    assert command_in(["--db", "x.db", "--today=2026-12-01", "--lang", "en"]) == APP
    # help, the version, an unknown command or a stray option: the whole parser answers
    assert command_in(["--help", "search"]) is None
    assert command_in(["--version"]) is None
    assert command_in(["--db", "x.db", "serach", "q"]) is None
    assert command_in(["--db"]) is None


def test_a_named_command_gets_only_its_own_parser():
    sub = next(a for a in build_parser("search")._actions if a.dest == "command")
    assert list(sub.choices) == ["search"]
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert {"search", "queue", "demo", "import", "export", "bench"} <= set(sub.choices)
    sub = next(a for a in build_parser(APP)._actions if a.dest == "command")
    assert list(sub.choices) == []
    assert build_parser(APP).parse_args(["--db", "x.db", "--lang", "en"]).command is None


PROBE = r"""
import json, sys
from salesterm.cli import main
code = main(["--db", sys.argv[1], "search", "鑫源", "--limit", "2"])
loaded = sorted(m for m in sys.modules
                if m.split(".")[0] in ("textual", "rapidfuzz", "openpyxl", "psycopg")
                or m.startswith(("salesterm.cmds.demo", "salesterm.cmds.transfer", "salesterm.bench",
                                 "salesterm.app", "salesterm.screens")))
print(json.dumps([code, loaded]))
"""


def test_one_shot_search_loads_no_other_command_and_no_textual(tmp_path):
    path = seeded_db(tmp_path, 300)
    proc = subprocess.run([sys.executable, "-c", PROBE, path], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    code, loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    assert code == 0 and loaded == []
