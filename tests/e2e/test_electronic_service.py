"""Electronic service end to end, the party on a phone: a leader decides, a handler issues the
行政处罚决定书, records the party's 送达地址确认书 and starts electronic service at a desk; the
party opens the link from the SMS (the ``file`` sender), enters the code, reads the decision —
the service time is recorded (行政处罚法 Art 61 ¶2; 民事诉讼法 Art 90: arrival in the recipient's
system) and the 15 days to pay start (Art 67). Screenshots: test-artifacts/delivery-*.png."""

from __future__ import annotations

import json
import random
import re
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from tests.e2e.conftest import second_factor, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = "13912345678"


@pytest.fixture
def district(db, settings, tmp_path, live_server) -> Path:
    """The demo district (catalog, people, parties); SMS written to a file the test reads;
    links sent to the party point at the live server. Periods running into a year without a
    holiday schedule are computed on weekends only (provisional), so any date works."""
    settings.ZHIFA_LOCAL_RULES = {
        **settings.ZHIFA_LOCAL_RULES,
        "CALENDAR_UNCOVERED_YEAR": "provisional",
    }
    outbox = tmp_path / "outbox"
    settings.ZHIFA_DELIVERY = {
        **settings.ZHIFA_DELIVERY,
        "SMS_BACKEND": "file",
        "OUTBOX_DIR": outbox,
    }
    settings.ZHIFA_PUBLIC_BASE_URL = live_server.url
    from zhifa.demo.generators import district as people
    from zhifa.demo.generators import parties
    from zhifa.law.catalog_io import load_default_catalog
    from zhifa.org.choices import OrgUnitKind
    from zhifa.org.models import OrgUnit

    load_default_catalog()
    units = people.build_units()
    people.build_people(random.Random(7), timezone.localdate(), units)
    streets = list(OrgUnit.objects.filter(kind=OrgUnitKind.STREET).order_by("code"))
    parties.build_parties(random.Random(7), streets)
    return outbox / "sms.log"


def persona(username: str) -> SimpleNamespace:
    from zhifa.org.models import Officer, User

    user = User.objects.get(username=username)
    return SimpleNamespace(user=user, officer=Officer.objects.filter(user=user).first())


def reviewed_case():  # type: ignore[no-untyped-def]
    """A general-procedure case (擅自挖掘城市道路, ¥5,000) walked to the leader's desk."""
    from zhifa.cases.tests.conftest import Flow
    from zhifa.law.models import ViolationItem
    from zhifa.parties.models import Party

    company = Party.objects.filter(kind="organisation").order_by("id").first()
    assert company is not None
    assert company.street is not None
    flow = Flow(
        handler=persona("handler"),
        handler2=persona("handler2"),
        leader=persona("leader"),
        reviewer=persona("reviewer"),
        item=ViolationItem.objects.get(code="DL-002"),
        party=company,
        street=company.street,
        day=timezone.localdate() - timedelta(days=14),
    )
    flow.reviewed()
    return flow


def login(page, live_server, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", django_settings.ZHIFA_DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    second_factor(page)


def sms(path: Path) -> list[str]:
    return [json.loads(line)["text"] for line in path.read_text("utf-8").splitlines()]


def test_the_party_reads_the_decision_on_a_phone_and_is_served(phone, desk, live_server, district):
    from zhifa.cases import actions as case_actions
    from zhifa.cases.choices import CaseStatus
    from zhifa.delivery.models import Service, ServiceAccess
    from zhifa.delivery.tests.conftest import PNG as PNG_1PX
    from zhifa.documents.actions import capture_signature, issue_document
    from zhifa.documents.choices import DocumentKind

    flow = reviewed_case()
    today = timezone.localdate()
    # The leader decides; a handler issues the 行政处罚决定书.
    case_actions.decide(flow.case, actor=flow.leader.user, on=today)
    case = flow.refresh()
    decision = issue_document(case, DocumentKind.PENALTY_DECISION, actor=flow.handler.user)
    # The party signs the 确认书 on the handler's tablet (行政处罚法 Art 61 ¶2: signed consent).
    signature = capture_signature(
        case,
        actor=flow.handler.user,
        kind=DocumentKind.SERVICE_ADDRESS,
        role="party",
        name=case.party.name,
        png=PNG_1PX,
    )

    # At a desk the handler records the signed 送达地址确认书 and starts electronic service.
    login(desk, live_server, "handler")
    desk.goto(f"{live_server.url}/delivery/case/{case.pk}/")
    assert decision.number in desk.locator("#services").inner_text()
    desk.click("#record-consent")
    desk.check("#id_electronic")
    desk.fill("#id_phone", PHONE)
    desk.select_option("#id_signature", str(signature.pk))
    desk.click("#save-consent")
    desk.wait_for_load_state("networkidle")
    assert "已登记送达地址确认书" in desk.locator(".messages").inner_text()
    desk.click(f"#doc-{decision.pk} >> a[data-mode=electronic]")
    desk.select_option("#id_channel", "sms")
    desk.click("#serve")
    desk.wait_for_load_state("networkidle")
    assert "已向当事人发送查收链接" in desk.locator(".messages").inner_text()
    desk.evaluate("window.scrollTo(0, 0)")
    shot(desk, "delivery-staff-started-desk")

    # The party opens the link from the SMS on its phone.
    text = sms(district)[-1]
    link = re.search(r"(https?://\S+/p/[A-Za-z0-9_-]+)", text)
    assert link is not None, text
    phone.goto(link.group(1))
    assert phone.locator("h1").inner_text() == "查收执法文书"
    assert "139****5678" in phone.locator("#verify").inner_text()
    phone.click("#send-code")
    phone.wait_for_load_state("networkidle")
    code = re.search(r"验证码为 (\d{6})", sms(district)[-1])
    assert code is not None
    phone.fill("#id_code", code.group(1))
    shot(phone, "delivery-party-code-phone")
    phone.click("#confirm")
    phone.wait_for_load_state("networkidle")

    # The list of documents: the decision awaits; the full ID number is never shown.
    assert phone.locator("h1").inner_text() == "我的执法文书"
    assert "待查收" in phone.locator("#documents").inner_text()
    assert case.party.id_number not in phone.content()
    shot(phone, "delivery-party-documents-phone")
    service = Service.objects.get(document=decision)
    assert service.served_at is None

    # Reading the decision serves it.
    phone.click(f"#doc-{decision.pk}")
    phone.wait_for_load_state("networkidle")
    assert "送达 (电子送达)" in phone.locator("#served-notice").inner_text()
    assert phone.locator("#pages img").count() == decision.pages
    width = phone.locator("#pages img").first.evaluate("e => e.naturalWidth")
    assert width > 390
    shot(phone, "delivery-party-decision-phone")
    service.refresh_from_db()
    case.refresh_from_db()
    assert service.served_at is not None
    assert service.reached_at == service.served_at
    assert case.status == CaseStatus.SERVED
    assert case.served_on == timezone.localdate(service.served_at)
    assert case.payment_due is not None

    # What the party owes today, and how to pay.
    phone.click("text=返回文书列表")
    phone.wait_for_load_state("networkidle")
    owed = phone.locator("#owed").inner_text()
    assert "¥5,000" in owed
    assert "缴款方式" in owed
    phone.locator("#owed").scroll_into_view_if_needed()
    shot(phone, "delivery-party-owed-phone")
    assert ServiceAccess.objects.filter(case=case).count() >= 6

    # The handler sees the time the decision reached the party.
    desk.goto(f"{live_server.url}/delivery/case/{case.pk}/")
    assert "文书到达当事人页面" in desk.locator(f"#doc-{decision.pk}").inner_text()
    shot(desk, "delivery-staff-served-desk")
