"""A year of cases for the demo district, through the real actions (the ``cases-<year>`` part).

About 500 cases by default — roughly 87 % on the spot (简易程序) and 13 % general procedure, as
in the bureau's report — in every category of the seed catalog and every outcome, walked through
``zhifa.cases.actions`` and ``zhifa.performance.actions`` in date order (``timeline``), so the
record chains, clocks, numbers and facts are exactly what the application itself writes.
``zhifa demo --cases N`` writes a larger year with raw SQL instead (``bulk``).
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

from zhifa.calendar import periods
from zhifa.cases.models import Case, CaseEvent, EvidenceFile
from zhifa.core.errors import DomainError
from zhifa.demo.generators.case_mix import FineBook, load_items
from zhifa.demo.generators.case_plans import GENERAL_PRE_QUOTA, general_plans, simple_plans
from zhifa.demo.generators.cast import Cast
from zhifa.demo.generators.disclosure import catch_up, disclosure_story
from zhifa.demo.generators.stories_after import simple_story
from zhifa.demo.generators.stories_general import general_story
from zhifa.demo.generators.timeline import Year
from zhifa.demo.generators.workdays import WorkCalendar

DEFAULT_CASES = (480, 560)
GENERAL_SHARE = (0.11, 0.14)


def horizon_for(year: int, today: date) -> date:
    """Where the year's stories stop: its last day, or today for the current year."""
    if year > today.year:
        raise DomainError("future_year", f"{year} 年尚未到来，不能生成该年的示范案件")
    if not periods.is_covered(year):
        raise DomainError(
            "calendar_year_missing", f"法定节假日表不含 {year} 年，不能生成该年的示范案件"
        )
    return min(today, date(year, 12, 31))


def build_cases(
    rng: random.Random, year: int, today: date, *, scale: float = 1.0
) -> dict[str, int]:
    """Generate the year (``scale`` shrinks it for quick tests; the quotas that guarantee every
    outcome are kept). Returns the summary stored on the ``DemoLoad`` marker."""
    horizon = horizon_for(year, today)
    y = Year(
        year=year,
        horizon=horizon,
        rng=rng,
        cal=WorkCalendar(date(year, 1, 1), date(year + 1, 12, 31)),
        cast=Cast(rng),
        fines=FineBook(load_items()),
    )
    total = round(rng.randint(*DEFAULT_CASES) * scale)
    general = max(round(total * rng.uniform(*GENERAL_SHARE)), sum(GENERAL_PRE_QUOTA.values()) + 8)
    before = Case.objects.count(), CaseEvent.objects.count(), EvidenceFile.objects.count()
    stories = [simple_story(y, p) for p in simple_plans(y, max(total - general, 40))]
    stories += [general_story(y, p) for p in general_plans(y, general)]
    for story in stories:
        y.spawn(story)
    published: Counter[str] = Counter()
    y.spawn(disclosure_story(y, published))  # the scheduler's disclosure job, every evening
    y.run()
    catch_up(y, today, published)
    cases = Case.objects.filter(found_on__year=year)
    return {
        "year": year,
        "cases": Case.objects.count() - before[0],
        "simple": y.counts["simple"],
        "general": y.counts["general"],
        "open": cases.exclude(status__in=["closed", "archived", "not_filed", "withdrawn"]).count(),
        "events": CaseEvent.objects.count() - before[1],
        "photos": EvidenceFile.objects.count() - before[2],
        "hearings": y.counts["hearings"],
        "court": y.counts["court"],
        "paid_late": y.counts["paid_late"],
        "published": published["published"],
        "withdrawn": published["withdrawn"],
        "expired": published["expired"],
    }
