"""`salesterm search` through a subprocess, the way scripts use it, on both backends."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest


@pytest.fixture
def filled(db_url):
    from salesterm.store import customers, search
    from salesterm.store.db import open_database

    db = open_database(db_url)
    customers.create_customer({"name": "重庆长虹商行", "phone": "13812345678", "code": "C000123",
                               "city": "重庆", "grade_override": "A"})
    customers.create_customer({"name": "中国银行广州分行", "city": "广州"},
                              contacts=[{"name": "张伟", "phone": "13900001111"}])
    customers.create_customer({"name": "[bold]x 商行", "city": "广州"})
    search.forget()
    db.close()
    return db_url


def test_one_query_as_json(run_cli, filled):
    out = run_cli("search", "chongqing", "--json", db=filled, check=True)
    hits = json.loads(out.stdout)
    assert hits[0]["name"] == "重庆长虹商行"
    assert {"id", "name", "score", "city", "grade", "phone", "matched"} <= set(hits[0])
    assert (hits[0]["city"], hits[0]["grade"], hits[0]["phone"]) == ("重庆", "A", "13812345678")
    assert isinstance(hits[0]["score"], int)


def test_stdin_answers_one_array_per_line_in_order(run_cli, filled):
    queries = ["重庆", "yinhang", "", "zhangwei", "45678", "nothing-like-this", "c000123", "[bold]"]
    out = run_cli("search", "--stdin", "--json", db=filled, input="\n".join(queries) + "\n", check=True)
    lines = out.stdout.splitlines()
    assert len(lines) == len(queries)
    answers = [json.loads(line) for line in lines]
    assert answers[0][0]["name"] == "重庆长虹商行"
    assert answers[1][0]["name"] == "中国银行广州分行"
    assert answers[2] == []
    assert answers[3][0]["name"] == "中国银行广州分行" and answers[3][0]["matched"] == "contact"
    assert answers[4][0]["name"] == "重庆长虹商行" and answers[4][0]["matched"] == "phone"
    assert answers[5] == []
    assert answers[6][0]["matched"] == "code"
    assert answers[7][0]["name"] == "[bold]x 商行"


def test_stdin_flushes_each_answer(filled, tmp_path):
    """A script can send a query, read its answer, then send the next one."""
    import os

    env = dict(os.environ, SALESTERM_TODAY="2026-11-29")
    proc = subprocess.Popen([sys.executable, "-m", "salesterm", "--db", filled, "search", "--stdin", "--json"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    try:
        for query, expected in (("cqch", "重庆长虹商行"), ("zgyh", "中国银行广州分行")):
            proc.stdin.write(query + "\n")
            proc.stdin.flush()
            answer = json.loads(proc.stdout.readline())
            assert answer[0]["name"] == expected
    finally:
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0


def test_plain_table_and_no_hits(run_cli, filled):
    out = run_cli("search", "商行", db=filled, check=True)
    assert "重庆长虹商行" in out.stdout and "[bold]x 商行" in out.stdout
    out = run_cli("search", "zzzzqqqq", db=filled, check=True)
    assert out.returncode == 0 and out.stdout.strip()
    out = run_cli("search", "zzzzqqqq", "--json", db=filled, check=True)
    assert json.loads(out.stdout) == []


def test_limit_and_bad_arguments(run_cli, filled):
    out = run_cli("search", "商行", "--limit", "1", "--json", db=filled, check=True)
    assert len(json.loads(out.stdout)) == 1
    bad = run_cli("search", "商行", "--limit", "0", db=filled)
    assert bad.returncode == 2 and "--limit" in bad.stderr and "Traceback" not in bad.stderr  # usage error
    missing = run_cli("search", db=filled)
    assert missing.returncode == 2 and "QUERY" in missing.stderr


def test_the_next_run_loads_the_saved_index_until_another_process_writes(run_cli, filled):
    import os
    from pathlib import Path

    env = {"SALESTERM_SEARCH_SNAPSHOT_MIN": "0"}
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "salesterm" / "search"
    first = run_cli("search", "cq", "--json", db=filled, env=env, check=True)
    (saved,) = folder.glob("*.index")
    assert oct(saved.stat().st_mode & 0o777) == "0o600"
    inode = saved.stat().st_ino
    again = run_cli("search", "cq", "--json", db=filled, env=env, check=True)
    assert again.stdout == first.stdout
    assert saved.stat().st_ino == inode, "nothing changed: loaded, not built and written again"

    writer = ("import sys; from salesterm.store.db import open_database; from salesterm.store import customers; "
              "open_database(sys.argv[1]); customers.create_customer({'name': '北京恒达商行', 'city': '北京'})")
    subprocess.run([sys.executable, "-c", writer, filled], check=True, capture_output=True, timeout=120)
    hits = json.loads(run_cli("search", "bjhd", "--json", db=filled, env=env, check=True).stdout)
    assert [h["name"] for h in hits] == ["北京恒达商行"]
    assert saved.stat().st_ino != inode, "built again and saved"
    assert json.loads(run_cli("search", "cq", "--json", db=filled, env=env, check=True).stdout) == \
        json.loads(first.stdout)

    saved.write_bytes(saved.read_bytes()[:1000])  # a damaged file is ignored
    hits = json.loads(run_cli("search", "bjhd", "--json", db=filled, env=env, check=True).stdout)
    assert [h["name"] for h in hits] == ["北京恒达商行"]


def test_a_typo_the_variants_miss_is_a_close_spelling(run_cli, filled):
    out = run_cli("search", "chhongqingchanghong", "--json", db=filled, check=True)
    hits = json.loads(out.stdout)
    assert [(h["name"], h["matched"]) for h in hits] == [("重庆长虹商行", "fuzzy")]
    out = run_cli("--lang", "zh", "search", "chhongqingchanghong", db=filled, check=True)
    assert "重庆长虹商行" in out.stdout and "拼写相近" in out.stdout
