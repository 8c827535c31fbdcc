"""The audit page on a phone (Playwright on the system Chromium, 390 px): the filters wrap and
each event is a card — no sideways scrolling, with long addresses, objects and details."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.test import Client

from zhifa.security.access import AUDIT_ADMIN
from zhifa.security.actions import Target, record
from zhifa.security.choices import EventKind, Outcome
from zhifa.testing import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
CHROMIUM = os.environ.get("ZHIFA_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        "--disable-dev-shm-usage"]  # fmt: skip
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


@pytest.fixture
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if os.environ.get("ZHIFA_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM} and ZHIFA_REQUIRE_BROWSER=1")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield launched
        launched.close()


def test_the_audit_page_fits_a_phone(browser, live_server, bureau):
    auditor = f.UserFactory(username="auditor", role=AUDIT_ADMIN, org_unit=bureau)
    for n in range(5):
        record(
            EventKind.PERMISSION_DENIED,
            actor=f"someone-with-a-rather-long-username-{n}",
            target=Target("page", "", "/documents/12345/pdf/?download=1&" + "x" * 80),
            outcome=Outcome.DENIED,
            detail={"path": "/documents/12345/pdf/?" + "y" * 120, "method": "GET"},
        )
    client = Client()
    client.force_login(auditor)  # with the second factor (the root conftest)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
        has_touch=True, locale="zh-CN",
    )  # fmt: skip
    host = urlparse(live_server.url).hostname
    session = client.cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": session, "domain": host, "path": "/"}])
    page = context.new_page()
    page.goto(f"{live_server.url}/security/audit/")
    assert page.locator("h1").inner_text() == "安全审计日志"
    page.locator(".audit-detail summary").first.click()
    width = page.evaluate("document.documentElement.scrollWidth")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "security-audit-phone.png"), full_page=True)
    assert width <= 390
    context.close()
