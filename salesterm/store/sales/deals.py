"""Deals on the pipeline: create, move between stages (every move kept with its time), lose
with a reason, M-A-N override recorded, the board's cards and the funnel statistics."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from salesterm import clock
from salesterm.domain import man, stages
from salesterm.domain.errors import UserError, Words
from salesterm.domain.money import check_amount, parse_money
from salesterm.store import reps
from salesterm.store.customers import get_customer
from salesterm.store.models import Customer, Deal, DealStageChange
from salesterm.store.transactions import write_transaction


class ManConfirmationNeeded(stages.StageMoveError):
    """Moving into the close stage while M, A or N is not confirmed: ask, then override."""

    def __init__(self, msgid: str, /, badge: str = "", **params) -> None:
        super().__init__(msgid, badge=badge, **params)
        self.badge = badge


class LostReasonNeeded(stages.StageMoveError):
    """Marking a deal lost needs a reason."""


def _amount(value) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise UserError("deals.expected_amount_must_not_negative")
        return check_amount(value)
    return parse_money(str(value))


def get_deal(deal_id: str) -> Deal:
    deal = Deal.live().where(Deal.id == deal_id).first()
    if deal is None:
        raise UserError("deals.no_such_may_have_been")
    return deal


def create_deal(customer_id: str, *, title: str = "", amount=0, template: str = "handbook",
                stage: str | None = None, rep: str | None = None,
                expected_close: date | None = None) -> Deal:
    tpl = stages.get_template(template)
    customer = get_customer(customer_id)
    stage = stage or tpl.first_key()
    if stage == stages.LOST or not tpl.is_known(stage):
        raise UserError("deals.new_starts_stage_en", template=Words(tpl.zh, tpl.en))
    fen = _amount(amount)
    rep_id = reps.rep_id(rep, default=customer.rep_id, create=True)
    now = clock.now()
    with write_transaction():
        deal = Deal.create(customer=customer.id, rep=rep_id, title=(title or "").strip(),
                           template=tpl.key, stage=stage, amount=fen,
                           expected_close=expected_close, stage_since=now,
                           status="won" if tpl.is_won(stage) else "open")
        DealStageChange.create(deal=deal.id, from_stage=None, to_stage=stage, changed_at=now,
                               rep=rep_id)
    return deal


def update_deal(deal_id: str, *, title: str | None = None, amount=None,
                expected_close: date | None = None) -> Deal:
    deal = get_deal(deal_id)
    if title is not None:
        deal.title = title.strip()
    if amount is not None:
        deal.amount = _amount(amount)
    deal.expected_close = expected_close
    deal.save()
    return deal


def _man_confirmed(customer: Customer) -> bool:
    return man.man_confirmed(customer.man_money, customer.man_authority, customer.man_need)


@dataclass(frozen=True)
class MoveCheck:
    to_stage: str | None  # None: nowhere to go
    needs_reason: bool
    needs_man: bool
    badge: str


def check_move(deal_id: str, to_stage: str) -> MoveCheck:
    """What the UI must ask before moving DEAL to TO_STAGE."""
    deal = get_deal(deal_id)
    tpl = stages.get_template(deal.template)
    customer = Customer.get_by_id(deal.customer_id)
    badge = man.man_badge(customer.man_money, customer.man_authority, customer.man_need)
    needs_man = to_stage != stages.LOST and stages.needs_man_confirmation(
        tpl, to_stage, _man_confirmed(customer)) and not (
        deal.stage != stages.LOST and tpl.index(deal.stage) >= tpl.index(tpl.close_stage_key))
    return MoveCheck(to_stage, to_stage == stages.LOST, needs_man, badge)


def neighbour_stage(deal_id: str, step: int) -> str | None:
    """The stage STEP places after (1) or before (-1) the deal's; a lost deal reopens at its
    last stage before it was lost."""
    deal = get_deal(deal_id)
    tpl = stages.get_template(deal.template)
    if deal.stage == stages.LOST:
        last = (DealStageChange.live().where((DealStageChange.deal == deal.id)
                                             & (DealStageChange.to_stage == stages.LOST))
                .order_by(DealStageChange.changed_at.desc()).first())
        back = last.from_stage if last and last.from_stage else tpl.first_key()
        return back if step < 0 else None
    return tpl.next_key(deal.stage) if step > 0 else tpl.prev_key(deal.stage)


def move_deal(deal_id: str, to_stage: str, *, lost_reason: str | None = None,
              confirm_override: bool = False, note: str = "", rep: str | None = None) -> Deal:
    """Move a deal; keeps a stage-change row with its time. Raises LostReasonNeeded or
    ManConfirmationNeeded (UserErrors) when the UI must ask first."""
    with write_transaction():
        deal = get_deal(deal_id)
        tpl = stages.get_template(deal.template)
        customer = Customer.get_by_id(deal.customer_id)
        confirmed = _man_confirmed(customer)
        if to_stage == stages.LOST and not (lost_reason or "").strip():
            raise LostReasonNeeded("stages.lost_deal_needs_reason")
        already_past = deal.stage != stages.LOST and tpl.is_known(deal.stage) and \
            tpl.index(deal.stage) >= tpl.index(tpl.close_stage_key)
        needs = (to_stage != stages.LOST and tpl.is_known(to_stage)
                 and stages.needs_man_confirmation(tpl, to_stage, confirmed) and not already_past)
        if needs and not confirm_override:
            badge = man.man_badge(customer.man_money, customer.man_authority, customer.man_need)
            raise ManConfirmationNeeded("deals.man_not_confirmed", badge=badge)
        stages.check_move(tpl, deal.stage, to_stage, lost_reason=lost_reason,
                          man_confirmed=confirmed or already_past, override=confirm_override)
        if to_stage == deal.stage:
            return deal
        now = clock.now()
        DealStageChange.create(deal=deal.id, from_stage=deal.stage, to_stage=to_stage,
                               changed_at=now,
                               rep=reps.rep_id(rep, default=deal.rep_id, create=True),
                               man_override=bool(needs and confirm_override),
                               note=(lost_reason or note or "").strip())
        deal.stage = to_stage
        deal.stage_since = now
        if to_stage == stages.LOST:
            deal.status, deal.lost_reason = "lost", lost_reason.strip()
        else:
            deal.status = "won" if tpl.is_won(to_stage) else "open"
            deal.lost_reason = ""
        deal.save()
    return deal


def undo_lost(deal_id: str) -> Deal:
    """Undo marking a deal lost: the deal is back at the stage it was lost from, since the
    time it entered that stage, and the stage change into lost is soft-deleted (kept on file,
    out of the history and the funnel), so the history says what really happened."""
    with write_transaction():
        deal = get_deal(deal_id)
        changes = (DealStageChange.live().where(DealStageChange.deal == deal.id)
                   .order_by(DealStageChange.changed_at.desc(), DealStageChange.created_at.desc()))
        # still lost, so its latest move into lost is the one to undo (times have whole seconds)
        last = changes.where(DealStageChange.to_stage == stages.LOST).first()
        if deal.stage != stages.LOST or last is None or not last.from_stage:
            raise UserError("deals.lost_cannot_be_undone")
        now = clock.now()
        DealStageChange.update(deleted_at=now, updated_at=now).where(DealStageChange.id == last.id).execute()
        entered = changes.where(DealStageChange.to_stage == last.from_stage).first()
        tpl = stages.get_template(deal.template)
        deal.stage = last.from_stage
        deal.stage_since = entered.changed_at if entered else deal.created_at
        deal.status = "won" if tpl.is_known(deal.stage) and tpl.is_won(deal.stage) else "open"
        deal.lost_reason = ""
        deal.save()
    return deal


from salesterm.store.sales.deal_board import Card, board, filter_choices, funnel_stats  # noqa: E402,F401


def history(deal_id: str) -> list[DealStageChange]:
    return list(DealStageChange.live().where(DealStageChange.deal == deal_id)
                .order_by(DealStageChange.changed_at, DealStageChange.created_at))


def deals_of(customer_id: str) -> list[Deal]:
    return list(Deal.live().where(Deal.customer == customer_id).order_by(Deal.created_at.desc()))


def deal_and_customer(deal_id: str) -> tuple[Deal, str]:
    """The deal and its customer's name (what the deal form shows)."""
    deal = get_deal(deal_id)
    return deal, Customer.get_by_id(deal.customer_id).name
