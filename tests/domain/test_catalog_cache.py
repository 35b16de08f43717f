"""The parsed catalogs kept in the cache folder: the same entries as the TOML files, a changed
file parsed again, a damaged or unwritable cache passed over."""
from __future__ import annotations

import os

from salesterm.domain import catalogs


def _read(lang: str) -> dict[str, str]:
    return catalogs.catalog.__wrapped__(lang)  # past the per-process @cache


def _setup(tmp_path, monkeypatch, cache_root):
    locale = tmp_path / "locale" / "xx"
    locale.mkdir(parents=True)
    (locale / "a.toml").write_text('"Save" = "保存"\n[file]\nempty = "空文件"\n', encoding="utf-8")
    monkeypatch.setattr(catalogs, "LOCALE_DIR", tmp_path / "locale")
    monkeypatch.setattr(catalogs, "CACHE_FOLDER", cache_root / "catalogs")
    return locale / "a.toml"


def test_the_cache_holds_what_the_files_say_and_a_changed_file_is_read_again(tmp_path, monkeypatch):
    source = _setup(tmp_path, monkeypatch, tmp_path / "cache")
    assert _read("xx") == {"Save": "保存", "file.empty": "空文件"}
    [saved] = (tmp_path / "cache" / "catalogs").glob("xx-*.marshal")
    assert _read("xx") == {"Save": "保存", "file.empty": "空文件"}  # from the cache
    source.write_text('"Save" = "存盘"\n[file]\nempty = "空文件"\n', encoding="utf-8")
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 1_000_000_000))
    assert _read("xx")["Save"] == "存盘"
    assert [p.name for p in (tmp_path / "cache" / "catalogs").glob("xx-*.marshal")] != [saved.name]


def test_a_damaged_cache_is_passed_over(tmp_path, monkeypatch):
    _setup(tmp_path, monkeypatch, tmp_path / "cache")
    _read("xx")
    [saved] = (tmp_path / "cache" / "catalogs").glob("xx-*.marshal")
    saved.write_bytes(b"\x00not marshal")
    assert _read("xx") == {"Save": "保存", "file.empty": "空文件"}


def test_a_cache_folder_that_cannot_be_written_is_passed_over(tmp_path, monkeypatch):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder would be")
    _setup(tmp_path, monkeypatch, blocked)
    assert _read("xx") == {"Save": "保存", "file.empty": "空文件"}


def test_the_real_catalogs_read_from_the_cache_equal_the_files(tmp_path, monkeypatch):
    monkeypatch.setattr(catalogs, "CACHE_FOLDER", tmp_path / "catalogs")
    first, second = _read("zh"), _read("zh")
    assert first == second and len(first) > 1000 and list((tmp_path / "catalogs").glob("zh-*.marshal"))


def test_no_cache_folder_reads_the_files(tmp_path, monkeypatch):
    _setup(tmp_path, monkeypatch, tmp_path / "cache")
    monkeypatch.setattr(catalogs, "CACHE_FOLDER", None)
    assert _read("xx") == {"Save": "保存", "file.empty": "空文件"}
    assert not (tmp_path / "cache").exists()
