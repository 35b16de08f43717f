"""`salesterm export KIND FILE --lang zh`: Chinese headers and values a person reads.

The English export (store/io/exporting.py) is what scripts read: field names, stored keys,
JSON cells. With `--lang zh` each column gets the Chinese header the importer reads first for
that field (so the file imports back: `import customers` reads 客户名称, 类型, 经济性质 ...),
or a plain Chinese name for a column the importer does not read (系统编号, 创建时间); stored
keys become their Chinese labels (distributor -> 经销商, private -> 民营, yes -> 是), a JSON
list of objectives becomes 收款、处理投诉, the grading scores become 资信 4；经营规模 3 (the
importer reads that too), amounts stay plain yuan with two decimals.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from salesterm.domain import collection, grading, notes_rules, stages, visit_rules
from salesterm.domain import customer as customer_rules

Getter = Callable[[dict[str, Any]], Any]

# columns no importer reads, and the export-only names of some that one does
COMMON = {"id": "系统编号", "created_at": "创建时间", "updated_at": "修改时间", "customer_code": "客户编码",
          "customer": "客户名称", "rep": "业务员", "source": "来源"}
OWN_HEADERS: dict[str, dict[str, str]] = {
    "customers": {"grade_suggested": "建议等级", "prospect_class": "M-A-N 分类"},
    "contacts": {},
    "visits": {"planned_date": "计划日期", "slot": "时段", "status": "状态", "sales_objectives": "销售目标",
               "admin_objectives": "行政目标", "reason": "拜访理由", "proposal": "建议方案", "materials": "携带资料",
               "done_at": "拜访时间", "stage_reached": "达到阶段", "outcome": "结果", "order_amount": "订单金额",
               "complaint_handled": "处理投诉", "notes": "拜访记录", "revisit_date": "回访日期",
               "deal_id": "商机编号"},
    "deals": {"title": "商机", "template": "阶段模板", "stage": "阶段", "status": "状态", "amount": "金额",
              "expected_close": "预计签约日期", "lost_reason": "丢单原因", "stage_since": "进入本阶段时间"},
    "receivables": {"paid": "已收金额", "written_off": "核销金额", "open": "未收金额",
                    "write_off_reason": "核销原因"},
    "payments": {"day": "付款日期", "reverses_id": "冲销的付款", "source": "来源"},
    "notes": {"kind": "类别", "title": "标题", "body": "内容", "tags": "标签", "status": "状态",
              "follow_up": "跟进日期", "manager_comment": "经理批注", "competitor": "竞争对手", "product": "产品",
              "price": "价格", "promotion": "促销", "written_on": "日期", "visit_id": "拜访编号"},
}
# which importer's headers a table's columns take (field -> its first Chinese header)
IMPORTERS = {"customers": ("importing", "CUSTOMER_HEADERS"), "contacts": ("importing", "CONTACT_HEADERS"),
             "receivables": ("ledger_import", "RECEIVABLE_HEADERS"),
             "payments": ("ledger_import", "PAYMENT_HEADERS")}


def _import_headers(kind: str) -> dict[str, str]:
    if kind not in IMPORTERS:
        return {}
    import importlib

    module, name = IMPORTERS[kind]
    header_map = getattr(importlib.import_module(f"salesterm.store.io.{module}"), name)
    return {fld: next((w for w in words if not w.isascii()), fld) for fld, words in header_map.aliases.items()}


def header(kind: str, column: str) -> str:
    """The Chinese header of KIND's column COLUMN (an English export header)."""
    own = OWN_HEADERS.get(kind, {})
    if column in own:
        return own[column]
    found = _import_headers(kind).get(column)
    if found and found != column:
        return found
    return COMMON.get(column, column)


def _vocab(key: str, vocab) -> Getter:
    return lambda row: dict(vocab).get(row[key], (row[key], ""))[0] if row[key] else ""


def _flag(key: str) -> Getter:
    return lambda row: "是" if row[key] else "否"


def _keys_list(key: str, vocab) -> Getter:
    def get(row):
        try:
            value = json.loads(row[key] or "[]")
        except ValueError:
            return row[key]
        if not isinstance(value, list):
            return row[key]
        return "、".join(visit_rules.labels([str(v) for v in value], vocab, "zh"))
    return get


def _scores(row) -> str:
    try:
        value = json.loads(row["grade_factors"] or "{}")
        return grading.scores_text(value, "zh") if isinstance(value, dict) else row["grade_factors"]
    except Exception:  # noqa: BLE001 - a cell that is not scores is shown as stored
        return row["grade_factors"]


def _man(key: str) -> Getter:
    return lambda row: {"yes": "是", "no": "否", "unknown": "未知"}.get(row[key], row[key] or "")


def _stage(row) -> str:
    return stages.stage_label(row.get("template") or "handbook", row["stage"], "zh") if row["stage"] else ""


def _stage_reached(row) -> str:
    return stages.stage_label("handbook", row["stage_reached"], "zh") if row["stage_reached"] else ""


SOURCES = {"manual": ("手工录入", "manual"), "import": ("导入", "import"), "delivery": ("送货", "delivery"),
           "batch": ("批量收款", "batch"), "order": ("订单送货", "order"), "return": ("退货冲抵", "return")}

VALUES: dict[str, dict[str, Getter]] = {
    "customers": {
        "kind": _vocab("kind", customer_rules.KINDS),
        "economic_nature": _vocab("economic_nature", customer_rules.NATURES),
        "grade_factors": _scores,
        "man_money": _man("man_money"), "man_authority": _man("man_authority"), "man_need": _man("man_need"),
        "no_morning_collection": _flag("no_morning_collection"),
    },
    "contacts": {"is_decision_maker": _flag("is_decision_maker")},
    "visits": {
        "slot": _vocab("slot", visit_rules.SLOTS), "status": _vocab("status", visit_rules.STATUSES),
        "sales_objectives": _keys_list("sales_objectives", visit_rules.SALES_OBJECTIVES),
        "admin_objectives": _keys_list("admin_objectives", visit_rules.ADMIN_OBJECTIVES),
        "materials": _keys_list("materials", visit_rules.MATERIALS),
        "stage_reached": _stage_reached, "complaint_handled": _flag("complaint_handled"),
    },
    "deals": {"stage": _stage, "status": _vocab("status", stages.DEAL_STATUSES),
              "template": lambda row: stages.get_template(row["template"]).zh
              if row["template"] in stages.TEMPLATES else row["template"]},
    "receivables": {"source": _vocab("source", SOURCES)},
    "payments": {"method": _vocab("method", collection.METHODS), "source": _vocab("source", SOURCES)},
    "notes": {"kind": _vocab("kind", notes_rules.KIND_LABELS), "status": _vocab("status", notes_rules.STATUS_LABELS)},
}


def localise(kind: str, columns: list[tuple[str, Getter]]) -> list[tuple[str, Getter]]:
    """KIND's export columns with Chinese headers and readable values."""
    if kind == "orders":
        from salesterm.store.io import export_orders

        own = {**COMMON, **export_orders.HEADERS_ZH}
        return [(own.get(name, name), export_orders.VALUES_ZH.get(name, get)) for name, get in columns]
    values = VALUES.get(kind, {})
    return [(header(kind, name), values.get(name, get)) for name, get in columns]

