"""The public fields of a penalty decision, built once when its Publication is created.

What is copied (118号 post-decision content, rules.md §4.1; §4.4 items): 文号, violation, facts
in brief, provisions, penalty, amount, date, agency, category, street, procedure, and the party:
an organisation's (or a licensed sole trader's) name and credit code; a natural person's name
masked (行政处罚法 Art 50; 政府信息公开条例 Art 15), never an ID number, phone or address.

The facts in brief are written from catalog text and dates, not copied from the case file, whose
free text may name people and places; every text field is also scrubbed of anything shaped like
a resident ID or a mobile number."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django.conf import settings

from zhifa.cases.models import Case, Decision
from zhifa.law.choices import NON_PENALTY_MEASURES, PenaltyKind
from zhifa.law.models import ViolationItem
from zhifa.parties.choices import IdType, PartyKind
from zhifa.parties.masking import mask_id_number, mask_name, mask_phone
from zhifa.parties.models import Party

_ID_NUMBER = re.compile(r"(?<!\d)(\d{17}[\dXx]|\d{15})(?!\d)")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")


_BRIGADE = re.compile(r"(综合)?(行政)?执法(大队|中队|队)$")


def place_name(street: str) -> str:
    """The street as a place: "光明街道综合执法大队" (the brigade's unit) → "光明街道"."""
    return _BRIGADE.sub("", street or "").strip()


def scrub(text: str) -> str:
    """Mask anything shaped like a resident ID (18 or 15 digits) or a mobile number."""
    text = _ID_NUMBER.sub(lambda m: mask_id_number(m.group(1)), text or "")
    return _MOBILE.sub(lambda m: mask_phone(m.group(1)), text)


def shows_as_organisation(party: Party) -> bool:
    """An organisation, or a sole trader (个体工商户) with a business credit code: its name and
    code are public registration data. A sole trader known only by the operator's resident ID is
    a natural person here (as in ``parties.presenters``)."""
    if party.kind == PartyKind.ORGANISATION:
        return True
    return party.kind == PartyKind.SOLE_TRADER and party.id_type == IdType.USCC


def public_party(party: Party | None) -> tuple[str, str, str]:
    """(kind, name as shown, credit code or "")."""
    if party is None:
        return "", "", ""
    if shows_as_organisation(party):
        return party.kind, party.name, party.id_number
    return party.kind, mask_name(party.name), ""


def _kind_label(kind: str) -> str:
    label = PenaltyKind(kind).label if kind in PenaltyKind.values else kind
    return label.replace("(非处罚措施)", "")


def penalty_kinds_text(kinds: list[str]) -> str:
    """处罚类别: the penalties only (Art 9), not the measures that accompany them (Art 28)."""
    return "、".join(_kind_label(k) for k in kinds if k not in NON_PENALTY_MEASURES)


def penalty_content(kinds: list[str], fine: Decimal | None) -> str:
    """处罚内容, e.g. "责令改正；罚款人民币5,000.00元"."""
    parts = []
    for kind in kinds:
        if kind == PenaltyKind.FINE and fine is not None:
            parts.append(f"罚款人民币{fine:,.2f}元")
        else:
            parts.append(_kind_label(kind))
    return "；".join(parts) or "—"


def facts_brief(case: Case, street_name: str) -> str:
    return brief(case.violation_item, case.act_on or case.found_on, street_name)


def brief(item: ViolationItem | None, when: date, street_name: str) -> str:
    """违法事实 in brief, from the catalog item, the day of the act and the street (the bulk
    demo's publications use it without a case object)."""
    name = item.name if item else "违法行为"
    where = f"在{street_name}辖区" if street_name else ""
    text = f"经查，当事人于{when.year}年{when.month}月{when.day}日{where}存在「{name}」的违法行为"
    if item and item.violated_provision:
        text += f"，违反了{item.violated_provision}的规定"
    return scrub(text + "。")


def public_fields(decision: Decision) -> dict[str, object]:
    """Every public column of the Publication of ``decision``."""
    case = decision.case
    item = case.violation_item
    street_name = place_name(case.street.name) if case.street else ""
    kind, name, code = public_party(case.party)
    kinds = list(decision.penalty_kinds or [])
    return {
        "number": decision.number,
        "violation_code": item.code if item else "",
        "violation_name": scrub(item.name if item else ""),
        "facts_brief": facts_brief(case, street_name),
        "violated_provision": scrub(item.violated_provision if item else ""),
        "penalty_provision": scrub(item.penalty_provision if item else ""),
        "penalty_kinds": penalty_kinds_text(kinds),
        "penalty_content": penalty_content(kinds, decision.fine),
        "fine": decision.fine,
        "decided_on": decision.decided_on,
        "agency": settings.ZHIFA_BUREAU_NAME,
        "category": case.category or (item.category if item else "other"),
        "street": case.street,
        "street_name": street_name,
        "procedure": case.procedure,
        "party_kind": kind or case.party_kind,
        "party_name": name,
        "party_code": code,
    }
