"""Issued documents, frozen: the number and the context are fixed when the document is reserved
(in the step's transaction); the rendered PDF (and DOCX) with its digests is added after commit
as a ``DocumentRender`` row. A correction is a new, numbered document that names the one it
corrects."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from zhifa.core.errors import DomainError
from zhifa.documents.choices import (
    ROLL_KINDS,
    DocumentKind,
    Layout,
    RenderState,
    RenderStatus,
    SignerRole,
)


class FrozenDocument(Exception):
    """An issued document (or court package) is evidence: it is never changed or deleted."""


class NotRendered(DomainError):
    """The document is numbered but its files are not rendered yet (HTTP 409)."""

    def __init__(self, message: str) -> None:
        super().__init__("not_rendered", message)


class _FrozenQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise FrozenDocument("已制发的文书不可修改：更正请制作新的文书")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise FrozenDocument("已制发的文书不可删除")


class _Frozen(models.Model):
    """Written once, by ``zhifa.documents.actions``; ``save()`` of an existing row, ``delete()``
    and queryset ``update()``/``delete()`` raise (and a database trigger refuses UPDATE)."""

    objects = _FrozenQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise FrozenDocument("已制发的文书不可修改：更正请制作新的文书")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise FrozenDocument("已制发的文书不可删除")


class DocumentTemplate(models.Model):
    """The administrator-editable layout of a kind: HTML (Django template) for the PDF, and an
    optional DOCX (docxtpl) for Word. Every save is a new version; issued documents keep the
    version they were rendered with."""

    kind = models.CharField("文书种类", max_length=40, choices=DocumentKind.choices)
    version = models.PositiveIntegerField("版本")
    html = models.TextField("HTML 模板 (PDF)")
    docx = models.FileField("Word 模板 (docxtpl)", upload_to="templates/", blank=True)
    active = models.BooleanField("启用", default=True)
    note = models.CharField("修改说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="template_kind_version"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Every change of the layout is a new version (actions.save_template); only the
        # active flag of an existing version may be switched.
        changing = self.pk is not None and not self._state.adding
        if changing and set(kwargs.get("update_fields") or ()) != {"active"}:
            raise FrozenDocument("模板的每次修改都应保存为新版本")
        super().save(*args, **kwargs)


class Document(_Frozen):
    """One 文书: numbered and frozen when it is reserved, inside the transaction of the step (or
    of 制作文书) that makes it — kind, 文号, the context it is rendered from and its digest, the
    layout, the verification code, the event it belongs to. Its files (PDF, DOCX; the 80 mm roll
    slip of an on-the-spot decision) are rendered after that transaction commits and recorded as
    ``DocumentRender`` rows: the row itself never changes (``render_state`` reads the renders)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("文书种类", max_length=40, choices=DocumentKind.choices)
    number = models.CharField("文号", max_length=80, unique=True)
    year = models.PositiveSmallIntegerField("年度")
    issued_on = models.DateField("签发日期")
    issued_at = models.DateTimeField("生成时间", auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    template = models.ForeignKey(
        DocumentTemplate, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    # The data the document is rendered from, frozen at reservation (JSON-native values only),
    # and the SHA-256 of its canonical JSON (``contexts.digest``): what the document says is
    # fixed before any file exists, so a render (or a retry days later) shows exactly this.
    context = models.JSONField("文书数据", default=dict)
    context_sha256 = models.CharField("文书数据 SHA-256", max_length=64, blank=True)
    # Which layout rendered it: the template row (null: the file default) and the SHA-256 of
    # the exact template text.
    template_digest = models.CharField("模板摘要", max_length=64, blank=True)
    verify_code = models.CharField("验证码", max_length=16, unique=True)
    corrects = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        verbose_name="更正",
    )
    event = models.ForeignKey(
        "cases.CaseEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "执法文书"
        verbose_name_plural = "执法文书"
        ordering = ["case", "issued_at", "id"]
        indexes = [models.Index(fields=["case", "kind"])]

    def __str__(self) -> str:
        return self.number

    @property
    def title(self) -> str:
        return self.get_kind_display()

    @property
    def verify_code_display(self) -> str:
        code = self.verify_code
        return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code

    # --- the render outcome (DocumentRender rows) ---------------------------------------
    @property
    def layouts(self) -> tuple[str, ...]:
        """The files this document needs: A4 always; the roll slip for on-the-spot decisions."""
        return (Layout.A4, Layout.ROLL80) if self.kind in ROLL_KINDS else (Layout.A4,)

    def _renders(self) -> list[DocumentRender]:
        # Read once per instance (``prefetch_related("renders")`` makes a list one query);
        # ``actions.render_pending`` forgets it after adding a render.
        cached = self.__dict__.get("_render_rows")
        if cached is None:
            cached = self.__dict__["_render_rows"] = sorted(self.renders.all(), key=lambda r: r.pk)
        return cached

    def forget_renders(self) -> None:
        self.__dict__.pop("_render_rows", None)
        getattr(self, "_prefetched_objects_cache", {}).pop("renders", None)

    def rendered(self, layout: str = "a4") -> DocumentRender | None:
        """The successful render of ``layout``, or None (not yet, or only failed attempts)."""
        for row in self._renders():
            if row.layout == layout and row.status == RenderStatus.RENDERED:
                return row
        return None

    @property
    def rendered_roll(self) -> DocumentRender | None:
        return self.rendered(Layout.ROLL80)

    def last_failure(self) -> DocumentRender | None:
        """The latest failed attempt of a layout that has not been rendered since."""
        failed = [
            r
            for r in self._renders()
            if r.status == RenderStatus.FAILED and self.rendered(r.layout) is None
        ]
        return failed[-1] if failed else None

    @property
    def render_state(self) -> str:
        """``rendered`` (every layout has its files), ``render_failed`` (the last attempt of a
        missing layout failed: the retry job tries again; the case page offers 重新生成), or
        ``pending`` (reserved, the render after commit has not finished yet)."""
        if all(self.rendered(layout) for layout in self.layouts):
            return RenderState.RENDERED
        return RenderState.FAILED if self.last_failure() else RenderState.PENDING

    @property
    def render_state_label(self) -> str:
        return RenderState(self.render_state).label

    def _a4(self) -> DocumentRender:
        row = self.rendered(Layout.A4)
        if row is None:
            raise NotRendered(f"{self.number}正在生成，请稍后再试")
        return row

    # The A4 files, as the rest of the project reads them (delivery, the case file, verify).
    @property
    def pdf(self) -> Any:
        return self._a4().pdf

    @property
    def pdf_sm3(self) -> str:
        return self._a4().pdf_sm3

    @property
    def pdf_sha256(self) -> str:
        return self._a4().pdf_sha256

    @property
    def pdf_size(self) -> int:
        return self._a4().pdf_size

    @property
    def pages(self) -> int:
        return self._a4().pages

    @property
    def docx(self) -> Any:
        return self._a4().docx

    @property
    def docx_sha256(self) -> str:
        return self._a4().docx_sha256


class DocumentRender(_Frozen):
    """One attempt at rendering a document's layout, append-only: a success carries the files
    and their digests (at most one per document and layout); a failure carries the error. The
    retry job (``documents.tasks.retry_renders``) and the 重新生成 button add attempts; nothing
    is ever renumbered (the document row and its 文号 stay)."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="renders")
    layout = models.CharField("版式", max_length=10, choices=Layout.choices, default=Layout.A4)
    status = models.CharField("结果", max_length=10, choices=RenderStatus.choices)
    attempted_at = models.DateTimeField("生成时间", auto_now_add=True)
    error = models.TextField("错误", blank=True)
    pdf = models.FileField("PDF", upload_to="documents/%Y/", max_length=300, blank=True)
    pdf_sm3 = models.CharField("PDF SM3", max_length=64, blank=True)
    pdf_sha256 = models.CharField("PDF SHA-256", max_length=64, blank=True)
    pdf_size = models.PositiveBigIntegerField("PDF 大小", default=0)
    pages = models.PositiveSmallIntegerField("页数", default=0)
    docx = models.FileField("DOCX", upload_to="documents/%Y/", max_length=300, blank=True)
    docx_sha256 = models.CharField("DOCX SHA-256", max_length=64, blank=True)
    # The SHA-256 of the template text this attempt used (the document's frozen digest names
    # the one current at reservation; a deploy in between shows here).
    template_digest = models.CharField("模板摘要", max_length=64, blank=True)
    # A success's ``document_rendered`` event: its evidence is this PDF (the record's copy).
    event = models.ForeignKey(
        "cases.CaseEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "文书文件"
        verbose_name_plural = "文书文件"
        ordering = ["document", "id"]
        indexes = [models.Index(fields=["document", "layout", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "layout"],
                condition=models.Q(status="rendered"),
                name="document_render_once_per_layout",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_id} {self.layout} {self.status}"


class CourtPackage(_Frozen):
    """申请人民法院强制执行的材料 (行政强制法 Art 55) as one PDF: the application, the decision and
    its proof of service, the 催告书 and its service, the party's statements, the state of
    performance. The PDF is evidence of its own event in the case record."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="court_packages")
    application = models.ForeignKey(
        Document, verbose_name="强制执行申请书", on_delete=models.PROTECT, related_name="+"
    )
    built_on = models.DateField("制作日期")
    built_at = models.DateTimeField("生成时间", auto_now_add=True)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contents = models.JSONField("材料清单", default=list)
    pdf = models.FileField("PDF", upload_to="documents/%Y/", max_length=300)
    pdf_sm3 = models.CharField("PDF SM3", max_length=64)
    pdf_sha256 = models.CharField("PDF SHA-256", max_length=64)
    pdf_size = models.PositiveBigIntegerField("PDF 大小")
    pages = models.PositiveSmallIntegerField("页数")
    event = models.ForeignKey(
        "cases.CaseEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "强制执行申请材料"
        verbose_name_plural = "强制执行申请材料"
        ordering = ["case", "built_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} 强制执行申请材料 {self.built_on}"


class Signature(models.Model):
    """A handwritten signature captured on a phone or tablet, or a recorded refusal to sign."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="signatures")
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="signatures"
    )
    kind = models.CharField("用于文书", max_length=40, choices=DocumentKind.choices)
    role = models.CharField("签名人身份", max_length=10, choices=SignerRole.choices)
    name = models.CharField("签名人", max_length=50)
    image = models.FileField("签名图像", upload_to="signatures/%Y/", blank=True)
    image_sha256 = models.CharField(max_length=64, blank=True)
    refused = models.BooleanField("拒绝签名", default=False)
    refusal_note = models.CharField("拒签情况", max_length=200, blank=True)
    signed_at = models.DateTimeField("签名时间")
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "签名"
        verbose_name_plural = "签名"
        ordering = ["signed_at", "id"]

    def __str__(self) -> str:
        return f"{self.name} {'拒签' if self.refused else '签名'}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The captured image is evidence; the only later change is placing it on a document.
        changing = self.pk is not None and not self._state.adding
        if changing and set(kwargs.get("update_fields") or ()) != {"document"}:
            raise FrozenDocument("签名一经采集不可修改")
        super().save(*args, **kwargs)
