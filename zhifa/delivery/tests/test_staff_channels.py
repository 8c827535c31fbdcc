"""Staff notifications by SMS or e-mail as each user chose (issue 9 §2): the inbox always has
them; a chosen channel is sent after commit through the delivery app's senders; a channel without
its contact cannot be chosen; the message carries the title, never a link."""

from __future__ import annotations

import json

import pytest
from django.core import mail

from zhifa.core.actions import notify, set_notification_channels
from zhifa.core.errors import InvalidInput
from zhifa.core.models import Notification

pytestmark = pytest.mark.django_db

TITLE = "示范城管案〔2026〕00001号 提请立案，待审批"


@pytest.fixture
def sms_file(settings, tmp_path):
    settings.ZHIFA_DELIVERY = {
        **settings.ZHIFA_DELIVERY,
        "SMS_BACKEND": "file",
        "OUTBOX_DIR": tmp_path / "outbox",
    }
    return tmp_path / "outbox" / "sms.log"


def _sms(path) -> list[dict]:
    return (
        [json.loads(line) for line in path.read_text("utf-8").splitlines()] if path.exists() else []
    )


def test_a_user_who_chose_sms_gets_the_title_by_sms(
    leader, sms_file, django_capture_on_commit_callbacks
):
    leader.user.phone = "13800000001"
    leader.user.save()
    set_notification_channels(leader.user, sms=True, email=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify(leader.user, kind="filing_request", title=TITLE, url="/cases/1/")
    assert Notification.objects.filter(user=leader.user, title=TITLE).exists()
    sent = _sms(sms_file)
    assert len(sent) == 1
    assert sent[0]["to"] == "13800000001"
    assert TITLE in sent[0]["text"]
    assert "http" not in sent[0]["text"]
    assert not mail.outbox


def test_a_user_who_chose_email_gets_an_email(leader, sms_file, django_capture_on_commit_callbacks):
    leader.user.email = "liu@example.gov.cn"
    leader.user.save()
    set_notification_channels(leader.user, sms=False, email=True)
    with django_capture_on_commit_callbacks(execute=True):
        notify(leader.user, kind="filing_request", title=TITLE)
    assert [m.to for m in mail.outbox] == [["liu@example.gov.cn"]]
    assert mail.outbox[0].subject == TITLE
    assert not _sms(sms_file)


def test_by_default_only_the_inbox(leader, sms_file, django_capture_on_commit_callbacks):
    leader.user.phone, leader.user.email = "13800000001", "liu@example.gov.cn"
    leader.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(leader.user, kind="filing_request", title=TITLE)
    assert not _sms(sms_file)
    assert not mail.outbox


@pytest.mark.parametrize(("sms", "email", "field"), [(True, False, "sms"), (False, True, "email")])
def test_a_channel_without_its_contact_cannot_be_chosen(leader, sms, email, field):
    leader.user.phone, leader.user.email = "", ""
    with pytest.raises(InvalidInput) as refused:
        set_notification_channels(leader.user, sms=sms, email=email)
    assert refused.value.field == field
    leader.user.refresh_from_db()
    assert not leader.user.notify_sms
    assert not leader.user.notify_email


def test_the_inbox_page_saves_the_choice_and_says_what_is_missing(handler):
    client = handler.client()
    page = client.get("/notifications/").content.decode()
    assert 'id="notify-channels"' in page
    response = client.post("/notifications/channels/", {"sms": "on"}, follow=True)
    assert "账号未登记手机号" in response.content.decode()
    handler.user.phone = "13900000002"
    handler.user.save()
    response = client.post("/notifications/channels/", {"sms": "on"}, follow=True)
    assert "提醒方式已保存" in response.content.decode()
    handler.user.refresh_from_db()
    assert handler.user.notify_sms
