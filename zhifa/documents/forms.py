"""Forms of the documents pages: what to fill in when issuing a kind (its ``extra``), the
signature capture, the verification upload, and the template admin."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django import forms

from zhifa.cases.actions.aftercare import SERVICE_MODES
from zhifa.cases.choices import TranscriptKind
from zhifa.cases.models import Case, EvidencePreservation, Statement, Transcript
from zhifa.documents.choices import SERVED_KINDS, DocumentKind, SignerRole
from zhifa.documents.models import Document, DocumentTemplate, Signature

MAX_VERIFY_UPLOAD = 50 * 1024 * 1024
TRANSCRIPT_KINDS: dict[str, str] = {
    DocumentKind.SITE_INSPECTION: TranscriptKind.SITE_INSPECTION,
    DocumentKind.INTERVIEW: TranscriptKind.INTERVIEW,
}


def _choices(rows: Any, label: Any) -> list[tuple[str, str]]:
    return [(str(r.pk), label(r)) for r in rows]


class IssueForm(forms.Form):
    """The inputs a kind needs beyond the case record; the rest comes from the case."""

    def __init__(self, *args: Any, case: Case, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case, self.kind = case, kind
        pending = Signature.objects.filter(case=case, kind=kind, document__isnull=True)
        self.fields["signatures"] = forms.ModelMultipleChoiceField(
            pending,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label="放入本文书的签名",
            initial=list(pending),
        )
        self._kind_fields(kind)

    def _kind_fields(self, kind: str) -> None:
        f = self.fields
        if kind in TRANSCRIPT_KINDS:
            transcripts = Transcript.objects.filter(
                case=self.case, kind=TRANSCRIPT_KINDS[kind]
            ).order_by("-id")
            f["transcript"] = forms.ChoiceField(
                label="笔录",
                choices=_choices(transcripts, lambda t: f"{t.started_at:%Y-%m-%d %H:%M} {t.place}"),
            )
        elif kind in (DocumentKind.PRESERVATION_NOTICE, DocumentKind.PRESERVATION_DECISION):
            kept = EvidencePreservation.objects.filter(case=self.case).order_by("-id")
            f["preservation"] = forms.ChoiceField(
                label="先行登记保存", choices=_choices(kept, lambda p: p.items[:40])
            )
        elif kind == DocumentKind.CORRECTION_ORDER:
            f["deadline"] = forms.DateField(
                label="改正期限", required=False, help_text="不填为立即改正"
            )
            f["requirement"] = forms.CharField(label="改正要求", required=False, max_length=300)
        elif kind == DocumentKind.SERVICE_ADDRESS:
            f["address"] = forms.CharField(label="送达地址", required=False, max_length=300)
            f["phone"] = forms.CharField(label="联系电话", required=False, max_length=30)
            f["email"] = forms.EmailField(label="电子邮箱", required=False)
            f["electronic"] = forms.BooleanField(label="当事人同意电子送达", required=False)
        elif kind == DocumentKind.SERVICE_RECEIPT:
            served = Document.objects.filter(case=self.case, kind__in=list(SERVED_KINDS)).order_by(
                "-id"
            )
            f["document"] = forms.ChoiceField(
                label="送达的文书",
                choices=_choices(served, lambda d: f"{d.get_kind_display()} {d.number}"),
            )
            f["mode"] = forms.ChoiceField(
                label="送达方式",
                required=False,
                choices=[("", "按记录"), *SERVICE_MODES.items()],
            )
            f["served_on"] = forms.DateField(
                label="送达日期", required=False, help_text="不填则按记录或留空待填"
            )
            f["recipient"] = forms.CharField(
                label="受送达人/代收人", required=False, max_length=100
            )
            f["note"] = forms.CharField(label="备注", required=False, max_length=300)
        elif kind == DocumentKind.FILING_APPROVAL:
            f["handler_opinion"] = forms.CharField(
                label="承办人意见", required=False, max_length=300
            )
        elif kind == DocumentKind.CLOSING_APPROVAL:
            f["reason"] = forms.CharField(label="结案理由", required=False, max_length=200)
        elif kind in (DocumentKind.STATEMENT_RECORD, DocumentKind.STATEMENT_REVIEW):
            self._statement_fields(kind)
        elif kind == DocumentKind.HEARING_REPORT:
            f["opinion"] = forms.CharField(
                label="主持人意见", required=False, widget=forms.Textarea(attrs={"rows": 4})
            )
        elif kind == DocumentKind.FILE_NOTE:
            f["notes"] = forms.CharField(
                label="备考说明", required=False, widget=forms.Textarea(attrs={"rows": 3})
            )

    def _statement_fields(self, kind: str) -> None:
        f = self.fields
        statements = Statement.objects.filter(case=self.case).order_by("-id")
        f["statement"] = forms.ChoiceField(
            label="陈述申辩",
            choices=_choices(statements, lambda s: f"{s.received_on:%Y-%m-%d} {s.content[:30]}"),
        )
        if kind == DocumentKind.STATEMENT_REVIEW:
            f["adopted"] = forms.ChoiceField(
                label="复核结论 (第45条)",
                choices=[("", "请选择"), ("yes", "予以采纳"), ("no", "不予采纳")],
                required=False,
            )
            f["reasons"] = forms.CharField(
                label="理由",
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text="不予采纳的，应当写明理由",
            )

    def extra(self) -> dict[str, Any]:
        """The cleaned inputs as JSON-native values (dates as ISO strings)."""
        out: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name == "signatures" or value in (None, "", False):
                continue
            out[name] = value.isoformat() if hasattr(value, "isoformat") else value
        return out


class SignatureForm(forms.Form):
    kind = forms.ChoiceField(label="用于文书", choices=DocumentKind.choices)
    role = forms.ChoiceField(label="签名人身份", choices=SignerRole.choices)
    name = forms.CharField(label="签名人姓名", max_length=50)
    refused = forms.BooleanField(label="拒绝签名", required=False)
    refusal_note = forms.CharField(label="拒签情况", required=False, max_length=200)
    image = forms.CharField(widget=forms.HiddenInput, required=False)

    def png(self) -> bytes | None:
        data = self.cleaned_data.get("image") or ""
        prefix = "data:image/png;base64,"
        if not data.startswith(prefix):
            return None
        try:
            return base64.b64decode(data[len(prefix) :], validate=True)
        except (binascii.Error, ValueError):
            return None


class VerifyUploadForm(forms.Form):
    file = forms.FileField(label="选择要核对的 PDF 文件")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_VERIFY_UPLOAD:
            raise forms.ValidationError("文件过大")
        return upload


class TemplateAdminForm(forms.ModelForm):
    """Every save makes a new version (``actions.save_template``), checked by compiling and
    rendering the sample data."""

    class Meta:
        model = DocumentTemplate
        fields = ["kind", "html", "docx", "note", "active"]
        widgets = {"html": forms.Textarea(attrs={"rows": 30, "cols": 110, "spellcheck": "false"})}

    def clean(self) -> dict[str, Any]:
        from zhifa.core.errors import InvalidInput
        from zhifa.documents.actions import check_template

        data = super().clean() or {}
        if data.get("kind") and data.get("html"):
            try:
                check_template(data["kind"], data["html"])
            except InvalidInput as exc:
                self.add_error("html", exc.message)
        return data
