"""Payments, plans, 催告, the statement after it and the court application — each through the
case workflow table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction

from zhifa.calendar import periods
from zhifa.cases import clocks
from zhifa.cases.actions._common import happened, notify_handlers, required_text, today
from zhifa.cases.choices import CaseStatus, DeadlineKind
from zhifa.cases.models import Case, CaseEvent
from zhifa.cases.record import append_event
from zhifa.cases.workflow import advance, lock_case
from zhifa.core.errors import DomainError, InvalidInput
from zhifa.law import statute
from zhifa.org.models import User
from zhifa.performance import selectors
from zhifa.performance.models import (
    COURT_ENDED,
    Channel,
    CourtApplication,
    CourtStage,
    Payment,
    PaymentPlan,
    PlanKind,
    PlanStatus,
    Reminder,
    ReminderStatement,
)
from zhifa.performance.surcharge import ZERO, split_payment

PAYABLE = frozenset({CaseStatus.SERVED, CaseStatus.REMINDED, CaseStatus.COURT})


def _money(value: Decimal | str | int, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise InvalidInput("invalid_amount", f"金额「{value}」不是有效数字", field=field) from exc
    if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput("invalid_amount", "金额须大于0且最多两位小数", field=field)
    return amount


def _performed_if_settled(case: Case, on: date) -> str | None:
    owed = selectors.balance(case, on)
    if owed.total_owed == ZERO:
        return CaseStatus.PERFORMED
    return None


def record_payment(
    case: Case,
    *,
    actor: User,
    amount: Decimal | str,
    paid_on: date,
    channel: str,
    reference: str = "",
) -> Payment:
    """缴款. The fine first, then the surcharge; the case is performed once nothing is owed."""
    amount = _money(amount, "amount")
    if channel not in Channel.values:
        raise InvalidInput("invalid_choice", f"缴款方式「{channel}」无效", field="channel")
    with transaction.atomic():
        case = lock_case(case, "record_payment", actor=actor, on=paid_on)
        if case.served_on and paid_on < case.decided_on:  # type: ignore[operator]
            raise InvalidInput("before_decision", "缴款日期不能早于决定日期", field="paid_on")
        owed = selectors.balance(case, paid_on)
        if amount > owed.total_owed:
            raise InvalidInput(
                "overpayment",
                f"缴款 ¥{amount} 超过 {paid_on} 应缴总额 ¥{owed.total_owed} "
                f"(罚款 ¥{owed.unpaid_principal}，加处罚款 ¥{owed.surcharge_owed})",
                field="amount",
            )
        principal, extra = split_payment(amount, unpaid_principal=owed.unpaid_principal)
        payment = Payment.objects.create(
            case=case,
            paid_on=paid_on,
            amount=amount,
            principal=principal,
            surcharge=extra,
            channel=channel,
            reference=reference,
            recorded_by=actor,
        )
        case.paid += principal
        case.surcharge += extra
        if owed.unpaid_principal - principal == ZERO:
            clocks.meet(case, DeadlineKind.PAYMENT, paid_on)
        target = _performed_if_settled(case, paid_on)
        if target:
            clocks.cancel(case, DeadlineKind.REMINDER_WAIT, DeadlineKind.COURT_APPLICATION)
        advance(
            case,
            "record_payment",
            actor=actor,
            fields=["paid", "surcharge"],
            to=target,
            payload={
                "amount": amount,
                "principal": principal,
                "surcharge": extra,
                "paid_on": paid_on,
                "channel": channel,
                "reference": reference,
                "owed_after": owed.total_owed - amount,
            },
        )
        left = owed.total_owed - amount
        notify_handlers(
            case.pk,
            kind="payment_recorded",
            title=f"{case.number}：{paid_on} 缴款 ¥{amount:,.2f}"
            + ("，已全部缴清" if left <= ZERO else f"，尚欠 ¥{left:,.2f}"),
            skip=actor,
        )
    return payment


def collect_on_the_spot(case: Case, *, actor: User, on: date) -> Payment:
    """当场收缴 (Art 68), inside ``decide_on_the_spot``'s transaction: the officer hands the cash
    to the bureau within 2 working days (Art 71)."""
    assert case.fine
    payment = Payment.objects.create(
        case=case,
        paid_on=on,
        amount=case.fine,
        principal=case.fine,
        surcharge=ZERO,
        channel=Channel.ON_SPOT,
        recorded_by=actor,
    )
    case.paid = case.fine
    case.status = CaseStatus.PERFORMED
    due = periods.add_working_days(on, statute.CASH_HANDOVER_WD, side=periods.Side.BUREAU)
    clocks.start(case, DeadlineKind.CASH_HANDOVER, started_on=on, due=due)
    append_event(
        case,
        "collect_on_the_spot",
        actor=actor,
        payload={"amount": case.fine, "handover_due": due.date},
    )
    return payment


def collect_after_the_decision(case: Case, event: CaseEvent) -> None:
    """``STEP_EFFECTS["decide_on_the_spot"]``: the fine collected with the decision (its payload
    says so), by the officer who decided, on the day of the decision."""
    if case.fine and event.payload.get("collected_on_spot"):
        assert event.actor is not None
        collect_on_the_spot(
            case, actor=event.actor, on=date.fromisoformat(event.payload["served_on"])
        )


def register() -> None:
    from zhifa.cases import workflow

    effects = workflow.STEP_EFFECTS.setdefault("decide_on_the_spot", [])
    if collect_after_the_decision not in effects:
        effects.append(collect_after_the_decision)


def record_cash_handover(payment: Payment, *, actor: User, on: date) -> Payment:
    """The officer hands cash collected on the spot to the bureau (Art 71: within 2 working
    days)."""
    with transaction.atomic():
        case = lock_case(payment.case_id, "record_cash_handover", actor=actor)
        row = Payment.objects.select_for_update().get(pk=payment.pk)
        if row.channel != Channel.ON_SPOT or row.handed_over_on:
            raise DomainError("not_pending", "该笔款项无需或已经交至机关")
        if on < row.paid_on:
            raise InvalidInput("invalid_dates", "交款日期不能早于收缴日期", field="on")
        row.handed_over_on = on
        row.save(update_fields=["handed_over_on"])
        clocks.meet(case, DeadlineKind.CASH_HANDOVER, on)
        advance(
            case,
            "record_cash_handover",
            actor=actor,
            payload={"payment": row.pk, "on": on, "amount": row.amount},
        )
    return row


def request_payment_plan(
    case: Case,
    *,
    actor: User,
    kind: str,
    reason: str,
    instalments: list[tuple[date, Decimal]],
    on: date | None = None,
) -> PaymentPlan:
    """延期或分期缴纳 on the party's application for genuine economic hardship (Art 66 ¶2)."""
    reason = required_text(reason, "reason", "申请理由")
    if kind not in PlanKind.values:
        raise InvalidInput("invalid_choice", f"方式「{kind}」无效", field="kind")
    if not instalments or (kind == PlanKind.DEFERRAL and len(instalments) != 1):
        raise InvalidInput(
            "invalid_plan", "延期缴纳须有一个新的缴纳日期；分期缴纳须列明各期", field="instalments"
        )
    day = today(on)
    with transaction.atomic():
        case = lock_case(case, "request_payment_plan", actor=actor)
        owed = selectors.balance(case, day).unpaid_principal
        total = sum((Decimal(str(a)) for _, a in instalments), ZERO)
        if total != owed:
            raise InvalidInput(
                "plan_total", f"各期金额合计 ¥{total} 应等于未缴罚款 ¥{owed}", field="instalments"
            )
        dates = [d for d, _ in instalments]
        if dates != sorted(dates) or dates[0] < day:
            raise InvalidInput(
                "plan_dates", "缴纳日期须按先后排列且不早于申请日", field="instalments"
            )
        if PaymentPlan.objects.filter(case=case, status=PlanStatus.REQUESTED).exists():
            raise DomainError("plan_pending", "已有待审批的延期/分期申请")
        rows = [{"due_on": d.isoformat(), "amount": str(Decimal(str(a)))} for d, a in instalments]
        plan = PaymentPlan.objects.create(
            case=case, kind=kind, reason=reason, requested_on=day, instalments=rows
        )
        advance(
            case,
            "request_payment_plan",
            actor=actor,
            payload={"kind": kind, "reason": reason, "instalments": rows},
        )
    return plan


def decide_payment_plan(
    plan: PaymentPlan, *, actor: User, approve: bool, note: str = "", on: date | None = None
) -> PaymentPlan:
    day = today(on)
    with transaction.atomic():
        case = lock_case(plan.case_id, "decide_payment_plan", actor=actor)
        row = PaymentPlan.objects.select_for_update().get(pk=plan.pk)
        if row.status != PlanStatus.REQUESTED:
            raise DomainError("plan_decided", "该申请已经审批")
        row.status = PlanStatus.APPROVED if approve else PlanStatus.REFUSED
        row.decided_on, row.decided_by, row.decision_note = day, actor, note
        row.save(update_fields=["status", "decided_on", "decided_by", "decision_note"])
        fields: list[str] = []
        if approve:
            last = max(date.fromisoformat(r["due_on"]) for r in row.instalments)
            case.payment_due = last
            fields.append("payment_due")
            clocks.start(case, DeadlineKind.PAYMENT, started_on=day, due=periods.DueDate(last))
        advance(
            case,
            "decide_payment_plan",
            actor=actor,
            fields=fields,
            payload={"plan": row.pk, "approved": approve, "note": note},
        )
    return row


def issue_reminder(case: Case, *, actor: User, on: date | None = None) -> Reminder:
    """催告书: the amount, the deadline, the right to state and defend (行政强制法 Art 35). It
    is served through the delivery app (Art 38: directly, else as 民事诉讼法 provides); the
    court may be asked 10 working days after that service if still unpaid (Art 54), so the
    wait starts only then (``record_reminder_service``)."""
    day = today(on)
    with transaction.atomic():
        case = lock_case(case, "issue_reminder", actor=actor, on=day)  # 行政强制法 Arts 53, 54
        owed = selectors.balance(case, day)
        reminder = Reminder.objects.create(
            case=case,
            issued_on=day,
            fine_owed=owed.unpaid_principal,
            surcharge_owed=owed.surcharge_owed,
        )
        advance(
            case,
            "issue_reminder",
            actor=actor,
            payload={
                "fine_owed": owed.unpaid_principal,
                "surcharge_owed": owed.surcharge_owed,
                "court_window_ends": selectors.court_window_end(case),
            },
        )
    return reminder


def record_reminder_service(case: Case, *, actor: User | None, served_on: date) -> Reminder:
    """The 催告书 reached the party on ``served_on`` (recorded by the delivery app when its
    service completes, with its 送达回证): the 10 working days of 行政强制法 Art 54 run from
    that day."""
    with transaction.atomic():
        case = lock_case(case, "record_reminder_service", actor=actor, on=served_on)
        reminder = Reminder.objects.filter(case=case).order_by("-id").first()
        assert reminder is not None  # the step's precondition
        if served_on < reminder.issued_on:
            raise InvalidInput(
                "before_issue",
                f"送达日期 {served_on} 早于催告日期 {reminder.issued_on} (行政强制法第三十五条)",
                field="served_on",
            )
        wait = periods.add_working_days(served_on, statute.CUIGAO_WAIT_WD, side=periods.Side.PARTY)
        reminder.served_on, reminder.wait_until = served_on, wait.date
        reminder.save(update_fields=["served_on", "wait_until"])
        clocks.start(case, DeadlineKind.REMINDER_WAIT, started_on=served_on, due=wait)
        advance(
            case,
            "record_reminder_service",
            actor=actor,
            payload={"served_on": served_on, "wait_until": wait.date},
        )
    return reminder


def record_reminder_statement(
    case: Case,
    *,
    actor: User,
    content: str,
    adopted: bool,
    reasons: str = "",
    received_on: date | None = None,
) -> ReminderStatement:
    """陈述、申辩 after the 催告 (行政强制法 Art 36): the party, having received the 催告书,
    states and defends; the bureau hears it fully, records it and re-examines the facts,
    reasons and evidence raised — adopting what is established, and writing down why where it
    does not. Recorded with its re-examination; no document is made (it goes in the event)."""
    content = required_text(content, "content", "陈述申辩内容")
    reasons = (reasons or "").strip()
    if not adopted and not reasons:
        raise InvalidInput(
            "required",
            "不予采纳的，应当写明复核的理由：当事人提出的事实、理由或者证据成立的，"
            "行政机关应当采纳 (行政强制法第36条)",
            field="reasons",
        )
    day = today(received_on)
    happened(day, "received_on", "收到陈述申辩的日期")
    with transaction.atomic():
        case = lock_case(case, "record_reminder_statement", actor=actor, on=day)  # Art 36
        reminder = Reminder.objects.filter(case=case).order_by("-id").first()
        assert reminder is not None  # the precondition: served
        assert reminder.served_on is not None
        if day < reminder.served_on:
            raise InvalidInput(
                "before_service",
                f"收到陈述申辩的日期 {day} 早于催告书送达日期 {reminder.served_on}："
                "当事人收到催告书后方可陈述和申辩 (行政强制法第36条)",
                field="received_on",
            )
        row = ReminderStatement.objects.create(
            case=case,
            reminder=reminder,
            received_on=day,
            content=content,
            adopted=adopted,
            reasons=reasons,
            recorded_by=actor,
        )
        advance(
            case,
            "record_reminder_statement",
            actor=actor,
            payload={
                "reminder": reminder.pk,
                "received_on": day,
                "content": content,
                "adopted": adopted,
                "response": reasons,
            },
        )
    return row


def apply_to_court(
    case: Case, *, actor: User, on: date | None = None, court: str = ""
) -> CourtApplication:
    """申请人民法院强制执行: after the 10 working days following the 催告 (Art 54), within 3
    months after the statutory period lapsed (Art 53; 行诉解释 Art 156)."""
    day = today(on)
    with transaction.atomic():
        case = lock_case(case, "apply_to_court", actor=actor, on=day)  # Arts 53, 54
        window = selectors.court_window_end(case)
        application = CourtApplication.objects.create(
            case=case,
            applied_on=day,
            court=court or settings.ZHIFA_COURT,
            window_ends_on=window,
        )
        clocks.meet(case, DeadlineKind.REMINDER_WAIT, day)
        clocks.meet(case, DeadlineKind.COURT_APPLICATION, day)
        advance(
            case,
            "apply_to_court",
            actor=actor,
            payload={"applied_on": day, "court": application.court, "window_ends_on": window},
        )
    return application


def record_court_result(
    application: CourtApplication,
    *,
    actor: User,
    stage: str,
    on: date,
    court_case_number: str = "",
    note: str = "",
    amount_recovered: Decimal | None = None,
) -> CourtApplication:
    """The court's acceptance, ruling and execution (Arts 56–58). Money recovered by the
    court is recorded as a payment."""
    if stage not in CourtStage.values or stage == CourtStage.APPLIED:
        raise InvalidInput("invalid_choice", f"进展「{stage}」无效", field="stage")
    with transaction.atomic():
        case = lock_case(application.case_id, "record_court_result", actor=actor)
        row = CourtApplication.objects.select_for_update().get(pk=application.pk)
        if row.stage in COURT_ENDED:
            raise DomainError("court_ended", "法院执行已经终结")
        row.stage = stage
        row.court_case_number = court_case_number or row.court_case_number
        if stage == CourtStage.ACCEPTED:
            row.accepted_on = on
        elif stage in (CourtStage.RULED_ENFORCE, CourtStage.RULED_REFUSE):
            row.ruled_on = on
        if stage in COURT_ENDED:
            row.ended_on = on
        row.note = note or row.note
        row.save()
        fields: list[str] = []
        target = None
        if amount_recovered:
            owed = selectors.balance(case, on)
            principal, extra = split_payment(
                _money(amount_recovered, "amount_recovered"), unpaid_principal=owed.unpaid_principal
            )
            Payment.objects.create(
                case=case,
                paid_on=on,
                amount=principal + extra,
                principal=principal,
                surcharge=extra,
                channel=Channel.COURT,
                recorded_by=actor,
                reference=row.court_case_number,
            )
            case.paid += principal
            case.surcharge += extra
            fields = ["paid", "surcharge"]
            target = _performed_if_settled(case, on)
        advance(
            case,
            "record_court_result",
            actor=actor,
            fields=fields,
            to=target,
            payload={
                "stage": stage,
                "on": on,
                "court_case_number": row.court_case_number,
                "amount_recovered": amount_recovered,
                "note": note,
            },
        )
    return row
