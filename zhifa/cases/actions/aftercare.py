"""After the decision: service (Art 61), the party's review or litigation, closing, archiving."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from zhifa.calendar import periods
from zhifa.cases import clocks, numbers
from zhifa.cases.actions._common import required_text, today
from zhifa.cases.choices import (
    CaseStatus,
    CourtRuling,
    DeadlineKind,
    Outcome,
    RemedyKind,
    RemedyResult,
)
from zhifa.cases.models import Case, Decision, Remedy
from zhifa.cases.workflow import advance, lock_case
from zhifa.core.errors import DomainError, InvalidInput
from zhifa.law import statute
from zhifa.org.models import User

SERVICE_MODES = {
    "in_person": "直接送达",
    "electronic": "电子送达",
    "lodging": "留置送达",
    "postal": "邮寄送达",
    "public_notice": "公告送达",
    "entrusted": "委托送达",
}


def record_service(
    case: Case,
    *,
    actor: User | None,
    served_on: date,
    mode: str = "in_person",
    note: str = "",
    expected_version: int | None = None,
) -> Case:
    """The decision reached the party on ``served_on`` (the date of service by its mode;
    民事诉讼法 Arts 87–95). Payment is due 15 days later (Art 67)."""
    if mode not in SERVICE_MODES:
        raise InvalidInput("invalid_choice", f"送达方式「{mode}」无效", field="mode")
    if mode == "electronic" and actor is not None:
        # 行政处罚法 Art 61 ¶2: only with the party's consent and signed confirmation — so
        # electronic service is completed by the delivery app (the party opening the document),
        # never entered by hand.
        raise InvalidInput(
            "electronic_via_delivery",
            "电子送达须经当事人签署送达地址确认书，并由当事人在送达页面查收后自动登记"
            " (第61条第2款)；请在「送达」页面办理",
            field="mode",
        )
    with transaction.atomic():
        case = lock_case(
            case, "record_service", actor=actor, expected_version=expected_version, on=served_on
        )
        if case.decided_on and served_on < case.decided_on:
            raise InvalidInput("before_decision", "送达日期不能早于决定日期", field="served_on")
        case.served_on = served_on
        clocks.meet(case, DeadlineKind.SERVICE, served_on)
        fields = ["served_on"]
        if case.outcome == Outcome.PENALTY and case.fine:
            due = periods.add_days(served_on, statute.PAYMENT_LIMIT_DAYS, side=periods.Side.PARTY)
            case.payment_due = due.date
            fields.append("payment_due")
            clocks.start(case, DeadlineKind.PAYMENT, started_on=served_on, due=due)
            target = CaseStatus.SERVED
        elif case.outcome == Outcome.PENALTY:
            target = CaseStatus.PERFORMED  # a warning alone is performed once served
        else:
            target = CaseStatus.SERVED
        advance(
            case,
            "record_service",
            actor=actor,
            fields=fields,
            to=target,
            payload={
                "served_on": served_on,
                "mode": mode,
                "mode_label": SERVICE_MODES[mode],
                "note": note,
            },
        )
    return case


def record_remedy(case: Case, *, actor: User, kind: str, applied_on: date, body: str) -> Remedy:
    """The party applied for 行政复议 or sued. The surcharge stops running while it is pending
    (Art 73 ¶3); the bureau must answer within 10 working days (行政复议法 Arts 48, 88) or 15
    days (行政诉讼法 Art 67)."""
    body = required_text(body, "body", "复议机关/法院")
    if kind not in RemedyKind.values:
        raise InvalidInput("invalid_choice", f"类型「{kind}」无效", field="kind")
    with transaction.atomic():
        case = lock_case(case, "record_remedy", actor=actor)
        if case.served_on and applied_on < case.served_on:
            raise InvalidInput("before_service", "申请日期不能早于送达日期", field="applied_on")
        if Remedy.objects.filter(case=case, decided_on__isnull=True).exists():
            raise DomainError("remedy_pending", "已有尚未终结的复议或诉讼")
        remedy = Remedy.objects.create(case=case, kind=kind, applied_on=applied_on, body=body)
        if kind == RemedyKind.REVIEW:
            due = periods.add_working_days(
                applied_on, statute.RESPONDENT_ANSWER_REVIEW_WD, side=periods.Side.BUREAU
            )
            clocks.start(case, DeadlineKind.REVIEW_ANSWER, started_on=applied_on, due=due)
        else:
            due = periods.add_days(
                applied_on, statute.RESPONDENT_ANSWER_LITIGATION_DAYS, side=periods.Side.BUREAU
            )
            clocks.start(case, DeadlineKind.LITIGATION_ANSWER, started_on=applied_on, due=due)
        advance(
            case,
            "record_remedy",
            actor=actor,
            payload={"kind": kind, "applied_on": applied_on, "body": body, "answer_due": due.date},
        )
    return remedy


# Results after which the decision (or the changed one) still binds the party, so the end of
# its periods to challenge it — counted from the day it received the result — matters.
STILL_BINDING = frozenset({RemedyResult.UPHELD, RemedyResult.CHANGED})


def _check_remedy_receipt(
    kind: str, result: str, decided_on: date, received_on: date | None, ruling: str
) -> None:
    """The day the party received the result document, and the court's kind of ruling: the
    party's further periods run from that day (行政诉讼法 Arts 45, 85)."""
    if ruling and ruling not in CourtRuling.values:
        raise InvalidInput("invalid_choice", f"裁判类型「{ruling}」无效", field="ruling")
    if kind == RemedyKind.REVIEW and ruling:
        raise InvalidInput(
            "not_litigation",
            "裁判类型仅适用于行政诉讼 (一审判决、一审裁定或二审判决、裁定)；行政复议决定无需填写",
            field="ruling",
        )
    if result in STILL_BINDING and received_on is None:
        if kind == RemedyKind.REVIEW:
            message = (
                "请填写复议决定书送达当事人的日期：起诉期限自收到复议决定书之日起计算"
                " (行政诉讼法第45条)"
            )
        else:
            message = (
                "请填写判决书、裁定书送达当事人的日期：上诉期限自判决书、裁定书送达之日起计算"
                " (行政诉讼法第85条)"
            )
        raise InvalidInput("required", message, field="result_received_on")
    if result in STILL_BINDING and kind == RemedyKind.LITIGATION and not ruling:
        raise InvalidInput(
            "required",
            "请选择裁判类型：不服一审判决的上诉期限为15日，不服一审裁定的为10日，"
            "二审判决、裁定送达即发生法律效力 (行政诉讼法第85条)",
            field="ruling",
        )
    if received_on is not None and received_on < decided_on:
        raise InvalidInput(
            "received_before_decided",
            f"结果文书送达当事人的日期 {received_on} 早于结果日期 {decided_on}："
            "文书作出前不能送达 (行政诉讼法第45条、第85条)",
            field="result_received_on",
        )


def record_remedy_result(
    remedy: Remedy,
    *,
    actor: User,
    result: str,
    decided_on: date,
    result_received_on: date | None = None,
    ruling: str = "",
    new_fine: Decimal | None = None,
    note: str = "",
) -> Remedy:
    """The outcome of review or litigation. A changed decision becomes a new decision row
    replacing the old one (the fine owed changes); a revoked or void one ends the obligation.

    Where the decision still binds the party (upheld, changed), the day the party received the
    result document is required — a suit after review runs 15 days from it (行政诉讼法 Art 45),
    an appeal 15 days from a first-instance 判决 or 10 from a 裁定 (Art 85) — and, for
    litigation, the kind of ruling (a final one is effective on service)."""
    if result not in RemedyResult.values:
        raise InvalidInput("invalid_choice", f"结果「{result}」无效", field="result")
    if result == RemedyResult.CHANGED and new_fine is None:
        raise InvalidInput("required", "决定被变更的，请填写变更后的罚款金额", field="new_fine")
    ruling = ruling or ""
    _check_remedy_receipt(remedy.kind, result, decided_on, result_received_on, ruling)
    with transaction.atomic():
        case = lock_case(remedy.case_id, "record_remedy_result", actor=actor)
        row = Remedy.objects.select_for_update().get(pk=remedy.pk)
        if row.decided_on is not None:
            raise DomainError("already_decided", "该复议/诉讼结果已登记")
        if decided_on < row.applied_on:
            raise InvalidInput("invalid_dates", "结果日期不能早于申请日期", field="decided_on")
        row.result, row.decided_on, row.new_fine, row.note = result, decided_on, new_fine, note
        row.result_received_on, row.ruling = result_received_on, ruling
        row.save(
            update_fields=[
                "result",
                "decided_on",
                "result_received_on",
                "ruling",
                "new_fine",
                "note",
            ]
        )
        kind = (
            DeadlineKind.REVIEW_ANSWER
            if row.kind == RemedyKind.REVIEW
            else DeadlineKind.LITIGATION_ANSWER
        )
        clocks.meet(case, kind, decided_on)
        fields: list[str] = []
        if result == RemedyResult.CHANGED:
            old = Decision.objects.filter(case=case).order_by("-id").first()
            assert old is not None
            Decision.objects.create(
                case=case,
                number=numbers.decision_number(
                    "on_the_spot" if old.on_the_spot else "penalty", decided_on.year
                ),
                on_the_spot=old.on_the_spot,
                decided_on=decided_on,
                decided_by=actor,
                outcome=old.outcome,
                penalty_kinds=old.penalty_kinds,
                fine=new_fine,
                replaces=old,
                remedy_notice=old.remedy_notice,
            )
            case.fine = new_fine
            fields.append("fine")
        elif result in (RemedyResult.REVOKED, RemedyResult.CONFIRMED_ILLEGAL):
            case.decision_revoked = True
            fields.append("decision_revoked")
            clocks.cancel(
                case,
                DeadlineKind.PAYMENT,
                DeadlineKind.REMINDER_WAIT,
                DeadlineKind.COURT_APPLICATION,
            )
        advance(
            case,
            "record_remedy_result",
            actor=actor,
            fields=fields,
            payload={
                "kind": row.kind,
                "result": result,
                "decided_on": decided_on,
                "result_received_on": result_received_on,
                "ruling": ruling,
                "new_fine": new_fine,
                "note": note,
            },
        )
    return row


def close_case(
    case: Case,
    *,
    actor: User,
    reason: str = "",
    opinion: str = "",
    on: date | None = None,
    expected_version: int | None = None,
) -> Case:
    """结案: performed, enforced, or ended for a recorded reason, with the head's 审批意见
    (default "同意结案。"), printed on the 结案审批表 the step makes."""
    opinion = (opinion or "").strip() or "同意结案。"
    day = today(on)
    with transaction.atomic():
        # performed, enforced or ending for a reason; the file complete (the preconditions)
        case = lock_case(case, "close", actor=actor, expected_version=expected_version, on=day)
        case.closed_on = day
        case.closing_reason = (reason or _default_reason(case))[:200]
        clocks.cancel(case)
        advance(
            case,
            "close",
            actor=actor,
            fields=["closed_on", "closing_reason"],
            payload={"closed_on": day, "reason": case.closing_reason, "opinion": opinion},
        )
    return case


def _default_reason(case: Case) -> str:
    if case.decision_revoked:
        return "处罚决定被撤销"
    return {
        Outcome.TRANSFER: "已移送",
        Outcome.NO_PENALTY: "不予处罚决定已送达",
    }.get(case.outcome, "处罚决定已履行")  # type: ignore[call-overload]


def archive_case(case: Case, *, actor: User, opinion: str = "", on: date | None = None) -> Case:
    """归档: the case is frozen; nothing can be added to its record. The head's 审批意见
    (default "同意归档。") is printed on the 备考表 the step makes."""
    opinion = (opinion or "").strip() or "同意归档。"
    day = today(on)
    with transaction.atomic():
        case = lock_case(case, "archive", actor=actor, on=day)
        case.archived_on = day
        advance(
            case,
            "archive",
            actor=actor,
            fields=["archived_on"],
            payload={"archived_on": day, "events": case.event_count + 1, "opinion": opinion},
        )
    return case
