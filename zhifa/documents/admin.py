"""Admin: document templates (each save a new version, checked by compiling and rendering the
sample data, with a PDF preview), and read-only views of issued documents, signatures and court
packages (frozen: no add, change or delete)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from zhifa.core.admin import ReadOnlyAdmin
from zhifa.core.errors import DomainError
from zhifa.documents import actions, render, templating
from zhifa.documents.forms import TemplateAdminForm
from zhifa.documents.models import (
    CourtPackage,
    Document,
    DocumentRender,
    DocumentTemplate,
    Signature,
)
from zhifa.documents.samples import sample_context


def preview_context(kind: str, case_number: str) -> dict[str, Any]:
    """A demo case's data when a case number is given (and exists), else the sample."""
    from zhifa.cases.models import Case
    from zhifa.documents.contexts import build_context
    from zhifa.documents.samples import document_block

    case = Case.objects.filter(number=case_number.strip()).first() if case_number else None
    if case is None:
        return sample_context(kind)
    context = build_context(case, kind, on=case.decided_on or case.found_on)
    context["document"] = document_block(kind)
    context["signatures"] = []
    return context


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    form = TemplateAdminForm
    list_display = ["kind", "version", "active", "note", "created_by", "created_at", "preview_link"]
    list_filter = ["kind", "active"]
    readonly_fields = ["version", "created_by", "created_at"]
    actions = ["activate", "deactivate"]
    change_form_template = "admin/documents/documenttemplate/change_form.html"

    @admin.display(description="预览")
    def preview_link(self, obj: DocumentTemplate) -> str:
        url = reverse("admin:documents_documenttemplate_preview", args=[obj.pk])
        return format_html('<a href="{}" target="_blank">PDF</a>', url)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/preview/",
                view(self.preview_saved),
                name="documents_documenttemplate_preview",
            ),
            path(
                "preview/",
                view(self.preview_draft),
                name="documents_documenttemplate_preview_draft",
            ),
            *super().get_urls(),
        ]

    def preview_saved(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = get_object_or_404(DocumentTemplate, pk=pk)
        source = templating.from_row(row)
        context = preview_context(row.kind, request.GET.get("case", ""))
        return _pdf(render.render_pdf(row.kind, context, source=source))

    def preview_draft(self, request: HttpRequest) -> HttpResponse:
        """The HTML being edited, rendered with the sample (or a named demo case) to an inline
        PDF, before it is saved."""
        kind, html = request.POST.get("kind", ""), request.POST.get("html", "")
        try:
            actions.check_template(kind, html)
            compiled = templating.compile_html(html)
            context = preview_context(kind, request.POST.get("preview_case", ""))
            return _pdf(render.html_to_pdf(compiled.render(render.template_context(context))))
        except (DomainError, ValueError) as exc:
            message = exc.message if isinstance(exc, DomainError) else str(exc)
            messages.error(request, f"无法预览：{message}")
            return HttpResponseRedirect(request.headers.get("referer", "../"))

    def save_model(
        self, request: HttpRequest, obj: DocumentTemplate, form: Any, change: bool
    ) -> None:
        """Never update a version: save a new one (the old one stays for the documents it
        rendered)."""
        row = actions.save_template(
            form.cleaned_data["kind"],
            actor=request.user,  # type: ignore[arg-type]
            html=form.cleaned_data["html"],
            docx=form.cleaned_data.get("docx") if "docx" in form.changed_data else None,
            note=form.cleaned_data.get("note", ""),
            active=form.cleaned_data.get("active", True),
        )
        obj.pk, obj.version = row.pk, row.version
        obj._state.adding = False
        self.message_user(request, f"已保存为 {row} (新版本)", messages.SUCCESS)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        return None

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="启用所选版本")
    def activate(self, request: HttpRequest, queryset: Any) -> None:
        for row in queryset:
            actions.set_template_active(row, active=True)

    @admin.action(description="停用所选版本 (回到上一启用版本或默认模板)")
    def deactivate(self, request: HttpRequest, queryset: Any) -> None:
        for row in queryset:
            actions.set_template_active(row, active=False)


def _pdf(pdf: bytes) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = "inline; filename=preview.pdf"
    return response


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "case", "issued_on", "state", "verify_code", "pdf_link"]
    list_filter = ["kind", "year"]
    search_fields = ["number", "verify_code", "case__number"]
    exclude = ["context"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).prefetch_related("renders")

    @admin.display(description="文件")
    def state(self, obj: Document) -> str:
        return obj.render_state_label

    @admin.display(description="PDF")
    def pdf_link(self, obj: Document) -> str:
        return format_html(
            '<a href="{}">PDF</a>', reverse("documents:download", args=[obj.pk, "pdf"])
        )


@admin.register(DocumentRender)
class DocumentRenderAdmin(ReadOnlyAdmin):
    list_display = ["document", "layout", "status", "attempted_at", "pages", "pdf_sha256"]
    list_filter = ["layout", "status"]
    search_fields = ["document__number"]


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "role", "name", "refused", "document", "signed_at"]
    list_filter = ["kind", "role", "refused"]


@admin.register(CourtPackage)
class CourtPackageAdmin(ReadOnlyAdmin):
    list_display = ["case", "application", "built_on", "pages"]
