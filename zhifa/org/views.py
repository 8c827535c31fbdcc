from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from zhifa.core.config import local_rules
from zhifa.org import access, selectors
from zhifa.org.certificates import certificate_state_on, may_act_as_handler
from zhifa.org.models import Certificate, Officer, OrgUnit


def _require_lists(request: HttpRequest) -> None:
    if not access.can_see_people_lists(request.user):  # type: ignore[arg-type]
        raise PermissionDenied


@login_required
def officer_list(request: HttpRequest) -> HttpResponse:
    _require_lists(request)
    today = timezone.localdate()
    year = today.year
    officers = selectors.officers_with_training_hours(year).prefetch_related(
        Prefetch("certificates", queryset=Certificate.objects.prefetch_related("events"))
    )
    unit_id = request.GET.get("unit")
    if unit_id and unit_id.isdigit():
        officers = officers.filter(Q(unit_id=unit_id) | Q(unit__street_id=unit_id))
    q = request.GET.get("q", "").strip()
    if q:
        officers = officers.filter(Q(name__contains=q) | Q(employee_number=q))
    rows = [(o, may_act_as_handler(o, today)) for o in officers]
    return render(
        request,
        "org/officer_list.html",
        {
            "rows": rows,
            "units": OrgUnit.objects.filter(kind__in=["street", "brigade", "section"]),
            "unit_id": unit_id,
            "q": q,
            "minimum": selectors.training_minimum(),
            "year": year,
        },
    )


@login_required
def officer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    officer = get_object_or_404(Officer.objects.select_related("unit", "user"), pk=pk)
    own = getattr(officer, "user_id", None) == request.user.pk
    if not own:
        _require_lists(request)
    today = timezone.localdate()
    certificates = officer.certificates.prefetch_related("events").order_by("-issued_on")
    year_param = request.GET.get("year", "")
    year = int(year_param) if year_param.isdigit() else today.year
    records = list(officer.training_records.filter(taken_on__year=year))
    total = sum((r.hours for r in records), Decimal(0))
    return render(
        request,
        "org/officer_detail.html",
        {
            "officer": officer,
            "certificates": [(c, certificate_state_on(c, today)) for c in certificates],
            "eligibility": may_act_as_handler(officer, today),
            "records": records,
            "year": year,
            "total": total,
            "minimum": selectors.training_minimum(),
        },
    )


@login_required
def attention(request: HttpRequest) -> HttpResponse:
    """Certificates expiring soon and officers below the training minimum."""
    _require_lists(request)
    today = timezone.localdate()
    year = today.year
    return render(
        request,
        "org/attention.html",
        {
            "expiring": selectors.certificates_expiring(today),
            "below": selectors.officers_below_training_minimum(year),
            "minimum": selectors.training_minimum(),
            "year": year,
            "today": today,
            "days": _warning_days(),
        },
    )


def _warning_days() -> int:
    return local_rules().cert_expiry_warning_days
