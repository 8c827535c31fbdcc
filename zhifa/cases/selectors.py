"""Read queries for the case pages and home panels: the filtered case list, the deadline lists
and the queues. Every query starts from ``access.cases_visible_to`` and fetches what its page
shows in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Exists,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from zhifa.cases.access import cases_visible_to
from zhifa.cases.choices import BEFORE_DECISION, OPEN_STATUSES, Outcome
from zhifa.cases.choices import CaseStatus as S
from zhifa.cases.models import (
    Case,
    CaseDeadline,
    CaseHandler,
    CollectiveDiscussion,
    EvidencePreservation,
    Hearing,
    PriorNotice,
    Proposal,
)
from zhifa.core.config import local_rules
from zhifa.org.choices import OrgUnitKind
from zhifa.org.models import OrgUnit, User

OPEN_DEADLINE = Q(met_on__isnull=True, cancelled=False)
DATE_FIELDS = {"found_on": "发现日期", "filed_on": "立案日期", "decided_on": "决定日期"}
# Where new evidence may still be added (the add_evidence step's statuses).
EVIDENCE_STATUSES = BEFORE_DECISION - {S.LEGAL_REVIEW}


def _open_deadlines() -> QuerySet[CaseDeadline]:
    return CaseDeadline.objects.filter(OPEN_DEADLINE)


def active_handlers_prefetch() -> Prefetch:
    return Prefetch(
        "handlers",
        queryset=CaseHandler.objects.filter(recused_on__isnull=True).select_related("officer"),
        to_attr="active_handlers",
    )


def with_list_data(cases: QuerySet[Case]) -> QuerySet[Case]:
    """What a row of a case list shows: party, item, street, handlers, the next due date."""
    next_due = _open_deadlines().filter(case=OuterRef("pk")).order_by("due_on").values("due_on")[:1]
    return (
        cases.select_related("party__street", "violation_item", "street")
        .annotate(next_due=Subquery(next_due))
        .prefetch_related(active_handlers_prefetch())
    )


def mine(cases: QuerySet[Case], user: User) -> QuerySet[Case]:
    """Cases where ``user`` is an active handler."""
    handling = CaseHandler.objects.filter(
        case=OuterRef("pk"), officer__user=user, recused_on__isnull=True
    )
    return cases.filter(Exists(handling))


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""
    procedure: str = ""
    category: str = ""
    street: int | None = None
    mine: bool = False
    overdue: bool = False
    q: str = ""
    date_field: str = "found_on"
    date_from: date | None = None
    date_to: date | None = None


def _text(cases: QuerySet[Case], q: str) -> QuerySet[Case]:
    return cases.filter(
        Q(number__icontains=q) | Q(party__name__icontains=q) | Q(place__icontains=q)
    )


def case_list(user: User, filters: CaseFilters, today: date) -> QuerySet[Case]:
    """The cases ``user`` may see, filtered, newest first, with what the list shows."""
    cases = cases_visible_to(user)
    if filters.status == "open":
        cases = cases.filter(status__in=OPEN_STATUSES)
    elif filters.status:
        cases = cases.filter(status=filters.status)
    if filters.procedure:
        cases = cases.filter(procedure=filters.procedure)
    if filters.category:
        cases = cases.filter(category=filters.category)
    if filters.street:
        cases = cases.filter(street_id=filters.street)
    if filters.mine:
        cases = mine(cases, user)
    if filters.overdue:
        late = _open_deadlines().filter(case=OuterRef("pk"), due_on__lt=today)
        cases = cases.filter(Exists(late))
    if filters.q:
        cases = _text(cases, filters.q)
    field = filters.date_field if filters.date_field in DATE_FIELDS else "found_on"
    if filters.date_from:
        cases = cases.filter(**{f"{field}__gte": filters.date_from})
    if filters.date_to:
        cases = cases.filter(**{f"{field}__lte": filters.date_to})
    return with_list_data(cases).order_by("-id")


# --- Deadlines -------------------------------------------------------------------------------


def warning_days() -> int:
    return local_rules().deadline_warning_days


def _deadline_rows(cases: QuerySet[Case], today: date, days: int | None) -> QuerySet[CaseDeadline]:
    horizon = today + timedelta(days=warning_days() if days is None else days)
    return (
        _open_deadlines()
        .filter(case__in=cases, due_on__lte=horizon)
        .select_related("case__party__street", "case__violation_item", "case__street")
        .order_by("due_on", "id")
    )


def deadlines_for_user(
    user: User, today: date, *, days: int | None = None
) -> QuerySet[CaseDeadline]:
    """Open deadlines of the cases ``user`` handles, overdue or due within ``days`` (default:
    the local rule ``deadline_warning_days``), oldest due first."""
    return _deadline_rows(mine(cases_visible_to(user), user), today, days)


def unit_cases(unit: OrgUnit) -> Q:
    """A unit's cases: those it handles (with its sub-units); for a street also those of the
    street."""
    if unit.kind == OrgUnitKind.STREET:
        return Q(street=unit) | Q(handling_unit__street=unit)
    return Q(handling_unit=unit) | Q(handling_unit__parent=unit)


def deadlines_for_unit(
    unit: OrgUnit, today: date, *, viewer: User, days: int | None = None
) -> QuerySet[CaseDeadline]:
    """Open deadlines of ``unit``'s cases that ``viewer`` may see, overdue or due soon."""
    cases = cases_visible_to(viewer).filter(unit_cases(unit))
    return _deadline_rows(cases, today, days)


def overdue_deadlines(viewer: User, today: date) -> QuerySet[CaseDeadline]:
    """Every open deadline already missed, in ``viewer``'s scope."""
    return _deadline_rows(cases_visible_to(viewer), today, -1)


# --- Queues ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueItem:
    case: Case
    what: str  # what is waiting, e.g. 立案待批
    since: date | None  # waiting since
    due: date | None  # the statutory due date that presses, if any
    url: str


def _first_due(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.annotate(
        next_due=Min(
            "deadlines__due_on",
            filter=Q(deadlines__met_on__isnull=True, deadlines__cancelled=False),
        )
    )


def _due(case: Case) -> date | None:
    return getattr(case, "next_due", None)  # annotated by ``_first_due``


def _decision_ready(cases: QuerySet[Case], today: date) -> QuerySet[Case]:
    """Cases the head may decide now, by the rules of ``guards.decision_problems``: review and
    discussion done where required; for a penalty, the party told and heard on the latest
    notice (statement period over or waived, no hearing pending or still to be asked for)."""
    discussed = CollectiveDiscussion.objects.filter(case=OuterRef("pk")).order_by("-id")
    proposed = Proposal.objects.filter(case=OuterRef("pk")).order_by("-id")
    latest_notice = PriorNotice.objects.filter(case=OuterRef("pk")).order_by("-id")
    notice = PriorNotice.objects.filter(pk=OuterRef("notice_id"))
    heard = notice.filter(Q(statement_waived_on__isnull=False) | Q(statement_due__lt=today))
    hearing_open = Hearing.objects.filter(notice=OuterRef("notice_id"), held_on__isnull=True)
    may_still_ask = notice.filter(
        hearing_offered=True,
        statement_waived_on__isnull=True,
        hearing_request_due__gte=today,
        hearings__isnull=True,
    )
    return (
        cases.filter(status__in=[S.INVESTIGATED, S.NOTIFIED, S.REVIEWED, S.DISCUSSED])
        .filter(Q(requires_legal_review=False) | Q(legal_review_done=True))
        .filter(Q(requires_collective_discussion=False) | Q(collective_discussion_done=True))
        .annotate(
            outcome_due=Coalesce(
                Subquery(discussed.values("agreed_outcome")[:1]),
                Subquery(proposed.values("outcome")[:1]),
            ),
            notice_id=Subquery(latest_notice.values("id")[:1]),
        )
        .filter(outcome_due__isnull=False)
        .filter(
            ~Q(outcome_due=Outcome.PENALTY)
            | (Exists(heard) & ~Exists(hearing_open) & ~Exists(may_still_ask))
        )
    )


@dataclass(frozen=True)
class LeaderQueue:
    """One kind of approval waiting for the leader. ``rows(visible, limit)``: the first
    ``limit`` items among the cases the leader may see, and how many there are."""

    key: str  # in ``counts``
    label: str  # in the panel's count line
    rows: Callable[[QuerySet[Case], int], tuple[list[QueueItem], int]]
    order: int = 100


# Approvals of other apps, registered from their ``ready()`` (performance: payment plans).
LEADER_QUEUES: list[LeaderQueue] = []


def register_leader_queue(queue: LeaderQueue) -> None:
    if all(q.key != queue.key for q in LEADER_QUEUES):
        LEADER_QUEUES.append(queue)


def _filing_waiting(visible: QuerySet[Case], limit: int) -> tuple[list[QueueItem], int]:
    filing = _first_due(visible.filter(status=S.FILING_PENDING)).select_related("party__street")
    items = [
        queue_item(c, "立案待批", c.found_on, _due(c), "approve_filing") for c in filing[:limit]
    ]
    return items, filing.count()


def _decisions_waiting(
    visible: QuerySet[Case], limit: int, today: date
) -> tuple[list[QueueItem], int]:
    deciding = _first_due(_decision_ready(visible, today)).select_related("party__street")
    items = [queue_item(c, "可作出决定", None, _due(c), "decide") for c in deciding[:limit]]
    return items, deciding.count()


def _preservations_waiting(visible: QuerySet[Case], limit: int) -> tuple[list[QueueItem], int]:
    preservations = (
        EvidencePreservation.objects.filter(case__in=visible, approved_on__isnull=True)
        .select_related("case__party__street")
        .order_by("requested_on", "id")
    )
    items = [
        queue_item(p.case, "先行登记保存待批准", p.requested_on, None, "approve_preservation")
        for p in preservations[:limit]
    ]
    return items, preservations.count()


def leader_queue(user: User, today: date, limit: int = 10) -> dict[str, Any]:
    """The leader's approvals: filing, decisions ready to take, preservations, and those of
    other apps (``LEADER_QUEUES``: payment plans); the first ``limit`` of each, most pressing
    first, and the count of each (``tallies``: label and count, in the panel's order)."""
    visible = cases_visible_to(user)
    queues = [
        LeaderQueue("filing", "立案", _filing_waiting, order=10),
        LeaderQueue("deciding", "决定", lambda v, n: _decisions_waiting(v, n, today), order=20),
        *LEADER_QUEUES,
        LeaderQueue("preservations", "先行登记保存", _preservations_waiting, order=40),
    ]
    queues.sort(key=lambda q: q.order)
    items: list[QueueItem] = []
    counts: dict[str, int] = {}
    for queue in queues:
        rows, count = queue.rows(visible, limit)
        items.extend(rows)
        counts[queue.key] = count
    items.sort(key=lambda i: (i.due or date.max, i.since or date.max, i.case.pk))
    tallies = [(q.label, counts[q.key]) for q in queues]
    return {"items": items, "counts": counts, "tallies": tallies, "total": sum(counts.values())}


def reviewer_queue(user: User, limit: int = 20) -> tuple[list[QueueItem], int]:
    """Cases waiting for legal review, the longest waiting first."""
    from zhifa.cases.models import LegalReview

    submitted = (
        LegalReview.objects.filter(case=OuterRef("pk"), decided_on__isnull=True)
        .order_by("-id")
        .values("submitted_on")[:1]
    )
    cases = (
        _first_due(cases_visible_to(user).filter(status=S.LEGAL_REVIEW))
        .annotate(submitted_on=Subquery(submitted))
        .select_related("party__street", "violation_item")
        .order_by(F("submitted_on").asc(nulls_last=True), "id")
    )
    items = [
        queue_item(c, "待法制审核", getattr(c, "submitted_on", None), _due(c), "pass_legal_review")
        for c in cases[:limit]
    ]
    return items, cases.count()


def handler_open_cases(user: User) -> QuerySet[Case]:
    return with_list_data(mine(cases_visible_to(user).filter(status__in=OPEN_STATUSES), user))


def assist_cases(user: User, limit: int = 8) -> QuerySet[Case]:
    """For auxiliary staff: recent cases of their unit that still take evidence."""
    cases = cases_visible_to(user).filter(status__in=EVIDENCE_STATUSES)
    unit = user.org_unit
    if unit is not None:
        cases = cases.filter(unit_cases(unit))
    return cases.select_related("party__street", "violation_item").order_by("-id")[:limit]


def queue_item(case: Case, what: str, since: date | None, due: date | None, step: str) -> QueueItem:
    """A queue's item, linked to the page of the step that waits."""
    from django.urls import reverse

    url = reverse("cases:step", kwargs={"pk": case.pk, "step": step})
    return QueueItem(case=case, what=what, since=since, due=due, url=url)
