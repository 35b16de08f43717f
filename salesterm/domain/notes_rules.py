"""Feedback notes (信息反馈): kinds, the status flow and the manager's comment log.

Status flow: ``new`` (written by the rep) -> ``forwarded`` (sent to the manager) ->
``resolved`` (the manager has dealt with it). A manager may resolve a new note directly,
send a forwarded note back to the rep (``new``) to ask for more, and a resolved note can be
reopened (``new``) when the matter comes back. Every comment is kept: comments are appended,
dated and signed, never overwritten.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass

from .errors import Message, UserError, shown


@dataclass(frozen=True)
class Kind:
    key: str
    zh: str
    en: str


KINDS: tuple[Kind, ...] = (
    Kind("market", "市场", "Market"),
    Kind("competitor", "竞品", "Competitor"),
    Kind("complaint", "投诉", "Complaint"),
    Kind("opinion", "客户意见", "Customer opinion"),
    Kind("price", "价格", "Price"),
    Kind("policy", "政策", "Policy"),
    Kind("after_sales", "售后", "After-sales"),
    Kind("other", "其他", "Other"),
)
KIND_KEYS = tuple(k.key for k in KINDS)

STATUSES: tuple[Kind, ...] = (
    Kind("new", "新建", "New"),
    Kind("forwarded", "已转经理", "Forwarded"),
    Kind("resolved", "已处理", "Resolved"),
)
STATUS_KEYS = tuple(s.key for s in STATUSES)
#: {key: (zh, en)} views of the kinds and statuses, for display
KIND_LABELS = {k.key: (k.zh, k.en) for k in KINDS}
STATUS_LABELS = {s.key: (s.zh, s.en) for s in STATUSES}

#: action -> (statuses it starts from, status it leads to)
ACTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "forward": (("new",), "forwarded"),
    "resolve": (("new", "forwarded"), "resolved"),
    "send_back": (("forwarded",), "new"),
    "reopen": (("resolved",), "new"),
}

#: the order a manager reads notes in: new first, then forwarded, resolved last
STATUS_RANK = {"new": 0, "forwarded": 1, "resolved": 2}

MAX_TITLE = 200
MAX_BODY = 20000
MAX_COMMENT = 4000


class NoteError(UserError):
    """A note that cannot be saved as typed, or a status move the flow does not allow."""


def kind_of(key: str) -> Kind:
    for k in KINDS:
        if k.key == key:
            return k
    raise NoteError("notes.unknown_kind_value_choose_choices", value=shown(key), choices=', '.join(KIND_KEYS))


def status_of(key: str) -> Kind:
    for s in STATUSES:
        if s.key == key:
            return s
    raise NoteError("notes.unknown_status_value", value=shown(key))


def parse_kind(text: str) -> str:
    """A kind from its key or either label (``competitor``, ``竞品``, ``Competitor``)."""
    s = unicodedata.normalize("NFKC", str(text or "")).strip()
    if not s:
        raise NoteError("notes.needs_kind")
    for k in KINDS:
        if s.lower() in (k.key, k.en.lower()) or s == k.zh:
            return k.key
    raise NoteError("notes.unknown_kind_value_choose_choices", value=shown(text), choices=', '.join(KIND_KEYS))


def next_status(current: str, action: str) -> str:
    """The status after ACTION, or a NoteError naming what is allowed."""
    status_of(current)
    try:
        starts, target = ACTIONS[action]
    except KeyError:
        raise NoteError("notes.unknown_action", action=shown(action)) from None
    if current not in starts:
        allowed = [a for a, (s, _) in ACTIONS.items() if current in s]
        raise NoteError(
            "notes.status_not_allowed", current=current, value=action.replace('_', ' '),
            allowed=', '.join(a.replace('_', ' ') for a in allowed)
        )
    return target


def allowed_actions(current: str) -> list[str]:
    return [a for a, (starts, _) in ACTIONS.items() if current in starts]


def parse_tags(text: str) -> str:
    """Tags as typed (commas, Chinese commas, 、, semicolons or spaces) -> ``"a,b"``, no duplicates."""
    s = unicodedata.normalize("NFKC", str(text or ""))
    parts = re.split(r"[,;、\s]+", s)
    seen: list[str] = []
    for p in parts:
        p = p.strip().lstrip("#")
        if p and p not in seen:
            if len(p) > 40:
                raise NoteError("notes.tag_too_long_value", value=shown(p))
            seen.append(p)
    return ",".join(seen)


def tag_list(stored: str) -> list[str]:
    return [t for t in (stored or "").split(",") if t]


def append_comment(existing: str, day: _dt.date, who: str, text: str) -> str:
    """The comment log with one more dated, signed line; earlier comments are kept."""
    body = " ".join(str(text or "").split())
    if not body:
        return existing or ""
    if len(body) > MAX_COMMENT:
        raise NoteError("notes.comment_longer_limit_characters", limit=MAX_COMMENT)
    line = f"[{day.isoformat()} {' '.join(str(who or '').split()) or '-'}] {body}"
    return f"{existing.rstrip()}\n{line}" if existing and existing.strip() else line


def parse_title(text: str) -> str:
    """A note's title as typed (may be empty: the text's first line stands in)."""
    title = " ".join(str(text or "").split())
    if len(title) > MAX_TITLE:
        raise NoteError("notes.title_longer_limit_characters", limit=MAX_TITLE)
    return title


def parse_detail(field: str, text: str) -> str:
    """A competitor note's competitor, product or promotion, one line of at most 200 characters."""
    value = " ".join(str(text or "").split())
    if len(value) > 200:
        raise NoteError("notes.field_longer_characters", field=Message(f"notes.word_{field}"))
    return value


def parse_competitor(text: str) -> str:
    """The competitor of a competitor note: required."""
    value = parse_detail("competitor", text)
    if not value:
        raise NoteError("notes.competitor_needs_competitor_s_name")
    return value


def script_title(text: str) -> str:
    """A pitch script's title: required, one line of at most 200 characters."""
    title = " ".join(str(text or "").split())
    if not title:
        raise UserError("scripts.needs_title")
    if len(title) > 200:
        raise UserError("scripts.title_longer_characters")
    return title


def revision_note(text: str) -> str:
    """What changed in a new version of a pitch script, and why: required."""
    note = " ".join(str(text or "").split())
    if not note:
        raise UserError("scripts.say_what_changed_revision_note")
    return note


def clean_note(raw: dict) -> dict:
    """Check what a user typed for a note; returns the columns to store."""
    out: dict = {}
    out["kind"] = parse_kind(raw.get("kind", "market"))
    title = parse_title(raw.get("title"))
    body = str(raw.get("body") or "").strip()
    if not title and not body:
        raise NoteError("notes.empty_write_title_text")
    if len(body) > MAX_BODY:
        raise NoteError("notes.text_longer_limit_characters", limit=MAX_BODY)
    out["title"] = title or body.splitlines()[0][:60]
    out["body"] = body
    out["tags"] = parse_tags(raw.get("tags", ""))
    for field in ("competitor", "product", "promotion"):
        value = parse_detail(field, raw.get(field))
        out[field] = value if out["kind"] == "competitor" or field == "product" else ""
    price = raw.get("price")
    if out["kind"] not in ("competitor", "price"):
        price = None
    out["price"] = price if price is None or isinstance(price, int) else None
    if price is not None and not isinstance(price, int):
        raise NoteError("notes.price_must_amount_fen")
    if out["kind"] == "competitor" and not out["competitor"]:
        raise NoteError("notes.competitor_needs_competitor_s_name")
    return out


#: how the customer took a pitch script (规范说法) when it was used in a visit
REACTIONS: tuple[Kind, ...] = (
    Kind("positive", "认可", "Positive"),
    Kind("neutral", "一般", "Neutral"),
    Kind("negative", "抵触", "Negative"),
)
REACTION_KEYS = tuple(r.key for r in REACTIONS)


def parse_reaction(text: str) -> str:
    """A reaction from its key or label; empty text means not recorded yet."""
    s = unicodedata.normalize("NFKC", str(text or "")).strip()
    if not s:
        return ""
    for r in REACTIONS:
        if s.lower() in (r.key, r.en.lower()) or s == r.zh:
            return r.key
    raise NoteError("notes.unknown_reaction_value_choose_choices", value=shown(text), choices=', '.join(REACTION_KEYS))


def reaction_label(key: str, lang: str = "zh") -> str:
    for r in REACTIONS:
        if r.key == key:
            return r.zh if lang == "zh" else r.en
    return key or "-"
