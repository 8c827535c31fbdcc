"""Every write to parties goes through these functions: views, API, admin and commands call them,
none saves a ``Party`` directly. Each checks everything first, then writes the party and its
``PartyChange`` row in one transaction, so a refusal leaves nothing behind."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from zhifa.core.errors import DomainError, InvalidInput, NotAllowed
from zhifa.org.access import NO_STREET, street_scope
from zhifa.org.choices import OrgUnitKind
from zhifa.org.models import OrgUnit, User
from zhifa.parties import access
from zhifa.parties.choices import IdType, PartyKind
from zhifa.parties.identifiers import (
    canonical_identifier,
    validate_identifier,
    validate_phone,
    validate_resident_id,
)
from zhifa.parties.models import Party, PartyChange, derived_fields, identity_indexes

# The fields a caller may set, in the order errors are reported (the order of the form).
PARTY_FIELDS = (
    "kind",
    "name",
    "id_type",
    "id_number",
    "phone",
    "address",
    "legal_representative",
    "legal_representative_id_number",
    "street",
)

# Which documents identify which kind of party. A sole trader (个体工商户) has a credit code
# since the 2016 "两证整合"; one without (e.g. unlicensed) is identified by its operator's ID.
ID_TYPES_FOR_KIND: dict[str, frozenset[str]] = {
    PartyKind.PERSON: frozenset(IdType.values) - {IdType.USCC},
    PartyKind.ORGANISATION: frozenset({IdType.USCC}),
    PartyKind.SOLE_TRADER: frozenset({IdType.USCC, IdType.RESIDENT_ID}),
}
KIND_ID_TYPE_MESSAGES = {
    PartyKind.PERSON: "自然人不能使用统一社会信用代码，请选择居民身份证、护照或其他个人证件",
    PartyKind.ORGANISATION: "法人或其他组织应使用统一社会信用代码",
    PartyKind.SOLE_TRADER: "个体工商户应使用统一社会信用代码；无代码的，使用经营者的居民身份证",
}
# Computed from the identifier (``models.derived_fields``), never set by a caller.
DERIVED_FIELDS = frozenset({"identity_index", "birth_date"})
MAX_LENGTHS = {
    "name": ("名称/姓名", 200),
    "address": ("住所/地址", 300),
    "legal_representative": ("法定代表人/负责人/经营者", 100),
}


def _text(values: Mapping[str, Any], field: str) -> str:
    return str(values.get(field) or "").strip()


def _check_text(values: Mapping[str, Any], cleaned: dict, errors: dict[str, str]) -> None:
    for field, (label, limit) in MAX_LENGTHS.items():
        text = _text(values, field)
        if len(text) > limit:
            errors[field] = f"{label}不能超过 {limit} 个字，实际为 {len(text)} 个字"
        cleaned[field] = text
    if not cleaned["name"]:
        errors.setdefault("name", "名称/姓名不能为空")


def _check_identifier(
    values: Mapping[str, Any], cleaned: dict, errors: dict[str, str], today: date | None
) -> None:
    kind, id_type = cleaned["kind"], _text(values, "id_type")
    cleaned["id_type"] = id_type
    if id_type not in IdType.values:
        errors["id_type"] = "请选择证件类型" if not id_type else f"证件类型「{id_type}」无效"
        return
    if kind in ID_TYPES_FOR_KIND and id_type not in ID_TYPES_FOR_KIND[kind]:
        errors["id_type"] = KIND_ID_TYPE_MESSAGES[kind]
        return
    try:
        cleaned["id_number"] = validate_identifier(id_type, _text(values, "id_number"), today=today)
    except ValidationError as exc:
        errors["id_number"] = exc.messages[0]
        return
    cleaned.update(derived_fields(kind, id_type, cleaned["id_number"]))


def _check_representative(
    values: Mapping[str, Any], cleaned: dict, errors: dict[str, str], today: date | None
) -> None:
    number = _text(values, "legal_representative_id_number")
    cleaned["legal_representative_id_number"] = ""
    if cleaned["kind"] == PartyKind.PERSON:
        if cleaned["legal_representative"]:
            errors["legal_representative"] = "自然人无需填写法定代表人/经营者"
        if number:
            errors["legal_representative_id_number"] = "自然人无需填写法定代表人身份证号码"
        return
    if number:
        try:
            cleaned["legal_representative_id_number"] = validate_resident_id(number, today=today)
        except ValidationError as exc:
            errors["legal_representative_id_number"] = exc.messages[0]


def check_party(
    values: Mapping[str, Any], *, today: date | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Every rule on a party's fields at once: the cleaned values (with the derived
    ``identity_index`` and ``birth_date``) and a Chinese message per wrong field. Forms show all
    messages; actions refuse on the first."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    kind = _text(values, "kind")
    cleaned["kind"] = kind
    if kind not in PartyKind.values:
        errors["kind"] = "请选择当事人类别" if not kind else f"当事人类别「{kind}」无效"
    _check_text(values, cleaned, errors)
    _check_identifier(values, cleaned, errors, today)
    try:
        cleaned["phone"] = validate_phone(_text(values, "phone"))
    except ValidationError as exc:
        errors["phone"] = exc.messages[0]
    _check_representative(values, cleaned, errors, today)
    street = values.get("street")
    is_street = isinstance(street, OrgUnit) and street.kind == OrgUnitKind.STREET
    if street is not None and not is_street:
        errors["street"] = f"「{street}」不是街道，请选择当事人所在街道"
    cleaned["street"] = street
    return cleaned, errors


def _checked(values: Mapping[str, Any]) -> dict[str, Any]:
    cleaned, errors = check_party(values)
    for field in PARTY_FIELDS:
        if field in errors:
            raise InvalidInput("invalid", errors[field], field=field)
    return cleaned


def duplicate_of(id_type: str, id_number: str, *, exclude_pk: int | None = None) -> Party | None:
    """The party already registered under this (valid, normalised) identifier, if any: its blind
    index under every configured key, so a row not yet re-indexed after a key change is found."""
    keys = identity_indexes(id_type, canonical_identifier(id_type, id_number))
    rows = Party.objects.filter(id_type=id_type, identity_index__in=keys)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return rows.first()


def duplicate_error(existing: Party) -> DomainError:
    label = IdType(existing.id_type).label
    return DomainError(
        "duplicate_party",
        f"该{label}号码已登记为当事人「{existing.name}」(编号 {existing.pk})，请勿重复登记",
        field="id_number",
    )


def _scoped_street(actor: User | None, street: OrgUnit | None) -> OrgUnit | None:
    """A street officer registers parties of its own street only (else they would vanish from
    its own list): the street defaults to its own, another one is refused."""
    if actor is None:
        return street
    scope = street_scope(actor)
    if scope is None:
        return street
    if scope == NO_STREET:
        raise NotAllowed("no_street", "您的账号未设置所属街道，不能登记当事人", field="street")
    if street is None:
        return OrgUnit.objects.get(pk=scope, kind=OrgUnitKind.STREET)
    if street.pk != scope:
        raise NotAllowed("other_street", "只能登记本街道的当事人", field="street")
    return street


def register_party(
    *,
    kind: str,
    name: str,
    id_type: str,
    id_number: str,
    phone: str = "",
    address: str = "",
    legal_representative: str = "",
    legal_representative_id_number: str = "",
    street: OrgUnit | None = None,
    actor: User | None,
) -> Party:
    """登记当事人. ``actor`` None only for system jobs (demo data, imports)."""
    if actor is not None and not access.can_register_parties(actor):
        raise NotAllowed("forbidden", "您的角色不能登记当事人")
    values = {
        "kind": kind,
        "name": name,
        "id_type": id_type,
        "id_number": id_number,
        "phone": phone,
        "address": address,
        "legal_representative": legal_representative,
        "legal_representative_id_number": legal_representative_id_number,
        "street": _scoped_street(actor, street),
    }
    cleaned = _checked(values)
    with transaction.atomic():
        existing = duplicate_of(cleaned["id_type"], cleaned["id_number"])
        if existing:
            raise duplicate_error(existing)
        try:
            with transaction.atomic():
                party = Party.objects.create(**cleaned)
        except IntegrityError:
            # Registered by someone else between our check and our insert.
            existing = duplicate_of(cleaned["id_type"], cleaned["id_number"])
            if existing:
                raise duplicate_error(existing) from None
            raise
        PartyChange.objects.create(party=party, kind=PartyChange.Kind.REGISTERED, actor=actor)
    return party


def update_party(party: Party, *, actor: User | None, **fields: Any) -> Party:
    """Correct a party's data. Only the fields given change; the rules are those of
    ``register_party`` applied to the result."""
    unknown = set(fields) - set(PARTY_FIELDS)
    if unknown:
        raise TypeError(f"update_party() got unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = Party.objects.select_for_update().get(pk=party.pk)
        if actor is not None and not access.can_edit_party(actor, locked):
            raise NotAllowed("forbidden", "您不能修改该当事人的信息")
        values: dict[str, Any] = {f: getattr(locked, f) for f in PARTY_FIELDS}
        values.update(fields)
        if "street" in fields:
            values["street"] = _scoped_street(actor, fields["street"])
        cleaned = _checked(values)
        changed = [f for f, v in cleaned.items() if getattr(locked, f) != v]
        if not set(changed) - DERIVED_FIELDS:  # at most re-indexed under a new key: no change
            return locked
        existing = duplicate_of(cleaned["id_type"], cleaned["id_number"], exclude_pk=locked.pk)
        if existing:
            raise duplicate_error(existing)
        for f in changed:
            setattr(locked, f, cleaned[f])
        try:
            with transaction.atomic():
                locked.save(update_fields=[*changed, "updated_at"])
        except IntegrityError:
            existing = duplicate_of(cleaned["id_type"], cleaned["id_number"], exclude_pk=locked.pk)
            if existing:
                raise duplicate_error(existing) from None
            raise
        PartyChange.objects.create(
            party=locked,
            kind=PartyChange.Kind.UPDATED,
            fields=[f for f in changed if f not in DERIVED_FIELDS],
            actor=actor,
        )
    return locked


def find_party(id_type: str, id_number: str) -> Party | None:
    """The party registered under this identifier (a 15-digit resident ID finds the party
    registered under its 18-digit form and vice versa); None also for an invalid number."""
    try:
        number = validate_identifier(id_type, id_number)
    except ValidationError:
        return None
    keys = identity_indexes(id_type, canonical_identifier(id_type, number))
    rows = Party.objects.filter(id_type=id_type, identity_index__in=keys)
    return rows.select_related("street").first()
