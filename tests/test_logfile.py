"""salesterm.log, written by any part of salesterm: passwords masked, owner-only."""
from __future__ import annotations

import logging
import os
import stat

SECRET = "S3cretPW"


def test_append_from_the_tui_masks_passwords_and_is_private(tmp_path, monkeypatch):
    from salesterm import logfile

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    old = os.umask(0o022)
    try:
        try:
            raise RuntimeError(f"connection to postgresql://rep:{SECRET}@h/x failed (password={SECRET})")
        except RuntimeError as exc:
            where = logfile.append(exc, where=f"tui worker, db postgresql://rep:{SECRET}@h/x")
    finally:
        os.umask(old)
    text = logfile.path().read_text(encoding="utf-8")
    assert where == str(logfile.path())
    assert "tui worker, db postgresql://rep:***@h/x" in text and "RuntimeError" in text
    assert SECRET not in text
    assert stat.S_IMODE(logfile.path().stat().st_mode) == 0o600
    assert stat.S_IMODE(logfile.path().parent.stat().st_mode) == 0o700


def test_redact_filter_masks_a_logging_record(tmp_path):
    from salesterm.logfile import RedactFilter

    out = tmp_path / "x.log"
    handler = logging.FileHandler(out, encoding="utf-8")
    handler.addFilter(RedactFilter())
    log = logging.getLogger("salesterm.test.redact")
    log.addHandler(handler)
    try:
        log.error("opening %s", f"postgresql://rep:{SECRET}@h/x")
        try:
            raise ValueError(f"password={SECRET}")
        except ValueError:
            log.exception("failed")
    finally:
        log.removeHandler(handler)
        handler.close()
    text = out.read_text(encoding="utf-8")
    assert "opening postgresql://rep:***@h/x" in text and "ValueError: password=***" in text
    assert SECRET not in text
