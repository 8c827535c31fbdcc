"""Issued documents, frozen: the rendered PDF (and DOCX) with its digests is evidence in the
case record. A correction is a new, numbered document that names the one it corrects."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhifa.documents.choices import DocumentKind, SignerRole


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
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
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


class Document(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("文书种类", max_length=40, choices=DocumentKind.choices)
    number = models.CharField("文号", max_length=80, unique=True)
    year = models.PositiveSmallIntegerField("年度")
    issued_on = models.DateField("签发日期")
    issued_at = models.DateTimeField("生成时间", auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    template = models.ForeignKey(DocumentTemplate, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="documents")
    # The data the document was rendered from, frozen at issue (JSON-native values only).
    context = models.JSONField("文书数据", default=dict)
    pdf = models.FileField("PDF", upload_to="documents/%Y/", max_length=300)
    pdf_sm3 = models.CharField("PDF SM3", max_length=64)
    pdf_sha256 = models.CharField("PDF SHA-256", max_length=64)
    pdf_size = models.PositiveBigIntegerField("PDF 大小")
    docx = models.FileField("DOCX", upload_to="documents/%Y/", max_length=300, blank=True)
    verify_code = models.CharField("验证码", max_length=16, unique=True)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="corrections", verbose_name="更正")
    event = models.ForeignKey("cases.CaseEvent", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "执法文书"
        verbose_name_plural = "执法文书"
        ordering = ["case", "issued_at", "id"]
        indexes = [models.Index(fields=["case", "kind"])]

    def __str__(self) -> str:
        return self.number


class Signature(models.Model):
    """A handwritten signature captured on a phone or tablet, or a recorded refusal to sign."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="signatures")
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="signatures")
    kind = models.CharField("用于文书", max_length=40, choices=DocumentKind.choices)
    role = models.CharField("签名人身份", max_length=10, choices=SignerRole.choices)
    name = models.CharField("签名人", max_length=50)
    image = models.FileField("签名图像", upload_to="signatures/%Y/", blank=True)
    image_sha256 = models.CharField(max_length=64, blank=True)
    refused = models.BooleanField("拒绝签名", default=False)
    refusal_note = models.CharField("拒签情况", max_length=200, blank=True)
    signed_at = models.DateTimeField("签名时间")

    class Meta:
        verbose_name = "签名"
        verbose_name_plural = "签名"
        ordering = ["signed_at", "id"]

    def __str__(self) -> str:
        return f"{self.name} {'拒签' if self.refused else '签名'}"
