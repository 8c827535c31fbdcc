"""Electronic service (电子送达): 行政处罚法 Art 61 ¶2 — only with the party's consent and a signed
confirmation; 民事诉讼法 Art 90 — served when the document reaches the recipient's system (here:
first displayed on the party's page after the party confirmed a code)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from zhifa.cases.audit import verify_case
from zhifa.cases.choices import CaseStatus
from zhifa.cases.models import CaseEvent
from zhifa.core.errors import DomainError
from zhifa.delivery import actions
from zhifa.delivery.choices import AccessAction, ServiceStatus
from zhifa.delivery.models import PartyLink, Service, ServiceAccess
from zhifa.delivery.tests.conftest import EMAIL, PHONE, consent, decided_with_decision

pytestmark = pytest.mark.django_db


def test_it_refuses_electronic_service_without_a_signed_consent(flow, clock):
    """Art 61 ¶2: no 送达地址确认书 agreeing to electronic service → refused, nothing written."""
    _, doc = decided_with_decision(flow)
    with pytest.raises(DomainError) as refused:
        actions.start_electronic_service(doc, actor=flow.handler.user)
    assert refused.value.code == "no_consent"
    assert "第六十一条第二款" in refused.value.message
    assert not Service.objects.filter(document=doc).exists()


def test_it_refuses_when_the_party_did_not_agree_to_electronic_service(flow, clock):
    """A confirmation that says 不同意 (only an address) does not allow electronic service."""
    _, doc = decided_with_decision(flow)
    consent(flow, date(2026, 3, 16), electronic=False)
    with pytest.raises(DomainError) as refused:
        actions.start_electronic_service(doc, actor=flow.handler.user)
    assert refused.value.code == "no_consent"


def test_it_refuses_a_channel_the_party_did_not_consent_to(flow, clock):
    """The consent covers SMS to a phone; e-mail was not consented → refused (Art 61 ¶2)."""
    _, doc = decided_with_decision(flow)
    consent(flow, date(2026, 3, 16), phone=PHONE)
    with pytest.raises(DomainError) as refused:
        actions.start_electronic_service(doc, actor=flow.handler.user, channel="email")
    assert refused.value.code == "channel_not_consented"
    assert "电子邮件" in refused.value.message


def test_a_new_confirmation_supersedes_the_old_one(flow, clock):
    """地址或联系方式变更: the later 确认书 is the one in force (here: no more consent)."""
    _, doc = decided_with_decision(flow)
    consent(flow, date(2026, 3, 16))
    consent(flow, date(2026, 3, 16), electronic=False)
    with pytest.raises(DomainError):
        actions.start_electronic_service(doc, actor=flow.handler.user)


def test_the_consent_issues_a_numbered_confirmation_in_the_case(flow, clock):
    """送达地址确认书 is a numbered document of the case (its PDF is evidence in the record)."""
    flow.decided()
    row = consent(flow, date(2026, 3, 16), email=EMAIL)
    assert row.document is not None
    assert row.document.kind == "service_address"
    assert "送确字" in row.document.number
    assert row.covers("sms")
    assert row.covers("email")
    kinds = list(CaseEvent.objects.filter(case=flow.case).values_list("kind", flat=True))
    # its PDF is rendered in the consent's transaction, before the consent is recorded
    assert kinds[-3:] == ["issue_document", "document_rendered", "service_consent"]


def test_it_sends_a_one_time_link_and_stores_only_its_hash(sent, outbox):
    message = outbox.last()
    assert message["to"] == PHONE
    assert "行政处罚决定书" in message["text"]
    token = outbox.link_path().removeprefix("/p/")
    link = PartyLink.objects.get()
    assert token not in link.token_hash
    assert len(link.token_hash) == 64
    assert sent["service"].status == ServiceStatus.PENDING


def test_opening_the_link_does_not_serve_the_document(sent, party):
    """A link preview or a curious click is not service: the code comes first."""
    response = party.get(party.outbox.link_path())
    assert response.status_code == 200
    assert "获取验证码" in response.content.decode()
    sent["service"].refresh_from_db()
    assert sent["service"].status == ServiceStatus.PENDING


def test_a_document_not_rendered_yet_is_neither_shown_nor_served(sent, party, clock, monkeypatch):
    """民事诉讼法 Art 90: service is the document reaching the party. While its PDF cannot be
    rendered (still pending, or the render failed) the page says so and nothing is served."""
    from zhifa.delivery.actions import party as party_actions
    from zhifa.documents.models import Document

    monkeypatch.setattr(Document, "render_state", property(lambda self: "render_failed"))
    monkeypatch.setattr(party_actions, "render_pending", lambda ids: {})
    clock.move_to("2026-03-18 14:03:11 +0800")
    party.sign_in()
    doc = sent["document"]
    for path in (f"/p/doc/{doc.pk}/", f"/p/doc/{doc.pk}/pdf/"):
        page = party.get(path)
        assert page.status_code == 409
        assert "正在生成" in page.content.decode()
    service = Service.objects.get(document=doc)
    assert service.status == ServiceStatus.PENDING
    assert service.receipt is None
    sent["case"].refresh_from_db()
    assert sent["case"].status == CaseStatus.DECIDED


def test_the_party_confirms_and_the_first_display_is_the_service_time(sent, party, clock):
    """民事诉讼法 Art 90: the service date is the arrival in the recipient's system — the first
    display of the decision on the party's page: the case is SERVED and the 15 days to pay
    run from that day (Art 67)."""
    clock.move_to("2026-03-18 14:03:11 +0800")
    party.sign_in()
    home = party.get("/p/")
    assert home.status_code == 200
    doc = sent["document"]
    assert "待查收" in home.content.decode()
    service = Service.objects.get(document=doc)
    assert service.status == ServiceStatus.PENDING  # the list alone does not serve it
    page = party.get(f"/p/doc/{doc.pk}/")
    assert page.status_code == 200
    assert "本文书已于 2026年3月18日 14:03:11 送达" in page.content.decode()
    service.refresh_from_db()
    case = sent["case"]
    case.refresh_from_db()
    assert service.status == ServiceStatus.SERVED
    assert service.served_on == date(2026, 3, 18)
    assert service.reached_at == service.served_at
    assert service.receipt is not None  # made by the completion (民事诉讼法 Art 87)
    assert service.receipt.kind == "service_receipt"
    assert case.status == CaseStatus.SERVED
    assert case.served_on == date(2026, 3, 18)
    assert case.payment_due == date(2026, 4, 2)  # 15 days, a Thursday
    # A second display changes nothing.
    party.get(f"/p/doc/{doc.pk}/")
    service.refresh_from_db()
    assert service.served_on == date(2026, 3, 18)


def test_every_access_is_in_the_case_record_and_the_chain_holds(sent, party):
    party.sign_in()
    party.get("/p/")
    party.get(f"/p/doc/{sent['document'].pk}/")
    party.get(f"/p/doc/{sent['document'].pk}/pdf/")
    actions_logged = list(ServiceAccess.objects.values_list("action", flat=True))
    assert actions_logged == [
        AccessAction.OPEN_LINK,
        AccessAction.CODE_SENT,
        AccessAction.CONFIRMED,
        AccessAction.VIEW_HOME,
        AccessAction.VIEW_DOCUMENT,
        AccessAction.DOWNLOAD,
    ]
    events = CaseEvent.objects.filter(case=sent["case"], kind="e_service_access")
    assert events.count() == len(actions_logged)
    assert all(a.event_id for a in ServiceAccess.objects.all())
    first = events.order_by("seq").first()
    assert first is not None
    assert first.actor_id is None
    assert first.payload["user_agent"].startswith("Mozilla/5.0 (iPhone")
    assert first.payload["ip"] == "127.0.0.1"
    started = sent["service"].started_event
    assert started is not None
    served = CaseEvent.objects.filter(
        case=sent["case"], kind__in=["service_completed", "record_service"], seq__gt=started.seq
    )  # the decision's (the prior notice's service came before it)
    assert sorted(served.values_list("kind", flat=True)) == ["record_service", "service_completed"]
    sent["case"].refresh_from_db()
    assert verify_case(sent["case"]) is None


def test_the_link_works_once(sent, party, django_capture_on_commit_callbacks):
    party.sign_in()
    other = type(party)(party.client.__class__(), party.outbox, django_capture_on_commit_callbacks)
    response = other.get(party.outbox.link_path())
    assert response.status_code == 410
    assert "此链接已使用" in response.content.decode()
    assert other.get("/p/").status_code == 403
    # The browser that confirmed goes straight to its page.
    assert party.get(party.outbox.link_path()).status_code == 302


def test_the_link_expires(sent, party, clock, settings):
    clock.move_to("2026-03-24 09:00:01 +0800")  # 7 days and a second after sending
    response = party.get(party.outbox.link_path())
    assert response.status_code == 410
    assert "此链接已过期" in response.content.decode()
    party.post(party.outbox.link_path() + "/code/")
    assert "验证码为" not in party.outbox.last()["text"]


def test_the_party_may_ask_for_a_new_link_to_the_same_phone(sent, party):
    party.sign_in()
    party.client.cookies.clear()
    old = party.outbox.link_path()
    response = party.post(old + "/renew/")
    assert "新的链接已发送至 138****5678" in response.content.decode()
    assert party.outbox.link_path() != old
    assert party.outbox.last()["to"] == PHONE
    party.sign_in()  # the new link works
    assert party.get("/p/").status_code == 200


def test_wrong_codes_are_limited(sent, party, settings):
    """Five wrong entries end a code; ten end the link; codes are stored as HMACs only."""
    link_path = party.outbox.link_path()
    party.get(link_path)
    party.post(link_path + "/code/")
    code = party.outbox.code()
    link = PartyLink.objects.get()
    assert code not in link.code_hash
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        response = party.post(link_path + "/confirm/", {"code": wrong})
        assert response.status_code == 422
        assert f"还可以尝试 {left} 次" in response.content.decode()
    party.post(link_path + "/confirm/", {"code": wrong})
    response = party.post(link_path + "/confirm/", {"code": code})  # even the right one now
    assert "请重新获取验证码" in response.content.decode()
    assert ServiceAccess.objects.filter(action=AccessAction.CODE_WRONG).count() == 5
    link.refresh_from_db()
    assert link.confirmed_at is None


def test_ten_wrong_codes_revoke_the_link(sent, party, clock):
    link_path = party.outbox.link_path()
    for _ in range(2):
        party.post(link_path + "/code/")
        for _ in range(5):
            party.post(link_path + "/confirm/", {"code": "99999x"})
        clock.shift(timedelta(minutes=2))
    link = PartyLink.objects.get()
    assert link.revoked_at is not None
    assert "此链接已作废" in party.get(link_path).content.decode()


def test_a_code_expires(sent, party, clock):
    link_path = party.outbox.link_path()
    party.post(link_path + "/code/")
    clock.shift(timedelta(minutes=10, seconds=1))
    response = party.post(link_path + "/confirm/", {"code": party.outbox.code()})
    assert "验证码已过期" in response.content.decode()


def test_codes_are_not_sent_more_than_once_a_minute(sent, party, clock):
    link_path = party.outbox.link_path()
    party.post(link_path + "/code/")
    party.post(link_path + "/code/")
    assert sum("验证码为" in m["text"] for m in party.outbox.messages()) == 1
    clock.shift(timedelta(seconds=61))
    party.post(link_path + "/code/")
    assert sum("验证码为" in m["text"] for m in party.outbox.messages()) == 2


def test_the_party_page_masks_the_id_number(
    flow, clock, outbox, party, django_capture_on_commit_callbacks
):
    """行政处罚法 Art 50: the page shows the party's own name but never its full ID number."""
    from zhifa.parties.masking import mask_id_number

    flow.party = flow.party.__class__.objects.get(pk=flow.party.pk)
    case, doc = decided_with_decision(flow)
    clock.move_to("2026-03-17 09:00 +0800")
    consent(flow, date(2026, 3, 17))
    with django_capture_on_commit_callbacks(execute=True):
        actions.start_electronic_service(doc, actor=flow.handler.user)
    party.sign_in()
    html = party.get("/p/").content.decode()
    number = case.party.id_number
    assert number not in html
    assert mask_id_number(number) in html
    assert case.party.name in html


def test_a_person_sees_the_masked_resident_id(
    flow, citizen, clock, party, django_capture_on_commit_callbacks
):
    flow.party = citizen
    _case, doc = decided_with_decision(flow)
    clock.move_to("2026-03-17 09:00 +0800")
    consent(flow, date(2026, 3, 17))
    with django_capture_on_commit_callbacks(execute=True):
        actions.start_electronic_service(doc, actor=flow.handler.user)
    party.sign_in()
    html = party.get("/p/").content.decode()
    assert citizen.id_number not in html
    assert citizen.id_number[:3] + "*" * 11 + citizen.id_number[-4:] in html


def test_documents_are_checked_against_the_session(sent, party, flow):
    """A document of another case, or any document without a confirmed session, is not shown."""
    from zhifa.documents.models import Document

    assert party.get(f"/p/doc/{sent['document'].pk}/").status_code == 403
    party.sign_in()
    other = Document.objects.exclude(pk=sent["document"].pk).first()  # the 确认书: not served
    assert other is not None
    assert party.get(f"/p/doc/{other.pk}/").status_code == 404
    assert party.get(f"/p/doc/{other.pk}/pdf/").status_code == 404


def test_the_page_shows_what_is_owed_with_the_surcharge_lines(sent, party, clock):
    """Art 72: 3% a day of the unpaid fine after the 15 days; the computation is shown."""
    clock.move_to("2026-03-18 10:00 +0800")
    party.sign_in()
    party.get(f"/p/doc/{sent['document'].pk}/")  # served 2026-03-18: due 2026-04-02
    clock.move_to("2026-04-04 10:00 +0800")
    party.come_back()
    html = party.get("/p/").content.decode()
    assert "¥5,300" in html  # ¥5,000 + 2 days × 3% × ¥5,000
    assert "2026-04-03 至 2026-04-04，2 日 × 3% × ¥5,000.00 = ¥300.00" in html
    assert "非税收入统一缴款" in html  # ZHIFA_PAYMENT_NOTICE, as on the decision


def test_an_archived_case_keeps_its_record_closed(sent, party, flow, clock):
    """Accesses after archiving are logged in the access log only (the record is frozen)."""
    from zhifa.cases import actions as case_actions
    from zhifa.performance import actions as perf

    party.sign_in()
    party.get(f"/p/doc/{sent['document'].pk}/")
    perf.record_payment(
        flow.refresh(),
        actor=flow.handler.user,
        amount="5000",
        paid_on=date(2026, 3, 17),
        channel="bank",
    )
    # the 送达回证 is in the file before closing (民事诉讼法 Art 87; delivery.checks): the
    # completion (the first display) made it
    sent["service"].refresh_from_db()
    assert sent["service"].receipt is not None
    case_actions.close_case(flow.refresh(), actor=flow.leader.user, on=date(2026, 3, 18))
    case_actions.archive_case(flow.refresh(), actor=flow.leader.user, on=date(2026, 3, 18))
    count = CaseEvent.objects.filter(case=flow.case).count()
    assert party.get("/p/").status_code == 200
    assert CaseEvent.objects.filter(case=flow.case).count() == count
    last = ServiceAccess.objects.order_by("-id").first()
    assert last is not None
    assert last.event_id is None
    assert last.action == AccessAction.VIEW_HOME
    assert verify_case(flow.refresh()) is None


def test_a_consent_for_all_the_partys_cases_needs_the_signed_scan(flow, clock):
    """A 确认书 signed at the window for every case of the party: the signed paper is kept
    (its SHA-256 recorded) and covers the electronic service of this case too."""
    import io

    from zhifa.core.errors import InvalidInput

    _, doc = decided_with_decision(flow)
    party_row = flow.refresh().party
    with pytest.raises(InvalidInput) as refused:
        actions.record_consent(
            party_row,
            actor=flow.handler.user,
            signed_on=date(2026, 3, 1),
            electronic=True,
            phone=PHONE,
        )
    assert refused.value.code == "scan_required"
    with pytest.raises(InvalidInput):
        actions.record_consent(
            party_row,
            actor=flow.handler.user,
            signed_on=date(2026, 3, 1),
            electronic=True,
            phone=PHONE,
            scan=io.BytesIO(b"not a scan"),
        )
    row = actions.record_consent(
        party_row,
        actor=flow.handler.user,
        signed_on=date(2026, 3, 1),
        electronic=True,
        phone=PHONE,
        scan=io.BytesIO(b"%PDF-1.4\n% signed paper\n"),
    )
    assert row.case is None
    assert len(row.scan_sha256) == 64
    service = actions.start_electronic_service(doc, actor=flow.handler.user)
    assert service.consent == row


def test_by_e_mail_the_link_and_the_code_go_to_the_consented_address(
    flow, clock, outbox, mailoutbox, django_capture_on_commit_callbacks
):
    """E-mail through Django's mail (MAILERS); the code goes to the same address."""
    from django.test import Client

    _, doc = decided_with_decision(flow)
    consent(flow, date(2026, 3, 16), phone="", email=EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        actions.start_electronic_service(doc, actor=flow.handler.user)
    assert mailoutbox[-1].to == [EMAIL]
    path = "/p/" + mailoutbox[-1].body.split("/p/")[1].split()[0]
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path + "/code/")
    code = mailoutbox[-1].body.split("验证码为 ")[1][:6]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path + "/confirm/", {"code": code})
    assert response.status_code == 302
    assert not outbox.messages()  # nothing went by SMS
