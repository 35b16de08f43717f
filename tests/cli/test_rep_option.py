"""--rep names an existing rep: opening the app (no command) as an unknown rep is refused at once,
with the closest names, and no rep is created (issue 13's identity, on a laptop's SQLite file)."""
from __future__ import annotations


def _file_with_reps(path: str) -> None:
    from salesterm.store.db import close_database, open_database
    from salesterm.store.reps import create_rep

    open_database(path)
    create_rep("王伟")
    create_rep("张敏")
    close_database()


def test_the_app_refuses_an_unknown_rep_naming_the_closest(run_cli, tmp_path):
    path = str(tmp_path / "laptop.db")
    _file_with_reps(path)
    refused = run_cli("--rep", "王为", db=path)  # no command: the TUI, refused before it opens
    assert refused.returncode == 1
    assert "王为" in refused.stderr and "王伟" in refused.stderr
    assert "Traceback" not in refused.stderr

    from salesterm.store.db import close_database, open_database
    from salesterm.store.reps import rep_names

    open_database(path)
    try:
        assert rep_names() == ["张敏", "王伟"]  # nobody was created
    finally:
        close_database()
