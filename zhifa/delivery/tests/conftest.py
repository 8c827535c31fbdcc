"""Fixtures for service tests: the case fixtures (``flow`` walks a general case), a clock to
move through the calendar, the party's SMS outbox (the ``file`` sender), and ``Party`` — the
party's phone browser going through its link, code and page."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client

from zhifa.cases.record import Upload
from zhifa.cases.tests.conftest import (
    START,
    Flow,
    citizen,
    company,
    flow,
    items,
)
from zhifa.delivery import actions
from zhifa.delivery.models import ServiceConsent
from zhifa.documents import actions as doc_actions
from zhifa.documents.choices import DocumentKind
from zhifa.documents.models import Document
from zhifa.testing.service import PNG

PHONE = "13812345678"
EMAIL = "wang@example.com"
UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"


def photo(name: str = "现场照片.png") -> Upload:
    return Upload(io.BytesIO(PNG), name, "audio_visual", "照片", "image/png")


@pytest.fixture(autouse=True)
def _no_layout(quick_pdf: None) -> None:
    """Service tests issue decisions and receipts but never read their text: a one-page PDF
    stands in for WeasyPrint's (root conftest ``quick_pdf``; ~100 renders, about a minute)."""


@pytest.fixture
def clock() -> Iterator[Any]:
    """Time stands still on the day ``flow`` decides (Monday 16 March 2026, the flow's dates
    lie before it); ``clock.move_to(...)`` moves it."""
    with time_machine.travel("2026-03-16 17:00 +0800", tick=False) as traveller:
        yield traveller


@pytest.fixture
def outbox(settings, tmp_path) -> Outbox:
    settings.ZHIFA_DELIVERY = {
        **settings.ZHIFA_DELIVERY,
        "SMS_BACKEND": "file",
        "OUTBOX_DIR": tmp_path / "outbox",
    }
    settings.ZHIFA_PUBLIC_BASE_URL = "https://zhifa.example.gov.cn"
    return Outbox(tmp_path / "outbox" / "sms.log")


@dataclass
class Outbox:
    """The SMS the ``file`` sender wrote, one JSON line each."""

    path: Path

    def messages(self) -> list[dict[str, str]]:
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text("utf-8").splitlines()]

    def last(self) -> dict[str, str]:
        return self.messages()[-1]

    def link_path(self) -> str:
        """The path of the last link sent (/p/<token>)."""
        for message in reversed(self.messages()):
            found = re.search(r"https?://[^/\s]+(/p/[A-Za-z0-9_-]+)", message["text"])
            if found:
                return found.group(1)
        raise AssertionError("no link was sent")

    def code(self) -> str:
        for message in reversed(self.messages()):
            found = re.search(r"验证码为 (\d{6})", message["text"])
            if found:
                return found.group(1)
        raise AssertionError("no code was sent")


@dataclass
class Party:
    """The party's phone: a client that sends after-commit callbacks (the SMS) at once."""

    client: Client
    outbox: Outbox
    capture: Any

    def get(self, path: str, **kwargs: Any) -> Any:
        with self.capture(execute=True):
            return self.client.get(path, HTTP_USER_AGENT=UA, **kwargs)

    def post(self, path: str, data: dict[str, str] | None = None) -> Any:
        with self.capture(execute=True):
            return self.client.post(path, data or {}, HTTP_USER_AGENT=UA)

    def sign_in(self) -> None:
        """Open the last link, get a code, confirm it."""
        link = self.outbox.link_path()
        assert self.get(link).status_code == 200
        self.post(link + "/code/")
        response = self.post(link + "/confirm/", {"code": self.outbox.code()})
        assert response.status_code == 302, response.content.decode()
        assert response["Location"] == "/p/"

    def come_back(self) -> None:
        """Later, in a new browser session: ask for a new link (the old one is used), sign in."""
        self.client.cookies.clear()
        self.post(self.outbox.link_path() + "/renew/")
        self.sign_in()


@pytest.fixture
def party(outbox, django_capture_on_commit_callbacks) -> Party:
    return Party(Client(), outbox, django_capture_on_commit_callbacks)


def issue(flow: Flow, kind: str, on: date, actor: Any = None) -> Document:
    case = flow.refresh()
    user = actor or flow.handler.user
    return doc_actions.issue_document(case, kind, actor=user, on=on)


def consent(
    flow: Flow,
    on: date,
    *,
    phone: str = PHONE,
    email: str = "",
    electronic: bool = True,
    signed: bool = True,
) -> ServiceConsent:
    """The case's 送达地址确认书, signed by the party on a tablet (``signed=False``: issued
    without the party's signature — not enough for electronic service, Art 61 ¶2)."""
    case = flow.refresh()
    signature = (
        doc_actions.capture_signature(
            case,
            actor=flow.handler.user,
            kind=DocumentKind.SERVICE_ADDRESS,
            role="party",
            name=case.party.name if case.party else "当事人",
            png=PNG,
        )
        if signed
        else None
    )
    return actions.record_consent(
        case.party,
        actor=flow.handler.user,
        case=case,
        signed_on=on,
        electronic=electronic,
        phone=phone,
        email=email,
        address="示范区人民路12号",
        signature=signature,
    )


def decided_with_decision(flow: Flow) -> tuple[Any, Document]:
    """A case decided on day 14 (2026-03-16) and its 行政处罚决定书 issued that day."""
    case = flow.decided()
    doc = issue(flow, DocumentKind.PENALTY_DECISION, flow.day + timedelta(days=14))
    return case, doc


@pytest.fixture
def sent(flow, clock, outbox, django_capture_on_commit_callbacks) -> dict[str, Any]:
    """A decided case whose decision is being served electronically by SMS (2026-03-17)."""
    case, doc = decided_with_decision(flow)
    clock.move_to("2026-03-17 09:00 +0800")
    consent(flow, date(2026, 3, 17))
    with django_capture_on_commit_callbacks(execute=True):
        service = actions.start_electronic_service(doc, actor=flow.handler.user)
    return {"case": case, "document": doc, "service": service}


__all__ = ["START", "citizen", "company", "flow", "items"]
