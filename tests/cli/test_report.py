from pathlib import Path

import pytest

from salesterm.store.db import close_database, open_database
from tests.store.weekly_fixture import build_week


@pytest.fixture
def week_db(tmp_path):
    path = str(tmp_path / "week.db")
    open_database(path)
    build_week()
    close_database()
    return path


def test_weekly_report_of_a_rep_to_stdout(run_cli, week_db):
    proc = run_cli("--lang", "zh", "report", "weekly", "--week", "2026-11-25", "--rep", "张三", db=week_db)
    assert proc.returncode == 0, proc.stderr
    md = proc.stdout
    assert md.startswith("# 个人工作周报: 张三")
    assert "- 周期: 2026-11-23 ~ 2026-11-29" in md
    assert "## 回款: ¥300.50" in md and "## 仍逾期: ¥2,945.17" in md
    assert "| 2026-11-26 | 永辉超市 | -1,000.00 | 支票 冲销 支票退票 |" in md
    assert "## 下周计划 (2)" in md and "联华便利" not in md


def test_team_digest_to_a_file_defaults_to_this_week(run_cli, week_db, tmp_path):
    out = tmp_path / "周报.md"
    proc = run_cli("--lang", "zh", "report", "weekly", "--out", out, db=week_db)
    assert proc.returncode == 0, proc.stderr
    md = out.read_text(encoding="utf-8")
    assert md.startswith("# 团队周报")
    assert "## 回款: ¥500.50" in md and "## 仍逾期: ¥3,495.17" in md
    assert "| 张三 | 2 | 1 | 1 | 1 | 300.50 | 2,945.17 | 1 | 1 | 1 |" in md
    assert proc.stdout == ""


def test_english_report(run_cli, week_db):
    proc = run_cli("--lang", "en", "report", "weekly", "--rep", "李四", db=week_db)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("# Weekly work report: 李四")
    assert "## Money collected: ¥200.00" in proc.stdout


def test_errors_are_one_line_and_write_nothing(run_cli, week_db, tmp_path):
    out = tmp_path / "r.md"
    proc = run_cli("report", "weekly", "--rep", "赵六", "--out", out, db=week_db)
    assert proc.returncode == 1 and "no rep called" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()
    proc = run_cli("report", "weekly", "--week", "2026-02-30", db=week_db)
    assert proc.returncode == 1 and proc.stderr.strip().count("\n") == 0
    proc = run_cli("report", "weekly", "--out", tmp_path / "missing" / "r.md", db=week_db)
    assert proc.returncode == 1 and "no folder" in proc.stderr
    proc = run_cli("report", db=week_db)
    assert proc.returncode == 2
    assert not list(Path(tmp_path).glob("*.part"))


def test_the_reps_own_sections_are_in_the_markdown(run_cli, week_db):
    from salesterm.store.reports.weekly_notes import save_notes

    db = open_database(week_db)
    save_notes("张三", __import__("datetime").date(2026, 11, 25), problems="竞品降价", support="要样品",
               focus="回款")
    db.close()
    md = run_cli("--lang", "en", "report", "weekly", "--week", "2026-11-25", "--rep", "张三", db=week_db,
                 check=True).stdout
    assert md.rstrip().endswith("## Problems\n\n竞品降价\n\n## Support needed\n\n要样品\n\n"
                                "## Next week's focus\n\n回款")
