"""The command line's one-line refusals in the language asked for."""
from __future__ import annotations


def test_refusals_are_in_chinese_with_lang_zh_and_english_otherwise(run_cli, tmp_path):
    db = str(tmp_path / "q.db")
    run_cli("demo", "--customers", "30", db=db, check=True)
    zh = run_cli("--lang", "zh", "queue", "--rep", "不存在", db=db)
    assert zh.returncode == 1 and zh.stderr.strip() == "salesterm: 没有叫 '不存在' 的业务员"
    bad_day = run_cli("--lang", "zh", "--today", "2026-02-30", "aging", db=db)
    assert bad_day.returncode == 1 and bad_day.stderr.strip() == "salesterm: 没有这一天：2026-02-30"
    en = run_cli("--lang", "en", "queue", "--rep", "不存在", db=db)
    assert en.returncode == 1 and en.stderr.strip() == "salesterm: no rep called '不存在'"


def test_plan_lists_purposes_in_the_language_asked_for(run_cli, tmp_path):
    db = str(tmp_path / "q.db")
    run_cli("demo", "--customers", "60", db=db, check=True)
    en = run_cli("--lang", "en", "plan", "--rep", "张伟", db=db)
    zh = run_cli("--lang", "zh", "plan", "--rep", "张伟", db=db)
    assert en.returncode == 0 and zh.returncode == 0
    assert "、" not in en.stdout and ", " in en.stdout
    assert "、" in zh.stdout


def test_bad_rows_of_an_import_are_told_in_chinese_with_lang_zh(run_cli, tmp_path):
    db = str(tmp_path / "q.db")
    run_cli("demo", "--customers", "30", db=db, check=True)
    bad = tmp_path / "应收.csv"
    bad.write_text("客户名称,单号,开票日期,到期日,金额\n不存在客户,X1,2026-01-01,2026-02-30,-5\n", encoding="utf-8")
    zh = run_cli("--lang", "zh", "import", "receivables", str(bad), db=db)
    assert zh.returncode == 1
    lines = zh.stderr.strip().splitlines()
    assert lines[0] == "第 2 行，A (客户名称) 列：没有叫 不存在客户 的客户（请先导入客户）"
    assert "第 2 行，D (到期日) 列：没有这一天：2026-02-30" in lines
    en = run_cli("--lang", "en", "import", "receivables", str(bad), db=db)
    assert en.stderr.splitlines()[0] == ("line 2, column A (客户名称): no customer called 不存在客户 "
                                         "(import the customers first)")
