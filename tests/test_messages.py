"""Every user error is raised by message id, and every id has an English and a Chinese text
whose {slots} are the values the raise site passes."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from salesterm.domain.catalogs import catalog

SOURCE = Path(__file__).resolve().parents[1] / "salesterm"
MSGID = re.compile(r"[a-z_]+(\.[a-z0-9_]+)+\Z")


def _is_message_call(node: ast.Call) -> bool:
    func = node.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return name in ("Message", "UserError") or name.endswith(("Error", "Needed"))


def _sites():
    """(where, msgid, keyword names) of every message built with a literal id in the source."""
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args and _is_message_call(node)):
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str) and MSGID.match(first.value):
                names = {k.arg for k in node.keywords if k.arg}
                yield f"{path.relative_to(SOURCE.parent)}:{node.lineno}", first.value, names


def _slots(text: str) -> set[str]:
    return {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(text) if field}


SITES = list(_sites())


def test_the_scan_finds_the_raise_sites():
    assert len(SITES) > 200
    assert any(msgid == "queue.limit_negative" for _, msgid, _ in SITES)


def test_ids_read_as_names():
    """No id repeats a word (`no_called_name2`, `unknown_action_action`) or its table's name."""
    clumsy = []
    for msgid in sorted({msgid for _, msgid, _ in SITES}):
        *tables, leaf = msgid.split(".")
        words = leaf.split("_")
        if leaf[-1].isdigit() or words[0] in tables or any(a == b for a, b in zip(words, words[1:], strict=False)):
            clumsy.append(msgid)
    assert clumsy == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_message_id_in_the_code_has_a_text(lang):
    texts = catalog(lang)
    missing = sorted({f"{msgid} ({where})" for where, msgid, _ in SITES if msgid not in texts})
    assert not missing, f"no {lang} text for: {missing}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_slots_of_each_text_are_the_values_passed(lang):
    texts = catalog(lang)
    wrong = [f"{where} {msgid}: passes {sorted(names)}, text wants {sorted(_slots(texts[msgid]))}"
             for where, msgid, names in SITES
             if msgid in texts and _slots(texts[msgid]) != names]
    assert not wrong, "\n".join(wrong)


def test_english_and_chinese_catalogs_hold_the_same_ids_and_slots():
    en, zh = catalog("en"), catalog("zh")
    ids = {k for k in en if MSGID.match(k)}
    assert ids == {k for k in zh if MSGID.match(k)}
    assert [k for k in ids if _slots(en[k]) != _slots(zh[k])] == []


@pytest.fixture
def english_after():
    from salesterm import i18n

    yield
    i18n.set_language("en")


@pytest.mark.parametrize("argv, chinese", [
    (["import", "customers", "{empty}"], "empty.csv 是空文件"),
    (["queue", "--limit", "-1"], "--limit 须为 0 或更大"),
    (["--today", "2026-02-30", "queue"], "没有这一天：2026-02-30"),
])
def test_formerly_english_errors_are_chinese_with_lang_zh(argv, chinese, tmp_path, capsys, english_after):
    from salesterm.cli import main

    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    argv = [a.replace("{empty}", str(empty)) for a in argv]
    assert main(["--lang", "zh", "--db", str(tmp_path / "m.db"), *argv]) == 1
    assert capsys.readouterr().err.strip() == f"salesterm: {chinese}"


def test_no_ui_text_has_two_chinese_translations():
    """The zh catalogs of the screens are merged into one map, so a msgid translated in two files
    shows whichever loads last, on both screens (a due date once read 应访 in the receivable form)."""
    import tomllib
    from collections import defaultdict

    texts: dict[str, dict[str, str]] = defaultdict(dict)
    folder = Path(__file__).resolve().parent.parent / "salesterm" / "locale" / "zh_CN"
    for path in sorted(folder.glob("*.toml")):
        if path.name == "errors.toml":
            continue
        for msgid, text in tomllib.loads(path.read_text(encoding="utf-8")).items():
            if isinstance(text, str):
                texts[msgid][path.name] = text
    clashes = {m: files for m, files in texts.items() if len(set(files.values())) > 1}
    assert clashes == {}
