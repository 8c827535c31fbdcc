"""Parties (当事人 / 行政相对人): the persons, organisations and sole traders that cases are
brought against. Written only through ``zhifa.parties.actions``."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhifa.parties.choices import IdType, PartyKind
from zhifa.parties.identifiers import birth_date_of


class Party(models.Model):
    kind = models.CharField("当事人类别", max_length=16, choices=PartyKind.choices)
    name = models.CharField("名称/姓名", max_length=200)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices)
    # As entered, normalised (spaces removed, upper case); a 15-digit resident ID stays 15 digits
    # here because that is what the party's document shows.
    id_number = models.CharField("证件号码", max_length=30)
    # The canonical form (a 15-digit resident ID as its 18-digit equivalent) that makes
    # "one party per identifier" a database rule rather than a hope.
    identity_key = models.CharField("证件标识", max_length=30, editable=False)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    address = models.CharField("住所/地址", max_length=300, blank=True)
    legal_representative = models.CharField(
        "法定代表人/负责人/经营者",
        max_length=100,
        blank=True,
        help_text="法人或其他组织填法定代表人或负责人；个体工商户填经营者",
    )
    legal_representative_id_number = models.CharField(
        "法定代表人身份证号码", max_length=18, blank=True
    )
    # Where the party is located: the data scope of street officers.
    street = models.ForeignKey(
        "org.OrgUnit",
        verbose_name="所在街道",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parties",
        limit_choices_to={"kind": "street"},
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["name"], name="party_name"),
            models.Index(fields=["identity_key"], name="party_identity_key"),
            models.Index(fields=["street", "name"], name="party_street_name"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["id_type", "identity_key"],
                name="party_one_per_identifier",
                violation_error_message="该证件号码已登记为当事人。",
            ),
            models.CheckConstraint(
                condition=~Q(kind=PartyKind.ORGANISATION) | Q(id_type=IdType.USCC),
                name="party_organisation_uses_uscc",
                violation_error_message="法人或其他组织应使用统一社会信用代码。",
            ),
            models.CheckConstraint(
                condition=~Q(kind=PartyKind.PERSON) | ~Q(id_type=IdType.USCC),
                name="party_person_not_uscc",
                violation_error_message="自然人不能使用统一社会信用代码。",
            ),
            models.CheckConstraint(
                condition=~Q(kind=PartyKind.SOLE_TRADER)
                | Q(id_type__in=[IdType.USCC, IdType.RESIDENT_ID]),
                name="party_sole_trader_uscc_or_resident_id",
                violation_error_message="个体工商户应使用统一社会信用代码或经营者居民身份证。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_person(self) -> bool:
        return self.kind == PartyKind.PERSON

    @property
    def birth_date(self) -> date | None:
        """The birth date the resident ID encodes (GB 11643-1999 §6.2), for a natural person
        identified by one; None otherwise. A function of the stored number only."""
        if self.kind != PartyKind.PERSON or self.id_type != IdType.RESIDENT_ID:
            return None
        try:
            return birth_date_of(self.id_number)
        except ValueError:  # a number stored before validation, or masked
            return None

    def age_on(self, day: date) -> int | None:
        """Full years of age on ``day`` (行政处罚法 Art 30 counts it on the day of the act)."""
        born = self.birth_date
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class PartyChange(models.Model):
    """Who registered or changed a party, when, and which fields (names only: the values are
    personal data and stay in one place). Append-only, written by the actions."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", "登记"
        UPDATED = "updated", "修改"

    party = models.ForeignKey(
        Party, verbose_name="当事人", on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField("事项", max_length=12, choices=Kind.choices)
    fields = models.JSONField("修改的字段", default=list, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "当事人登记记录"
        verbose_name_plural = "当事人登记记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.party} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
