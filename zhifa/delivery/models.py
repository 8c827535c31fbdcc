"""Service of documents (送达): the party's consent to electronic service, each service with the
proof its mode requires, the one-time links sent to the party, and the log of the party's page.

Written only by ``zhifa.delivery.actions``. Dates follow 民事诉讼法 Arts 87–95 (applied by
行政处罚法 Art 61): ``served_on`` is the legal service date of the mode, ``served_at`` the moment
zhifa learnt of it (for electronic service: the moment the document reached the party's page)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhifa.core.crypto import EncryptedTextField
from zhifa.delivery.choices import AccessAction, Channel, ServiceMode, ServiceStatus


class AppendOnly(Exception):
    """The access log is evidence: rows are never changed or deleted."""


class ServiceConsent(models.Model):
    """送达地址确认书: where and how the party accepts service. Electronic service needs the
    party's consent and a signed confirmation (行政处罚法 Art 61 ¶2): with a case, the 确认书 is
    issued as a numbered document of that case (with the party's signature when captured);
    without one (a consent for all the party's cases), the signed paper is kept as a scan. A
    later consent of the same scope supersedes the earlier one."""

    party = models.ForeignKey(
        "parties.Party", verbose_name="当事人", on_delete=models.PROTECT, related_name="consents"
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name="案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_consents",
        help_text="为空：适用于该当事人的全部案件",
    )
    electronic = models.BooleanField("同意电子送达", default=False)
    # Personal data: stored SM4-GCM encrypted (docs/adr/0012); the actions check the forms.
    phone = EncryptedTextField("接收短信的手机号码", blank=True)
    email = EncryptedTextField("接收文书的电子邮箱", blank=True)
    address = EncryptedTextField("送达地址", blank=True)
    recipient = models.CharField("受送达人/代收人", max_length=100, blank=True)
    signed_on = models.DateField("签署日期")
    document = models.ForeignKey(
        "documents.Document",
        verbose_name="送达地址确认书",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signature = models.ForeignKey(
        "documents.Signature",
        verbose_name="当事人签名",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scan = models.FileField("签署件扫描", upload_to="consents/%Y/", blank=True, max_length=300)
    scan_sha256 = models.CharField(max_length=64, blank=True)
    superseded_at = models.DateTimeField("被新的确认书取代", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "送达地址确认书"
        verbose_name_plural = "送达地址确认书"
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["party", "case", "superseded_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(electronic=False) | ~Q(phone="") | ~Q(email=""),
                name="consent_electronic_has_channel",
                violation_error_message="同意电子送达的，应当填写手机号码或电子邮箱",
            ),
            models.CheckConstraint(
                condition=Q(document__isnull=False) | ~Q(scan=""),
                name="consent_is_signed",
                violation_error_message="送达地址确认书应当有签署件 (文书或扫描件)",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} 送达地址确认书 {self.signed_on}"

    def covers(self, channel: str) -> bool:
        """Whether the party consented to electronic service through ``channel``."""
        if not self.electronic or self.superseded_at is not None:
            return False
        return bool(self.phone if channel == Channel.SMS else self.email)

    def contact(self, channel: str) -> str:
        return self.phone if channel == Channel.SMS else self.email


class Service(models.Model):
    """One attempt to serve one document on the party, with the proof of its mode."""

    document = models.ForeignKey(
        "documents.Document",
        verbose_name="送达文书",
        on_delete=models.PROTECT,
        related_name="services",
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="services"
    )
    party = models.ForeignKey(
        "parties.Party", verbose_name="当事人", on_delete=models.PROTECT, related_name="services"
    )
    mode = models.CharField("送达方式", max_length=20, choices=ServiceMode.choices)
    status = models.CharField(
        "状态", max_length=10, choices=ServiceStatus.choices, default=ServiceStatus.PENDING
    )
    recipient = models.CharField("受送达人/代收人", max_length=100)
    address = EncryptedTextField("送达地点/地址", blank=True)  # docs/adr/0012
    note = models.CharField("备注", max_length=300, blank=True)
    started_at = models.DateTimeField("开始送达")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    served_on = models.DateField("送达日期", null=True, blank=True)
    served_at = models.DateTimeField("登记/到达时间", null=True, blank=True)
    failed_at = models.DateTimeField("未能送达登记时间", null=True, blank=True)
    failure_reason = models.CharField("未能送达原因", max_length=200, blank=True)
    # In person (民事诉讼法 Arts 87–88): the recipient's signature on the receipt.
    signature = models.ForeignKey(
        "documents.Signature",
        verbose_name="签收签名",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Lodging (Art 89): why the recipient refused, the witnesses, the photos/video (evidence
    # files of the completion event).
    refusal_note = models.CharField("拒收事由", max_length=200, blank=True)
    witnesses = models.CharField("见证人", max_length=200, blank=True)
    photo_count = models.PositiveSmallIntegerField("照片/录像", default=0)
    # Postal (Art 91): the tracking number, and the date on the returned receipt.
    tracking_number = models.CharField("邮件号", max_length=50, blank=True)
    posted_on = models.DateField("交寄日期", null=True, blank=True)
    receipt_on = models.DateField("回执收件日期", null=True, blank=True)
    # Public notice (Art 95): deemed served 30 days after publication.
    published_on = models.DateField("公告日期", null=True, blank=True)
    publication_place = models.CharField("公告载体/地点", max_length=200, blank=True)
    deemed_on = models.DateField("视为送达日期", null=True, blank=True)
    # Why public notice is lawful (Art 95): the party cannot be found — stated here — or an
    # earlier attempt failed (the failed service, named in the started event).
    whereabouts_unknown = models.CharField("受送达人下落不明的情况", max_length=300, blank=True)
    # Entrusted (Art 91).
    entrusted_body = models.CharField("受委托机关", max_length=200, blank=True)
    # Electronic (行政处罚法 Art 61 ¶2; 民事诉讼法 Art 90).
    consent = models.ForeignKey(
        ServiceConsent,
        verbose_name="送达地址确认书",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="services",
    )
    channel = models.CharField("发送渠道", max_length=10, choices=Channel.choices, blank=True)
    contact = EncryptedTextField("发送至", blank=True)  # the phone or e-mail (docs/adr/0012)
    link_sent_at = models.DateTimeField("链接发送时间", null=True, blank=True)
    reached_at = models.DateTimeField("文书到达当事人页面", null=True, blank=True)
    # The record: the events that started and completed it; the 送达回证 issued for it.
    started_event = models.ForeignKey(
        "cases.CaseEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_event = models.ForeignKey(
        "cases.CaseEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    receipt = models.ForeignKey(
        "documents.Document",
        verbose_name="送达回证",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "送达"
        verbose_name_plural = "送达"
        ordering = ["case", "started_at", "id"]
        indexes = [
            models.Index(fields=["case", "status"]),
            models.Index(fields=["mode", "status", "deemed_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ServiceStatus.SERVED)
                | (Q(served_on__isnull=False) & Q(served_at__isnull=False)),
                name="service_served_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(mode=ServiceMode.ELECTRONIC) | Q(consent__isnull=False),
                name="service_electronic_needs_consent",
                violation_error_message="电子送达须经当事人同意并签订确认书 (行政处罚法第61条)",
            ),
            models.CheckConstraint(
                condition=~Q(mode=ServiceMode.LODGING) | ~Q(witnesses="") | Q(photo_count__gt=0),
                name="service_lodging_has_proof",
                violation_error_message="留置送达应当有见证人或拍照、录像记录 (民事诉讼法第89条)",
            ),
            models.CheckConstraint(
                condition=~Q(mode=ServiceMode.POSTAL) | ~Q(tracking_number=""),
                name="service_postal_has_tracking",
            ),
            models.CheckConstraint(
                condition=~Q(mode=ServiceMode.PUBLIC_NOTICE)
                | (Q(published_on__isnull=False) & Q(deemed_on__isnull=False)),
                name="service_notice_has_dates",
            ),
            models.CheckConstraint(
                condition=~Q(mode=ServiceMode.ENTRUSTED) | ~Q(entrusted_body=""),
                name="service_entrusted_has_body",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} {self.get_mode_display()} {self.get_status_display()}"

    @property
    def is_pending(self) -> bool:
        return self.status == ServiceStatus.PENDING


class PartyLink(models.Model):
    """A one-time link to the party's page, sent to the consented phone or e-mail. Only the
    SHA-256 of the token is stored; the confirmation code is stored as an HMAC. Once the party
    confirms the code the link is used up; the page then runs on the party's session."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="links")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField("发送渠道", max_length=10, choices=Channel.choices)
    contact = EncryptedTextField("发送至")  # docs/adr/0012
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("生成时间")
    expires_at = models.DateTimeField("有效期至")
    confirmed_at = models.DateTimeField("验证通过 (链接已使用)", null=True, blank=True)
    revoked_at = models.DateTimeField("作废时间", null=True, blank=True)
    code_hash = models.CharField(max_length=64, blank=True, editable=False)
    code_sent_at = models.DateTimeField(null=True, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField("本验证码错误次数", default=0)
    codes_sent = models.PositiveSmallIntegerField("已发送验证码", default=0)
    wrong_codes = models.PositiveSmallIntegerField("累计错误次数", default=0)

    class Meta:
        verbose_name = "当事人访问链接"
        verbose_name_plural = "当事人访问链接"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case} → {self.get_channel_display()} {self.created_at:%Y-%m-%d %H:%M}"


class ServiceAccess(models.Model):
    """Every access to the party's page: when, from where, what was done. Append-only; each
    row is also an ``e_service_access`` event of the case record (unless the case is archived)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    link = models.ForeignKey(
        PartyLink, null=True, blank=True, on_delete=models.PROTECT, related_name="accesses"
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="accesses"
    )
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("时间")
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    user_agent = models.CharField("浏览器", max_length=300, blank=True)
    action = models.CharField("操作", max_length=20, choices=AccessAction.choices)
    detail = models.JSONField("详情", default=dict, blank=True)
    event = models.ForeignKey(
        "cases.CaseEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "电子送达访问记录"
        verbose_name_plural = "电子送达访问记录"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_action_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnly("访问记录不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("访问记录不可删除")
