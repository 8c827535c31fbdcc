"""Read queries of the portal other than decisions (those are in ``public``) and of the staff
page. Each public selector names the columns it reads (``values``): no personal data."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth

from zhifa.cases.choices import Outcome, Procedure
from zhifa.cases.models import Case, Decision
from zhifa.disclosure.build import place_name
from zhifa.disclosure.choices import PublicationStatus, RepairStatus
from zhifa.disclosure.models import CreditRepair, Publication, RandomCheckItem
from zhifa.law.choices import Category
from zhifa.org.choices import CertificateStatus, OrgUnitKind
from zhifa.org.models import Certificate, OrgUnit

STATS_CACHE_SECONDS = 600
ZERO = Decimal("0.00")
CENT = Decimal("0.01")

# --- 事前公开 ------------------------------------------------------------------------------


def officers_on_duty(on: date) -> list[dict[str, Any]]:
    """Officers holding a valid enforcement certificate (行政处罚法 Art 42): name and certificate
    number only — no phone, employee number or unit data."""
    rows = (
        Certificate.objects.filter(
            status=CertificateStatus.VALID,
            issued_on__lte=on,
            expires_on__gte=on,
            officer__is_auxiliary=False,
        )
        .filter(Q(officer__left_on__isnull=True) | Q(officer__left_on__gte=on))
        .order_by("number")
    )
    return [
        {"name": r["officer__name"], "certificate": r["number"]}
        for r in rows.values("officer__name", "number")
    ]


def random_check_items() -> list[dict[str, Any]]:
    fields = ("name", "category", "subject", "basis", "method", "frequency")
    return list(RandomCheckItem.objects.filter(active=True).values(*fields))


def streets() -> list[dict[str, Any]]:
    rows = OrgUnit.objects.filter(kind=OrgUnitKind.STREET).order_by("sort_order", "code")
    return [{"id": pk, "name": place_name(name)} for pk, name in rows.values_list("id", "name")]


# --- 每月公开 ------------------------------------------------------------------------------


@dataclass
class MonthRow:
    month: int
    total: int = 0
    general: int = 0
    simple: int = 0
    fines: Decimal = ZERO
    by_category: dict[str, int] = field(default_factory=dict)


@dataclass
class YearStats:
    year: int
    months: list[MonthRow]
    categories: list[tuple[str, str]]  # (value, label) of categories with cases this year
    totals: MonthRow


def _decided_penalties(year: int) -> QuerySet[Case]:
    """Penalty decisions made in ``year`` and still in force (revoked ones are not counted)."""
    return Case.objects.filter(
        outcome=Outcome.PENALTY,
        decided_on__gte=date(year, 1, 1),
        decided_on__lte=date(year, 12, 31),
        decision_revoked=False,
    )


def monthly_statistics(year: int) -> YearStats:
    """每月公开本机关行政处罚决定数据: decisions per month by procedure and category, and fines —
    aggregates only, cached for 10 minutes (one grouped query over the year)."""
    key = f"disclosure:stats:{year}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    grouped = (
        _decided_penalties(year)
        .annotate(m=ExtractMonth("decided_on"))
        .values("m", "category", "procedure")
        .annotate(n=Count("id"), fines=Sum("fine"))
        .order_by()
    )
    months = {m: MonthRow(m) for m in range(1, 13)}
    totals = MonthRow(0)
    seen: dict[str, int] = defaultdict(int)
    for row in grouped:
        for target in (months[row["m"]], totals):
            target.total += row["n"]
            target.fines += Decimal(row["fines"] or 0).quantize(CENT)
            if row["procedure"] == Procedure.SIMPLE:
                target.simple += row["n"]
            else:
                target.general += row["n"]
            cat = row["category"] or Category.OTHER
            target.by_category[cat] = target.by_category.get(cat, 0) + row["n"]
        seen[row["category"] or Category.OTHER] += row["n"]
    categories = [(v, label) for v, label in Category.choices if seen.get(v)]
    stats = YearStats(year, list(months.values()), categories, totals)
    cache.set(key, stats, STATS_CACHE_SECONDS)
    return stats


def years_with_decisions(today: date) -> list[int]:
    # per procedure: the (procedure, decided_on) index gives the earliest decision at once (a
    # filter on the outcome alone read every case: 270 ms at a million)
    firsts = [
        Case.objects.filter(procedure=procedure, outcome=Outcome.PENALTY, decided_on__isnull=False)
        .order_by("decided_on")
        .values_list("decided_on", flat=True)
        .first()
        for procedure in Procedure.values
    ]
    first = min((d for d in firsts if d is not None), default=None)
    start = first.year if first else today.year
    return list(range(today.year, max(start, today.year - 10) - 1, -1))


# --- staff: what is due, late, to be withdrawn ---------------------------------------------


@dataclass(frozen=True)
class StaffOverview:
    pending: QuerySet[Publication]
    overdue: QuerySet[Publication]
    late: QuerySet[Publication]
    to_withdraw: QuerySet[Publication]
    late_withdrawals: QuerySet[Publication]
    repairs: QuerySet[CreditRepair]
    unregistered: int


def staff_overview(today: date, limit: int = 100) -> StaffOverview:
    from zhifa.disclosure import jobs

    s = PublicationStatus
    pending = Publication.objects.filter(status=s.PENDING).select_related("case")
    return StaffOverview(
        pending=pending.order_by("due_on", "id")[:limit],
        overdue=pending.filter(due_on__lt=today).order_by("due_on", "id")[:limit],
        late=Publication.objects.filter(published_late=True).order_by("-published_on", "-id")[
            :limit
        ],
        to_withdraw=jobs.needing_withdrawal()
        .filter(status=s.PUBLISHED)
        .distinct()
        .order_by("id")[:limit],
        late_withdrawals=Publication.objects.filter(withdrawn_late=True).order_by(
            "-withdrawn_on", "-id"
        )[:limit],
        repairs=CreditRepair.objects.filter(status=RepairStatus.REQUESTED)
        .select_related("publication", "requested_by")
        .order_by("requested_on", "id"),
        unregistered=recently_unregistered(),
    )


RECENT_DECISIONS = 5000


def recently_unregistered() -> int:
    """Penalty decisions among the newest ``RECENT_DECISIONS`` that have no publication yet. The
    job registers every decision within the hour and retries those it could not (logging each
    refusal); counting every decision of the city against its publication on every view of
    this page took 290 ms at a million — the newest few thousand (a district's years, a
    city's days) are where a registration that keeps failing shows."""
    from zhifa.disclosure import jobs

    newest = Decision.objects.order_by("-id").values("id")[:RECENT_DECISIONS]
    return jobs.unregistered().filter(pk__in=newest).count()
