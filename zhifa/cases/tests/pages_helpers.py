"""Helpers for the page tests: time at a day of the flow, posting a step's form, counting what a
refused post would have written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse

from zhifa.cases.models import Case, CaseEvent
from zhifa.cases.tests.conftest import START

SHANGHAI = ZoneInfo("Asia/Shanghai")


def day(n: int) -> date:
    """The n-th day of the flow (``START`` + n)."""
    return START + timedelta(days=n)


def at(frozen, n: int) -> date:
    """Move the frozen clock to 10:00 on day n of the flow; return that day."""
    frozen.move_to(datetime.combine(day(n), datetime.min.time(), SHANGHAI) + timedelta(hours=10))
    return day(n)


def step_url(case: Case, step: str) -> str:
    return reverse("cases:step", kwargs={"pk": case.pk, "step": step})


def detail_url(case: Case) -> str:
    return reverse("cases:detail", kwargs={"pk": case.pk})


@dataclass(frozen=True)
class Snapshot:
    """What a refused step must leave as it was."""

    events: int
    status: str
    version: int

    @classmethod
    def of(cls, case: Case) -> Snapshot:
        case.refresh_from_db()
        return cls(CaseEvent.objects.filter(case=case).count(), case.status, case.version)


def post_step(client, case: Case, step: str, data: dict | None = None, **extra):
    """POST a step form with the case's current version (as the page would)."""
    case.refresh_from_db()
    body = {"version": case.version, **(data or {})}
    return client.post(step_url(case, step), body, **extra)


def assert_refused(response, message: str, before: Snapshot, case: Case) -> None:
    """The page came back with the Chinese message and nothing was written."""
    assert response.status_code in (200, 403, 409, 422), response.status_code
    text = response.content.decode()
    assert message in text, text[text.find("<main") : text.find("</main>")][:3000]
    assert "Traceback" not in text
    assert Snapshot.of(case) == before


def assert_done(response, case: Case, message: str = "") -> None:
    """The step succeeded: back to the case page, with the success message."""
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response.url == detail_url(case)
    if message:
        from django.contrib.messages import get_messages

        texts = [str(m) for m in get_messages(response.wsgi_request)]
        assert any(message in t for t in texts), texts
