"""Read-side queries for people: training totals, lists that need attention."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from zhifa.core.config import local_rules
from zhifa.org.choices import CertificateStatus
from zhifa.org.models import Certificate, Officer


def training_minimum() -> Decimal:
    return local_rules().training_min_hours


def officers_with_training_hours(year: int) -> QuerySet[Officer]:
    """Every officer with ``year_hours``: the total training hours taken in ``year``."""
    return Officer.objects.select_related("unit").annotate(
        year_hours=Coalesce(
            Sum("training_records__hours", filter=Q(training_records__taken_on__year=year)),
            Value(Decimal("0")),
            output_field=DecimalField(max_digits=7, decimal_places=1),
        )
    )


def officers_below_training_minimum(year: int) -> QuerySet[Officer]:
    """Officers in service in ``year`` whose total hours are below the configured minimum,
    with ``shortfall`` (hours still missing)."""
    minimum = training_minimum()
    return (
        officers_with_training_hours(year)
        .filter(year_hours__lt=minimum)
        .annotate(
            shortfall=ExpressionWrapper(
                Value(minimum) - F("year_hours"),
                output_field=DecimalField(max_digits=7, decimal_places=1),
            )
        )
        .exclude(left_on__lt=date(year, 1, 1))
        .order_by("year_hours", "employee_number")
    )


def certificates_expiring(on: date, within_days: int | None = None) -> QuerySet[Certificate]:
    """Valid certificates whose expiry falls within the warning window from ``on``."""
    days = local_rules().cert_expiry_warning_days if within_days is None else within_days
    return (
        Certificate.objects.select_related("officer", "officer__unit")
        .filter(
            status=CertificateStatus.VALID,
            expires_on__gte=on,
            expires_on__lte=on + timedelta(days=days),
        )
        .order_by("expires_on", "number")
    )
