"""The party's page (/p/…): no staff login. The link from the SMS or e-mail opens it once; the
party confirms a code sent to the consented phone or e-mail, then works on its own session for
``ZHIFA_PARTY_SESSION_MINUTES``. Each view is one logged access. No script on these pages."""

from __future__ import annotations

import io

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from zhifa.core.errors import DomainError, NotFound
from zhifa.delivery import actions, pages, party_page
from zhifa.delivery.access_log import Visit
from zhifa.delivery.actions.electronic import mask_contact
from zhifa.delivery.actions.party import FRESH, find_link, link_state
from zhifa.delivery.choices import AccessAction
from zhifa.delivery.config import delivery_config
from zhifa.delivery.models import PartyLink
from zhifa.documents.models import NotRendered

SESSION_LINK = "delivery_party_link"
SESSION_UNTIL = "delivery_party_until"
TEMPLATE = "delivery/party/"


def session_link(request: HttpRequest) -> PartyLink | None:
    """The link this browser confirmed, while its session lasts and the link stands."""
    pk, until = request.session.get(SESSION_LINK), request.session.get(SESSION_UNTIL)
    if not pk or not until:
        return None
    if timezone.now().timestamp() > float(until):
        end_session(request)
        return None
    return (
        PartyLink.objects.select_related("party", "case", "service")
        .filter(pk=pk, confirmed_at__isnull=False, revoked_at__isnull=True)
        .first()
    )


def end_session(request: HttpRequest) -> None:
    request.session.pop(SESSION_LINK, None)
    request.session.pop(SESSION_UNTIL, None)


def _no_session(request: HttpRequest) -> HttpResponse:
    return render(request, TEMPLATE + "no_session.html", status=403)


def _link_page(
    request: HttpRequest, link: PartyLink, token: str, state: str, status: int = 200
) -> HttpResponse:
    now = timezone.now()
    code_live = bool(link.code_sent_at and link.code_expires_at and now < link.code_expires_at)
    return render(
        request,
        TEMPLATE + "link.html",
        {
            "link": link,
            "token": token,
            "state": state,
            "fresh": state == FRESH,
            "contact": mask_contact(link.channel, link.contact),
            "channel_label": link.get_channel_display(),
            "document": link.service.document,
            "case_number": link.case.number,
            "code_live": code_live,
            "code_minutes": delivery_config().code_minutes,
        },
        status=status,
    )


def _unknown(request: HttpRequest) -> HttpResponse:
    return render(request, TEMPLATE + "unknown.html", status=404)


def _not_ready(request: HttpRequest, exc: NotRendered) -> HttpResponse:
    """Not rendered yet: nothing shown, so nothing served (民事诉讼法 Art 90)."""
    title = exc.message.split("正在生成")[0]
    return render(request, TEMPLATE + "not_ready.html", {"title": title}, status=409)


@never_cache
@require_GET
def link(request: HttpRequest, token: str) -> HttpResponse:
    found = find_link(token)
    if found is None:
        return _unknown(request)
    current = session_link(request)
    if current is not None and current.pk == found.pk:
        return redirect("party:home")
    state = actions.open_link(found, Visit.of(request))
    return _link_page(request, found, token, state, status=200 if state == FRESH else 410)


@never_cache
@require_POST
def code(request: HttpRequest, token: str) -> HttpResponse:
    found = find_link(token)
    if found is None:
        return _unknown(request)
    try:
        actions.send_code(found, Visit.of(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        contact = mask_contact(found.channel, found.contact)
        messages.success(request, f"验证码已发送至 {contact}")
    return redirect("party:link", token=token)


@never_cache
@require_POST
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    found = find_link(token)
    if found is None:
        return _unknown(request)
    try:
        confirmed = actions.confirm_with_code(
            found, request.POST.get("code", ""), Visit.of(request)
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        found.refresh_from_db()
        return _link_page(request, found, token, link_state(found), status=422)
    request.session.cycle_key()  # a new session id once the party is known
    request.session[SESSION_LINK] = confirmed.pk
    until = timezone.now() + delivery_config().session_valid_for
    request.session[SESSION_UNTIL] = until.timestamp()
    return redirect("party:home")


@never_cache
@require_POST
def renew(request: HttpRequest, token: str) -> HttpResponse:
    found = find_link(token)
    if found is None:
        return _unknown(request)
    try:
        actions.renew_link(found, Visit.of(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        contact = mask_contact(found.channel, found.contact)
        messages.success(request, f"新的链接已发送至 {contact}，请使用新链接查收")
    found.refresh_from_db()
    return _link_page(request, found, token, link_state(found), status=410)


@never_cache
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    current = session_link(request)
    if current is None:
        return _no_session(request)
    actions.view_home(current, Visit.of(request))
    page = party_page.build(current, timezone.localdate())
    return render(request, TEMPLATE + "home.html", {"page": page})


@never_cache
@require_GET
def document(request: HttpRequest, pk: int) -> HttpResponse:
    current = session_link(request)
    if current is None:
        return _no_session(request)
    try:
        doc, served = actions.open_document(current, pk, Visit.of(request))
    except NotFound:
        return _unknown(request)
    except NotRendered as exc:
        return _not_ready(request, exc)
    try:
        images = pages.page_images(doc)
        intact = True
    except pages.TamperedDocument:
        images, intact = [], False
    rows = {r.id: r for r in party_page.documents_for(current)}
    return render(
        request,
        TEMPLATE + "document.html",
        {
            "doc": doc,
            "row": rows.get(doc.pk),
            "images": images,
            "intact": intact,
            "served_now": served[0] if served else None,
            "verify_url": reverse("verify", kwargs={"code": doc.verify_code}),
        },
    )


@never_cache
@require_GET
def pdf(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    current = session_link(request)
    if current is None:
        return _no_session(request)
    try:
        doc, _ = actions.open_document(current, pk, Visit.of(request), action=AccessAction.DOWNLOAD)
        data = pages.pdf_bytes(doc)
    except NotFound:
        return _unknown(request)
    except NotRendered as exc:
        return _not_ready(request, exc)
    except pages.TamperedDocument:
        return render(request, TEMPLATE + "unknown.html", status=409)
    attachment = request.GET.get("download") == "1"
    return FileResponse(
        io.BytesIO(data),
        as_attachment=attachment,
        filename=f"{doc.number}.pdf",
        content_type="application/pdf",
    )


@never_cache
@require_POST
def statement(request: HttpRequest) -> HttpResponse:
    current = session_link(request)
    if current is None:
        return _no_session(request)
    try:
        row = actions.submit_statement(current, request.POST.get("content", ""), Visit.of(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        late = row.notice.late(row.received_on)
        note = "(已超过陈述申辩期限，已记录并注明逾期)" if late else ""
        messages.success(request, f"您的陈述、申辩已于 {row.received_on} 提交{note}")
    return redirect(reverse("party:home") + "#statement")


@never_cache
@require_POST
def hearing(request: HttpRequest) -> HttpResponse:
    current = session_link(request)
    if current is None:
        return _no_session(request)
    try:
        row = actions.request_hearing_online(current, Visit.of(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"您已于 {row.requested_on} 申请听证，本机关将另行通知听证时间和地点"
        )
    return redirect(reverse("party:home") + "#hearing")


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    end_session(request)
    return render(request, TEMPLATE + "no_session.html", {"left": True})
