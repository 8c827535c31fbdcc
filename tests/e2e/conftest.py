"""Playwright on the system Chromium (no browser download: the bureau's network has none).

Skipped when /usr/bin/chromium is missing, unless ZHIFA_REQUIRE_BROWSER=1 (CI), where a missing
browser fails the run. Screenshots go to test-artifacts/ for people to look at."""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

CHROMIUM = os.environ.get("ZHIFA_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}


# Module scope, not session: under pytest-xdist a worker may run zhifa/documents/tests/
# test_sign_e2e.py (its own sync_playwright) after an e2e module, and two sync Playwright
# instances cannot be open in one process at once.
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if os.environ.get("ZHIFA_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM} and ZHIFA_REQUIRE_BROWSER=1")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def phone(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desk(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=DESK, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def shot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def district(db, settings):
    """The demo district without its year of cases: catalog, people, parties. Periods that run
    into a year whose holidays are not entered yet (next year, late in this one) are computed
    on weekends only and marked provisional, so the test does not depend on today's date."""
    settings.ZHIFA_LOCAL_RULES = {
        **settings.ZHIFA_LOCAL_RULES,
        "CALENDAR_UNCOVERED_YEAR": "provisional",
    }
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


def login(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", settings.ZHIFA_DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    second_factor(page)


def second_factor(page) -> None:  # type: ignore[no-untyped-def]
    """The code page, when the login asks for one: the demo accounts' authenticator is the
    published demo key (``zhifa demo_totp``). A code is accepted once: if this one was taken by
    an earlier login in the same 30 seconds, the next one."""
    import time

    from zhifa.security.two_factor import demo_code

    for _attempt in range(3):
        if "/accounts/two-factor/" not in page.url:
            return
        page.fill("#id_code", demo_code(time.time()))
        page.click("form:has(#id_code) button[type=submit]")  # not the top bar's 退出
        page.wait_for_load_state("networkidle")
        if "/accounts/two-factor/" in page.url:  # taken in this window: the next window's code
            time.sleep(31 - time.time() % 30)
    assert "/accounts/two-factor/" not in page.url, "the demo code was refused"
