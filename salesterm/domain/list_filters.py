"""The customers list's search-box syntax: filters mixed with free text.

    grade:A city:广州 overdue kind:经销商 rep:王伟 tag:重点 idle:30 dup 鑫源

Keys have English and Chinese names (等级: 城市: 类型: 业务员: 标签: 未拜访: 逾期 已归档 重名).
`dup` (重名, 疑似重复) keeps the customers whose normalised name or phone (7+ digits) another live
customer shares: the possible duplicates an import lets in (the same short name in another city)
and those a laptop's first team sync lists (store/sync/first_sync).
Words that are not filters are the free text, searched by the search engine. `parse` never
raises: a filter it cannot read is reported in `errors` (as a Message) and left out.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace

from salesterm.domain import customer as rules
from salesterm.domain import grading
from salesterm.domain.errors import Message, UserError

_KEYS = {
    "grade": "grade", "g": "grade", "等级": "grade", "级别": "grade",
    "city": "city", "c": "city", "城市": "city", "地区": "city",
    "kind": "kind", "k": "kind", "类型": "kind", "种类": "kind",
    "rep": "rep", "r": "rep", "业务员": "rep",
    "tag": "tag", "tags": "tag", "t": "tag", "标签": "tag",
    "idle": "idle", "未拜访": "idle", "未访": "idle",
}
_FLAGS = {
    "overdue": "overdue", "逾期": "overdue", "欠款": "overdue",
    "archived": "archived", "已归档": "archived", "归档": "archived",
    "dup": "dup", "dups": "dup", "重名": "dup", "疑似重复": "dup",
}


@dataclass(frozen=True)
class ListFilters:
    grades: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    reps: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    overdue: bool = False
    idle_days: int | None = None
    archived: bool = False
    dup: bool = False  # only names or phones shared with another live customer (possible duplicates)
    text: str = ""
    errors: tuple[Message, ...] = field(default=(), compare=False)  # shown through i18n.error_text

    @property
    def is_empty(self) -> bool:
        return self == ListFilters()

    def without_text(self) -> ListFilters:
        return replace(self, text="")


def _norm(word: str) -> str:
    return unicodedata.normalize("NFKC", word).strip()


def _parse_grades(value: str) -> tuple[str, ...]:
    out: list[str] = []
    for part in value.replace(",", " ").replace("/", " ").split():
        letters = list(part) if part.isascii() and len(part) > 1 else [part]  # "AB" = A or B
        for letter in letters:
            g = grading.parse_grade(letter)
            if g not in out:
                out.append(g)
    if not out:
        raise UserError("filters.grade_give_one_more_b")
    return tuple(out)


def _parse_idle(value: str) -> int:
    text = value.removesuffix("天").removesuffix("d")
    if not text.isdigit() or not 0 < int(text) <= 3650:
        raise UserError("filters.idle_give_number_days_from", value=value)
    return int(text)


def _split_values(value: str) -> tuple[str, ...]:
    parts = [p.strip() for p in value.replace("，", ",").split(",")]
    return tuple(p for p in parts if p)


def parse(text: str) -> ListFilters:
    """Read the search box. Unknown `key:value` words are free text (a name may hold a colon)."""
    values: dict[str, list] = {"grade": [], "kind": [], "city": [], "rep": [], "tag": []}
    flags = {"overdue": False, "archived": False, "dup": False}
    idle: int | None = None
    free: list[str] = []
    errors: list[Message] = []
    for word in str(text or "").split():
        w = _norm(word)
        low = w.lower()
        if low in _FLAGS:
            flags[_FLAGS[low]] = True
            continue
        key, sep, value = w.replace("：", ":").partition(":")
        name = _KEYS.get(key.lower()) if sep else None
        if name is None:
            free.append(word)
            continue
        if not value:
            errors.append(Message("filters.needs_value", key=key))
            continue
        try:
            if name == "grade":
                values["grade"].extend(g for g in _parse_grades(value) if g not in values["grade"])
            elif name == "kind":
                values["kind"].extend(rules.parse_kind(v) for v in _split_values(value))
            elif name == "idle":
                idle = _parse_idle(value)
            else:
                values[name].extend(_split_values(value))
        except UserError as exc:
            errors.append(exc.message)
    return ListFilters(
        grades=tuple(values["grade"]), kinds=tuple(dict.fromkeys(values["kind"])),
        cities=tuple(values["city"]), reps=tuple(values["rep"]), tags=tuple(values["tag"]),
        overdue=flags["overdue"], idle_days=idle, archived=flags["archived"], dup=flags["dup"],
        text=" ".join(free), errors=tuple(errors),
    )


def describe(filters: ListFilters) -> list[tuple[str, str]]:
    """The active filters as (key, value) pairs, in the syntax the box reads back."""
    out: list[tuple[str, str]] = []
    if filters.grades:
        out.append(("grade", "".join(filters.grades)))
    for kind in filters.kinds:
        out.append(("kind", kind))
    for key, items in (("city", filters.cities), ("rep", filters.reps), ("tag", filters.tags)):
        for item in items:
            out.append((key, item))
    if filters.overdue:
        out.append(("overdue", ""))
    if filters.idle_days:
        out.append(("idle", str(filters.idle_days)))
    if filters.archived:
        out.append(("archived", ""))
    if filters.dup:
        out.append(("dup", ""))
    return out


def to_text(filters: ListFilters) -> str:
    """The search-box text for FILTERS (used when a quick key changes a filter)."""
    words = [f"{k}:{v}" if v else k for k, v in describe(filters)]
    if filters.text:
        words.append(filters.text)
    return " ".join(words)
