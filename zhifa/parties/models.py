"""Parties (当事人 / 行政相对人): the persons, organisations and sole traders that cases are
brought against. Written only through ``zhifa.parties.actions``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhifa.core import textsearch
from zhifa.core.crypto import EncryptedTextField, blind_index, blind_indexes
from zhifa.parties.choices import IdType, PartyKind
from zhifa.parties.identifiers import birth_date_of, canonical_identifier


class Party(models.Model):
    kind = models.CharField("当事人类别", max_length=16, choices=PartyKind.choices)
    name = models.CharField("名称/姓名", max_length=200)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices)
    # Personal data, stored SM4-GCM encrypted (``EncryptedTextField``, docs/adr/0012) and read
    # back in plain: for every party, organisations included — one rule, and an organisation's
    # contact phone is a person's. The number as entered, normalised (spaces removed, upper
    # case); a 15-digit resident ID stays 15 digits because that is what the document shows.
    id_number = EncryptedTextField("证件号码")
    # The blind index of the canonical number (``identity_key``: a 15-digit resident ID as its
    # 18-digit equivalent), HMAC-SM3 under a key derived from ZHIFA_DATA_KEY: exact lookup and
    # "one party per identifier" as a database rule, without the number in the clear.
    identity_index = models.CharField("证件盲索引", max_length=64, editable=False)
    phone = EncryptedTextField("联系电话", blank=True)
    address = EncryptedTextField("住所/地址", blank=True)
    legal_representative = models.CharField(
        "法定代表人/负责人/经营者",
        max_length=100,
        blank=True,
        help_text="法人或其他组织填法定代表人或负责人；个体工商户填经营者",
    )
    legal_representative_id_number = EncryptedTextField("法定代表人身份证号码", blank=True)
    # Encoded in a natural person's resident ID (GB 11643-1999 §6.2), kept in the clear so that
    # age (行政处罚法 Art 30: under 14 not punished, 14–18 lighter) never needs the number.
    birth_date = models.DateField("出生日期", null=True, blank=True, editable=False)
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
    # The text search index's bigram tokens of SEARCH_FIELDS (core.textsearch, ADR 0014).
    search_text = models.TextField("检索文本", blank=True, default="", editable=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["name"], name="party_name"),
            models.Index(fields=["identity_index"], name="party_identity_index"),
            models.Index(fields=["street", "name"], name="party_street_name"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["id_type", "identity_index"],
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

    # A name is found by any continuous part of it (personal addresses: encrypted, unindexed).
    SEARCH_FIELDS = ("name",)

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        kwargs["update_fields"] = textsearch.fill(self, kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    @property
    def is_person(self) -> bool:
        return self.kind == PartyKind.PERSON

    def blind_index_values(self) -> dict[str, str]:
        """The blind indexes under the current key (``zhifa crypto rotate`` re-indexes)."""
        canonical = canonical_identifier(self.id_type, self.id_number)
        return {"identity_index": identity_index(self.id_type, canonical)}

    def age_on(self, day: date) -> int | None:
        """Full years of age on ``day`` (行政处罚法 Art 30 counts it on the day of the act), from
        ``birth_date``; None if the party is not a person known by a resident ID."""
        born = self.birth_date
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


IDENTITY = "party.identity"  # the blind index's purpose


def identity_indexes(id_type: str, canonical: str) -> list[str]:
    """The blind index of an identifier (in its ``identity_key`` form) under every configured
    key, current first: a lookup matches rows not yet re-indexed by ``zhifa crypto rotate``."""
    return blind_indexes(IDENTITY, f"{id_type}|{canonical}")


def identity_index(id_type: str, canonical: str) -> str:
    """The blind index written now (current key)."""
    return blind_index(IDENTITY, f"{id_type}|{canonical}")


def derived_fields(kind: str, id_type: str, id_number: str) -> dict[str, Any]:
    """What is computed from the identifier: its blind index, and a person's birth date."""
    born = None
    if kind == PartyKind.PERSON and id_type == IdType.RESIDENT_ID:
        try:
            born = birth_date_of(id_number)
        except ValueError:  # a number stored before validation
            born = None
    return {
        "identity_index": identity_index(id_type, canonical_identifier(id_type, id_number)),
        "birth_date": born,
    }


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
