"""Prior notice (事先告知, Art 44), statement and defence (Art 45), hearing (Arts 63–65)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from zhifa.calendar import periods
from zhifa.cases import clocks, guards
from zhifa.cases.actions._common import notify_handlers, required_text, today
from zhifa.cases.choices import DeadlineKind
from zhifa.cases.models import Case, Hearing, PriorNotice, Proposal, Statement
from zhifa.cases.workflow import advance, lock_case
from zhifa.core.config import local_rules
from zhifa.core.errors import DomainError, InvalidInput
from zhifa.law import statute
from zhifa.org.models import Officer, User


def _notice(case: Case) -> PriorNotice:
    notice = guards.latest_notice(case)
    if notice is None:
        raise DomainError("no_notice", "尚未事先告知")
    return notice


def _not_before_service(notice: PriorNotice, day: date, field: str, label: str) -> None:
    """The party answers a notice it has received (Arts 44, 45, 64(1))."""
    if notice.served_on is not None and day < notice.served_on:
        raise InvalidInput(
            "before_notice", f"{label}不能早于告知书送达日期 {notice.served_on}", field=field
        )


def notify_intended_penalty(
    case: Case, *, actor: User, on: date | None = None, expected_version: int | None = None
) -> PriorNotice:
    """行政处罚事先告知书, made on ``on``: the intended penalty, facts, reasons, basis and the
    rights to state, defend and, where the case qualifies, ask for a hearing (Arts 44, 63).

    The periods to exercise them run from the day the notice *reaches* the party (Arts 44,
    64(1)), so they start when its service is recorded — in the delivery app, by
    ``record_notice_service`` — and the notice states them counted from its receipt."""
    day = today(on)
    with transaction.atomic():
        # Arts 42, 44: a penalty proposed, two certified handlers (the step's preconditions)
        case = lock_case(case, "notify", actor=actor, expected_version=expected_version, on=day)
        proposal = Proposal.objects.filter(case=case).order_by("-id")[0]
        if day < proposal.submitted_on:
            raise InvalidInput("before_report", "告知书日期不能早于调查终结报告的日期", field="on")
        notice = PriorNotice.objects.create(
            case=case,
            proposal=proposal,
            notified_on=day,
            intended_fine=proposal.fine,
            intended_kinds=proposal.penalty_kinds,
            hearing_offered=case.hearing_offered,
        )
        advance(
            case,
            "notify",
            actor=actor,
            payload={
                "notified_on": day,
                "intended_fine": proposal.fine,
                "intended_kinds": proposal.penalty_kinds,
                "hearing_offered": case.hearing_offered,
            },
        )
    return notice


def record_statement(
    case: Case, *, actor: User | None, content: str, received_on: date | None = None
) -> Statement:
    """The party's statement or defence (in person, in writing, or through the party's page).
    Recorded whenever it arrives; one received after the period is marked late."""
    content = required_text(content, "content", "陈述申辩内容")
    day = today(received_on)
    with transaction.atomic():
        case = lock_case(case, "record_statement", actor=actor, on=day)
        notice = _notice(case)
        assert notice.served_on is not None  # the precondition: served (Arts 44, 64(1))
        if day < notice.served_on:
            raise InvalidInput(
                "before_notice",
                f"收到日期不能早于告知书送达日期 {notice.served_on}",
                field="received_on",
            )
        statement = Statement.objects.create(
            case=case, notice=notice, received_on=day, content=content
        )
        late = notice.late(day)
        clocks.meet(case, DeadlineKind.STATEMENT, day)  # heard: the wait ends (Art 62)
        advance(
            case,
            "record_statement",
            actor=actor,
            payload={"content": content, "received_on": day, "late": late},
        )
        if actor is None:  # through the party's own page
            notify_handlers(
                case.pk, kind="party_statement", title=f"{case.number}：当事人在线提出陈述申辩"
            )
    return statement


def review_statement(
    case: Case,
    *,
    actor: User,
    adopted: bool,
    reasons: str = "",
    statement: Statement | None = None,
    on: date | None = None,
    expected_version: int | None = None,
) -> Statement:
    """复核陈述申辩 (Art 45): the facts, reasons and evidence the party raised re-examined;
    adopted where established — and, where not, the reasons why. The penalty is never increased
    because the party defended itself. Makes the 陈述申辩复核意见书."""
    reasons = (reasons or "").strip()
    if not adopted and not reasons:
        raise InvalidInput(
            "required", "不予采纳的，应当写明理由 (行政处罚法第45条)", field="reasons"
        )
    day = today(on)
    with transaction.atomic():
        case = lock_case(
            case, "review_statement", actor=actor, expected_version=expected_version, on=day
        )
        rows = Statement.objects.select_for_update().filter(case=case, adopted__isnull=True)
        row = rows.filter(pk=statement.pk).first() if statement else rows.order_by("id").first()
        if row is None:
            raise InvalidInput("unknown_statement", "该陈述申辩不存在或已复核", field="statement")
        if day < row.received_on:
            raise InvalidInput("before_statement", "复核日期不能早于收到陈述申辩的日期", field="on")
        row.adopted, row.response = adopted, reasons
        row.save(update_fields=["adopted", "response"])
        advance(
            case,
            "review_statement",
            actor=actor,
            payload={"statement": row.pk, "adopted": adopted, "reasons": reasons, "on": day},
        )
    return row


def record_notice_service(
    case: Case, *, actor: User | None, served_on: date, mode: str = "in_person"
) -> PriorNotice:
    """The notice reached the party on ``served_on`` (e.g. electronic service completed when the
    party opened it): the statement and hearing-request periods run from that day (Art 44,
    64(1)), so they are recomputed and their clocks restarted."""
    with transaction.atomic():
        case = lock_case(case, "record_notice_service", actor=actor, on=served_on)
        notice = _notice(case)
        made = notice.notified_on or notice.proposal.submitted_on
        if served_on < made:
            raise InvalidInput(
                "before_notice", f"送达日期不能早于告知书制作日期 {made}", field="served_on"
            )
        statement_due = periods.add_working_days(
            served_on, local_rules().statement_period_working_days, side=periods.Side.PARTY
        )
        notice.served_on, notice.statement_due = served_on, statement_due.date
        clocks.start(case, DeadlineKind.STATEMENT, started_on=served_on, due=statement_due)
        hearing_due = None
        if notice.hearing_offered:
            hearing_due = periods.add_working_days(
                served_on, statute.HEARING_REQUEST_WD, side=periods.Side.PARTY
            )
            notice.hearing_request_due = hearing_due.date
            clocks.start(case, DeadlineKind.HEARING_REQUEST, started_on=served_on, due=hearing_due)
        notice.save(update_fields=["served_on", "statement_due", "hearing_request_due"])
        advance(
            case,
            "record_notice_service",
            actor=actor,
            payload={
                "served_on": served_on,
                "mode": mode,
                "statement_due": statement_due.date,
                "hearing_request_due": hearing_due.date if hearing_due else None,
            },
        )
    return notice


def waive_statement(case: Case, *, actor: User, on: date | None = None) -> PriorNotice:
    """The party expressly waives statement, defence and hearing (Art 62 allows deciding then)."""
    day = today(on)
    with transaction.atomic():
        case = lock_case(case, "waive_statement", actor=actor, on=day)
        notice = _notice(case)
        _not_before_service(notice, day, "on", "放弃日期")
        notice.statement_waived_on = day
        notice.save(update_fields=["statement_waived_on"])
        clocks.meet(case, DeadlineKind.STATEMENT, day)
        clocks.meet(case, DeadlineKind.HEARING_REQUEST, day)
        advance(case, "waive_statement", actor=actor, payload={"waived_on": day})
    return notice


def request_hearing(case: Case, *, actor: User | None, requested_on: date | None = None) -> Hearing:
    """The party asks for a hearing — within 5 working days of being told (Art 64(1))."""
    day = today(requested_on)
    with transaction.atomic():
        # Arts 63, 64(1): offered, not yet asked, within 5 working days (the preconditions)
        case = lock_case(case, "request_hearing", actor=actor, on=day)
        notice = _notice(case)
        _not_before_service(notice, day, "requested_on", "申请日期")
        hearing = Hearing.objects.create(case=case, notice=notice, requested_on=day)
        clocks.meet(case, DeadlineKind.HEARING_REQUEST, day)
        advance(case, "request_hearing", actor=actor, payload={"requested_on": day})
        if actor is None:  # through the party's own page
            notify_handlers(
                case.pk,
                kind="party_hearing_request",
                title=f"{case.number}：当事人在线申请听证，请在七日前通知听证 (第64条)",
            )
    return hearing


def _hearing(case: Case) -> Hearing:
    hearing = Hearing.objects.filter(case=case).order_by("-id").first()
    if hearing is None:
        raise DomainError("no_hearing", "当事人未申请听证")
    return hearing


def schedule_hearing(
    case: Case, *, actor: User, hearing_on: date, notified_on: date, place: str, host: Officer
) -> Hearing:
    """听证通知: at least 7 working days before the hearing (Art 64(2)); chaired by someone who
    did not investigate the case (Art 64(4))."""
    place = required_text(place, "place", "听证地点")
    with transaction.atomic():
        case = lock_case(case, "schedule_hearing", actor=actor, on=notified_on)
        hearing = _hearing(case)
        if case.handlers.filter(officer=host).exists():
            raise guards.GuardRefused(
                "host_is_investigator", f"{host.name} 是本案调查人员，不得主持听证 (第64条第4项)"
            )
        # The party is owed the lead: uncertain days are not counted (Side.PARTY).
        lead = periods.working_days_between(notified_on, hearing_on, side=periods.Side.PARTY)
        if lead < statute.HEARING_NOTICE_LEAD_WD:
            raise guards.GuardRefused(
                "hearing_notice_late",
                f"应当在举行听证的七日前通知当事人 (第64条第2项)：{notified_on} 通知距 "
                f"{hearing_on} 只有 {lead} 个工作日",
            )
        hearing.notified_on, hearing.scheduled_on = notified_on, hearing_on
        hearing.place, hearing.host = place, host
        hearing.save(update_fields=["notified_on", "scheduled_on", "place", "host"])
        advance(
            case,
            "schedule_hearing",
            actor=actor,
            payload={
                "hearing_on": hearing_on,
                "notified_on": notified_on,
                "place": place,
                "host": host.name,
            },
        )
    return hearing


def record_hearing(
    case: Case, *, actor: User, held_on: date, minutes: str, party_absent: bool = False
) -> Hearing:
    """听证笔录. A party absent without good reason (or leaving) waives the hearing (Art 64(8)).
    A held hearing makes legal review required (Art 58 ¶1(2))."""
    with transaction.atomic():
        case = lock_case(case, "record_hearing", actor=actor, on=held_on)
        hearing = _hearing(case)
        assert hearing.scheduled_on is not None  # the step's precondition
        if held_on < hearing.scheduled_on:
            raise InvalidInput("before_schedule", "举行日期不能早于通知的听证日期", field="held_on")
        if not party_absent:
            minutes = required_text(minutes, "minutes", "听证笔录")
        hearing.held_on, hearing.minutes, hearing.party_absent = held_on, minutes, party_absent
        hearing.save(update_fields=["held_on", "minutes", "party_absent"])
        fields = []
        if not party_absent:
            case.hearing_held = True
            case.requires_legal_review = True
            fields = ["hearing_held", "requires_legal_review"]
        advance(
            case,
            "record_hearing",
            actor=actor,
            fields=fields,
            payload={"held_on": held_on, "party_absent": party_absent, "minutes": minutes},
        )
    return hearing
