"""The case page, one page per step, and the evidence files (served only to those who may see
the case: never a public media URL)."""

from __future__ import annotations

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
from zhifa.cases.access import cases_visible_to
from zhifa.cases.forms.base import StepForm
from zhifa.cases.models import Case, EvidenceFile
from zhifa.cases.views._common import FIND_PARTY, submit, user_of
from zhifa.cases.views.registry import all_pages, sections_of
from zhifa.cases.views.sections import case_sections
from zhifa.cases.workflow import STEPS
from zhifa.org.models import User

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


def load_case(user: User, pk: int) -> Case:
    """The case if ``user`` may see it (else 404), with what its header shows."""
    cases = cases_visible_to(user).select_related(
        "party__street", "violation_item", "street", "handling_unit", "created_by"
    )
    return get_object_or_404(cases, pk=pk)


def _sections(case: Case) -> dict[str, Any]:
    """Everything the case page lists of the case's own records, each a small query (other
    apps' sections bring their own: ``sections.CASE_SECTIONS``)."""
    return {
        "handlers": list(
            case.handlers.select_related("officer__unit").order_by("recused_on", "id")
        ),
        "deadlines": list(case.deadlines.order_by("due_on", "id")),
        "transcripts": list(case.transcripts.all()),
        "preservations": list(case.preservations.order_by("id")),
        "proposals": list(case.proposals.select_related("author").order_by("id")),
        "notices": list(case.notices.prefetch_related("statements", "hearings__host")),
        "reviews": list(case.reviews.select_related("reviewer").order_by("id")),
        "discussions": list(case.discussions.select_related("chair").order_by("id")),
        "decisions": list(case.decisions.select_related("decided_by").order_by("id")),
        "remedies": list(case.remedies.all()),
    }


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    case = load_case(user, pk)
    today = timezone.localdate()
    states = steps.available_steps(case, user, today, only=all_pages())
    mine, others = steps.for_the_page(states)
    sections = _sections(case)
    templates, shown = case_sections(case, user, today)
    open_deadlines = [d for d in sections["deadlines"] if d.open]
    context = {
        "case": case,
        "today": today,
        "now_steps": mine,
        "others_steps": others,
        "later_steps": [s for s in states if not s.current],
        "next": steps.next_step(states, open_deadlines),
        "recuse": next((s for s in states if s.name == "recuse_handler" and s.allowed), None),
        "next_deadline": open_deadlines[0] if open_deadlines else None,
        "entries": timeline.entries(case),
        "case_sections": templates,
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
    response["Cache-Control"] = "private, max-age=86400"
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
    inline = file.content_type in INLINE_TYPES
    response = FileResponse(
        default_storage.open(name, "rb"),
        content_type=file.content_type if inline else "application/octet-stream",
        as_attachment=not inline,
        filename=file.name,
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response
