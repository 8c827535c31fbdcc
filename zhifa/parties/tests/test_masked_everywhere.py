"""Least privilege for personal data (GB/T 22239-2019 8.1.4.2; docs/adr/0012): auxiliary staff
see a natural person's ID number, phone and address masked on the pages, so they get them
masked in every API response and export too. Each test reads the raw bytes of one surface and
looks for the raw values."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from openpyxl import load_workbook

from zhifa.cases import actions
from zhifa.cases.record import Place
from zhifa.cases.tests.conftest import company, flow, items  # noqa: F401  (fixtures)
from zhifa.delivery import actions as delivery
from zhifa.delivery.tests.conftest import decided_with_decision
from zhifa.parties.masking import mask_address
from zhifa.parties.tests.conftest import ID18
from zhifa.security.choices import EventKind
from zhifa.security.models import SecurityEvent
from zhifa.testing import parties as pf

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
ADDRESS = "北京市东城区东华门街道南池子大街1号"
SECRETS = (ID18, PHONE, ADDRESS, "南池子")
LODGED_AT = "示范区人民路12号3单元501室"


def plain(body: bytes) -> str:
    """The text of a response or an export, JSON's \\u escapes undone."""
    text = body.decode()
    try:
        return json.dumps(json.loads(text), ensure_ascii=False)
    except json.JSONDecodeError:  # JSONL, HTML
        return text


def assert_no_secret(body: bytes, secrets: tuple[str, ...] = SECRETS) -> None:
    for text in (body.decode(), plain(body)):
        for secret in secrets:
            assert secret not in text


@pytest.fixture
def clock():
    with time_machine.travel("2026-03-16 17:00 +0800", tick=False) as traveller:
        yield traveller


@pytest.fixture
def spot_case(handler, handler2, items, east_street, clock, quick_pdf):  # noqa: F811
    """An on-the-spot decision against a natural person whose data the test knows."""
    person = pf.person(
        name="王小明", id_number=ID18, phone=PHONE, address=ADDRESS, street=east_street
    )
    made = actions.decide_on_the_spot(
        actor=handler.user, co_handler=handler2.officer, violation_item=items["spit"],
        party=person, facts="在地铁站口随地吐痰", place=Place("人民路地铁站口"),
        street=east_street, act_on=date(2026, 3, 15),
        penalty_kinds=["fine"], fine=Decimal("50"), party_signed=True, on=date(2026, 3, 16),
    )  # fmt: skip
    return made.case


@pytest.fixture
def lodged(flow, clock, quick_pdf):  # noqa: F811
    """A decision served by lodging (留置送达) at the party's residence."""
    case, doc = decided_with_decision(flow)
    delivery.serve_by_lodging(
        doc,
        actor=flow.handler.user,
        served_on=date(2026, 3, 16),
        address=LODGED_AT,
        refusal_note="当事人拒绝签收",
        witnesses=["社区干部李四"],
    )
    return case


def test_the_case_api_detail_is_masked(auxiliary, handler, spot_case):
    url = f"/api/v1/cases/{spot_case.pk}"
    masked = auxiliary.client().get(url)
    assert masked.status_code == 200
    assert masked.json()["party"]["masked"] is True
    assert_no_secret(masked.content)
    whole = handler.client().get(url).json()["party"]
    assert (whole["id_number"], whole["phone"], whole["address"]) == (ID18, PHONE, ADDRESS)


def test_the_case_api_record_is_masked(auxiliary, handler, lodged):
    url = f"/api/v1/cases/{lodged.pk}/events"
    masked = auxiliary.client().get(url)
    assert masked.status_code == 200
    assert_no_secret(masked.content, (LODGED_AT, "3单元501室"))
    served = [e for e in masked.json() if e["kind"] == "service_completed"]
    assert served[-1]["payload"]["address"] == mask_address(LODGED_AT)
    assert LODGED_AT in plain(handler.client().get(url).content)


def test_the_delivery_api_is_masked(auxiliary, handler, lodged):
    url = f"/api/v1/delivery/cases/{lodged.pk}/services"
    masked = auxiliary.client().get(url)
    assert masked.status_code == 200
    assert_no_secret(masked.content, (LODGED_AT, "3单元501室"))
    assert LODGED_AT in plain(handler.client().get(url).content)


def test_the_parties_api_is_masked(auxiliary, spot_case):
    for url in ("/api/v1/parties/", f"/api/v1/parties/{spot_case.party_id}"):
        response = auxiliary.client().get(url)
        assert response.status_code == 200
        assert_no_secret(response.content)


def test_the_case_export_holds_no_personal_data_and_is_recorded(
    spot_case, lodged, tmp_path, django_capture_on_commit_callbacks
):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("export", "cases", "--format", "jsonl", stdout=out, stderr=StringIO())
    assert SecurityEvent.objects.filter(kind=EventKind.DATA_EXPORTED).count() == 1
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {r["number"] for r in rows} == {spot_case.number, lodged.number}
    assert_no_secret(out.getvalue().encode(), (*SECRETS, LODGED_AT, spot_case.party.name))
    sheet = tmp_path / "cases.xlsx"
    call_command("export", "cases", "--format", "xlsx", "--out", str(sheet), stderr=StringIO())
    cells = [str(c) for ws in load_workbook(sheet) for row in ws.values for c in row]
    assert spot_case.number in cells
    assert_no_secret("\n".join(cells).encode(), (*SECRETS, LODGED_AT))
