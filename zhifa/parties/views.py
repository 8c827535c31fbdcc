from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zhifa.core.counting import CappedPaginator
from zhifa.core.errors import DomainError
from zhifa.org.access import street_scope
from zhifa.org.models import User
from zhifa.parties import access, actions, selectors
from zhifa.parties.choices import PartyKind
from zhifa.parties.forms import PartyForm
from zhifa.parties.models import Party
from zhifa.parties.presenters import present_parties, present_party

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view is login_required


@login_required
def party_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not access.can_see_party_list(user):
        raise PermissionDenied
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    rows = selectors.search_parties(access.parties_visible_to(user), q, kind, viewer=user)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    parties = present_parties(page.object_list, user)
    may_search_numbers = access.can_search_by_identifier(user)
    return render(
        request,
        "parties/party_list.html",
        {
            "page": page,
            "parties": parties,
            "masked": any(p.masked for p in parties),
            "q": q,
            "kind": kind,
            "kinds": PartyKind.choices,
            "can_register": access.can_register_parties(user),
            "search_refused": selectors.identifier_search_refused(user, q),
            "search_hint": "名称、姓名或完整证件号码" if may_search_numbers else "名称、姓名",
        },
    )


@login_required
def party_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    party = access.get_party_for_view(user, pk)
    access.note_personal_data_view(request, party, where="当事人页面")
    return render(
        request,
        "parties/party_detail.html",
        {
            "party": present_party(party, user),
            "can_edit": access.can_edit_party(user, party),
        },
    )


def _save(request: HttpRequest, form: PartyForm, party: Party | None) -> Party | None:
    """The action's refusal shown on the form field it names; None if refused."""
    fields = {f: form.cleaned_data[f] for f in actions.PARTY_FIELDS}
    try:
        if party is None:
            return actions.register_party(**fields, actor=_user(request))
        return actions.update_party(party, **fields, actor=_user(request))
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None


@login_required
def party_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not access.can_register_parties(user):
        raise PermissionDenied
    form = PartyForm(request.POST or None, street_scope=street_scope(user))
    if request.method == "POST" and form.is_valid():
        party = _save(request, form, None)
        if party is not None:
            messages.success(request, f"已登记当事人「{party.name}」")
            return redirect("parties:party_detail", pk=party.pk)
    return render(request, "parties/party_form.html", {"form": form, "party": None})


@login_required
def party_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    party = access.get_party_for_view(user, pk)
    if not access.can_edit_party(user, party):
        raise PermissionDenied
    initial = {f: getattr(party, f) for f in actions.PARTY_FIELDS}
    form = PartyForm(request.POST or None, initial=initial, street_scope=street_scope(user))
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, party)
        if saved is not None:
            messages.success(request, f"已更新当事人「{saved.name}」")
            return redirect("parties:party_detail", pk=saved.pk)
    return render(request, "parties/party_form.html", {"form": form, "party": party})
