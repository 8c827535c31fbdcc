"""Deadline scan: remind handlers of what is due soon, and record every missed deadline in the
case's record (and tell the handlers and leaders) — once each."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from zhifa.cases import clocks
from zhifa.cases.actions._common import handler_users
from zhifa.cases.choices import DeadlineKind
from zhifa.cases.models import Case, CaseDeadline
from zhifa.cases.record import CHAIN_FIELDS, append_event
from zhifa.core.actions import notify
from zhifa.core.config import local_rules
from zhifa.core.models import Notification
from zhifa.core.schedule import every
from zhifa.org.choices import Role
from zhifa.org.models import User

# Dates that open a possibility rather than close one: passing them is not a failure.
EARLIEST_DATES = frozenset({DeadlineKind.REMINDER_WAIT})
# The party's windows (statement, hearing request) simply run out: closed, never "missed".
WINDOWS = frozenset(clocks.WINDOWS)
# Deadlines the party misses (not the bureau): recorded as the party's default.
PARTY_DEADLINES = frozenset({DeadlineKind.PAYMENT})


def _handler_users(case: Case) -> list[User]:
    return list(handler_users(case.pk))


@every(3600)
@task(queue_name="deadlines")
def scan_deadlines() -> dict[str, int]:
    today = timezone.localdate()
    soon = today + timedelta(days=local_rules().deadline_warning_days)
    reminded = missed = 0
    due_soon = (
        CaseDeadline.objects.filter(
            met_on__isnull=True,
            cancelled=False,
            reminded_at__isnull=True,
            due_on__gte=today,
            due_on__lte=soon,
        )
        .exclude(kind__in=STAGED_WARNINGS)
        .select_related("case")
    )
    for deadline in due_soon.iterator(chunk_size=500):
        _remind(deadline)
        reminded += 1
    reminded += _warn_court_windows(today)
    overdue = (
        CaseDeadline.objects.filter(
            met_on__isnull=True, cancelled=False, missed_recorded_at__isnull=True, due_on__lt=today
        )
        .exclude(kind__in=EARLIEST_DATES | WINDOWS)
        .values_list("pk", flat=True)
    )
    for pk in list(overdue.iterator(chunk_size=2000)):
        if _record_missed(pk):
            missed += 1
    # The party's windows that ran out close on their due date.
    for row in CaseDeadline.objects.filter(
        kind__in=WINDOWS, met_on__isnull=True, cancelled=False, due_on__lt=today
    ):
        CaseDeadline.objects.filter(pk=row.pk).update(met_on=row.due_on)
    return {"reminded": reminded, "missed": missed}


# Deadlines warned of at several days left rather than once (``COURT_WINDOW_WARNING_DAYS``).
STAGED_WARNINGS = frozenset({DeadlineKind.COURT_APPLICATION})


def _warn_court_windows(today: date) -> int:
    """行政强制法 Art 53: a court window that lapses cannot be reopened, so the handlers and the
    leaders are told at each configured number of days left (default 30 and 10), once each
    (the notification's dedup key holds the stage)."""
    stages = local_rules().court_window_warning_days
    if not stages:
        return 0
    rows = CaseDeadline.objects.filter(
        kind__in=STAGED_WARNINGS,
        met_on__isnull=True,
        cancelled=False,
        due_on__gte=today,
        due_on__lte=today + timedelta(days=max(stages)),
    ).select_related("case")
    sent = 0
    leaders = list(User.objects.filter(role=Role.LEADER, is_active=True))
    for deadline in rows.iterator(chunk_size=500):
        left = (deadline.due_on - today).days
        stage = min(d for d in stages if left <= d)
        case = deadline.case
        title = (
            f"{case.number}：申请法院强制执行的期限 {deadline.due_on} 届满，还剩 {left} 天"
            " (行政强制法第五十三条，逾期不能再申请)"
        )
        key = f"court-window:{deadline.pk}:{stage}"
        recipients = {u.pk: u for u in [*_handler_users(case), *leaders]}
        if Notification.objects.filter(user_id__in=list(recipients), dedup_key=key).exists():
            continue  # this stage was told already (the (user, dedup_key) index)
        for user in recipients.values():
            notify(user, kind="deadline_soon", title=title, url=f"/cases/{case.pk}/", dedup_key=key)
        CaseDeadline.objects.filter(pk=deadline.pk).update(reminded_at=timezone.now())
        sent += 1
    return sent


def _remind(deadline: CaseDeadline) -> None:
    case = deadline.case
    title = f"{case.number}：{deadline.get_kind_display()} 将于 {deadline.due_on} 到期"
    if deadline.kind in EARLIEST_DATES:
        title = f"{case.number}：{deadline.due_on} 起可申请法院强制执行 (催告期满)"
    for user in _handler_users(case):
        notify(
            user,
            kind="deadline_soon",
            title=title,
            url=f"/cases/{case.pk}/",
            dedup_key=f"deadline-soon:{deadline.pk}:{deadline.due_on}",
        )
    CaseDeadline.objects.filter(pk=deadline.pk).update(reminded_at=timezone.now())


def _record_missed(pk: int) -> bool:
    """One transaction per deadline: lock the case, re-check, append the event."""
    with transaction.atomic():
        deadline = CaseDeadline.objects.select_for_update().get(pk=pk)
        if deadline.met_on or deadline.cancelled or deadline.missed_recorded_at:
            return False
        case = Case.objects.select_for_update().get(pk=deadline.case_id)
        party = deadline.kind in PARTY_DEADLINES
        append_event(
            case,
            "deadline_missed",
            actor=None,
            payload={
                "kind": deadline.kind,
                "label": deadline.get_kind_display(),
                "due_on": deadline.due_on,
                "party_default": party,
            },
        )
        case.save(update_fields=CHAIN_FIELDS)
        deadline.missed_recorded_at = timezone.now()
        deadline.save(update_fields=["missed_recorded_at"])
        who = "当事人逾期" if party else "逾期未完成"
        title = f"{case.number}：{deadline.get_kind_display()} 已于 {deadline.due_on} 到期，{who}"
        recipients = {u.pk: u for u in _handler_users(case)}
        if not party:
            recipients |= {u.pk: u for u in User.objects.filter(role=Role.LEADER, is_active=True)}
        for user in recipients.values():
            notify(
                user,
                kind="deadline_missed",
                title=title,
                url=f"/cases/{case.pk}/",
                dedup_key=f"deadline-missed:{deadline.pk}",
            )
    return True


@every(3600)
@task(queue_name="default")
def anchor_chains() -> dict[str, object]:
    """Each evening (from ``ZHIFA_CHAIN_ANCHOR_HOUR``) the day's chain anchor, once (ADR 0007)."""
    from zhifa.cases.anchor import evening_anchor

    return evening_anchor()
