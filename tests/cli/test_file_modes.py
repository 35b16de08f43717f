"""Files salesterm writes are its owner's only: 0600 files, 0700 folders, under a umask of 022."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def umask_022():
    old = os.umask(0o022)  # the usual umask: without care, files come out 0644 and folders 0755
    yield
    os.umask(old)


@pytest.fixture
def filled(run_cli, tmp_path):
    db = str(tmp_path / "m.db")
    run_cli("import", "customers", FIXTURES / "customers_gbk.csv", db=db, check=True)
    return db


def test_exports_and_the_weekly_report_are_0600(run_cli, filled, tmp_path):
    for name in ("customers.csv", "customers.xlsx"):
        out = tmp_path / name
        run_cli("export", "customers", out, db=filled, check=True)
        assert mode(out) == 0o600, name
    report = tmp_path / "week.md"
    run_cli("report", "weekly", "--out", report, db=filled, check=True)
    assert mode(report) == 0o600


def test_a_file_overwritten_becomes_0600(run_cli, filled, tmp_path):
    for name, args in (("old.csv", ("export", "customers")), ("old.xlsx", ("export", "contacts")),
                       ("old.md", ("report", "weekly", "--out"))):
        out = tmp_path / name
        out.write_text("someone else's old content", encoding="utf-8")
        os.chmod(out, 0o644)
        run_cli(*args, out, db=filled, check=True)
        assert mode(out) == 0o600, name
        assert "old content" not in out.read_text(encoding="utf-8", errors="replace")


def test_store_writers_used_by_the_tui_are_0600(tmp_path):
    """The TUI's exports (notes, scripts, reports) and its weekly-report save use these."""
    from salesterm.store.io.tabular import write_table
    from salesterm.store.reports.weekly import save_markdown

    for name in ("t.csv", "t.xlsx"):
        write_table(tmp_path / name, ["a"], [["1"]])
        assert mode(tmp_path / name) == 0o600
    save_markdown(tmp_path / "w.md", "# week\n")
    assert mode(tmp_path / "w.md") == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_the_log_is_0600_in_a_0700_folder(tmp_path, monkeypatch, capsys):
    from salesterm import paths
    from salesterm.cmds import errors

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    for _ in range(2):  # created, then appended to
        try:
            raise RuntimeError("boom")
        except RuntimeError as exc:
            errors.internal_error(exc)
    log = paths.log_dir() / "salesterm.log"
    assert log.read_text(encoding="utf-8").count("RuntimeError: boom") == 2
    assert mode(log) == 0o600
    folder = paths.log_dir()
    while folder != tmp_path:  # every folder salesterm made on the way
        assert mode(folder) == 0o700, folder
        folder = folder.parent


def test_an_old_0644_log_in_a_0755_folder_is_made_private(tmp_path, monkeypatch, capsys):
    from salesterm import paths
    from salesterm.cmds import errors

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    paths.log_dir().mkdir(parents=True, mode=0o755)
    log = paths.log_dir() / "salesterm.log"
    log.write_text("old\n", encoding="utf-8")
    os.chmod(log, 0o644)
    errors.internal_error(RuntimeError("boom"))
    assert mode(log) == 0o600 and mode(paths.log_dir()) == 0o700
    assert log.read_text(encoding="utf-8").startswith("old\n")


def test_the_default_database_folder_is_0700(run_cli):
    from salesterm import paths

    proc = run_cli("queue")
    assert proc.returncode == 0, proc.stderr
    assert mode(paths.default_db_path()) == 0o600
    assert mode(paths.data_dir()) == 0o700


def test_private_helpers_ignore_the_umask(tmp_path):
    from salesterm import paths

    os.umask(0o277)  # even a umask that would leave the owner without write
    folder = paths.private_folder(tmp_path / "a" / "b")
    assert mode(tmp_path / "a") == 0o700 and mode(folder) == 0o700
    with paths.open_private(folder / "f.txt", "w", encoding="utf-8") as fh:
        fh.write("x")
    assert mode(folder / "f.txt") == 0o600
    paths.touch_private(folder / "d.db")
    assert mode(folder / "d.db") == 0o600


def test_the_search_snapshot_folders_are_0700(run_cli, filled):
    cache = Path(os.environ["XDG_CACHE_HOME"])
    run_cli("search", "cq", "--json", db=filled, env={"SALESTERM_SEARCH_SNAPSHOT_MIN": "0"}, check=True)
    (saved,) = (cache / "salesterm" / "search").glob("*.index")
    assert mode(saved) == 0o600
    assert mode(cache) == mode(cache / "salesterm") == mode(saved.parent) == 0o700
