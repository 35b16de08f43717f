"""`salesterm export orders FILE`: one row per order line, with its order's fields.

Beside the line: what was delivered and returned of it (base units). Money is plain yuan text,
quantities count the product's base unit (unit); typed_qty/typed_unit are what the rep typed
(5 箱). Status and price source are stored keys (with `--lang zh` their Chinese labels).
"""
from __future__ import annotations

from salesterm.domain import order_rules, pricing
from salesterm.domain.money import fen_to_json


def _money(key: str):
    return lambda row: "" if row[key] is None else fen_to_json(int(row[key]))


def _typed_qty(row) -> int:
    size = int(row["case_size"] or 1)
    case = row["unit"] and row["unit"] == row["case_unit"] and size > 1 and row["qty"] % size == 0
    return row["qty"] // size if case else row["qty"]


NAMES = [
    "order_id", "number", "day", "status", "customer_code", "customer", "rep_id", "total", "credit_hold",
    "cancel_reason", "order_note", "line_id", "position", "product_code", "product", "spec", "unit",
    "case_unit", "case_size", "base_unit", "qty", "free_qty", "price", "list_price", "price_source",
    "promotion", "amount", "below_floor", "delivered", "returned", "created_at",
]
SQL = """
SELECT o.id, o.number, o.day, o.status, c.code, c.name, o.rep_id, o.total, o.credit_hold, o.cancel_reason,
       o.note, l.id, l.position, p.code, p.name, p.spec, l.unit, p.case_unit, p.case_size, p.unit, l.qty,
       l.free_qty, l.price, l.list_price, l.price_source, pr.name, l.amount, l.below_floor,
       (SELECT COALESCE(SUM(d.qty), 0) FROM order_delivery d
         WHERE d.order_line_id = l.id AND d.stage = 'delivered' AND d.deleted_at IS NULL),
       (SELECT COALESCE(SUM(r.qty), 0) FROM order_return r
         WHERE r.order_line_id = l.id AND r.kind = 'return' AND r.deleted_at IS NULL),
       o.created_at
FROM order_line l
JOIN sales_order o ON o.id = l.order_id
JOIN customer c ON c.id = o.customer_id
JOIN product p ON p.id = l.product_id
LEFT OUTER JOIN promotion pr ON pr.id = l.promotion_id
WHERE l.deleted_at IS NULL AND o.deleted_at IS NULL
ORDER BY o.day, o.number, l.position, l.id
"""
COLUMNS = [
    "order_id", "number", "day", "status", "customer_code", "customer", "rep", ("total", _money("total")),
    ("credit_hold", lambda r: "; ".join(str(m) for m in order_rules.hold_messages(r["credit_hold"]))),
    "cancel_reason", "order_note", "line_id", "position", "product_code", "product", "spec", "qty",
    ("unit", lambda r: r["base_unit"]), ("typed_qty", _typed_qty),
    ("typed_unit", lambda r: r["unit"] or r["base_unit"]), "free_qty", ("price", _money("price")),
    ("list_price", _money("list_price")), "price_source", "promotion", ("amount", _money("amount")),
    ("below_floor", lambda r: "yes" if r["below_floor"] else "no"), "delivered", "returned", "created_at",
]
HEADERS_ZH = {
    "order_id": "订单系统编号", "number": "订单号", "day": "下单日期", "status": "状态", "total": "订单金额",
    "credit_hold": "信用冻结", "cancel_reason": "取消原因", "order_note": "备注", "line_id": "明细编号",
    "position": "行号", "product_code": "商品编码", "product": "商品名称", "spec": "规格", "qty": "数量",
    "unit": "单位", "typed_qty": "下单数量", "typed_unit": "下单单位", "free_qty": "赠品数量", "price": "单价",
    "list_price": "目录价", "price_source": "价格来源", "promotion": "促销", "amount": "金额",
    "below_floor": "低于底价", "delivered": "已签收数量", "returned": "已退数量",
}
VALUES_ZH = {
    "status": lambda r: order_rules.status_label(r["status"]).zh,
    "price_source": lambda r: pricing.SOURCE_LABELS.get(r["price_source"], (r["price_source"], ""))[0],
    "below_floor": lambda r: "是" if r["below_floor"] else "否",
    "credit_hold": lambda r: "；".join(m.text("zh") for m in order_rules.hold_messages(r["credit_hold"])),
}
