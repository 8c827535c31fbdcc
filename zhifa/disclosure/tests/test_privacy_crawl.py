"""Done-when of issue 5: crawl every public page and public API response of the demo district
(``zhifa demo --seed 7``: a year of ~540 cases through the real actions, plus decisions made
here: an on-the-spot one whose case file names the person with ID number and phone, and a
revoked one) and find no unmasked resident ID number, phone number or personal address, no
natural person's full name, and no internal-only field or text (行政处罚法 Art 50;
政府信息公开条例 Art 15; style.md: public pages through an explicit allow-list).

Slow (the demo takes about a minute): one test builds it once, crawls it, and checks that the
credit export of the demo year validates."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import time_machine
from django.core.management import call_command
from django.test import Client

from zhifa.cases import actions as case_actions
from zhifa.cases.models import Case, Proposal, Transcript
from zhifa.cases.record import Place
from zhifa.disclosure.credit import batches
from zhifa.disclosure.models import Publication
from zhifa.disclosure.public import PUBLIC_FIELDS
from zhifa.disclosure.tests.conftest import at, remedy_result, run_job
from zhifa.law.models import ViolationItem
from zhifa.org.models import Officer, OrgUnit, User
from zhifa.parties.choices import IdType, PartyKind
from zhifa.parties.identifiers import resident_id_check_digit
from zhifa.parties.models import Party

TODAY = date(2026, 1, 20)
ID18 = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
ID15 = re.compile(r"(?<![0-9A-Za-z])(\d{15})(?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
LABELLED = re.compile(
    r"(身份证号码|身份证号|证件号码|手机号?|联系电话|电话|住址|住所|家庭地址)\s*[：:]\s*\S"
)
INTERNAL_WORDS = (
    "应公示日期",
    "逾期公示",
    "失信程度",
    "不予公示理由",
    "案件编号",
    "承办人",
    "缴款期限",
)
INTERNAL_KEYS = {"due_on", "severity", "skip_reason", "case", "case_id", "party_id", "decision_id"}


def _valid_resident_id(value: str) -> bool:
    return resident_id_check_digit(value[:17]) == value[17].upper()


def _extra_decisions() -> None:
    """An on-the-spot decision whose facts name the person with ID and phone, and a revoked one."""
    handler = User.objects.get(username="handler")
    co = Officer.objects.get(user__username="handler2")
    person = Party.objects.filter(kind=PartyKind.PERSON).order_by("id").first()
    assert person is not None
    street = OrgUnit.objects.filter(kind="street").order_by("code").first()
    case_actions.decide_on_the_spot(
        actor=handler,
        co_handler=co,
        violation_item=ViolationItem.objects.get(code="SR-001"),
        party=person,
        facts=f"当事人{person.name}(身份证号码：{person.id_number}，手机：{person.phone}，"
        f"住址：{person.address})在人民路随地吐痰",
        place=Place(person.address),
        street=street,
        penalty_kinds=["fine"],
        fine=Decimal("50"),
    )
    run_job(TODAY)
    shown = Publication.objects.filter(
        status="published", case__status__in=["served", "performed"], decision__replaced_by=None
    ).order_by("id")
    target = shown.first()
    assert target is not None
    remedy_result(
        target.case,
        User.objects.get(username="leader"),
        result="revoked",
        applied_on=TODAY,
        decided_on=date(2026, 1, 21),
    )
    run_job(date(2026, 1, 22))
    assert Publication.objects.filter(status="withdrawn").exists()


def _public_urls(client: Client) -> list[str]:
    urls = ["/gongshi/", "/gongshi/shiqian/", "/gongshi/tongji/", "/gongshi/tongji/?year=2025"]
    urls += ["/gongshi/jueding/", "/catalog/"]
    urls += [f"/gongshi/jueding/?page={n}" for n in range(2, 8)]
    for pk in Publication.objects.values_list("pk", flat=True):  # shown or not: all are tried
        urls += [f"/gongshi/jueding/{pk}/", f"/api/v1/public/decisions/{pk}"]
    for street in OrgUnit.objects.filter(kind="street").values_list("pk", flat=True):
        urls += [f"/gongshi/jueding/?street={street}", f"/api/v1/public/decisions?street={street}"]
    for category in Publication.objects.values_list("category", flat=True).distinct():
        urls.append(f"/gongshi/jueding/?category={category}&from=2025-06-01&to=2025-06-30")
    urls += [f"/catalog/{code}/" for code in ViolationItem.objects.values_list("code", flat=True)]
    urls += [f"/api/v1/public/decisions?page={n}" for n in range(1, 8)]
    urls += ["/api/v1/public/statistics?year=2025", "/api/v1/public/statistics"]
    return urls


def _secrets() -> dict[str, set[str]]:
    persons = Party.objects.exclude(kind=PartyKind.ORGANISATION, id_type=IdType.USCC)
    natural = persons.exclude(kind=PartyKind.SOLE_TRADER, id_type=IdType.USCC)
    officers = set(Officer.objects.values_list("name", flat=True))
    # A licensed business's registered name is public registration data even when it contains
    # a person's name (e.g. "示范区陈晓便利店" with its credit code): not a leak.
    registered = list(Party.objects.filter(id_type=IdType.USCC).values_list("name", flat=True))
    officers |= {
        n for n in natural.values_list("name", flat=True) if any(n in r for r in registered)
    }
    return {
        "id": {
            v
            for v in Party.objects.exclude(id_type=IdType.USCC).values_list("id_number", flat=True)
        }
        | {v for v in Party.objects.values_list("legal_representative_id_number", flat=True) if v},
        "phone": {v for v in Party.objects.values_list("phone", flat=True) if v}
        | {v for v in Officer.objects.values_list("phone", flat=True) if v},
        "address": {v for v in natural.values_list("address", flat=True) if v},
        "name": {n for n in natural.values_list("name", flat=True) if len(n) >= 2} - officers,
        "internal": {f for f in Case.objects.values_list("facts", flat=True) if len(f) >= 12}
        | {f for f in Proposal.objects.values_list("findings", flat=True) if len(f) >= 12}
        | {t for t in Transcript.objects.values_list("content", flat=True) if len(t) >= 12}
        | set(Case.objects.values_list("number", flat=True)),
        "employee": set(Officer.objects.values_list("employee_number", flat=True)),
    }


def _leaks(url: str, body: str, secrets: dict[str, set[str]], codes: set[str]) -> list[str]:
    found = []
    for kind in ("id", "phone", "address", "internal", "employee"):
        found += [f"{kind}: {s[:30]}" for s in secrets[kind] if s in body]
    if "/jueding/" in url or "/decisions" in url:  # officers' names are public on 事前公开
        found += [f"name: {n}" for n in secrets["name"] if n in body]
    found += [
        f"ID-like: {m}" for m in ID18.findall(body) if m not in codes and _valid_resident_id(m)
    ]
    found += [f"ID15-like: {m}" for m in ID15.findall(body)]
    found += [f"mobile: {m}" for m in MOBILE.findall(body)]
    found += [f"labelled: {m.group(0)}" for m in LABELLED.finditer(body)]
    found += [f"internal word: {w}" for w in INTERNAL_WORDS if w in body]
    if url.startswith("/api/"):
        found += [f"internal key: {k}" for k in INTERNAL_KEYS if f'"{k}"' in body]
    return found


def test_no_personal_or_internal_data_on_any_public_page_of_the_demo_district(db, settings):
    settings.ZHIFA_PUBLIC_RATE_LIMIT = 0  # a crawler, not a visitor
    with time_machine.travel(at(TODAY, 9), tick=True):
        call_command("demo", "--seed", "7", stdout=open("/dev/null", "w"))  # noqa: SIM115
        _extra_decisions()
        assert Publication.objects.filter(status="published").count() > 300
        client = Client()
        secrets = _secrets()
        codes = set(Party.objects.filter(id_type=IdType.USCC).values_list("id_number", flat=True))
        leaks: dict[str, list[str]] = {}
        pages = 0
        for url in _public_urls(client):
            response = client.get(url)
            assert response.status_code in (200, 404), url
            body = response.content.decode()
            pages += response.status_code == 200
            found = _leaks(url, body, secrets, codes)
            if found:
                leaks[url] = found
        assert pages > 700
        assert leaks == {}
        _the_demo_year_exports_to_the_credit_platform()


def _the_demo_year_exports_to_the_credit_platform() -> None:
    """The credit export of the demo year validates: every record has its required items
    (rules.md §4.4) — checked on the same district to build the demo once."""
    result = batches.plan(date(2025, 1, 1), date(2025, 12, 31))
    shown = Publication.objects.filter(decided_on__year=2025, status__in=["published", "pending"])
    assert result.rejected == []
    assert sum(op == "add" for op, _ in result.sent) == shown.count() > 300
    assert {r.layout for _, r in result.sent} == {"organisation", "person"}


def test_the_public_api_returns_exactly_the_allow_list(db, anonymous):
    """A structural check beside the crawl: every key of a detail response is allow-listed."""
    assert "party_name" in PUBLIC_FIELDS
    assert not {"phone", "address", "id_number", "facts"} & set(PUBLIC_FIELDS)
    assert not set(PUBLIC_FIELDS) & INTERNAL_KEYS
    assert anonymous.get("/api/v1/public/decisions").json()["results"] == []
