"""Read queries for the case pages and home panels: the filtered case list, the deadline lists
and the queues. Every query starts from ``access.cases_visible_to`` and fetches what its page
shows in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Exists,
    F,
    Model,
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
from zhifa.core.counting import BADGE_CAP, AtLeast, capped_count
from zhifa.core.firsts import first_rows
from zhifa.org.access import street_scope
from zhifa.org.choices import OrgUnitKind, Role
from zhifa.org.models import Officer, OrgUnit, User
from zhifa.parties.presenters import deferred

OPEN_DEADLINE = Q(met_on__isnull=True, cancelled=False)
DATE_FIELDS = {"found_on": "发现日期", "filed_on": "立案日期", "decided_on": "决定日期"}
# Where new evidence may still be added (the add_evidence step's statuses).
EVIDENCE_STATUSES = BEFORE_DECISION - {S.LEGAL_REVIEW}


def _open_deadlines() -> QuerySet[CaseDeadline]:
    return CaseDeadline.objects.filter(OPEN_DEADLINE)


def of_visible[M: Model](
    rows: QuerySet[M], visible: QuerySet[Case], field: str = "case"
) -> QuerySet[M]:
    """``rows`` (of a model with a foreign key ``field`` to the case) limited to the cases of
    ``visible`` (``access.cases_visible_to``, maybe filtered further): each row's case probed by
    its key — never ``case_id IN (every visible case)``, a scan of the whole case table. When
    ``visible`` is every case (the bureau's scope, unfiltered) there is nothing to probe."""
    if not visible.query.has_filters():
        return rows
    return rows.filter(Exists(visible.filter(pk=OuterRef(f"{field}_id"))))


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
        .defer(*deferred("party__"))  # a row shows the party's name only
        .annotate(next_due=Subquery(next_due))
        .prefetch_related(active_handlers_prefetch())
    )


def handled_by(user: User) -> QuerySet[CaseHandler, Any]:
    """The ids of the cases ``user`` actively handles, from the handler table's officer index."""
    return CaseHandler.objects.filter(officer__user=user, recused_on__isnull=True).values("case_id")


# Past this many cases of a handler, "mine" probes each listed case instead of collecting them.
MANY_CASES = 2000


def handles_many(user: User) -> bool:
    """Whether ``user`` actively handles more than ``MANY_CASES`` cases (reads at most that many
    entries of the handler table's officer index; remembered on the user for the request)."""
    known = getattr(user, "_zhifa_handles_many", None)
    if known is None:
        # ``order_by()``: the handler model's default order would walk its primary key
        # (250 ms on PostgreSQL for a leader who handles none) instead of the officer index
        known = handled_by(user).order_by()[: MANY_CASES + 1].count() > MANY_CASES
        user._zhifa_handles_many = known  # type: ignore[attr-defined]
    return bool(known)


def mine(cases: QuerySet[Case], user: User) -> QuerySet[Case]:
    """Cases where ``user`` is an active handler. An officer of a district handles a few hundred
    cases: their ids are collected (``id IN (…)``) and the cases read by key. One who handles
    tens of thousands (a city's bulk year) would have every id collected for every page (30 ms
    at 32,000): then each case the list walks (newest first, or by the status index) is probed
    in the handler table's (case, officer) index instead, and the walk stops at the page
    (issue 11)."""
    if handles_many(user):
        return cases.filter(handles_the_case(user, "pk"))
    return cases.filter(pk__in=handled_by(user))


def of_my_cases(user: User) -> Q | Exists:
    """For rows with a ``case_id`` (deadlines): of a case ``user`` actively handles. A handler of
    a few hundred cases: ``case_id IN`` their ids (the rows then come by the case index); of
    thousands: a probe per row of the list's own walk (``handles_the_case``). One probe per
    open deadline of the city for a leader who handles none was 45 ms at a million."""
    if handles_many(user):
        return handles_the_case(user)
    return Q(case_id__in=handled_by(user))


def handles_the_case(user: User, ref: str = "case_id") -> Exists:
    """For rows with a ``case_id`` (deadlines; ``ref="pk"`` for cases): ``user`` actively
    handles that case — one probe of the handler table's (case, officer) index per row, for
    lists driven by another index (the open deadlines in due order)."""
    return Exists(
        CaseHandler.objects.filter(
            case_id=OuterRef(ref),
            officer__in=Officer.objects.filter(user=user),
            recused_on__isnull=True,
        )
    )


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


def may_search_party_names(user: User) -> bool:
    """Auxiliary staff see parties masked (行政处罚法 Art 50), so they may not find a case by
    the party's name either."""
    return user.is_superuser or user.role != Role.AUXILIARY


def text_match(user: User, q: str) -> Q:
    """Cases whose number or place contains ``q``, or whose party's name does (for those who
    may search by it), or whose violation item's name does or whose code is ``q`` — every part
    through an index (core.textsearch: the case's and the party's text index; the catalog is a
    hundred rows). The page and the API search alike."""
    from django.db.models.expressions import RawSQL

    from zhifa.core import textsearch
    from zhifa.law.models import ViolationItem
    from zhifa.parties.models import Party

    if not textsearch.runs(q):  # no letter or digit: nothing the index holds
        return Q(number__icontains=q) | Q(place__icontains=q)
    own = textsearch.matching_ids(Case, q, COMMON_MATCHES)
    party: Q | None = None
    if may_search_party_names(user) and (party_sql := textsearch.ids_sql(Party, q)):
        # the matching parties' ids themselves when they are few: ``party_id IN (1, 2, …)``
        # joins the case ids in one bitmap of two indexes, where ``IN (SELECT …)`` beside an
        # OR made PostgreSQL read every case (530 ms at a million for a rare address)
        parties = textsearch.matching_ids(Party, q, COMMON_MATCHES)
        party = Q(party_id__in=parties if parties is not None else RawSQL(*party_sql))
    items = list(
        ViolationItem.objects.filter(Q(name__icontains=q) | Q(code__iexact=q)).values_list(
            "pk", flat=True
        )
    )
    if own is None or _common(party, items):
        # Tens of thousands of matches: listing them all for every page is what made a common
        # word slow (290 ms for 有限公司 at a million cases). Walk the list's own order and test
        # each case instead: its tokens, its party among the (few) parties whose name matches,
        # its violation item — the walk stops when the page (or the capped count) is full.
        walk = textsearch.row_condition(Case, q) or Q(pk__in=[])
        if party is not None:
            walk |= party
        if items:
            walk |= Q(violation_item_id__in=items)
        return walk
    # rare: the few ids the index gave, and the cases of the matching parties and items
    found = Q(pk__in=own)
    if party is not None:
        found |= party
    if items:
        found |= Q(violation_item_id__in=items)
    return found


COMMON_MATCHES = 1000  # more cases than this contain a word: it is searched by a walk


def _common(party: Q | None, items: list[int]) -> bool:
    """Whether more than ``COMMON_MATCHES`` cases match through their party or violation item
    (the case's own text was probed already) — each probe reads at most that many entries."""
    limit = COMMON_MATCHES + 1
    if party is not None:
        by_party = Case.objects.filter(party).values("pk")[:limit]
        if by_party.count() > COMMON_MATCHES:
            return True
    if items:
        by_item = Case.objects.filter(violation_item_id__in=items).values("pk")[:limit]
        return by_item.count() > COMMON_MATCHES
    return False


def _text(cases: QuerySet[Case], q: str, user: User) -> QuerySet[Case]:
    return cases.filter(text_match(user, q))


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
        # from the open-deadline index: the few cases with a missed clock
        late = _open_deadlines().filter(due_on__lt=today)
        if (street := street_scope(user)) is not None:  # the street's own clocks' index
            late = late.filter(street_id=street)
        cases = cases.filter(pk__in=late.values("case_id"))
    if filters.q:
        cases = _text(cases, filters.q, user)
    field = filters.date_field if filters.date_field in DATE_FIELDS else "found_on"
    if filters.date_from:
        cases = cases.filter(**{f"{field}__gte": filters.date_from})
    if filters.date_to:
        cases = cases.filter(**{f"{field}__lte": filters.date_to})
    return with_list_data(cases).order_by("-id")


# --- Deadlines -------------------------------------------------------------------------------


def warning_days() -> int:
    return local_rules().deadline_warning_days


def _deadline_rows(
    cases: QuerySet[Case],
    today: date,
    days: int | None,
    *,
    street: int | None = None,
    probe: bool = True,
) -> QuerySet[CaseDeadline]:
    """Open deadlines due by the horizon, read from the open-deadline index
    (``casedeadline_open_due``) in due order, each kept when its case is one of ``cases`` (a
    probe of the case row by its key) — never a list of every visible case. ``street``: the
    viewer sees one street only; its clocks come from the street's own index
    (``casedeadline_open_street``: a deadline carries its case's street), and ``probe=False``
    when ``cases`` are exactly that street's cases, with nothing left to test."""
    horizon = today + timedelta(days=warning_days() if days is None else days)
    rows = _open_deadlines().filter(due_on__lte=horizon)
    if street is not None:
        rows = rows.filter(street_id=street)
    if probe:
        rows = of_visible(rows, cases)
    return (
        rows.select_related("case__party__street", "case__violation_item", "case__street")
        .defer(*deferred("case__party__"))  # a row shows the party's name only
        .order_by("due_on", "id")
    )


def deadlines_for_user(
    user: User, today: date, *, days: int | None = None
) -> QuerySet[CaseDeadline]:
    """Open deadlines of the cases ``user`` handles, overdue or due within ``days`` (default:
    the local rule ``deadline_warning_days``), oldest due first."""
    street = street_scope(user)
    rows = _deadline_rows(cases_visible_to(user), today, days, street=street, probe=street is None)
    return rows.filter(of_my_cases(user))


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
    street = street_scope(viewer)
    # a street officer's own street: its cases are the unit's cases it may see, all of them
    own_street = street is not None and unit.kind == OrgUnitKind.STREET and unit.pk == street
    return _deadline_rows(cases, today, days, street=street, probe=not own_street)


def overdue_deadlines(viewer: User, today: date) -> QuerySet[CaseDeadline]:
    """Every open deadline already missed, in ``viewer``'s scope."""
    street = street_scope(viewer)
    return _deadline_rows(cases_visible_to(viewer), today, -1, street=street, probe=street is None)


# --- Queues ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueItem:
    case: Case
    what: str  # what is waiting, e.g. 立案待批
    since: date | None  # waiting since
    due: date | None  # the statutory due date that presses, if any
    url: str


def _first_due(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Each case's earliest open deadline, as a subquery of the open-deadline index per case
    (a ``MIN`` over a join grouped by every case column took 400 ms on PostgreSQL for the
    3,000 cases a city has waiting for a decision)."""
    first_open = (
        CaseDeadline.objects.filter(case=OuterRef("pk"), met_on__isnull=True, cancelled=False)
        .order_by("due_on")
        .values("due_on")[:1]
    )
    return cases.annotate(next_due=Subquery(first_open))


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
    waiting = visible.filter(status=S.FILING_PENDING)
    filing = _first_due(waiting).select_related("party__street")
    items = [
        queue_item(c, "立案待批", c.found_on, _due(c), "approve_filing") for c in filing[:limit]
    ]
    return items, capped_count(waiting, BADGE_CAP)  # without the due dates' join (one row a case)


def _decisions_waiting(
    visible: QuerySet[Case], limit: int, today: date
) -> tuple[list[QueueItem], int]:
    ready = _decision_ready(visible, today)
    deciding = _first_due(ready).select_related("party__street")
    items = [queue_item(c, "可作出决定", None, _due(c), "decide") for c in deciding[:limit]]
    return items, capped_count(ready, BADGE_CAP)  # without the due dates' join (one row a case)


def _preservations_waiting(visible: QuerySet[Case], limit: int) -> tuple[list[QueueItem], int]:
    preservations = (
        of_visible(EvidencePreservation.objects.filter(approved_on__isnull=True), visible)
        .select_related("case__party__street")
        .order_by("requested_on", "id")
    )
    items = [
        queue_item(p.case, "先行登记保存待批准", p.requested_on, None, "approve_preservation")
        for p in preservations[:limit]
    ]
    return items, capped_count(preservations, BADGE_CAP)


def _closing_waiting(visible: QuerySet[Case], limit: int) -> tuple[list[QueueItem], int]:
    """Cases whose decision needs nothing more (performed, no penalty served, transferred or
    revoked): the head's 结案审批 waits, the longest waiting first. The step's own
    preconditions (``preconditions.close``) still decide on the page."""
    from zhifa.cases.workflow import STEPS

    sources = STEPS["close"].sources  # the statuses the table closes from
    ended = (
        Q(status=S.PERFORMED)
        | Q(status__in=sources - {S.DECIDED}, outcome=Outcome.NO_PENALTY)
        | Q(status__in=sources, outcome=Outcome.TRANSFER)
        | Q(status__in=sources, decision_revoked=True)
    )
    # ``status__in``: every term of ``ended`` is in these statuses; said once, it lets the
    # planner read the few cases in them by the status index instead of every case.
    closing = visible.filter(status__in=sources).filter(ended)
    # the longest waiting, each term of ``ended`` read from its own index range: every
    # performed case waits; of the other statuses only a no-penalty or transferred outcome
    # (the (status, outcome, status_on) index) or a revoked decision (the few of case_revoked)
    parts = [visible.filter(status=S.PERFORMED)] if S.PERFORMED in sources else []
    for status in sorted(sources - {S.PERFORMED}):
        outcomes = (
            [Outcome.TRANSFER] if status == S.DECIDED else [Outcome.NO_PENALTY, Outcome.TRANSFER]
        )
        parts += [visible.filter(status=status, outcome=outcome) for outcome in outcomes]
    # the revoked decisions are few: read whole from case_revoked (a range beside the status
    # terms made SQLite walk the status index over every decided case instead: 128 ms at 1M)
    revoked = visible.filter(decision_revoked=True).order_by()
    also = [
        (on, pk)
        for status, on, pk in revoked.values_list("status", "status_on", "id")
        if status in sources
    ]
    waiting = first_of(parts, limit, also)
    items = [queue_item(c, "待结案审批", c.status_on, None, "close") for c in waiting]
    return items, capped_count(closing, BADGE_CAP)


def _archiving_waiting(visible: QuerySet[Case], limit: int) -> tuple[list[QueueItem], int]:
    """Closed (or not filed, withdrawn) cases whose file waits to be archived."""
    statuses = [S.CLOSED, S.NOT_FILED, S.WITHDRAWN]
    archiving = visible.filter(status__in=statuses)
    waiting = first_by_status(archiving, statuses, limit)
    items = [queue_item(c, "待归档", c.status_on, None, "archive") for c in waiting]
    return items, capped_count(archiving, BADGE_CAP)


def first(cases: QuerySet[Case], limit: int) -> list[Case]:
    """The ``limit`` cases of ``cases`` waiting longest (status day, then id), with their party:
    the ids picked from the (status, status_on, id) index alone, then only those rows read —
    a city has tens of thousands of closed cases, and sorting their rows to show eight is what
    made the leader's home slow."""
    ids = cases.order_by("status_on", "id").values("id")[:limit]  # one status: its index
    rows = Case.objects.filter(pk__in=Subquery(ids)).select_related("party__street")
    return list(rows.order_by("status_on", "id"))


def _as_date(value: Any) -> date | None:
    """A date column read by a raw cursor (SQLite gives its text)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def first_by_status(cases: QuerySet[Case], statuses: Iterable[str], limit: int) -> list[Case]:
    """``first`` over several statuses: the first ``limit`` of each status from the (status,
    status_on, id) index — each read in index order, stopping at ``limit`` — then the
    ``limit`` longest waiting of them (``first_of``). One query over every status would sort
    all of their cases (tens of thousands performed ones at city scale) to show eight."""
    return first_of([cases.filter(status=status) for status in sorted(statuses)], limit)


def first_of(
    parts: Iterable[QuerySet[Case]], limit: int, also: Iterable[tuple[Any, int]] = ()
) -> list[Case]:
    """The ``limit`` longest waiting cases (status_on, id) of the union of ``parts`` and of
    ``also`` (rows already read), each part one index range read in that order and stopped at
    ``limit``; the ranges are read in one statement (``core.firsts.first_rows``), then the
    cases shown by key."""
    ranges = [
        part.order_by("status_on", "id").values_list("status_on", "id")[:limit] for part in parts
    ]
    # by id: a case in two parts (or a part and ``also``) counts once; the raw cursor gives
    # SQLite's dates as text, ``also`` as dates
    picked = {pk: _as_date(on) for on, pk in [*first_rows(ranges), *also]}
    ids = sorted(picked, key=lambda pk: (picked[pk] or date.min, pk))[:limit]
    rows = Case.objects.filter(pk__in=ids).select_related("party__street")
    return list(rows.order_by("status_on", "id"))


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
        LeaderQueue("closing", "结案", _closing_waiting, order=50),
        LeaderQueue("archiving", "归档", _archiving_waiting, order=60),
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
    capped = any(getattr(n, "capped", False) for n in counts.values())
    total = AtLeast(sum(counts.values()), capped=capped)
    return {"items": items, "counts": counts, "tallies": tallies, "total": total}


def reviewer_queue(user: User, limit: int = 20) -> tuple[list[QueueItem], int]:
    """Cases waiting for legal review, the most pressing decision limit first (then the longest
    waiting)."""
    from zhifa.cases.models import LegalReview

    submitted = (
        LegalReview.objects.filter(case=OuterRef("pk"), decided_on__isnull=True)
        .order_by("-id")
        .values("submitted_on")[:1]
    )
    waiting = cases_visible_to(user).filter(status=S.LEGAL_REVIEW)
    cases = (
        _first_due(waiting)
        .annotate(submitted_on=Subquery(submitted))
        .select_related("party__street", "violation_item")
        .order_by(F("next_due").asc(nulls_last=True), F("submitted_on").asc(nulls_last=True), "id")
    )
    items = [
        queue_item(c, "待法制审核", getattr(c, "submitted_on", None), _due(c), "pass_legal_review")
        for c in cases[:limit]
    ]
    return items, capped_count(waiting, BADGE_CAP)


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
