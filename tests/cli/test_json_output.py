"""Every `--json` goes through one writer: UTF-8 with Chinese as itself (never \\uXXXX), also on
a stream that announces ASCII (a C locale, a Windows pipe), control characters still escaped."""
from __future__ import annotations

import io
import json
import sys

import pytest

from salesterm.cmds.context import print_json
from tests.cli.test_queue_aging import filled  # noqa: F401  (the fixture, on both backends)

COMMANDS = [("queue", "--json"), ("aging", "--json"), ("aging", "--by", "rep", "--json"),
            ("search", "乙超市", "--json"), ("--rep", "王伟", "plan", "--json")]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a))
def test_json_writes_chinese_as_itself(run_cli, filled, argv):  # noqa: F811
    out = run_cli(*argv, db=filled, check=True).stdout
    assert "\\u" not in out and any("\u4e00" <= ch <= "\u9fff" for ch in out)
    json.loads(out)


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a))
def test_json_is_utf8_on_an_ascii_stream(run_cli, filled, argv, monkeypatch):  # noqa: F811
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")
    monkeypatch.setattr(sys, "stdout", stream)
    proc = run_cli(*argv, db=filled)
    stream.flush()
    assert proc.returncode == 0, proc.stderr
    text = raw.getvalue().decode("utf-8")
    assert "\\u" not in text and any("\u4e00" <= ch <= "\u9fff" for ch in text)
    json.loads(text)


def test_the_writer_escapes_control_characters_and_keeps_the_order(monkeypatch):
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="latin-1")
    monkeypatch.setattr(sys, "stdout", stream)
    print("before")
    print_json({"name": "甲\x85商行\x1b[31m"})
    print("after")
    stream.flush()
    lines = raw.getvalue().decode("utf-8").splitlines()
    assert lines[0] == "before" and lines[2] == "after"
    assert json.loads(lines[1]) == {"name": "甲\x85商行\x1b[31m"} and "\x85" not in lines[1]
