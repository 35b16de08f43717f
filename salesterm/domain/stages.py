"""Pipeline stage templates and the rules for moving a deal between stages.

Two templates: the handbook's seven visit steps (访前准备 ... 签约) and the FMCG
"eight visit steps" (拜访八步骤). A deal may also be lost (丢单), with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import UserError, Words, shown

LOST = "lost"


class StageMoveError(UserError):
    """A stage move that the rules do not allow, or an unknown stage."""


@dataclass(frozen=True)
class Stage:
    key: str
    zh: str
    en: str

    def label(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


LOST_STAGE = Stage(LOST, "丢单", "Lost")


@dataclass(frozen=True)
class StageTemplate:
    """An ordered list of stages. ``close_stage_key`` is the stage (促成) that needs
    M-A-N confirmed; ``won_stage_key`` is the last stage: the deal is won.

    ``keys``/``index``/``next_key``/``prev_key`` cover the ordered stages only;
    ``get``, ``label`` and ``is_known`` also accept :data:`LOST`.
    """

    key: str
    zh: str
    en: str
    stages: tuple[Stage, ...]
    close_stage_key: str
    won_stage_key: str

    def __post_init__(self) -> None:
        keys = [s.key for s in self.stages]
        if len(set(keys)) != len(keys) or LOST in keys:
            raise ValueError(f"template {self.key}: stage keys must be unique and not {LOST!r}")
        if self.close_stage_key not in keys or self.won_stage_key != keys[-1]:
            raise ValueError(f"template {self.key}: bad close or won stage")

    def keys(self) -> list[str]:
        return [s.key for s in self.stages]

    def is_known(self, key: str) -> bool:
        return key == LOST or any(s.key == key for s in self.stages)

    def index(self, key: str) -> int:
        for i, stage in enumerate(self.stages):
            if stage.key == key:
                return i
        raise StageMoveError("stages.unknown_key", key=shown(key))

    def get(self, key: str) -> Stage:
        if key == LOST:
            return LOST_STAGE
        return self.stages[self.index(key)]

    def next_key(self, key: str) -> str | None:
        i = self.index(key)
        return self.stages[i + 1].key if i + 1 < len(self.stages) else None

    def prev_key(self, key: str) -> str | None:
        i = self.index(key)
        return self.stages[i - 1].key if i > 0 else None

    def is_won(self, key: str) -> bool:
        return key == self.won_stage_key

    def label(self, key: str, lang: str = "zh") -> str:
        return self.get(key).label(lang)

    def first_key(self) -> str:
        return self.stages[0].key


def _stages(*triples: tuple[str, str, str]) -> tuple[Stage, ...]:
    return tuple(Stage(*t) for t in triples)


HANDBOOK = StageTemplate(
    key="handbook",
    zh="手册七步",
    en="Handbook steps",
    stages=_stages(
        ("prepare", "访前准备", "Preparation"),
        ("observe", "观察分析", "Observation"),
        ("opening", "开场白", "Opening"),
        ("present", "产品介绍", "Presentation"),
        ("objections", "处理拒绝意见", "Objections"),
        ("close", "促成", "Closing"),
        ("signed", "签约", "Signed"),
    ),
    close_stage_key="close",
    won_stage_key="signed",
)

FMCG = StageTemplate(
    key="fmcg",
    zh="拜访八步骤",
    en="Eight visit steps",
    stages=_stages(
        ("prepare", "准备", "Preparation"),
        ("greet", "打招呼", "Greeting"),
        ("store_check", "店情察看", "Store check"),
        ("merchandise", "产品生动化", "Merchandising"),
        ("draft_order", "拟订单", "Draft order"),
        ("pitch", "销售陈述", "Sales pitch"),
        ("review", "回顾与总结", "Review"),
        ("admin", "行政工作", "Admin work"),
    ),
    close_stage_key="draft_order",
    won_stage_key="admin",
)

TEMPLATES: dict[str, StageTemplate] = {"handbook": HANDBOOK, "fmcg": FMCG}

#: A deal's status, with labels (zh, en).
DEAL_STATUSES: dict[str, tuple[str, str]] = {
    "open": ("进行中", "open"),
    "won": ("成交", "won"),
    "lost": ("丢单", "lost"),
}


def get_template(key: str) -> StageTemplate:
    try:
        return TEMPLATES[key]
    except (KeyError, TypeError):
        names = ", ".join(TEMPLATES)
        raise UserError("stages.unknown_template_value_choose_choices", value=shown(key), choices=names) from None


def _at_or_past_close(template: StageTemplate, key: str) -> bool:
    return key != LOST and template.index(key) >= template.index(template.close_stage_key)


def needs_man_confirmation(template: StageTemplate, to_key: str, man_confirmed: bool) -> bool:
    """True when moving to ``to_key`` is blocked until M-A-N is confirmed (or overridden)."""
    if not template.is_known(to_key):
        raise StageMoveError("stages.unknown_key", key=shown(to_key))
    return not man_confirmed and _at_or_past_close(template, to_key)


def check_move(
    template: StageTemplate,
    from_key: str,
    to_key: str,
    *,
    lost_reason: str | None = None,
    man_confirmed: bool = True,
    override: bool = False,
) -> None:
    """Raise :class:`StageMoveError` unless a deal may move from ``from_key`` to ``to_key``.

    - Both stages must exist in the template (or be :data:`LOST`).
    - Moves may skip stages forward or go back; staying put is allowed.
    - A won deal is closed: it cannot move.
    - A lost deal may be reopened into any stage.
    - Marking a deal lost needs a non-empty reason.
    - Entering or passing the close stage needs M-A-N confirmed, unless overridden.
    """
    for key in (from_key, to_key):
        if not template.is_known(key):
            raise StageMoveError("stages.unknown_key", key=shown(key))
    if from_key == to_key:
        return
    if template.is_won(from_key):
        raise StageMoveError(
            "stages.already_won", stage=Words(template.label(from_key, 'zh'), template.label(from_key, 'en'))
        )
    if to_key == LOST:
        if lost_reason is None or not str(lost_reason).strip():
            raise StageMoveError("stages.lost_deal_needs_reason")
        return
    if needs_man_confirmation(template, to_key, man_confirmed) and not override:
        close = template.get(template.close_stage_key)
        raise StageMoveError(
            "stages.man_not_confirmed_before_stage", stage=Words(close.zh, f"{close.en} ({close.zh})")
        )


def stage_label(template_key: str, stage_key: str, lang: str = "zh") -> str:
    """The label of a stage kept on a record; a template or stage this version does not know
    (older data, another device) is shown as stored."""
    try:
        return get_template(template_key).label(stage_key, lang)
    except UserError:
        return stage_key
