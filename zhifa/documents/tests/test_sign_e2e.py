"""Signature capture on a phone (Playwright on the system Chromium): draw with a finger on the
canvas, save, and the PNG is kept with its SHA-256 and placed on the next document."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage

from zhifa.documents import actions
from zhifa.documents.choices import DocumentKind as K
from zhifa.documents.models import Signature

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
CHROMIUM = os.environ.get("ZHIFA_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        "--disable-dev-shm-usage"]  # fmt: skip
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


@pytest.fixture
def phone():
    """A phone-sized Chromium page (as tests/e2e: the system browser, no download)."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if os.environ.get("ZHIFA_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM} and ZHIFA_REQUIRE_BROWSER=1")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
            has_touch=True, locale="zh-CN",
        )  # fmt: skip
        yield context.new_page()
        browser.close()


def test_a_party_signs_on_the_phone_and_the_signature_goes_on_the_document(
    phone, live_server, flow
):
    case = flow.filed()
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("#id_username", flow.handler.user.username)
    phone.fill("#id_password", settings.ZHIFA_DEMO_PASSWORD)
    phone.click("button[type=submit]")
    phone.goto(f"{live_server.url}/documents/case/{case.pk}/sign/?kind=correction_order")
    phone.select_option("#id_role", "party")
    phone.fill("#id_name", "王经理")
    box = phone.locator("#sign-pad").bounding_box()
    assert box is not None
    phone.mouse.move(box["x"] + 30, box["y"] + 60)
    phone.mouse.down()
    for step in range(1, 20):
        phone.mouse.move(box["x"] + 30 + step * 15, box["y"] + 60 + (step % 4) * 12)
    phone.mouse.up()
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "documents-sign-phone.png"), full_page=True)
    phone.click("button.btn-big")
    phone.wait_for_load_state("networkidle")
    assert "已记录王经理的签名" in phone.content()
    sig = Signature.objects.get()
    with default_storage.open(sig.image.name, "rb") as fh:
        png = fh.read()
    assert png.startswith(b"\x89PNG")
    assert hashlib.sha256(png).hexdigest() == sig.image_sha256
    doc = actions.issue_document(
        case, K.CORRECTION_ORDER, actor=flow.handler.user, signatures=[sig]
    )
    assert doc.signatures.get() == sig
