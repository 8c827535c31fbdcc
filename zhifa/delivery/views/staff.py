"""Staff pages: a case's service (送达) — the documents to serve, the due date, every service
with its proof, a form for each mode — and the consent (送达地址确认书). Every write goes through
``zhifa.delivery.actions``, which check the actor again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.forms import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.cases.access import cases_visible_to, get_case_for_view
from zhifa.cases.models import Case
from zhifa.core.errors import DomainError
from zhifa.delivery import actions, forms, rules, selectors
from zhifa.delivery.actions.electronic import mask_contact
from zhifa.delivery.choices import STATUS_BADGES, ServiceMode
from zhifa.delivery.models import Service, ServiceConsent
from zhifa.documents.models import Document
from zhifa.org.models import User
from zhifa.parties.access import can_see_personal_data
from zhifa.parties.masking import mask_address, mask_phone
from zhifa.parties.presenters import present_party
from zhifa.security.actions import Target, record_once
from zhifa.security.choices import EventKind

MODE_ACTIONS: dict[str, Callable[..., Service]] = {
    ServiceMode.IN_PERSON: actions.serve_in_person,
    ServiceMode.LODGING: actions.serve_by_lodging,
    ServiceMode.POSTAL: actions.serve_by_post,
    ServiceMode.PUBLIC_NOTICE: actions.serve_by_public_notice,
    ServiceMode.ENTRUSTED: actions.serve_by_entrustment,
    ServiceMode.ELECTRONIC: actions.start_electronic_service,
}


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _case_url(case_id: int) -> str:
    return reverse("delivery:case", kwargs={"case_id": case_id})


def _service(request: HttpRequest, pk: int) -> Service:
    rows = Service.objects.filter(case__in=cases_visible_to(_user(request))).select_related(
        "document", "case"
    )
    return get_object_or_404(rows, pk=pk)


def overview(case: Case, viewer: User) -> dict[str, Any]:
    """What the service page shows. Contacts, addresses and the party's IP addresses are
    personal data: shown whole only to those who may see the party's (行政处罚法 Art 50)."""
    consent = selectors.consent_for(case.party, case)
    whole = case.party is not None and can_see_personal_data(viewer, case.party)
    entries = selectors.services_by_document(case)
    for entry in entries:
        for s in entry.services:
            _shown(s, whole)
    return {
        "case": case,
        "party": present_party(case.party, viewer) if case.party else None,
        "due": selectors.service_due(case),
        "today": timezone.localdate(),
        "consent": consent,
        "contacts": _contacts(consent, whole),
        "whole": whole,
        "entries": entries,
        "modes": ServiceMode.choices,
        "rules": {mode: rules.RULES[mode] for mode in ServiceMode.values},
        "badges": STATUS_BADGES,
    }


def _shown(s: Service, whole: bool) -> None:
    """The contact and address of a service as this viewer may see them."""
    contact = s.contact if whole else mask_contact(s.channel, s.contact) if s.contact else ""
    s.contact_shown = contact  # type: ignore[attr-defined]
    s.address_shown = s.address if whole else mask_address(s.address)  # type: ignore[attr-defined]


def _contacts(consent: ServiceConsent | None, whole: bool) -> dict[str, str]:
    if consent is None:
        return {}
    if whole:
        return {"phone": consent.phone, "email": consent.email, "address": consent.address}
    return {
        "phone": mask_phone(consent.phone),
        "email": mask_contact("email", consent.email) if consent.email else "",
        "address": mask_address(consent.address),
    }


@login_required
def case_services(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_view(_user(request), case_id)
    # A public notice completes on its deemed date: the hourly job does it, and so does reading.
    if case.archived_on is None:
        actions.complete_due_public_notices(case_id=case.pk)
    context = overview(case, _user(request))
    context["accesses"] = selectors.recent_accesses(case) if context["whole"] else []
    context["consents"] = list(
        ServiceConsent.objects.filter(party=case.party).select_related("document", "case")
    )
    return render(request, "delivery/case_services.html", context)


@login_required
def consent(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_view(_user(request), case_id)
    if case.party is None:
        raise Http404("本案尚未确定当事人")
    form = forms.ConsentForm(request.POST or None, request.FILES or None, case=case)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            row = actions.record_consent(
                case.party,
                actor=_user(request),
                signed_on=d["signed_on"],
                electronic=d["electronic"],
                phone=d["phone"],
                email=d["email"],
                address=d["address"],
                recipient=d["recipient"],
                case=None if d["all_cases"] else case,
                signature=d["signature"],
                scan=d["scan"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            number = f" {row.document.number}" if row.document else ""
            messages.success(request, f"已登记送达地址确认书{number}")
            return redirect(_case_url(case.pk))
    return render(
        request,
        "delivery/consent_form.html",
        {"case": case, "form": form},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def serve(request: HttpRequest, case_id: int, document_id: int, mode: str) -> HttpResponse:
    case = get_case_for_view(_user(request), case_id)
    if mode not in MODE_ACTIONS:
        raise Http404("无此送达方式")
    document = get_object_or_404(Document, pk=document_id, case=case)
    consent = selectors.consent_for(case.party, case)
    form_class = forms.MODE_FORMS[mode]
    form = form_class(request.POST or None, request.FILES or None, case=case, consent=consent)
    status = 422  # the input; a rule's refusal (DomainError) keeps its own status, as in the API
    if request.method == "POST" and form.is_valid():
        try:
            kwargs = form.kwargs()
            service = MODE_ACTIONS[mode](document, actor=_user(request), **kwargs)
        except ValidationError as exc:
            form.add_error(None, exc)
        except DomainError as exc:
            status = exc.status
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _done_message(service))
            return redirect(_case_url(case.pk) + f"#doc-{document.pk}")
    article, rule = rules.RULES[mode]
    return render(
        request,
        "delivery/serve_form.html",
        {
            "case": case,
            "document": document,
            "mode": mode,
            "mode_label": ServiceMode(mode).label,
            "article": article,
            "rule": rule,
            "consent": consent,
            "form": form,
        },
        status=status if request.method == "POST" else 200,
    )


def _done_message(service: Service) -> str:
    if service.status == "served":
        return f"已登记{service.get_mode_display()}，送达日期 {service.served_on}"
    if service.mode == ServiceMode.ELECTRONIC:
        return f"已向当事人发送查收链接 ({service.get_channel_display()})，当事人打开文书即完成送达"
    if service.mode == ServiceMode.PUBLIC_NOTICE:
        return f"已登记公告，{service.deemed_on} 视为送达"
    return f"已登记{service.get_mode_display()}，待登记回执"


@login_required
def postal_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service(request, pk)
    form = forms.PostalReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_postal_receipt(
                service,
                actor=_user(request),
                received_on=form.cleaned_data["received_on"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已登记邮寄回执，送达完成")
            return redirect(_case_url(service.case_id) + f"#doc-{service.document_id}")
    return render(
        request,
        "delivery/service_form.html",
        {"service": service, "case": service.case, "form": form, "title": "登记邮寄回执"},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def failure(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service(request, pk)
    form = forms.FailureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_failure(
                service, actor=_user(request), reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已登记未能送达，请改用其他方式送达")
            return redirect(_case_url(service.case_id) + f"#doc-{service.document_id}")
    return render(
        request,
        "delivery/service_form.html",
        {"service": service, "case": service.case, "form": form, "title": "登记未能送达"},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service(request, pk)
    try:
        actions.resend_link(service, actor=_user(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已重新发送查收链接，原未使用的链接作废")
    return redirect(_case_url(service.case_id) + f"#doc-{service.document_id}")


@login_required
@require_POST
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service(request, pk)
    try:
        doc = actions.issue_receipt(service, actor=_user(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已制作送达回证 {doc.number}")
    return redirect(_case_url(service.case_id) + f"#doc-{service.document_id}")


@login_required
def consent_scan(request: HttpRequest, pk: int) -> FileResponse:
    """The scan of a signed 送达地址确认书: the party's signature, address and contacts whole, so
    only to those who see the party's data whole (auxiliary staff see that a confirmation
    exists, not its scan), and each opening is a row of the security audit log."""
    user = _user(request)
    row = get_object_or_404(ServiceConsent.objects.select_related("party").exclude(scan=""), pk=pk)
    visible = cases_visible_to(user)
    if not visible.filter(party=row.party_id).exists() and not user.is_superuser:
        raise PermissionDenied
    if not can_see_personal_data(user, row.party):
        raise PermissionDenied
    record_once(
        EventKind.DOCUMENT_DOWNLOADED,
        key=f"consent:{user.pk}:{row.pk}",
        request=request,
        target=Target("delivery.serviceconsent", str(row.pk), "送达地址确认书扫描件"),
        detail={"kind": "consent_scan", "party": row.party_id},
    )
    response = FileResponse(default_storage.open(str(row.scan.name), "rb"))
    response["Cache-Control"] = "private, no-store"
    return response
