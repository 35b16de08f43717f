"""What a sync recomputes besides the ledger: a deal's current stage from its stage history
(domain/stage_history), on the hub after a push and on a laptop in each pulled page's
transaction. Written for both sides: RUN(sql, params) -> rows, with P the driver's placeholder.
The deal's `updated_at` is left alone (it is the last edit's, the same everywhere)."""
from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable

from salesterm.domain import stage_history

Run = Callable[[str, list], list]

# a customer's own fields feed none of its summaries (customer_stats and collection_state sum its
# receivables and visits); its merge or deletion does (rows move, the summary goes)
CUSTOMER_SUMMARY_FIELDS = frozenset({"merged_into_id", "deleted_at"})


def changes_summaries(table: str, kind: str, fields) -> bool:
    """Whether a write of a row can change its customer's derived summaries: every write but an
    edit of a customer's own fields (its merge or deletion aside). A sync recomputes the
    summaries of the customers such writes name, and of no others (an edit of 2,000 customers'
    addresses recomputes nothing)."""
    return not (table == "customer" and kind == "update" and not CUSTOMER_SUMMARY_FIELDS & set(fields))


def _text(value) -> str:
    if isinstance(value, _dt.datetime):
        return str(value.replace(tzinfo=None))
    return str(value or "").replace("T", " ")


def deal_stages(run: Run, p: str, deal_ids: Iterable[str]) -> int:
    """Set each deal's stage, stage_since, status and lost reason from its latest live stage
    change; the deals changed."""
    ids = sorted(set(deal_ids))
    changed = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join([p] * len(chunk))
        deals = {row[0]: row[1:] for row in run(
            f"SELECT id, template, stage, status, lost_reason, stage_since FROM deal WHERE id IN ({marks})", chunk)}
        history: dict[str, list] = {}
        raw: dict[str, object] = {}
        for cid, deal_id, changed_at, created_at, to_stage, note in run(
                "SELECT id, deal_id, changed_at, created_at, to_stage, note FROM deal_stage_change "
                f"WHERE deleted_at IS NULL AND deal_id IN ({marks})", chunk):
            history.setdefault(deal_id, []).append(stage_history.Change(
                _text(changed_at), _text(created_at), cid, to_stage, note or ""))
            raw[cid] = changed_at
        for deal_id, (tpl, stage, status, reason, since) in deals.items():
            found = stage_history.current(tpl, history.get(deal_id, []))
            if found is None:
                continue
            last, now = found
            if (stage, status, reason or "", _text(since)) == (now.stage, now.status, now.lost_reason,
                                                                 last.changed_at):
                continue
            run(f"UPDATE deal SET stage = {p}, stage_since = {p}, status = {p}, lost_reason = {p} WHERE id = {p}",
                [now.stage, raw[last.id], now.status, now.lost_reason, deal_id])
            changed += 1
    return changed
