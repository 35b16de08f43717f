"""Peewee models: one class per table of db/migrations (the SQL there is the schema's truth).

Every table has a UUID text key, created_at, updated_at and deleted_at (soft delete), so the
schema is ready for multi-device sync. Money columns hold integer fen.
"""
from __future__ import annotations

import contextlib
import uuid

from peewee import (
    BigIntegerField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    SqliteDatabase,
    TextField,
)

from salesterm import clock

database = DatabaseProxy()


class MoneyField(BigIntegerField):
    """An amount of money in fen (分), the integer domain/money works in; stored as BIGINT."""


def money_columns(table: str) -> frozenset[str]:
    """The columns of TABLE that hold money (MoneyField); none for a table not of ALL_MODELS."""
    for model in ALL_MODELS:
        if model._meta.table_name == table:
            return frozenset(f.column_name for f in model._meta.sorted_fields if isinstance(f, MoneyField))
    return frozenset()


_id_source = None  # while set (the demo, store/demo/orders), ids come from it: the same seed, the same ids


def new_id() -> str:
    return _id_source() if _id_source is not None else uuid.uuid4().hex


@contextlib.contextmanager
def ids_from(source):
    """New rows take their ids from SOURCE (a function returning 32 hex digits) inside the block."""
    global _id_source
    before, _id_source = _id_source, source
    try:
        yield
    finally:
        _id_source = before


def is_sqlite(db=None) -> bool:
    """Whether DB (by default the bound database) is SQLite rather than PostgreSQL."""
    return isinstance(db or database.obj, SqliteDatabase)


class BaseModel(Model):
    id = CharField(primary_key=True, default=new_id)
    created_at = DateTimeField(default=clock.now)
    updated_at = DateTimeField(default=clock.now)
    deleted_at = DateTimeField(null=True)

    class Meta:
        database = database
        legacy_table_names = False

    def save(self, *args, **kwargs):
        self.updated_at = clock.now()
        return super().save(*args, **kwargs)

    @classmethod
    def live(cls, *fields):
        """Rows not soft-deleted."""
        return cls.select(*fields).where(cls.deleted_at.is_null())


class Rep(BaseModel):
    name = TextField()
    phone = TextField(default="")
    region = TextField(default="")
    role = TextField(default="rep")  # rep | manager
    manager = ForeignKeyField("self", null=True, backref="team", column_name="manager_id")
    cycle_anchor = DateField(null=True)
    visits_per_day = IntegerField(default=6)


class Customer(BaseModel):
    code = TextField(null=True)
    name = TextField()
    name_norm = TextField()
    kind = TextField(default="retailer")
    economic_nature = TextField(default="")
    scale = TextField(default="")
    network_coverage = TextField(default="")
    main_performance = TextField(default="")
    credit_standing = TextField(default="")
    manager_background = TextField(default="")
    credit_limit = MoneyField(default=0)
    credit_days = IntegerField(default=30)  # 0018: 账期, days from delivery to the due date
    grade_factors = TextField(default="{}")
    grade_suggested = TextField(null=True)
    grade_override = TextField(null=True)
    grade_override_reason = TextField(default="")
    grade = TextField(null=True)
    man_money = TextField(default="unknown")
    man_authority = TextField(default="unknown")
    man_need = TextField(default="unknown")
    city = TextField(default="")
    district = TextField(default="")
    address = TextField(default="")
    phone = TextField(default="")
    phone_digits = TextField(default="")
    payday = IntegerField(null=True)
    no_morning_collection = BooleanField(default=False)
    rep = ForeignKeyField(Rep, null=True, backref="customers", column_name="rep_id")
    industry = TextField(default="")
    tags = TextField(default="")
    remark = TextField(default="")
    py_full = TextField(default="")
    py_initials = TextField(default="")
    merged_into = ForeignKeyField("self", null=True, column_name="merged_into_id")


class Contact(BaseModel):
    customer = ForeignKeyField(Customer, backref="contacts", column_name="customer_id")
    name = TextField()
    title = TextField(default="")
    phone = TextField(default="")
    phone_digits = TextField(default="")
    is_decision_maker = BooleanField(default=False)
    remark = TextField(default="")
    py_full = TextField(default="")
    py_initials = TextField(default="")


class Deal(BaseModel):
    customer = ForeignKeyField(Customer, backref="deals", column_name="customer_id")
    rep = ForeignKeyField(Rep, null=True, column_name="rep_id")
    title = TextField(default="")
    template = TextField(default="handbook")
    stage = TextField()
    status = TextField(default="open")  # open | won | lost
    amount = MoneyField(default=0)
    expected_close = DateField(null=True)
    lost_reason = TextField(default="")
    stage_since = DateTimeField(default=clock.now)


class DealStageChange(BaseModel):
    deal = ForeignKeyField(Deal, backref="history", column_name="deal_id")
    from_stage = TextField(null=True)
    to_stage = TextField()
    changed_at = DateTimeField(default=clock.now)
    rep = ForeignKeyField(Rep, null=True, column_name="rep_id")
    man_override = BooleanField(default=False)
    note = TextField(default="")


class Script(BaseModel):
    title = TextField()
    category = TextField(default="")
    current_version = IntegerField(default=1)
    rep = ForeignKeyField(Rep, null=True, column_name="rep_id")


class ScriptRevision(BaseModel):
    script = ForeignKeyField(Script, backref="revisions", column_name="script_id")
    version = IntegerField()
    body = TextField()
    revision_note = TextField(default="")
    rep = ForeignKeyField(Rep, null=True, column_name="rep_id")


class Visit(BaseModel):
    customer = ForeignKeyField(Customer, backref="visits", column_name="customer_id")
    rep = ForeignKeyField(Rep, null=True, column_name="rep_id")
    deal = ForeignKeyField(Deal, null=True, column_name="deal_id")
    planned_date = DateField()
    slot = TextField(default="am")  # am | pm
    status = TextField(default="planned")  # planned | done | cancelled | missed
    sales_objectives = TextField(default="[]")  # JSON list of keys
    admin_objectives = TextField(default="[]")
    reason = TextField(default="")
    proposal = TextField(default="")
    script = ForeignKeyField(Script, null=True, column_name="script_id")
    materials = TextField(default="[]")
    pinned = BooleanField(default=False)  # placed by hand: the planner keeps it
    done_at = DateTimeField(null=True)
    stage_reached = TextField(null=True)
    outcome = TextField(default="")
    order_amount = MoneyField(default=0)
    complaint_handled = BooleanField(default=False)
    notes = TextField(default="")
    revisit_date = DateField(null=True)


class VisitCorrection(BaseModel):
    """A correction of a logged visit: the changed fields before and after (JSON objects)."""

    visit = ForeignKeyField(Visit, backref="corrections", column_name="visit_id")
    rep = ForeignKeyField(Rep, null=True, column_name="rep_id")
    corrected_at = DateTimeField()
    before = TextField(default="{}")
    after = TextField(default="{}")

class ScriptUse(BaseModel):
    script = ForeignKeyField(Script, backref="uses", column_name="script_id")
    version = IntegerField()
    visit = ForeignKeyField(Visit, null=True, column_name="visit_id")
    rep = ForeignKeyField(Rep, null=True, column_name="rep_id")
    used_on = DateField()
    reaction = TextField(default="")
    note = TextField(default="")


class TradeLine(BaseModel):
    """The customer's purchase/sales log (客户进销记录簿)."""

    customer = ForeignKeyField(Customer, backref="trade_lines", column_name="customer_id")
    rep = ForeignKeyField(Rep, null=True, column_name="rep_id")
    day = DateField()
    direction = TextField(default="sale")  # sale (we sold to them) | purchase (they bought in)
    product = TextField(default="")
    quantity = IntegerField(default=0)
    amount = MoneyField(default=0)
    note = TextField(default="")
    order_line_id = TextField(null=True)  # 0018: the order line it records


class Receivable(BaseModel):
    customer = ForeignKeyField(Customer, backref="receivables", column_name="customer_id")
    rep = ForeignKeyField(Rep, null=True, column_name="rep_id")
    number = TextField()
    issued = DateField()
    due = DateField()
    amount = MoneyField()
    paid = MoneyField(default=0)  # sum of allocations, kept in step by store/ledger/receivables
    written_off = MoneyField(default=0)
    write_off_reason = TextField(default="")
    source = TextField(default="manual")
    write_off_on = DateField(null=True)  # 0004
    order_id = TextField(null=True)  # 0018: the sales order whose delivery made it


class Payment(BaseModel):
    """Append-only: a correction is a new row with reverses set and a negative amount."""

    customer = ForeignKeyField(Customer, backref="payments", column_name="customer_id")
    rep = ForeignKeyField(Rep, null=True, column_name="rep_id")
    day = DateField()
    amount = MoneyField()
    method = TextField(default="")
    number = TextField(null=True)
    dedupe_key = TextField(null=True)
    reverses = ForeignKeyField("self", null=True, column_name="reverses_id")
    source = TextField(default="manual")
    note = TextField(default="")


class PaymentAllocation(BaseModel):
    payment = ForeignKeyField(Payment, backref="allocations", column_name="payment_id")
    receivable = ForeignKeyField(Receivable, backref="allocations", column_name="receivable_id")
    amount = MoneyField()


class Promise(BaseModel):
    customer = ForeignKeyField(Customer, backref="promises", column_name="customer_id")
    receivable = ForeignKeyField(Receivable, null=True, column_name="receivable_id")
    rep = ForeignKeyField(Rep, null=True, column_name="rep_id")
    made_on = DateField()
    promised_date = DateField()
    amount = MoneyField()
    status = TextField(default="open")  # open | kept | broken
    resolved_on = DateField(null=True)
    note = TextField(default="")


class CollectionAttempt(BaseModel):
    customer = ForeignKeyField(Customer, backref="attempts", column_name="customer_id")
    rep = ForeignKeyField(Rep, null=True, column_name="rep_id")
    visit = ForeignKeyField(Visit, null=True, column_name="visit_id")
    day = DateField()
    outcome = TextField()  # paid | partly_paid | promised | refused | not_met
    amount = MoneyField(default=0)
    note = TextField(default="")


class CollectionState(BaseModel):
    customer = ForeignKeyField(Customer, column_name="customer_id")
    responsible_rep = ForeignKeyField(Rep, null=True, column_name="responsible_rep_id")
    level = IntegerField(default=0)
    next_follow_up = DateField(null=True)
    slips = IntegerField(default=0)
    escalated = BooleanField(default=False)
    note = TextField(default="")
    # 0004: the summary store/ledger/receivables keeps, and the promise/slip state the queue explains
    balance = MoneyField(default=0)
    oldest_due = DateField(null=True)
    oldest_due_day = IntegerField(null=True)  # oldest_due.toordinal(): portable date arithmetic
    last_slip = TextField(default="")  # broken_promise | missed_collection
    promise_date = DateField(null=True)
    promise_amount = MoneyField(default=0)
    last_attempt = DateField(null=True)
    last_outcome = TextField(default="")


class Note(BaseModel):
    customer = ForeignKeyField(Customer, null=True, backref="notes", column_name="customer_id")
    visit = ForeignKeyField(Visit, null=True, column_name="visit_id")
    rep = ForeignKeyField(Rep, null=True, column_name="rep_id")
    kind = TextField(default="market")
    title = TextField(default="")
    body = TextField(default="")
    tags = TextField(default="")
    follow_up = DateField(null=True)
    status = TextField(default="new")  # new | forwarded | resolved
    manager_comment = TextField(default="")
    competitor = TextField(default="")
    product = TextField(default="")
    price = MoneyField(null=True)
    promotion = TextField(default="")
    written_on = DateField()
    order_id = TextField(null=True)  # 0018: a complaint about an order


class Target(BaseModel):
    rep = ForeignKeyField(Rep, backref="targets", column_name="rep_id")
    year = IntegerField()
    month = IntegerField(default=0)  # 0 = the whole year
    sales = MoneyField(default=0)
    collections = MoneyField(default=0)


class WeeklyNote(BaseModel):
    """The free-text sections of a rep's weekly report (0009): one row per rep and week."""

    rep = ForeignKeyField(Rep, column_name="rep_id")
    week_start = DateField()  # the Monday
    problems = TextField(default="")
    support = TextField(default="")
    focus = TextField(default="")




class CustomerStats(BaseModel):
    """Per-customer summary for the customers list (0003); id equals customer_id."""

    customer = ForeignKeyField(Customer, column_name="customer_id")
    open_balance = MoneyField(default=0)
    overdue_amount = MoneyField(default=0)
    oldest_due = DateField(null=True)
    last_visit = DateField(null=True)
    next_visit = DateField(null=True)
    as_of = DateField()


class CustomerMerge(BaseModel):
    """A record of two customer files merged into one (0003)."""

    survivor = ForeignKeyField(Customer, column_name="survivor_id")
    loser = ForeignKeyField(Customer, column_name="loser_id")
    loser_name = TextField(default="")
    moved = TextField(default="{}")  # JSON: table -> rows moved
    filled = TextField(default="{}")  # JSON: survivor fields filled from the loser
    merged_at = DateTimeField(default=clock.now)
    undo = TextField(default="")  # 0008: JSON, what the merge changed (store/customers/unmerge.py)




# products, the price system and orders (0018, issue 14). Prices and amounts are integer fen;
# quantities count the product's base unit (``unit``, 瓶), and a case (``case_unit``, 箱) holds
# ``case_size`` of them.


class Product(BaseModel):
    code = TextField()
    name = TextField()
    name_norm = TextField(default="")
    spec = TextField(default="")  # 规格, e.g. 5L×4
    unit = TextField(default="")  # the base unit quantities and prices count in (瓶)
    case_unit = TextField(default="")  # the bigger unit (箱); '' when sold by the unit only
    case_size = IntegerField(default=1)  # base units in one case_unit
    brand = TextField(default="")
    category = TextField(default="")
    barcode = TextField(default="")
    status = TextField(default="active")  # active | discontinued
    list_price = MoneyField(default=0)  # 单价 of one base unit
    floor_price = MoneyField(null=True)  # below it an order line needs a manager's approval
    py_full = TextField(default="")
    py_initials = TextField(default="")


class PriceList(BaseModel):
    """Prices for customers of one kind and/or grade ('' = any), optionally dated."""

    name = TextField()
    customer_kind = TextField(default="")
    grade = TextField(default="")
    starts = DateField(null=True)
    ends = DateField(null=True)
    note = TextField(default="")


class PriceListItem(BaseModel):
    price_list = ForeignKeyField(PriceList, backref="items", column_name="price_list_id")
    product = ForeignKeyField(Product, column_name="product_id")
    price = MoneyField()


class CustomerPrice(BaseModel):
    """A price agreed with one customer for one product."""

    customer = ForeignKeyField(Customer, column_name="customer_id")
    product = ForeignKeyField(Product, column_name="product_id")
    price = MoneyField()
    starts = DateField(null=True)
    ends = DateField(null=True)
    note = TextField(default="")


class Promotion(BaseModel):
    """gift: buy buy_qty get free_qty (base units); discount: discount_bp basis points off."""

    name = TextField()
    product = ForeignKeyField(Product, null=True, column_name="product_id")  # None: every product
    customer_kind = TextField(default="")
    grade = TextField(default="")
    starts = DateField()
    ends = DateField()
    kind = TextField(default="gift")  # gift | discount
    buy_qty = IntegerField(default=0)
    free_qty = IntegerField(default=0)
    discount_bp = IntegerField(default=0)
    note = TextField(default="")


class SalesOrder(BaseModel):
    number = TextField()
    customer = ForeignKeyField(Customer, backref="orders", column_name="customer_id")
    rep = ForeignKeyField(Rep, null=True, column_name="rep_id")
    visit = ForeignKeyField(Visit, null=True, column_name="visit_id")
    day = DateField()
    status = TextField(default="placed")  # placed 已下单 | shipped 已发货 | delivered 已签收 | partial | cancelled
    total = MoneyField(default=0)
    cancel_reason = TextField(default="")
    note = TextField(default="")
    credit_hold = TextField(default="")  # why the credit check held it; '' when clear or released
    released_by = ForeignKeyField(Rep, null=True, column_name="released_by")
    released_at = DateTimeField(null=True)

    class Meta:
        table_name = "sales_order"


class OrderLine(BaseModel):
    """Insert-only once the order is placed (sync merges lines by id)."""

    order = ForeignKeyField(SalesOrder, backref="lines", column_name="order_id")
    product = ForeignKeyField(Product, column_name="product_id")
    qty = IntegerField()  # base units
    unit = TextField(default="")  # the unit the rep typed (箱 or 瓶), for display
    free_qty = IntegerField(default=0)  # gift units of a promotion, not charged
    price = MoneyField()  # per base unit, after the price system
    list_price = MoneyField(default=0)
    price_source = TextField(default="")  # where the price came from (see domain/pricing)
    promotion = ForeignKeyField(Promotion, null=True, column_name="promotion_id")
    amount = MoneyField()
    below_floor = BooleanField(default=False)
    position = IntegerField(default=0)  # 0024: 1, 2, ... in the order typed


class PriceApproval(BaseModel):
    """A manager's decision on an order's below-floor price (insert-only)."""

    order = ForeignKeyField(SalesOrder, column_name="order_id")
    order_line = ForeignKeyField(OrderLine, null=True, column_name="order_line_id")
    rep = ForeignKeyField(Rep, null=True, column_name="rep_id")  # who decided
    decision = TextField(default="approved")  # approved | refused
    note = TextField(default="")


class OrderDelivery(BaseModel):
    """Goods handed over for one order line (insert-only)."""

    order = ForeignKeyField(SalesOrder, column_name="order_id")
    order_line = ForeignKeyField(OrderLine, column_name="order_line_id")
    qty = IntegerField()
    day = DateField()
    stage = TextField(default="delivered")  # shipped | delivered
    note = TextField(default="")


class OrderReturn(BaseModel):
    """A return or exchange against an order line; a return's credit is a payment row."""

    order = ForeignKeyField(SalesOrder, column_name="order_id")
    order_line = ForeignKeyField(OrderLine, column_name="order_line_id")
    kind = TextField(default="return")  # return | exchange
    qty = IntegerField()
    amount = MoneyField(default=0)
    reason = TextField(default="")
    day = DateField()
    payment = ForeignKeyField(Payment, null=True, column_name="payment_id")


class TeamSetting(BaseModel):
    """Team-wide settings that sync (e.g. receivables_source: orders | import)."""

    key = TextField()
    value = TextField(default="")


# every domain table, parents before children: the order a first sync downloads a share in and
# the demo writes in (a receivable names its sales order, a trade line its order line, a return
# its credit payment)
ALL_MODELS = [
    Rep, Customer, Contact, Deal, DealStageChange, Script, ScriptRevision, Visit, VisitCorrection, ScriptUse,
    Product, PriceList, PriceListItem, CustomerPrice, Promotion, SalesOrder, OrderLine, PriceApproval,
    OrderDelivery, TradeLine, Receivable, Payment, PaymentAllocation, OrderReturn, Promise, CollectionAttempt,
    CollectionState, Note, Target, WeeklyNote, CustomerStats, CustomerMerge, TeamSetting,
]


class CodeCounter(Model):
    """The last number a customer code pattern handed out (0008; store/customers/codes.py)."""

    pattern = TextField(primary_key=True)
    last = BigIntegerField(default=0)
    updated_at = DateTimeField(default=clock.now)

    class Meta:
        database = database
        table_name = "code_counter"


class SearchStamp(Model):
    """The search index's change stamp (0007): one row, bumped by triggers on every write to
    customer, contact and a customer's last visit; a saved index is reused only at its stamp."""

    id = IntegerField(primary_key=True)
    token = TextField()
    generation = BigIntegerField(default=0)

    class Meta:
        database = database
        table_name = "search_stamp"


class SearchVisit(Model):
    """The last visit per customer as the stamp's trigger last saw it (0007)."""

    customer_id = TextField(primary_key=True)
    last_visit = DateField(null=True)

    class Meta:
        database = database
        table_name = "search_visit"
