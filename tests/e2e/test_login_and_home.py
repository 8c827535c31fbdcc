"""Each demo role logs in on a phone and lands on its own home page."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.e2e.conftest import second_factor, shot
from zhifa.demo.tests.conftest import build_accounts

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROLES = {
    "handler": "今天的工作",
    "auxiliary": "今天的工作",
    "street": "本街道今天的工作",
    "reviewer": "法制审核",
    "leader": "全区概览",
    "admin": "系统管理",
}


@pytest.fixture
def demo_district(db):
    """The demo's accounts (units, people, logins), built by the demo's own generators — not its
    parties and year of cases (about a minute per test; these tests only log in)."""
    build_accounts()


def _login(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", username)
    page.fill("#id_password", settings.ZHIFA_DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    second_factor(page)  # leader, reviewer, admin: the demo's authenticator code


@pytest.mark.parametrize("username", list(ROLES))
def test_each_demo_account_reaches_its_home_page_on_a_phone(
    phone, live_server, demo_district, username
):
    _login(phone, live_server, username)
    assert phone.locator("h1").first.inner_text() == ROLES[username]
    # The stylesheet is served locally and applied (the top bar is painted blue).
    bar = phone.locator("header.topbar")
    assert bar.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(29, 79, 145)"
    _fits(phone)
    shot(phone, f"home-{username}-phone")
    # the inbox is one tap away from every page, and fits the phone too
    phone.click("#bell")
    phone.wait_for_load_state("networkidle")
    assert phone.locator("h1").first.inner_text().startswith("通知")
    _fits(phone)
    shot(phone, f"inbox-{username}-phone")


def _fits(page) -> None:
    """No horizontal scrolling (issue 9 §3)."""
    width, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= client, f"{page.url}: {width} px wide on a {client} px screen"


def test_a_wrong_password_is_refused_in_chinese(phone, live_server, demo_district):
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("#id_username", "handler")
    phone.fill("#id_password", "wrong")
    phone.click("button[type=submit]")
    # the refusal is the answer of a POST: wait for it rather than read the page mid-navigation
    # (content() was '' once on CI, read between the click and the answer)
    expect(phone.locator(".login-box .errorlist")).to_contain_text("请输入一个正确的")


def test_the_leader_home_on_a_desk(desk, live_server, demo_district):
    _login(desk, live_server, "leader")
    assert desk.locator("#panel-people .stat").first.inner_text().isdigit()
    shot(desk, "home-leader-desk")


def test_logout_returns_to_login(phone, live_server, demo_district):
    _login(phone, live_server, "handler")
    phone.click("label.nav-toggle-label")
    phone.click("text=退出")
    phone.wait_for_load_state("networkidle")
    assert "/accounts/login/" in phone.url
