"""One penalty record for the credit platform (双公示, 行政处罚信息) with the data items of
rules.md §4.4, in the organisation or the natural-person layout, and its validation.

The official NDRC standard was not found (❌ UNVERIFIED, rules.md §10 item 4): the codes below are
those the public implementations share; ``CZLX`` (操作类型) is this system's column for the
add / update / withdrawal of a record already sent. Amounts are in 万元 with six decimals (exact
to the fen). Unlike the portal, the natural-person layout carries the 证件号码 whole: the credit
platform identifies the party by it (it is not shown on any public page here). 违法事实 is the
portal's facts-in-brief, because credit sites display it publicly."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from zhifa.disclosure.build import shows_as_organisation
from zhifa.disclosure.models import Publication
from zhifa.law.choices import PenaltyKind
from zhifa.parties.choices import IdType, PartyKind

ORGANISATION = "organisation"
PERSON = "person"
WAN = Decimal(10000)
SIX = Decimal("0.000001")

PARTY_CATEGORY = {  # 行政相对人类别 (value list ❌ UNVERIFIED)
    PartyKind.ORGANISATION: "法人及非法人组织",
    PartyKind.SOLE_TRADER: "个体工商户",
    PartyKind.PERSON: "自然人",
}

# (code, label, required) — the items of §4.4 that both layouts share, in order.
COMMON: tuple[tuple[str, str, bool], ...] = (
    ("CF_WSH", "行政处罚决定书文号", True),
    ("CF_WFXW", "违法行为类型", True),
    ("CF_SY", "违法事实", True),
    ("CF_YJ", "处罚依据", True),
    ("CF_CFLB", "处罚类别", True),
    ("CF_NR", "处罚内容", True),
    ("CF_NR_FK", "罚款金额(万元)", False),
    ("CF_NR_WFFF", "没收违法所得、没收非法财物的金额(万元)", False),
    ("CF_NR_ZKDX", "暂扣或吊销证照名称及编号", False),
    ("CF_JDRQ", "处罚决定日期", True),
    ("CF_YXQ", "处罚有效期", True),
    ("CF_GSJZQ", "公示截止期", False),
    ("CF_CFJG", "处罚机关", True),
    ("CF_CFJGDM", "处罚机关统一社会信用代码", True),
    ("CF_SJLY", "数据来源单位", True),
    ("CF_SJLYDM", "数据来源单位统一社会信用代码", True),
    ("BZ", "备注", False),
    ("CZLX", "操作类型", True),
)
# An organisation needs an identifier (normally the credit code: §4.4 interpretation).
ORGANISATION_PARTY: tuple[tuple[str, str, bool], ...] = (
    ("CF_XDR_MC", "行政相对人名称", True),
    ("CF_XDR_LB", "行政相对人类别", True),
    ("CF_XDR_SHXYM", "统一社会信用代码", True),
    ("CF_XDR_GSZC", "工商注册号", False),
    ("CF_XDR_ZZJG", "组织机构代码", False),
    ("CF_XDR_SWDJ", "税务登记号", False),
    ("CF_XDR_SYDW", "事业单位证书号", False),
    ("CF_XDR_SHZZ", "社会组织登记证号", False),
    ("CF_FDDB", "法定代表人", False),
    ("CF_FR_SFZH", "法定代表人身份证号", False),
)
# A natural person needs the document type and number (§4.4 interpretation).
PERSON_PARTY: tuple[tuple[str, str, bool], ...] = (
    ("CF_XDR_MC", "行政相对人名称", True),
    ("CF_XDR_LB", "行政相对人类别", True),
    ("CF_XDR_ZJLX", "证件类型", True),
    ("CF_XDR_ZJHM", "证件号码", True),
)
LAYOUTS = {ORGANISATION: ORGANISATION_PARTY + COMMON, PERSON: PERSON_PARTY + COMMON}
# Items that identify the record's content (a change in any of them is re-sent).
NOT_CONTENT = frozenset({"CZLX", "BZ"})


@dataclass
class CreditRecord:
    publication_id: int
    number: str
    layout: str
    fields: dict[str, str]
    problems: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems

    def digest(self) -> str:
        content = {k: v for k, v in self.fields.items() if k not in NOT_CONTENT}
        text = json.dumps([self.layout, content], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


def wan(amount: Decimal | None) -> str:
    """Yuan → 万元 with six decimals (exact for amounts in fen)."""
    if amount is None:
        return ""
    return str((Decimal(amount) / WAN).quantize(SIX))


def _party_fields(publication: Publication) -> tuple[str, dict[str, str]]:
    party = publication.party
    if party is None:
        return ORGANISATION, {"CF_XDR_MC": "", "CF_XDR_LB": ""}
    category = PARTY_CATEGORY.get(party.kind, "")  # type: ignore[call-overload]
    if shows_as_organisation(party):
        return ORGANISATION, {
            "CF_XDR_MC": party.name,
            "CF_XDR_LB": category,
            "CF_XDR_SHXYM": party.id_number if party.id_type == IdType.USCC else "",
            "CF_FDDB": party.legal_representative,
            "CF_FR_SFZH": party.legal_representative_id_number,
        }
    # A natural person, or a sole trader known by the operator's resident ID.
    return PERSON, {
        "CF_XDR_MC": party.name,
        "CF_XDR_LB": category,
        "CF_XDR_ZJLX": IdType(party.id_type).label if party.id_type in IdType.values else "",
        "CF_XDR_ZJHM": party.id_number,
    }


def build(publication: Publication, operation_label: str, note: str = "") -> CreditRecord:
    """The record of ``publication`` (its party, case and decision loaded by the caller)."""
    layout, party = _party_fields(publication)
    kinds = publication.decision.penalty_kinds or []
    values = party | {
        "CF_WSH": publication.number,
        "CF_WFXW": publication.violation_name,
        "CF_SY": publication.facts_brief,
        "CF_YJ": publication.penalty_provision,
        "CF_CFLB": publication.penalty_kinds,
        "CF_NR": publication.penalty_content,
        "CF_NR_FK": wan(publication.fine) if PenaltyKind.FINE in kinds else "",
        "CF_JDRQ": publication.decided_on.isoformat(),
        "CF_YXQ": publication.display_until.isoformat(),
        "CF_GSJZQ": publication.display_until.isoformat(),
        "CF_CFJG": settings.ZHIFA_BUREAU_NAME,
        "CF_CFJGDM": settings.ZHIFA_BUREAU_USCC,
        "CF_SJLY": settings.ZHIFA_BUREAU_NAME,
        "CF_SJLYDM": settings.ZHIFA_BUREAU_USCC,
        "BZ": note,
        "CZLX": operation_label,
    }
    fields = {code: (values.get(code) or "").strip() for code, _, _ in LAYOUTS[layout]}
    record = CreditRecord(publication.pk, publication.number, layout, fields)
    record.problems = problems(record, fine_required=PenaltyKind.FINE in kinds)
    return record


def problems(record: CreditRecord, *, fine_required: bool) -> list[str]:
    """Every required item (必填) that is empty, named by its label and code."""
    missing = [
        f"缺少{label} ({code})"
        for code, label, required in LAYOUTS[record.layout]
        if required and not record.fields.get(code)
    ]
    if fine_required and not record.fields.get("CF_NR_FK"):
        missing.append("处罚类别含罚款但缺少罚款金额 (CF_NR_FK)")
    return missing
