"""The customers list: count, sort, filter and page 100k customers without loading them all.

`open_list(query)` runs one narrow query for the matching ids in list order (only the joins the
filters and the sort need; ~0.1-0.3 s at 100k) and returns a `CustomerList` whose
`rows(offset, limit)` fetches one page of full rows by id, so any page, first or last, costs a
few milliseconds. Free text goes through the search engine and keeps its ranking. Filters come
from `domain.list_filters`; the summary columns (balance, overdue, last and next visit) from the
customer_stats table (store/stats.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import peewee
from peewee import JOIN

from salesterm import clock
from salesterm.domain.list_filters import ListFilters
from salesterm.store.models import Customer, CustomerStats, Rep, database

SORTS = ("name", "grade", "kind", "city", "rep", "open_balance", "overdue_amount",
         "last_visit", "next_visit")
RELEVANCE = "relevance"
STATS_SORTS = ("open_balance", "overdue_amount", "last_visit", "next_visit")
# names sort by their first pinyin reading; the first 40 letters order them and cost less to compare
NAME_KEY = peewee.fn.SUBSTR(Customer.py_full, peewee.SQL("1"), peewee.SQL("40"))  # literals: index customer_sort_name
TEXT_LIMIT = 2000  # free-text matches shown in the list, best first
LOOSE = ("gapped", "typo", "fuzzy")  # how a hit matched when it is only similar (counted apart)


@dataclass(frozen=True)
class Row:
    id: str
    name: str
    grade: str | None
    kind: str
    city: str
    rep: str
    open_balance: int
    overdue_amount: int
    last_visit: date | None
    next_visit: date | None
    archived: bool = False


@dataclass(frozen=True)
class ListQuery:
    filters: ListFilters = ListFilters()
    sort: str | None = None  # None: relevance when there is free text, else name
    descending: bool = False

    @property
    def effective_sort(self) -> str:
        if self.sort:
            return self.sort
        return RELEVANCE if self.filters.text else "name"


def _date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _columns():
    return (Customer.id, Customer.name, Customer.grade, Customer.kind, Customer.city,
            Rep.name, CustomerStats.open_balance, CustomerStats.overdue_amount,
            CustomerStats.last_visit, CustomerStats.next_visit, Customer.deleted_at)


def _base(*fields):
    return (Customer.select(*fields)
            .join(Rep, JOIN.LEFT_OUTER, on=(Customer.rep == Rep.id))
            .switch(Customer)
            .join(CustomerStats, JOIN.LEFT_OUTER, on=(CustomerStats.customer == Customer.id)))


def _word(column, word: str):
    """COLUMN (space-separated words) holds WORD as a whole word."""
    return ((column == word) | column.startswith(word + " ") | column.endswith(" " + word)
            | column.contains(" " + word + " "))


def _any(conds):
    out = None
    for c in conds:
        out = c if out is None else (out | c)
    return out


def _where(f: ListFilters, as_of: date):
    conds = []
    if f.archived:
        conds.append(Customer.deleted_at.is_null(False) & Customer.merged_into.is_null())
    else:
        conds.append(Customer.deleted_at.is_null())
    if f.grades:
        conds.append(Customer.grade.in_(list(f.grades)))
    if f.kinds:
        conds.append(Customer.kind.in_(list(f.kinds)))
    if f.cities:
        conds.append(_any(Customer.city.contains(c) | Customer.district.contains(c) for c in f.cities))
    if f.reps:
        conds.append(_any(Rep.name.contains(r) for r in f.reps))
    for tag in f.tags:
        conds.append(_word(Customer.tags, tag))
    if f.overdue:
        conds.append(CustomerStats.overdue_amount > 0)
    if f.idle_days:
        cutoff = as_of - timedelta(days=f.idle_days)
        conds.append(CustomerStats.last_visit.is_null() | (CustomerStats.last_visit < cutoff))
    if f.dup:  # possible duplicates: a normalised name, or a phone (7+ digits), more than one live customer holds
        Other = Customer.alias("other")
        shared = (Other.select(Other.name_norm).where(Other.deleted_at.is_null())
                  .group_by(Other.name_norm).having(peewee.fn.COUNT(Other.id) > 1))
        phones = (Other.select(Other.phone_digits)
                  .where(Other.deleted_at.is_null() & (peewee.fn.LENGTH(Other.phone_digits) >= 7))
                  .group_by(Other.phone_digits).having(peewee.fn.COUNT(Other.id) > 1))
        conds.append(Customer.name_norm.in_(shared) | Customer.phone_digits.in_(phones))
    return conds


def _order(sort: str, descending: bool):
    column = {
        "name": NAME_KEY, "grade": Customer.grade, "kind": Customer.kind,
        "city": Customer.city, "rep": Rep.name,
        "open_balance": peewee.fn.COALESCE(CustomerStats.open_balance, 0),
        "overdue_amount": peewee.fn.COALESCE(CustomerStats.overdue_amount, 0),
        "last_visit": CustomerStats.last_visit, "next_visit": CustomerStats.next_visit,
    }[sort]
    if sort in ("name", "kind", "city", "open_balance", "overdue_amount"):  # never NULL
        order = [column.desc() if descending else column.asc()]
    else:  # empty values go last in either direction
        order = [column.desc(nulls="LAST") if descending else column.asc(nulls="LAST")]
    if sort != "name":
        order.append(NAME_KEY)
    order.append(Customer.id)
    return order


def _row(t) -> Row:
    return Row(id=t[0], name=t[1], grade=t[2], kind=t[3], city=t[4], rep=t[5] or "",
               open_balance=int(t[6] or 0), overdue_amount=int(t[7] or 0),
               last_visit=_date(t[8]), next_visit=_date(t[9]), archived=t[10] is not None)


def search_ready() -> bool:
    """The search index answers free text (before it is built, SQL does: store/search)."""
    from salesterm.store import search  # start-up speed: the search engine loads when first used

    return search.ready()


def quick_find(text: str, *, limit: int = 20) -> list:
    """Customers matching free TEXT, best first: the search engine's hits (id, name, city, grade...)."""
    from salesterm.store import search  # start-up speed: the search engine loads when first used

    return search.search(text, limit=limit) if text.strip() else []


@dataclass
class CustomerList:
    """What a query matched: the ids in list order (a few MB at 100k), paged by id."""

    query: ListQuery
    ids: list[str]
    total: int
    as_of: date
    similar: int = 0  # free text: how many of the ids only match loosely (LOOSE), the last ones
    searched_early: bool = False  # free text found by SQL before the search index was ready

    @property
    def count(self) -> int:
        return len(self.ids)

    def rows(self, offset: int, limit: int) -> list[Row]:
        if offset < 0 or limit <= 0 or offset >= self.count:
            return []
        ids = self.ids[offset:offset + limit]
        found = {r.id: r for r in map(_row, _base(*_columns()).where(Customer.id.in_(ids)).tuples())}
        return [found[i] for i in ids if i in found]

    def index_of(self, customer_id: str) -> int | None:
        """Where CUSTOMER_ID sits in this list (to keep the cursor on it after a change)."""
        try:
            return self.ids.index(customer_id)
        except ValueError:
            return None


def _ids_query(f: ListFilters, conds: list, sort: str, descending: bool):
    """SELECT id ... with only the joins the filters and the sort need (joins cost at 100k)."""
    need_rep = bool(f.reps) or sort == "rep"
    need_stats = f.overdue or bool(f.idle_days) or sort in STATS_SORTS
    query = Customer.select(Customer.id)
    if need_rep:
        query = query.join(Rep, JOIN.LEFT_OUTER, on=(Customer.rep == Rep.id)).switch(Customer)
    if need_stats:
        query = query.join(CustomerStats, JOIN.LEFT_OUTER, on=(CustomerStats.customer == Customer.id))
    for cond in conds:
        query = query.where(cond)
    if sort != RELEVANCE:
        query = query.order_by(*_order(sort, descending))
    return query


def first_rows(query: ListQuery, limit: int, *, as_of: date | None = None) -> list[Row]:
    """The first LIMIT rows of QUERY, fast, to paint before `open_list` has every id: one LIMIT
    query, or for free text the best LIMIT matches of the search. Sorting by a summary column
    walks customer_stats' index (customers without a summary row yet come in with `open_list`)."""
    as_of = as_of or clock.today()
    f = query.filters
    sort = query.effective_sort
    if f.text:
        return open_list(query, as_of=as_of, limit=limit, count=False).rows(0, limit)
    conds = _where(f, as_of)
    if sort in STATS_SORTS:
        ids_q = (CustomerStats.select(CustomerStats.customer)
                 .join(Customer, on=(CustomerStats.customer == Customer.id)))
        if f.reps:
            ids_q = ids_q.join(Rep, JOIN.LEFT_OUTER, on=(Customer.rep == Rep.id))
        for cond in conds:
            ids_q = ids_q.where(cond)
        column = getattr(CustomerStats, sort)
        if sort in ("open_balance", "overdue_amount"):  # NOT NULL: the index gives the order
            first = column.desc() if query.descending else column.asc()
        else:
            first = column.desc(nulls="LAST") if query.descending else column.asc(nulls="LAST")
        ids_q = ids_q.order_by(first, NAME_KEY, Customer.id)
    else:
        ids_q = _ids_query(f, conds, sort, query.descending)
    ids = [r[0] for r in database.execute(ids_q.limit(limit)).fetchall()]
    return CustomerList(query=query, ids=ids, total=0, as_of=as_of).rows(0, limit)


def open_list(query: ListQuery, *, as_of: date | None = None, limit: int = TEXT_LIMIT,
              count: bool = True) -> CustomerList:
    """Find what QUERY matches, in order (ids only: rows are fetched a page at a time); free
    text: its best LIMIT matches. COUNT: count every live customer (the list's total)."""
    as_of = as_of or clock.today()
    f = query.filters
    conds = _where(f, as_of)
    total = Customer.select().where(Customer.deleted_at.is_null()).count() if count else 0
    sort = query.effective_sort
    hits = None
    loose: set[str] = set()
    early = False
    if f.text:
        early = not search_ready()
        found = quick_find(f.text, limit=limit)
        if not found:
            return CustomerList(query=query, ids=[], total=total, as_of=as_of, searched_early=early)
        hits = [h.id for h in found]
        loose = {h.id for h in found if h.matched in LOOSE}
        conds.append(Customer.id.in_(hits))
    cursor = database.execute(_ids_query(f, conds, sort, query.descending))
    ids = [r[0] for r in cursor.fetchall()]
    if sort == RELEVANCE and hits is not None:
        allowed = set(ids)
        ids = [i for i in hits if i in allowed]
        if query.descending:
            ids.reverse()
    similar = sum(1 for i in ids if i in loose) if loose else 0
    return CustomerList(query=query, ids=ids, total=total, as_of=as_of, similar=similar, searched_early=early)


def distinct_values(column: str, *, limit: int = 200) -> list[str]:
    """Values to offer for quick filters: cities or reps in use."""
    if column == "city":
        q = (Customer.select(Customer.city).where(Customer.deleted_at.is_null() & (Customer.city != ""))
             .group_by(Customer.city).order_by(peewee.fn.COUNT(Customer.id).desc()).limit(limit))
        return [r[0] for r in q.tuples()]
    if column == "rep":
        q = Rep.select(Rep.name).where(Rep.deleted_at.is_null()).order_by(Rep.name).limit(limit)
        return [r[0] for r in q.tuples()]
    raise ValueError(column)


def any_customer() -> bool:
    """Whether the database holds any customer at all, archived ones included (an empty
    database shows what to do instead of an empty list)."""
    return Customer.select(Customer.id).limit(1).exists()
