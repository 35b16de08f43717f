"""Usage errors (argparse's own and our option checks) come in the user's language, exit 2."""
from __future__ import annotations

import argparse

import pytest

from salesterm import i18n
from salesterm.cli import main


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.set_language("en")


def _usage_error(argv, capsys) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    return capsys.readouterr().err


@pytest.mark.parametrize("argv, line", [
    (["queue", "--limit", "x"], "salesterm queue: 错误：参数 --limit：无效的 int 值：'x'"),
    (["search", "--limit", "0", "a"],
     "salesterm search: 错误：参数 --limit：须为 1 到 1,000,000,000 之间的整数，而不是 0"),
    (["frob"], "salesterm: 错误：参数 COMMAND：无效的选择：'frob'（可选："),
    (["import"],
     "salesterm import: 错误：缺少必需的参数：{customers|contacts|receivables|payments|products|prices}, FILE"),
    (["--bogus"], "salesterm: 错误：无法识别的参数：--bogus"),
    (["search", "--limit"], "salesterm search: 错误：参数 --limit：需要一个值"),
    (["search"], "salesterm search: 错误：要搜索什么？请给出 QUERY（或用 --stdin 读取查询）"),
])
def test_usage_errors_are_chinese_with_lang_zh(argv, line, tmp_path, capsys):
    err = _usage_error(["--lang", "zh", "--db", str(tmp_path / "u.db"), *argv], capsys)
    usage, message = err.strip().split("\n")[0], err.strip().split("\n")[-1]
    assert usage.startswith("用法：salesterm")
    assert message.startswith(line)
    assert "Traceback" not in err and "usage" not in err and "error" not in err


def test_lang_after_the_equals_sign_and_from_the_config_file(tmp_path, capsys, monkeypatch):
    err = _usage_error(["--lang=zh", "search", "--limit", "0", "a"], capsys)
    assert "须为 1 到 1,000,000,000 之间的整数，而不是 0" in err
    config = tmp_path / "config.toml"
    config.write_text('lang = "zh"\n', encoding="utf-8")
    monkeypatch.setenv("SALESTERM_CONFIG", str(config))
    assert "缺少必需的参数" in _usage_error(["import"], capsys)
    assert "the following arguments are required" in _usage_error(["--lang", "en", "import"], capsys)


def test_english_stays_as_argparse_writes_it(tmp_path, capsys):
    err = _usage_error(["--lang", "en", "search", "--limit", "0", "a"], capsys)
    assert err.startswith("usage: salesterm search")
    assert err.strip().endswith(
        "salesterm search: error: argument --limit: give a whole number from 1 to 1,000,000,000, not 0")
    err = _usage_error(["--lang", "fr", "queue"], capsys)  # not a language: refused in the default one
    assert "argument --lang: invalid choice: 'fr' (choose from 'zh', 'en')" in err


def test_argparse_gets_its_own_texts_back_after_parsing(tmp_path, capsys):
    _usage_error(["--lang", "zh", "frob"], capsys)
    plain = argparse.ArgumentParser(prog="other")
    assert plain.format_usage().startswith("usage: other")  # other parsers in the process are untouched


def test_chinese_help(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--lang", "zh", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：salesterm") and "选项" in out and "显示帮助并退出" in out


def test_a_chinese_usage_error_from_a_fresh_process(run_cli, tmp_path):
    proc = run_cli("--lang", "zh", "queue", "--limit", "x", db=str(tmp_path / "u.db"))
    assert proc.returncode == 2
    assert proc.stderr.startswith("用法：salesterm queue")
    assert proc.stderr.strip().endswith("salesterm queue: 错误：参数 --limit：无效的 int 值：'x'")


def test_a_broken_config_file_is_still_one_line_exit_1(tmp_path, capsys, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("lang = \n", encoding="utf-8")
    monkeypatch.setenv("SALESTERM_CONFIG", str(config))
    assert main(["--lang", "zh", "--db", str(tmp_path / "u.db"), "queue"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"salesterm: 配置文件 {config}") and err.count("\n") == 1
