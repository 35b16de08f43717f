"""`salesterm plan`: the JSON contract of docs/architecture.md, --week, --rep, --accept, errors."""
from __future__ import annotations

import json

from salesterm.store.db import open_database


def _fill(path):
    from tests.store.visit_fixtures import customer

    db = open_database(path)
    for grade, n in (("A", 4), ("B", 3), ("C", 2), ("D", 1)):
        for i in range(n):
            customer(f"{grade}店{i}", grade=grade, city=["杭州", "宁波"][i % 2])
    customer("李娜的店", grade="A", rep="李娜")
    db.close()


def test_plan_json_shape_and_cycle(tmp_path, run_cli):
    path = str(tmp_path / "p.db")
    _fill(path)
    proc = run_cli("--rep", "王伟", "plan", "--week", "2026-12-09", "--json", db=path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["week_start"] == "2026-12-07" and data["cycle_week"] == 1
    assert [d["date"] for d in data["days"]][:2] == ["2026-12-07", "2026-12-08"]
    visits = [v for d in data["days"] for v in d["visits"]]
    assert sorted(v["customer"] for v in visits) == ["A店0", "A店1", "A店2", "A店3"]
    assert all(v["slot"] == "am" and v["grade"] == "A" and isinstance(v["purpose"], list)
               for v in visits)
    nxt = json.loads(run_cli("plan", "--rep", "王伟", "--week", "2026-12-14", "--json",
                             db=path, check=True).stdout)
    assert nxt["cycle_week"] == 2
    assert sorted(v["customer"] for d in nxt["days"] for v in d["visits"]) == ["B店0", "B店1", "B店2"]


def test_accept_then_text_output(tmp_path, run_cli):
    path = str(tmp_path / "p.db")
    _fill(path)
    proc = run_cli("--lang", "en", "plan", "--rep", "王伟", "--week", "2026-12-21", "--accept",
                   db=path, check=True)
    assert "cycle week 3" in proc.stdout and "3 visits saved" in proc.stdout
    again = json.loads(run_cli("plan", "--rep", "王伟", "--week", "2026-12-21", "--json",
                               db=path, check=True).stdout)
    statuses = {v["status"] for d in again["days"] for v in d["visits"]}
    assert statuses == {"planned"}
    zh = run_cli("--lang", "zh", "plan", "--rep", "王伟", "--week", "2026-12-21", db=path, check=True)
    assert "周一" in zh.stdout and "第3周" in zh.stdout


def test_errors_are_one_line(tmp_path, run_cli):
    path = str(tmp_path / "p.db")
    _fill(path)
    proc = run_cli("plan", db=path)
    assert proc.returncode == 1 and "--rep" in proc.stderr and "Traceback" not in proc.stderr
    proc = run_cli("plan", "--rep", "nobody", db=path)
    assert proc.returncode == 1 and "nobody" in proc.stderr
    proc = run_cli("plan", "--rep", "王伟", "--week", "2026-02-30", db=path)
    assert proc.returncode == 1 and "2026-02-30" in proc.stderr


def test_rep_cycle_and_cap_and_working_days(tmp_path, run_cli):
    path = str(tmp_path / "p.db")
    _fill(path)
    # the week of 2026-12-09 becomes this rep's cycle week 1
    proc = run_cli("plan", "--rep", "王伟", "--anchor", "2026-12-16", "--cap", "2",
                   "--week", "2026-12-16", "--json", db=path, check=True)
    data = json.loads(proc.stdout)
    assert data["cycle_week"] == 1 and data["cap"] == 2
    visits = [v for d in data["days"] for v in d["visits"]]
    assert len(visits) == 4 and all(len(d["visits"]) <= 1 for d in data["days"])  # mornings: 1 of 2
    assert len(data["days"]) == 6
    config = tmp_path / "config.toml"
    config.write_text('[plan]\nworking_days = 5\n', encoding="utf-8")
    five = json.loads(run_cli("plan", "--rep", "王伟", "--week", "2026-12-16", "--json", db=path,
                              env={"SALESTERM_CONFIG": str(config)}, check=True).stdout)
    assert [d["date"] for d in five["days"]][-1] == "2026-12-18"
    bad = run_cli("plan", "--rep", "王伟", "--cap", "0", db=path)
    assert bad.returncode == 1 and "visits per day" in bad.stderr
