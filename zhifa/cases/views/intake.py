"""New cases: a clue (general procedure) and an on-the-spot decision (simple procedure)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zhifa.cases import actions
from zhifa.cases.actions.intake import CLUE_ROLES
from zhifa.cases.forms import CaseForm, ClueForm, OnTheSpotForm, new_party
from zhifa.cases.forms.base import uploads
from zhifa.cases.models import Decision
from zhifa.cases.record import Place
from zhifa.cases.views._common import submit, user_of
from zhifa.cases.workflow import HANDLERS
from zhifa.core.errors import DomainError
from zhifa.documents.choices import DocumentKind
from zhifa.law import fines, statute
from zhifa.org.models import User
from zhifa.parties.choices import PartyKind
from zhifa.parties.models import Party

PRINT = "print"  # the on-the-spot page's 「保存并打印决定书」


def _place(data: dict[str, Any]) -> Place:
    return Place(data["place"], data.get("latitude"), data.get("longitude"))


def _for_the_party(form: CaseForm, user: User, make: Callable[[Party | None], Any]) -> Any:
    """``make(party)`` with the party chosen, or with the new one registered in place (both
    in one transaction: a refused case leaves no party)."""
    d = form.cleaned_data
    if d.get("new_party"):
        return actions.with_new_party(new_party.values(d), actor=user, then=make)
    return make(d["party"])


def _files_dropped(request: HttpRequest) -> int:
    """Files the browser sent with a form shown again (a refusal, or the 查找 button without
    the page's script): a file input cannot be filled back, so the page says so."""
    return len(request.FILES.getlist("photos")) if request.method == "POST" else 0


@login_required
def new_clue(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if user.role not in CLUE_ROLES:
        raise PermissionDenied

    def perform(form: CaseForm) -> Any:
        d = form.cleaned_data
        return _for_the_party(
            form,
            user,
            lambda party: actions.register_clue(
                source=d["source"],
                found_on=d["found_on"],
                facts=d["facts"],
                place=_place(d),
                street=d["street"],
                actor=user,
                violation_item=d["violation_item"],
                party=party,
                evidence=uploads(d["photos"]),
            ),
        )

    form, case, status = submit(request, ClueForm, perform)
    if case is not None:
        messages.success(request, f"已登记线索 {case.number}")
        return redirect("cases:detail", pk=case.pk)
    context = {"form": form, "files_dropped": _files_dropped(request)}
    return render(request, "cases/clue_form.html", context, status=status)


def limits() -> dict[str, Any]:
    """行政处罚法 Art 51 (per party kind; a sole trader counts as configured) and Art 68."""
    return {
        "by_kind": {
            kind: {"label": label, "limit": f"{fines.simple_procedure_limit(kind):,.0f}"}
            for kind, label in PartyKind.choices
        },
        "person": statute.SIMPLE_MAX_FINE_PERSON,
        "organisation": statute.SIMPLE_MAX_FINE_ORG,
        "collect": statute.ON_SPOT_COLLECT_MAX,
    }


def limit_text(kind: str) -> str:
    if kind not in PartyKind.values:
        return (
            f"罚款限额：公民 ¥{statute.SIMPLE_MAX_FINE_PERSON:,.0f}，"
            f"法人或其他组织 ¥{statute.SIMPLE_MAX_FINE_ORG:,.0f}"
        )
    limit = fines.simple_procedure_limit(kind)
    return f"当事人为{PartyKind(kind).label}：罚款不超过 ¥{limit:,.0f}"


def _chosen_kind(form: CaseForm) -> str:
    widget = form.fields["party"].widget
    chosen = form["party"].value()
    return getattr(widget, "kinds", {}).get(str(chosen), "") if chosen else ""


@login_required
def on_the_spot(request: HttpRequest) -> HttpResponse:
    user: User = user_of(request)
    if user.role not in HANDLERS:
        raise PermissionDenied

    def perform(form: CaseForm) -> Any:
        assert isinstance(form, OnTheSpotForm)
        return _for_the_party(form, user, lambda party: decide(form, party))

    def decide(form: OnTheSpotForm, party: Party | None) -> Decision:
        assert party is not None  # the form requires one, chosen or new
        d = form.cleaned_data
        kinds = form.penalty_kinds()
        return actions.decide_on_the_spot(
            actor=user,
            co_handler=d["co_handler"],
            violation_item=d["violation_item"],
            party=party,
            facts=d["facts"],
            place=_place(d),
            street=d["street"],
            penalty_kinds=kinds,
            fine=d["fine"] if "fine" in kinds else None,
            discretion_level=d["discretion_level"],
            serious_facts=d["serious_facts"],
            act_on=d["act_on"],
            collect_on_spot=d["collect_on_spot"],
            hard_to_collect_later=d["hard_to_collect_later"],
            party_signed=d["party_signed"],
            evidence=uploads(d["photos"]),
        )

    form, decision, status = submit(request, OnTheSpotForm, perform)
    if decision is not None:
        if request.POST.get("go") == PRINT:
            return _to_the_print(request, decision, user)
        messages.success(request, f"已作出当场处罚决定 {decision.number}，请交付当事人")
        return redirect("cases:detail", pk=decision.case_id)
    assert isinstance(form, OnTheSpotForm)
    context = {
        "form": form,
        "limits": limits(),
        "limit_text": limit_text(_chosen_kind(form)),
        "standard_fines": form.standard_fines,
        "files_dropped": _files_dropped(request),
    }
    return render(request, "cases/on_the_spot.html", context, status=status)


def _to_the_print(request: HttpRequest, decision: Decision, user: User) -> HttpResponse:
    """「保存并打印决定书」: the decision's numbered 当场行政处罚决定书 (the decision's 文号) made
    at once — as 制作文书 on the case page would, with its own event — and its print page (the
    80 mm roll for the portable printer, and the A4), to be handed over on the spot (Art 52)."""
    from zhifa.documents.actions import issue_document  # documents builds on cases

    try:
        doc = issue_document(decision.case, DocumentKind.ON_THE_SPOT_DECISION, actor=user)
    except DomainError as exc:  # the decision stands; the case page offers 制作文书 again
        messages.warning(
            request, f"已作出当场处罚决定 {decision.number}，但决定书未能制作：{exc.message}"
        )
        return redirect("cases:detail", pk=decision.case_id)
    messages.success(request, f"已作出当场处罚决定 {decision.number}：请打印决定书，交付当事人签收")
    return redirect("documents:print", pk=doc.pk)
