"""The layers of docs/architecture.md#layers, enforced by the import-linter contracts in pyproject.toml."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold():
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    proc = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "broken" not in proc.stdout.lower().replace("0 broken", "")


def test_ui_files_hold_no_queries():
    import re

    pattern = re.compile(
        r"\b[A-Z][A-Za-z]+\.(select|insert|insert_many|update|delete|get|get_or_none|create)\(|execute_sql|\.atomic\("
    )
    ui = [ROOT / "salesterm" / "app.py", *(ROOT / "salesterm" / "screens").rglob("*.py"),
          *(ROOT / "salesterm" / "widgets").rglob("*.py")]
    offenders = [str(p.relative_to(ROOT)) for p in ui if pattern.search(p.read_text(encoding="utf-8"))]
    assert not offenders, f"queries belong in store/, not in {offenders}"


def test_today_comes_from_the_one_clock():
    pattern = "date.today()", "datetime.now()"
    offenders = []
    for path in (ROOT / "salesterm").rglob("*.py"):
        if path.name == "clock.py":
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(ROOT)}: {p}" for p in pattern if p in text]
    assert not offenders
