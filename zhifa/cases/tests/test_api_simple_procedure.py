"""The simple procedure (简易程序) on the spot through the API (行政处罚法 Arts 51–53, 68):
with and without on-the-spot collection, filed with the bureau, closed and archived."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhifa.cases.audit import verify_case
from zhifa.cases.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_the_spot(api, handler, handler2, items, citizen, east_street):
    """POST /on-the-spot as ``handler`` with ``handler2`` as the second officer."""
    client = api(handler)

    def decide(expect: int = 201, **fields: object) -> dict:
        data = {
            "co_handler_id": handler2.officer.pk,
            "violation_code": items["spit"].code,
            "party_id": citizen.pk,
            "facts": "在人民路地铁站口随地吐痰",
            "place": "人民路地铁站口",
            "street_id": east_street.pk,
            "penalty_kinds": ["fine"],
            "fine": "50.00",
            "on": "2026-03-02",
            "files": [SimpleUploadedFile("现场.jpg", b"\xff\xd8\xff\xe0 spot photo", "image/jpeg")],
        } | fields
        return client.upload("on-the-spot", data, expect=expect)

    return decide


def test_it_decides_and_collects_on_the_spot_then_files_closes_and_archives(
    on_the_spot, api, handler, leader, frozen
):
    """Art 68: collection on the spot up to ¥100; the decision is filed (Art 52 ¶3)."""
    decision = on_the_spot(collect_on_spot="true")
    case = decision["case"]
    assert (case["procedure"], case["status"], case["paid"]) == ("simple", "performed", "50.00")
    assert (decision["on_the_spot"], decision["collected_on_spot"]) == (True, True)
    assert "应当先申请行政复议" in decision["remedy_notice"]  # 行政复议法 Art 23
    officer = api(handler)
    events = officer.get(f"{case['id']}/events")
    assert [e["kind"] for e in events] == ["decide_on_the_spot", "collect_on_the_spot"]
    assert events[0]["evidence"][0]["name"] == "现场.jpg"
    clocks = {c["kind"]: c for c in officer.get(f"{case['id']}/deadlines")}
    assert clocks["cash_handover"]["due_on"] == "2026-03-04"  # 2 working days (Art 71)

    boss = api(leader)
    filed = boss.post(f"{case['id']}/simple-filing", {"on": "2026-03-03"})
    assert filed["filed_with_bureau_on"] == "2026-03-03"
    boss.post(f"{case['id']}/close", {"on": "2026-03-03", "version": filed["case"]["version"]})
    archived = boss.post(f"{case['id']}/archive", {"on": "2026-03-03"})
    assert archived["status"] == "archived"
    assert verify_case(Case.objects.get(pk=case["id"])) is None


def test_it_decides_on_the_spot_and_the_party_pays_within_15_days(
    on_the_spot, api, handler, leader, frozen
):
    decision = on_the_spot()
    case = decision["case"]
    assert (case["status"], case["served_on"], case["payment_due"]) == (
        "served",
        "2026-03-02",
        "2026-03-17",
    )
    officer = api(handler)
    frozen.move_to("2026-03-17 10:00 +0800")
    assert officer.get(str(case["id"]))["owed"]["total_owed"] == "50.00"
    paid = officer.post(
        f"{case['id']}/payments",
        {"amount": "50.00", "paid_on": "2026-03-17", "channel": "online"},
        expect=201,
    )
    assert paid["case"]["status"] == "performed"
    boss = api(leader)
    boss.post(f"{case['id']}/simple-filing", {"on": "2026-03-06"})
    boss.post(f"{case['id']}/close", {"on": "2026-03-18"})
    assert boss.post(f"{case['id']}/archive", {"on": "2026-03-18"})["status"] == "archived"
    assert verify_case(Case.objects.get(pk=case["id"])) is None


def test_a_warning_alone_is_performed_when_given(on_the_spot, frozen):
    case = on_the_spot(penalty_kinds=["warning"], fine="")["case"]
    assert (case["status"], case["fine"], case["payment_due"]) == ("performed", None, None)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"fine": "201.00", "violation_code": "DL-002"}, "simple_above_simple_limit"),
        (
            {"fine": "200.00", "serious_facts": "经劝阻拒不改正", "collect_on_spot": "true"},
            "collection_not_allowed",
        ),
    ],
)
def test_it_refuses_beyond_the_limits_of_the_simple_procedure_and_writes_nothing(
    on_the_spot, frozen, fields, code
):
    """Art 51: ≤ ¥200 for a person; Art 68: collection on the spot ≤ ¥100."""
    refused = on_the_spot(expect=409, **fields)
    assert refused["code"] == code
    assert refused["message"]
    assert not Case.objects.exists()
