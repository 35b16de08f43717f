"""The domain layer stays pure: no UI, no database, no pypinyin until it is needed."""
from __future__ import annotations

import subprocess
import sys

MODULES = ["errors", "money", "dates", "grading", "man", "stages", "aging", "phones", "textkeys"]


def test_domain_imports_nothing_heavy():
    code = (
        "import sys\n"
        + "".join(f"import salesterm.domain.{m}\n" for m in MODULES)
        + "bad = sorted(m for m in sys.modules"
        " if m.split('.')[0] in ('textual', 'peewee', 'pypinyin')"
        " or (m.startswith('salesterm.') and not m.startswith('salesterm.domain')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
