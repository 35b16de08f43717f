"""Why the last sync failed, as the app's section bar says it (store/sync/status, widgets/sync_text)."""
from __future__ import annotations

import pytest

from salesterm import i18n
from salesterm.domain.errors import UserError
from salesterm.store.sync.status import SyncState, failure_kind
from salesterm.widgets import sync_text

WHERE = "postgresql://wangwei@10.0.0.5/sales"


@pytest.mark.parametrize(("error", "kind"), [
    (UserError("sync.cannot_reach", where=WHERE, value='connection failed: connection to server at "10.0.0.5", '
                                                        'port 5432 failed: Connection refused'), "unreachable"),
    (UserError("sync.cannot_reach", where=WHERE, value='connection failed: connection to server at "10.0.0.5", '
                                                        'port 5432 failed: FATAL:  password authentication failed '
                                                        'for user "wangwei"'), "password"),
    (UserError("sync.replica_older", ours=14, theirs=15), "schema"),
    (UserError("sync.hub_older", ours=15, theirs=14), "hub_schema"),
    (UserError("sync.not_a_hub", where=WHERE), "not_hub"),
    ("division by zero", "other"),
    ("", ""),
])
def test_the_recorded_error_says_why(error, kind):
    assert failure_kind(str(error)) == kind


@pytest.mark.parametrize(("lang", "want"), [
    ("en", "⇅ wrong password · 3 pending · 1 conflict · synced 2 h ago"),
    ("zh", "⇅ 密码错误 · 待传 3 · 冲突 1 · 2 小时前同步"),
])
def test_the_bar_words_it_short_in_both_languages(lang, want):
    import datetime as dt

    i18n.set_language(lang)
    state = SyncState("x", 3, 0, 1, "2026-11-29 08:00:00", "…", "password")
    assert sync_text.describe(state, now=dt.datetime(2026, 11, 29, 10, 5)) == want
    assert "同步" not in sync_text.describe(state, now=dt.datetime(2026, 11, 29, 10, 5), short=True)
