"""The case page, one page per step, and the evidence files (served only to those who may see
the case: never a public media URL)."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from zhifa.cases import steps, timeline
from zhifa.cases.access import cases_visible_to, note_evidence_opened
from zhifa.cases.facts import HANDLERS, Facts, joined, with_presence
from zhifa.cases.forms.base import StepForm
from zhifa.cases.models import Case, CaseHandler, EvidenceFile
from zhifa.cases.views._common import FIND_PARTY, submit, user_of
from zhifa.cases.views.registry import all_pages, sections_of
from zhifa.cases.views.sections import case_sections
from zhifa.cases.workflow import STEPS
from zhifa.org.models import User
from zhifa.parties.access import note_personal_data_view

# Shown in the browser; anything else (an HTML or SVG file above all) is downloaded.
INLINE_TYPES = frozenset(
    {
        "image/jpeg",
        "image/png",
        "image/gif",
        "image/webp",
        "application/pdf",
        "audio/mpeg",
        "audio/mp4",
        "video/mp4",
    }
)
THUMB_SIZE = (320, 320)


HEADER = ("party__street", "violation_item", "street", "handling_unit", "created_by")


def load_case(user: User, pk: int) -> Case:
    """The case if ``user`` may see it (else 404), with what its header shows."""
    return get_object_or_404(cases_visible_to(user).select_related(*HEADER), pk=pk)


def load_case_page(user: User, pk: int) -> Case:
    """``load_case`` for the case page, in one query: which of the case's relations have rows
    at all (``facts.with_presence``: the empty ones are never queried; the other apps'
    probes), and its handlers with their officers (the page lists them; the workflow table
    asks who handles the case once per step), a row of the case per handler."""
    cases = with_presence(cases_visible_to(user).select_related(*HEADER)).filter(pk=pk)
    found = joined(cases, [HANDLERS])
    if not found:
        raise Http404("No Case matches the given query.")
    return found[0]


def _handler_order(h: CaseHandler) -> tuple[bool, date, int]:
    """Active handlers first, in assignment order; then the recused, by the day of recusal."""
    return (h.recused_on is not None, h.recused_on or date.min, h.pk)


def _sections(f: Facts) -> dict[str, Any]:
    """Everything the case page lists of the case's own records, from the rows the steps'
    preconditions read as well (other apps' sections read theirs from the same ``Facts``:
    ``sections.CASE_SECTIONS``)."""
    return {
        "handlers": sorted(f.rows("handlers"), key=_handler_order),
        "deadlines": f.rows("deadlines"),
        "transcripts": f.rows("transcripts"),
        "preservations": f.rows("preservations"),
        "proposals": f.rows("proposals"),
        "notices": f.notices,
        "reviews": f.rows("reviews"),
        "discussions": f.rows("discussions"),
        "decisions": f.rows("decisions"),
        "remedies": f.rows("remedies"),
    }


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The case page. One ``Facts`` is loaded for the whole page: the steps (their
    preconditions), the next step, the sections of this and other apps and the timeline read
    the case's rows from it, each relation once."""
    user = user_of(request)
    case = load_case_page(user, pk)
    if case.party is not None:
        note_personal_data_view(request, case.party, where="案件页面")
    today = timezone.localdate()
    facts = Facts(case, today, user)
    only = steps.with_a_page(all_pages())
    states = steps.available_steps(case, user, today, only=only, facts=facts)
    mine, others = steps.for_the_page(states)
    sections = _sections(facts)
    templates, shown = case_sections(facts, user)
    open_deadlines = [d for d in sections["deadlines"] if d.open]
    context = {
        "case": case,
        "today": today,
        "now_steps": mine,
        "others_steps": others,
        "later_steps": [s for s in states if not s.current],
        "next": steps.next_step(states, open_deadlines),
        "blocked": steps.blocked_step(states),
        "awaiting": steps.awaiting(states, open_deadlines),
        "recuse": next((s for s in states if s.name == "recuse_handler" and s.allowed), None),
        "next_deadline": open_deadlines[0] if open_deadlines else None,
        "entries": timeline.entries(case, facts),
        "case_sections": templates,
        "case_facts": facts,  # for the sections other apps include (documents, delivery)
        **sections,
        **shown,
    }
    return render(request, "cases/case_detail.html", context)


def _perform(case: Case, name: str, user: User) -> Any:
    page = all_pages()[name]

    def perform(form: Any) -> str:
        assert isinstance(form, StepForm)
        return page.perform(case, form, user)

    return perform


@login_required
def step_page(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    page = all_pages().get(step)
    definition = STEPS.get(step)
    if page is None or definition is None:
        raise Http404("没有这个办案步骤")
    user = user_of(request)
    case = load_case(user, pk)
    if case.procedure not in definition.procedures:
        raise Http404(f"{case.get_procedure_display()}案件没有「{definition.label}」这一步骤")
    form, message, status = submit(request, page.form, _perform(case, step, user), case=case)
    if message is not None:
        messages.success(request, message)
        return redirect("cases:detail", pk=case.pk)
    state = steps.step_state(case, definition, user, steps.Facts(case, timezone.localdate(), user))
    shown = sections_of(step)
    context = {
        "case": case,
        "step": definition,
        "state": state,
        "page": page,
        "form": form,
        "find_party": FIND_PARTY,
        **(page.context(case, user) if page.context else {}),
        "page_sections": [s.template for s in shown],
    }
    for section in shown:
        context.update(section.context(case, user))
    return render(request, "cases/step.html", context, status=status)


def _thumbnail(file: EvidenceFile) -> HttpResponse | None:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with default_storage.open(str(file.file.name), "rb") as handle, Image.open(handle) as image:
            small = ImageOps.exif_transpose(image) or image
            small = small.convert("RGB")
            small.thumbnail(THUMB_SIZE)
            out = BytesIO()
            small.save(out, "JPEG", quality=80)
    except (OSError, UnidentifiedImageError, ValueError):
        return None
    response = HttpResponse(out.getvalue(), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def evidence_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponseBase:
    """An evidence file, to those who may see its case. ``?thumb=1``: a small JPEG of a photo."""
    case = get_object_or_404(cases_visible_to(user_of(request)), pk=pk)
    file = get_object_or_404(EvidenceFile, case=case, pk=file_pk)
    if request.GET.get("thumb") and timeline.is_image(file):
        thumb = _thumbnail(file)
        if thumb is not None:
            return thumb
    name = str(file.file.name)
    if not default_storage.exists(name):
        raise Http404("证据文件不存在")
    note_evidence_opened(request, case, file)
    inline = file.content_type in INLINE_TYPES
    response = FileResponse(
        default_storage.open(name, "rb"),
        content_type=file.content_type if inline else "application/octet-stream",
        as_attachment=not inline,
        filename=file.name,
    )
    response["Cache-Control"] = "private, no-store"  # not kept in a shared office browser
    return response
