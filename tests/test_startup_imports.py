"""Start-up stays quick: the heavy libraries load when first used, never at import.

pypinyin (its dictionaries), rapidfuzz, openpyxl and psycopg each cost a noticeable part of a
second to import. The app and the command line import none of them; neither does any store
module at import time (they import them inside the function that needs them, with a comment
saying so), so a screen or a command that imports the store pays only for what it uses.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pypinyin", "rapidfuzz", "openpyxl", "psycopg")


def _loaded_after(code: str) -> list[str]:
    """The heavy libraries in sys.modules after CODE runs in a fresh interpreter."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("module", ["salesterm.app", "salesterm.cli"])
def test_starting_imports_no_heavy_library(module):
    assert _loaded_after(f"import {module}") == []


def test_importing_every_store_module_imports_no_heavy_library():
    code = ("import importlib, pkgutil, salesterm.store as s\n"
            "for m in pkgutil.walk_packages(s.__path__, 'salesterm.store.'):\n"
            "    importlib.import_module(m.name)")
    assert _loaded_after(code) == []
