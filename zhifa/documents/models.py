"""Issued documents, frozen: the rendered PDF (and DOCX) with its digests is evidence in the
case record. A correction is a new, numbered document that names the one it corrects."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from zhifa.documents.choices import DocumentKind, SignerRole


class FrozenDocument(Exception):
    """An issued document (or court package) is evidence: it is never changed or deleted."""


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
    # The data the document was rendered from, frozen at issue (JSON-native values only).
    context = models.JSONField("文书数据", default=dict)
    pdf = models.FileField("PDF", upload_to="documents/%Y/", max_length=300)
    pdf_sm3 = models.CharField("PDF SM3", max_length=64)
    pdf_sha256 = models.CharField("PDF SHA-256", max_length=64)
    pdf_size = models.PositiveBigIntegerField("PDF 大小")
    pages = models.PositiveSmallIntegerField("页数", default=1)
    docx = models.FileField("DOCX", upload_to="documents/%Y/", max_length=300, blank=True)
    docx_sha256 = models.CharField("DOCX SHA-256", max_length=64, blank=True)
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
