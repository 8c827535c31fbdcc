"""Staff forms, one per mode (the actions check everything again)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from zhifa.cases.choices import EvidenceKind
from zhifa.cases.models import Case
from zhifa.cases.record import Upload
from zhifa.core.uploads import (
    IMAGES_AND_PDF,
    PHOTOS_AND_VIDEO,
    SCANS,
    CheckedUpload,
    MultipleFileInput,
    UploadField,
    UploadsField,
)
from zhifa.delivery.choices import Channel, ServiceMode
from zhifa.delivery.models import ServiceConsent
from zhifa.documents.choices import DocumentKind, SignerRole
from zhifa.documents.models import Signature

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # what <input type=date> reads


class MultipleFileField(UploadsField):
    """Photos and video of a lodging (留置送达), each checked by its content (core.uploads)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,video/*"}))
        kwargs.setdefault("kinds", PHOTOS_AND_VIDEO)
        super().__init__(*args, **kwargs)


def receipt_field(label: str) -> UploadField:
    """The photo or scan of a signed paper receipt (送达回证)."""
    return UploadField(
        label=label,
        required=False,
        kinds=IMAGES_AND_PDF,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,.pdf"}),
    )


def _signatures(case: Case, kind: str) -> forms.ModelChoiceField:
    rows = Signature.objects.filter(
        case=case,
        kind=kind,
        document__isnull=True,
        refused=False,
        role__in=[SignerRole.PARTY, SignerRole.RECIPIENT],
    ).order_by("-signed_at")
    return forms.ModelChoiceField(
        rows,
        required=False,
        label="受送达人签名",
        empty_label="(不使用采集的签名)",
        help_text="在「执法文书 → 采集签名」中采集后在此选择",
    )


def upload(file: CheckedUpload | None, kind: str, description: str) -> Upload | None:
    return Upload.received(file, kind, description) if file is not None else None


class ModeForm(forms.Form):
    """A form of one service mode: knows the case (and the consent in force) and turns its
    cleaned data into the action's keyword arguments."""

    def __init__(
        self, *args: Any, case: Case, consent: ServiceConsent | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.case, self.consent = case, consent

    def kwargs(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ConsentForm(forms.Form):
    electronic = forms.BooleanField(label="当事人同意电子送达", required=False)
    phone = forms.CharField(label="接收短信的手机号码", required=False, max_length=20)
    email = forms.EmailField(label="接收文书的电子邮箱", required=False)
    address = forms.CharField(label="送达地址", required=False, max_length=300)
    recipient = forms.CharField(label="受送达人/代收人", required=False, max_length=100)
    signed_on = forms.DateField(label="签署日期", widget=DATE)
    all_cases = forms.BooleanField(
        label="适用于该当事人的全部案件 (须上传签署件扫描件)", required=False
    )
    scan = UploadField(
        label="签署件扫描件 (PDF/PNG/JPEG)",
        required=False,
        kinds=SCANS,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,image/png,image/jpeg"}),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        party = case.party
        self.fields["signed_on"].initial = timezone.localdate()
        self.fields["phone"].initial = party.phone if party else ""
        self.fields["address"].initial = party.address if party else ""
        self.fields["recipient"].initial = party.name if party else ""
        self.fields["signature"] = _signatures(case, DocumentKind.SERVICE_ADDRESS)
        self.order_fields(["electronic", "phone", "email", "address", "recipient", "signed_on"])


class InPersonForm(ModeForm):
    served_on = forms.DateField(label="签收日期", widget=DATE, help_text="送达回证上的签收日期")
    recipient = forms.CharField(label="签收人", required=False, max_length=100)
    address = forms.CharField(label="送达地点", required=False, max_length=300)
    receipt_scan = receipt_field("已签收的送达回证照片/扫描件")
    note = forms.CharField(label="备注", required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["served_on"].initial = timezone.localdate()
        self.fields["signature"] = _signatures(self.case, DocumentKind.SERVICE_RECEIPT)
        self.order_fields(["served_on", "recipient", "signature", "receipt_scan"])

    def kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "served_on": d["served_on"],
            "recipient": d["recipient"],
            "address": d["address"],
            "note": d["note"],
            "signature": d["signature"],
            "receipt_scan": upload(d["receipt_scan"], EvidenceKind.DOCUMENTARY, "已签收的送达回证"),
        }


class LodgingForm(ModeForm):
    served_on = forms.DateField(label="留置日期", widget=DATE)
    address = forms.CharField(label="留置地点 (受送达人住所)", max_length=300)
    refusal_note = forms.CharField(label="拒收事由", max_length=200)
    witnesses = forms.CharField(
        label="见证人",
        required=False,
        max_length=200,
        help_text="基层组织或所在单位的代表，多人用顿号或逗号分隔",
    )
    photos = MultipleFileField(label="拍照、录像", required=False)
    recipient = forms.CharField(label="受送达人", required=False, max_length=100)
    note = forms.CharField(label="备注", required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        party = self.case.party
        self.fields["served_on"].initial = timezone.localdate()
        self.fields["address"].initial = party.address if party else ""

    def kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        names = d["witnesses"].replace(",", "、").replace("，", "、").split("、")
        photos = [upload(f, EvidenceKind.AUDIO_VISUAL, "留置送达照片/录像") for f in d["photos"]]
        return {
            "served_on": d["served_on"],
            "address": d["address"],
            "refusal_note": d["refusal_note"],
            "witnesses": names,
            "photos": [p for p in photos if p],
            "recipient": d["recipient"],
            "note": d["note"],
        }


class PostalForm(ModeForm):
    tracking_number = forms.CharField(label="邮件号 (EMS 等)", max_length=50)
    posted_on = forms.DateField(label="交寄日期", widget=DATE)
    address = forms.CharField(label="邮寄地址", max_length=300)
    recipient = forms.CharField(label="收件人", required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        party = self.case.party
        self.fields["posted_on"].initial = timezone.localdate()
        address = self.consent.address if self.consent else ""
        self.fields["address"].initial = address or (party.address if party else "")


class PostalReceiptForm(forms.Form):
    received_on = forms.DateField(label="回执上注明的收件日期", widget=DATE)
    note = forms.CharField(label="备注", required=False, max_length=300)


class PublicNoticeForm(ModeForm):
    published_on = forms.DateField(label="公告日期", widget=DATE)
    place = forms.CharField(
        label="公告载体/地点",
        max_length=200,
        help_text="如：本机关公告栏、受送达人住所地、政府网站",
    )
    whereabouts_unknown = forms.CharField(
        label="受送达人下落不明的情况",
        required=False,
        max_length=300,
        help_text="公告送达须受送达人下落不明，或以其他方式无法送达 (民事诉讼法第九十五条)；"
        "本文书已有未能送达的记录的，可不填",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["published_on"].initial = timezone.localdate()


class EntrustedForm(ModeForm):
    entrusted_body = forms.CharField(label="受委托机关", max_length=200)
    served_on = forms.DateField(
        label="签收日期", widget=DATE, help_text="受委托机关送回的送达回证上的签收日期"
    )
    recipient = forms.CharField(label="签收人", required=False, max_length=100)
    receipt_scan = receipt_field("送达回证扫描件")

    def kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "entrusted_body": d["entrusted_body"],
            "served_on": d["served_on"],
            "recipient": d["recipient"],
            "receipt_scan": upload(d["receipt_scan"], EvidenceKind.DOCUMENTARY, "委托送达回证"),
        }


class ElectronicForm(ModeForm):
    channel = forms.ChoiceField(label="发送渠道", choices=Channel.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        consent = self.consent
        field = self.fields["channel"]
        if consent is not None and isinstance(field, forms.ChoiceField):
            allowed = [(c, label) for c, label in Channel.choices if consent.covers(c)]
            if allowed:
                field.choices = allowed

    def kwargs(self) -> dict[str, Any]:
        return {"channel": self.cleaned_data["channel"]}


class FailureForm(forms.Form):
    reason = forms.CharField(label="未能送达的原因", max_length=200)


MODE_FORMS: dict[str, type[ModeForm]] = {
    ServiceMode.IN_PERSON: InPersonForm,
    ServiceMode.LODGING: LodgingForm,
    ServiceMode.POSTAL: PostalForm,
    ServiceMode.PUBLIC_NOTICE: PublicNoticeForm,
    ServiceMode.ENTRUSTED: EntrustedForm,
    ServiceMode.ELECTRONIC: ElectronicForm,
}
