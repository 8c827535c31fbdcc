"""The console SMS backend writes to the log, and logs are read by people who must not open the
party's page: outside development it never writes the party's link, code or full number."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from zhifa.delivery import actions
from zhifa.delivery.senders import ConsoleSms
from zhifa.delivery.tests.conftest import PHONE, consent, decided_with_decision

pytestmark = pytest.mark.django_db

CODE_TEXT = "【示范区城市管理委员会】您查收执法文书的验证码为 482913，10分钟内有效。"


@pytest.fixture
def console(settings):
    settings.ZHIFA_DELIVERY = {**settings.ZHIFA_DELIVERY, "SMS_BACKEND": "console"}
    settings.ZHIFA_PUBLIC_BASE_URL = "https://zhifa.example.gov.cn"


def logged(caplog) -> str:
    return "\n".join(r.getMessage() for r in caplog.records if r.name == "zhifa.delivery")


def test_the_link_sent_to_the_party_is_not_logged_outside_development(
    flow, clock, console, caplog, django_capture_on_commit_callbacks
):
    _, doc = decided_with_decision(flow)
    consent(flow, date(2026, 3, 16), phone=PHONE)
    with caplog.at_level(logging.INFO), django_capture_on_commit_callbacks(execute=True):
        actions.start_electronic_service(doc, actor=flow.handler.user)
    text = logged(caplog)
    assert "SMS to 138****5678" in text  # a message went out, to the masked number
    assert "[链接已隐藏]" in text
    assert "zhifa.example.gov.cn" not in text
    assert "/p/" not in text
    assert PHONE not in text


def test_the_code_is_not_logged_outside_development(settings, caplog):
    settings.ZHIFA_ENV = "test"
    with caplog.at_level(logging.INFO):
        ConsoleSms().send(PHONE, CODE_TEXT)
    text = logged(caplog)
    assert "482913" not in text
    assert "验证码为 [已隐藏]" in text


def test_in_development_the_whole_message_is_logged_to_try_the_party_page(settings, caplog):
    settings.ZHIFA_ENV = "development"
    with caplog.at_level(logging.INFO):
        ConsoleSms().send(PHONE, CODE_TEXT + " https://127.0.0.1:8000/p/abc")
    text = logged(caplog)
    assert f"SMS to {PHONE}" in text
    assert "482913" in text
    assert "https://127.0.0.1:8000/p/abc" in text
