"""Factories for the catalog of powers, for every app's tests.

``ViolationItemFactory()`` is an item with one fine rule (``any``, ¥500–¥5,000, penalty kinds
correction order + fine) and four bands splitting that range. Override the rule with
``rule__party_kind``, ``rule__rule``, ``rule__min``, ``rule__max``, ``rule__unit``, ``rule__bands``,
or pass ``rule=False`` for an item without rules and add them with ``add_fine_rule``.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from typing import Any

import factory

from zhifa.law.choices import (
    DEFAULT_UNITS,
    BandLevel,
    Category,
    FineRuleKind,
    LegalStatus,
    PenaltyKind,
)
from zhifa.law.models import DiscretionBand, FineRule, ViolationItem

# Where the four bands split a range: at 20 %, 50 % and 80 % of its width.
BAND_CUTS = (Decimal(0), Decimal("0.2"), Decimal("0.5"), Decimal("0.8"), Decimal(1))


def band_bounds(low: Decimal, high: Decimal) -> list[tuple[Decimal, Decimal]]:
    """Four contiguous (min, max) pairs from ``low`` to ``high``, rounded to whole units (to
    hundredths for narrow ranges such as percentages or multiples)."""
    step = Decimal(1) if high - low >= 100 else Decimal("0.01")
    points = [(low + (high - low) * cut).quantize(step) for cut in BAND_CUTS]
    points[0], points[-1] = low, high
    return list(pairwise(points))


def add_fine_rule(
    item: ViolationItem,
    *,
    party_kind: str = "any",
    rule: str = FineRuleKind.RANGE,
    min: Decimal | int | None = 500,
    max: Decimal | int | None = 5000,
    unit: str = "",
    note: str = "",
    bands: bool = True,
) -> FineRule:
    """A fine rule for ``item`` and, unless ``bands=False``, its four discretion bands."""
    low = None if min is None else Decimal(min)
    high = None if max is None else Decimal(max)
    default_units: dict[str, str] = {**DEFAULT_UNITS, FineRuleKind.PER_UNIT: "元/平方米"}
    fine_rule = FineRule.objects.create(
        item=item,
        party_kind=party_kind,
        rule=rule,
        min=low,
        max=high,
        unit=unit or default_units[rule],
        note=note,
    )
    if bands:
        bounds = band_bounds(low or Decimal(0), high or Decimal(0))
        DiscretionBand.objects.bulk_create(
            DiscretionBand(
                item=item,
                party_kind=party_kind,
                level=level,
                min=band_min,
                max=band_max,
                facts=f"{BandLevel(level).label}情形",
            )
            for level, (band_min, band_max) in zip(BandLevel.values, bounds, strict=True)
        )
    return fine_rule


class ViolationItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ViolationItem
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"T-{n:03d}")
    name = factory.Sequence(lambda n: f"测试违法行为{n}")
    category = Category.CITY_APPEARANCE
    violated_provision = "《示范市市容条例》第十条"
    penalty_provision = "《示范市市容条例》第三十条"
    penalty_kinds = factory.LazyFunction(lambda: [PenaltyKind.CORRECTION_ORDER, PenaltyKind.FINE])
    legal_status = LegalStatus.VERIFIED
    sort_order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def rule(obj: ViolationItem, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        """``rule=False``: no rule; ``rule__<argument of add_fine_rule>=…``: another rule."""
        if not create or extracted is False:
            return
        add_fine_rule(obj, **kwargs)
