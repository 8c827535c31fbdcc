"""Staff pages: a case's documents (list, download, 制作文书, 更正), signature capture, the
court package. Every file is served by a view that checks ``cases_visible_to`` (never a public
media URL); issuing is checked again by the action (the workflow table)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.cases.access import cases_visible_to, get_case_for_view
from zhifa.cases.facts import Facts, keep
from zhifa.cases.models import Case
from zhifa.core.errors import DomainError
from zhifa.documents import actions, availability
from zhifa.documents import render as rendering
from zhifa.documents.access import FILES_REFUSED, can_download_files, can_rerender
from zhifa.documents.choices import DocumentKind, Layout
from zhifa.documents.contexts import build_context
from zhifa.documents.court_package import build_court_package
from zhifa.documents.forms import IssueForm, SignatureForm
from zhifa.documents.models import CourtPackage, Document, Signature
from zhifa.documents.samples import document_block
from zhifa.org.models import User
from zhifa.security.actions import record
from zhifa.security.choices import EventKind, Outcome


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _case(request: HttpRequest, case_id: int) -> Case:
    return get_case_for_view(_user(request), case_id)


def _kind(kind: str) -> str:
    if kind not in DocumentKind.values:
        raise Http404("无此文书种类")
    return kind


def documents_of(case: Case, facts: Facts | None = None) -> list[Document]:
    """The case's documents in order, each with its renders (read with them: ``checks``) and
    the corrections of it (documents of the same case: from the same rows, no query)."""
    facts = facts if facts is not None else Facts(case, timezone.localdate())
    docs = facts.rows("documents")
    prefetch_related_objects(docs, "renders")  # read with the documents: nothing to read
    corrections: dict[int, list[Document]] = {}
    for doc in docs:
        if doc.corrects_id is not None:
            corrections.setdefault(doc.corrects_id, []).append(doc)
    for doc in docs:
        keep(doc, "corrections", corrections.get(doc.pk, []))
    return docs


def offer(case: Case, facts: Facts | None = None) -> dict[str, Any]:
    """What the documents section shows: issued documents and the kinds that can be made (on
    the case page's ``facts``: no query of its own but the documents' renders)."""
    facts = facts if facts is not None else Facts(case, timezone.localdate())
    reasons = availability.reasons(case, facts)  # archived: every kind, with the reason
    return {
        "documents": documents_of(case, facts),
        "available": [(k, DocumentKind(k).label) for k, why in reasons.items() if why is None],
        "unavailable": [
            (k, DocumentKind(k).label, why) for k, why in reasons.items() if why is not None
        ],
    }


@login_required
def case_documents(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    return render(
        request,
        "documents/case_documents.html",
        {
            "case": case,
            **offer(case),
            "packages": list(CourtPackage.objects.filter(case=case).order_by("-id")),
            "pending": list(Signature.objects.filter(case=case, document__isnull=True)),
            "can_rerender": can_rerender(_user(request), case),
            "can_package": Document.objects.filter(
                case=case, kind=DocumentKind.ENFORCEMENT_APPLICATION
            ).exists(),
        },
    )


@login_required
def issue(request: HttpRequest, case_id: int, kind: str) -> HttpResponse:
    case = _case(request, case_id)
    kind = _kind(kind)
    form = IssueForm(request.POST or None, case=case, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            doc = actions.issue_document(
                case,
                kind,
                actor=_user(request),
                signatures=form.cleaned_data["signatures"],
                extra=form.extra(),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            _issued_message(request, doc)
            return redirect("documents:case", case_id=case.pk)
    reason = availability.unavailable_reason(case, kind)
    return render(
        request,
        "documents/issue.html",
        {
            "case": case,
            "kind": kind,
            "label": DocumentKind(kind).label,
            "form": form,
            "reason": reason,
        },
        status=422 if request.method == "POST" else 200,
    )


def _issued_message(request: HttpRequest, doc: Document) -> None:
    if doc.render_state == "rendered":
        messages.success(request, f"已制作{doc.get_kind_display()} {doc.number}")
    else:
        messages.warning(
            request,
            f"已制作{doc.get_kind_display()} {doc.number}（已编号），文件生成失败，系统将自动重试；"
            "也可在文书列表中点「重新生成」",
        )


@login_required
@require_POST
def rerender(request: HttpRequest, pk: int) -> HttpResponse:
    """重新生成: a failed (or still missing) render, now. The number and content stay."""
    doc = _visible_document(request, pk)
    try:
        state = actions.rerender(doc, actor=_user(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if state == "rendered":
            messages.success(request, f"{doc.number}已重新生成")
        else:
            messages.error(request, f"{doc.number}仍未能生成，请联系管理员 (错误已记录)")
    return redirect(reverse("cases:detail", kwargs={"pk": doc.case_id}) + "#documents")


def _files_refused(
    request: HttpRequest, case: Case, docs: list[Document], fmt: str
) -> HttpResponse:
    """403 for a viewer who sees the party masked: the documents' metadata, not their files;
    the refusal is a row of the security audit log."""
    target = docs[0] if docs else case
    record(
        EventKind.DOCUMENT_DOWNLOADED,
        request=request,
        target=target,
        outcome=Outcome.DENIED,
        detail={"format": fmt, "reason": "personal_data_masked"},
    )
    return render(
        request,
        "documents/files_refused.html",
        {"case": case, "documents": docs, "message": FILES_REFUSED},
        status=403,
    )


@login_required
def print_roll(request: HttpRequest, pk: int) -> HttpResponse:
    """The on-the-spot decision's page: the 80 mm roll slip beside the A4, with a print button
    (the phone sends the roll PDF to the portable printer through the system print dialog)."""
    doc = _visible_document(request, pk)
    if not can_download_files(_user(request), doc.case):
        return _files_refused(request, doc.case, [doc], "print")
    if Layout.ROLL80 not in doc.layouts:
        raise Http404("该文书没有热敏纸版式")
    return render(request, "documents/print_roll.html", {"doc": doc, "case": doc.case})


@login_required
@require_POST
def preview(request: HttpRequest, case_id: int, kind: str) -> HttpResponse:
    """A draft of the document from the case as it is now: no number is taken, nothing stored."""
    case = _case(request, case_id)
    kind = _kind(kind)
    if not can_download_files(_user(request), case):
        return _files_refused(request, case, [], "preview")
    form = IssueForm(request.POST, case=case, kind=kind)
    extra = form.extra() if form.is_valid() else {}
    try:
        context = build_context(case, kind, on=_today(), extra=extra)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("documents:issue", case_id=case.pk, kind=kind)
    context["document"] = {**document_block(kind, "（草稿，未编号）"), "verify_code": ""}
    pdf = rendering.render_pdf(kind, context)
    return _inline_pdf(pdf, f"草稿-{DocumentKind(kind).label}.pdf")


def _today() -> Any:
    from django.utils import timezone

    return timezone.localdate()


def _inline_pdf(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@login_required
@require_POST
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    """更正: a new numbered document from the corrected record; the old one stays, marked."""
    doc = _visible_document(request, pk)
    try:
        new = actions.issue_document(
            doc.case,
            doc.kind,
            actor=_user(request),
            extra=doc.context.get("extra") or {},
            corrects=doc,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已制作更正件 {new.number}，{doc.number} 已标注为被更正")
        if new.render_state != "rendered":
            _issued_message(request, new)
    return redirect("documents:case", case_id=doc.case_id)


def _visible_document(request: HttpRequest, pk: int) -> Document:
    rows = Document.objects.filter(case__in=cases_visible_to(_user(request))).select_related("case")
    return get_object_or_404(rows, pk=pk)


@login_required
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    doc = _visible_document(request, pk)
    if fmt not in ("pdf", "docx", "roll"):
        raise Http404("无此格式")
    if not can_download_files(_user(request), doc.case):
        return _files_refused(request, doc.case, [doc], fmt)
    layout = Layout.ROLL80 if fmt == "roll" else Layout.A4
    row = doc.rendered(layout)
    if row is None:
        if layout not in doc.layouts:
            raise Http404("该文书没有此版式")
        messages.error(
            request, f"{doc.number}的文件尚未生成 ({doc.render_state_label})，请稍后再试"
        )
        return redirect(
            reverse("documents:case", kwargs={"case_id": doc.case_id}) + f"#doc-{doc.pk}"
        )
    if fmt == "docx" and not row.docx:
        raise Http404("该文书没有 Word 版本")
    record(EventKind.DOCUMENT_DOWNLOADED, request=request, target=doc, detail={"format": fmt})
    if fmt == "docx":
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return FileResponse(
            default_storage.open(str(row.docx.name), "rb"),
            as_attachment=True,
            filename=f"{doc.number}.docx",
            content_type=mime,
        )
    suffix = "-80mm" if fmt == "roll" else ""
    return FileResponse(
        default_storage.open(str(row.pdf.name), "rb"),
        filename=f"{doc.number}{suffix}.pdf",
        content_type="application/pdf",
    )


@login_required
def package_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    rows = CourtPackage.objects.filter(case__in=cases_visible_to(_user(request)))
    package = get_object_or_404(rows.select_related("case"), pk=pk)
    if not can_download_files(_user(request), package.case):
        return _files_refused(request, package.case, [], "package")
    record(EventKind.DOCUMENT_DOWNLOADED, request=request, target=package, detail={"format": "pdf"})
    return FileResponse(
        default_storage.open(str(package.pdf.name), "rb"),
        filename=f"强制执行申请材料-{package.case.number}.pdf",
        content_type="application/pdf",
    )


@login_required
@require_POST
def build_package(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    try:
        build_court_package(case, actor=_user(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已生成申请人民法院强制执行材料")
    return redirect(reverse("documents:case", kwargs={"case_id": case.pk}) + "#packages")


@login_required
def sign(request: HttpRequest, case_id: int) -> HttpResponse:
    """Signature capture on a phone or tablet: draw on the canvas, or record a refusal."""
    case = _case(request, case_id)
    initial = {"kind": request.GET.get("kind", ""), "name": case.party.name if case.party else ""}
    form = SignatureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signature = actions.capture_signature(
                case,
                actor=_user(request),
                kind=data["kind"],
                role=data["role"],
                name=data["name"],
                png=form.png(),
                refused=data["refused"],
                refusal_note=data["refusal_note"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, f"已记录{signature.name}的{'拒签情况' if signature.refused else '签名'}"
            )
            return redirect(
                reverse("documents:sign", kwargs={"case_id": case.pk}) + f"?kind={data['kind']}"
            )
    pending = Signature.objects.filter(case=case, document__isnull=True).order_by("-id")
    return render(
        request,
        "documents/sign.html",
        {"case": case, "form": form, "pending": pending},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def signature_image(request: HttpRequest, pk: int) -> FileResponse:
    rows = Signature.objects.filter(case__in=cases_visible_to(_user(request))).exclude(image="")
    signature = get_object_or_404(rows, pk=pk)
    return FileResponse(
        default_storage.open(str(signature.image.name), "rb"), content_type="image/png"
    )
