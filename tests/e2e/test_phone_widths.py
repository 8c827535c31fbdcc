"""No horizontal scrolling at 390 px (issue 9 §3), nor at a 1366 px desk: every role's home, the
inbox, the case page (at the stages that add its sections), every step page of the workflow
table on a case at the stage the step is taken, the on-the-spot and clue forms, the party
lookup, page and registration, the deadline lists, the case list, the service (送达) pages a
handler uses and the documents page — with data that fills them (tests/e2e/full_cases.py).

On each page ``document.documentElement.scrollWidth <= clientWidth``; on the phone, also no
element reaches past the screen's edge unless it sits in a box that scrolls on its own (a wide
table in its ``.table-wrap``). A failure lists every such page, each with the outermost and the
innermost element past the edge. Every page is kept as a full-page screenshot in
``ZHIFA_SCREENSHOT_DIR`` (default ``<var dir>/screenshots``), which .ci/run keeps and prints.

One browser context per viewport, one live server; the data is built once per viewport (the
live server needs committed rows, so the database is flushed after each test)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.e2e.conftest import DESK, PHONE, login

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page
    from pytest_django.live_server_helper import LiveServer

    from tests.e2e.full_cases import World

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Layout is in CSS pixels, the same at any device scale factor: 1 makes the screenshots cheaper.
VIEWPORTS = {
    "phone": {"viewport": PHONE, "device_scale_factor": 1, "is_mobile": True, "has_touch": True},
    "desk": {"viewport": DESK},
}

# The stage of the case (full_cases.build) each step's page is visited on: the stage the step
# is taken at, so the page shows what it shows then (the context beside the form, its choices).
STEP_STAGES = {
    "request_filing": "clue",
    "approve_filing": "filing_pending",
    "reject_filing": "filing_pending",
    "withdraw": "investigating",
    "assign_handler": "investigating",
    "recuse_handler": "investigating",
    "add_evidence": "filed",
    "record_transcript": "filed",
    "void_entry": "investigating",  # a transcript and an evidence entry to choose from
    "order_correction": "filed",
    "request_preservation": "filed",
    "approve_preservation": "investigating",  # one waiting for the head's approval
    "decide_preservation": "investigating",  # one approved, its decision due
    "extend_time_limit": "investigating",
    "submit_report": "filed",
    "notify": "investigated",
    "record_statement": "notified",
    "review_statement": "notified",  # a statement recorded
    "waive_statement": "notified",
    "request_hearing": "notified",  # a hearing offered (a fine of ¥100,000)
    "schedule_hearing": "hearing",
    "record_hearing": "hearing",  # the hearing notified, its day past
    "submit_legal_review": "heard",
    "pass_legal_review": "legal_review",
    "return_for_investigation": "legal_review",
    "record_discussion": "reviewed",
    "decide": "reviewed",
    "file_simple_decision": "simple",
    "record_remedy": "unpaid",
    "record_remedy_result": "served",  # an application for review pending
    "record_payment": "served",
    "request_payment_plan": "unpaid",
    "decide_payment_plan": "served",  # a plan waiting for the head
    "issue_reminder": "unpaid",  # served eight months ago, the periods for review and suit over
    "record_reminder_statement": "reminded",
    "apply_to_court": "reminded",
    "record_court_result": "court",
    "record_cash_handover": "simple",  # the fine collected on the spot, not yet handed over
    "close": "performed",
    "archive": "not_filed",
}
# Steps of the table that have no page of their own, and where they are taken instead.
NO_PAGE = {
    "record_notice_service": "the 送达 page (delivery), visited below",
    "record_service": "the 送达 page (delivery), visited below",
    "record_reminder_service": "the 送达 page (delivery), visited below",
    "issue_document": "the 文书 page (documents), visited below",
}
ROLE_LOGINS = {  # the demo login that takes a step, by the first of its roles found here
    "case_handler": "handler",
    "street_officer": "street",
    "leader": "leader",
    "legal_reviewer": "reviewer",
    "admin": "admin",
    "auxiliary": "auxiliary",
}
HOMES = ["handler", "auxiliary", "street", "reviewer", "leader", "admin"]
# The case page at the stages that add its sections: "served" is the full one (records,
# decision, payments, a plan, a review pending, services, 34 events, 11 documents).
CASE_PAGES = ["clue", "investigating", "hearing", "served", "court", "simple"]

# What reaches past the screen's right (or left) edge, outside any box that scrolls on its own:
# the outermost such element (where the layout escapes its column) and the innermost one.
MEASURE = """() => {
  const root = document.documentElement, edge = root.clientWidth + 0.5;
  const inScroller = (e) => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible") return true;
    }
    return false;
  };
  const out = new Map();
  for (const e of document.body.querySelectorAll("*")) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || (r.right <= edge && r.left >= -0.5) || inScroller(e)) continue;
    out.set(e, r);
  }
  const describe = (e) => {
    if (!e) return null;
    const r = out.get(e), cls = typeof e.className === "string" ? e.className.trim() : "";
    const name = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
      + (cls ? "." + cls.split(/\\s+/).join(".") : "");
    const text = (e.innerText || e.value || "").replace(/\\s+/g, " ").trim().slice(0, 40);
    const [w, l, x] = [r.width, r.left, r.right].map(Math.round);
    return `<${name}> ${w} px at ${l}…${x} «${text}»`;
  };
  const over = (e) => Math.max(out.get(e).right - edge, -out.get(e).left);
  const all = [...out.keys()].sort((a, b) => over(b) - over(a));
  return {
    scroll: root.scrollWidth, client: root.clientWidth, count: all.length,
    outer: describe(all.find((e) => !out.has(e.parentElement))),
    inner: describe(all.find((e) => ![...out.keys()].some((o) => o !== e && e.contains(o)))),
  };
}"""


@dataclass(frozen=True)
class Visit:
    name: str  # the screenshot's name
    login: str
    url: str
    step_form: bool = False  # a step page: its form and its button must be there


def shots_dir() -> Path:
    path = Path(os.environ.get("ZHIFA_SCREENSHOT_DIR") or Path(settings.VAR_DIR) / "screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def screen(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[str, Page]]:
    """One browser context per viewport, shared by every page of the test."""
    context = browser.new_context(locale="zh-CN", **VIEWPORTS[request.param])
    yield request.param, context.new_page()
    context.close()


def login_for(step: str) -> str:
    from zhifa.cases.workflow import STEPS

    roles = STEPS[step].roles
    return next(login for role, login in ROLE_LOGINS.items() if role in roles)


def visits(world: World) -> list[Visit]:
    """Every page of the issue, with the login that uses it."""
    from zhifa.delivery.choices import ServiceMode

    cases = world.cases
    served = cases["served"].pk
    party = world.party.pk
    out = [Visit(f"home-{u}", u, "/") for u in HOMES]
    out += [Visit(f"inbox-{u}", u, "/notifications/") for u in ("handler", "leader", "street")]
    out += [Visit(f"case-{stage}", "handler", f"/cases/{cases[stage].pk}/") for stage in CASE_PAGES]
    out += [
        Visit(f"step-{step}", login_for(step), f"/cases/{cases[stage].pk}/{step}/", True)
        for step, stage in STEP_STAGES.items()
    ]
    out += [
        Visit("on-the-spot", "handler", "/cases/new/on-the-spot/"),
        Visit("clue", "handler", "/cases/new/clue/"),
        Visit("case-list", "handler", "/cases/"),
        Visit("case-list-filtered", "leader", "/cases/?procedure=general&overdue=on"),
        Visit("deadlines-mine", "handler", "/cases/deadlines/"),
        Visit("deadlines-unit", "handler", "/cases/deadlines/?tab=unit"),
        Visit("deadlines-overdue", "handler", "/cases/deadlines/?tab=overdue"),
        Visit("deadlines-street", "street", "/cases/deadlines/?tab=unit"),
        Visit("party-lookup", "handler", "/parties/?q=鑫源"),
        Visit("party-detail", "handler", f"/parties/{party}/"),
        Visit("party-registration", "handler", "/parties/new/"),
        Visit("party-edit", "handler", f"/parties/{party}/edit/"),
        Visit("service", "handler", f"/delivery/case/{served}/"),
        Visit("service-consent", "handler", f"/delivery/case/{served}/consent/"),
        Visit(
            "service-postal-receipt", "handler", f"/delivery/service/{world.postal}/postal-receipt/"
        ),
        Visit("service-failure", "handler", f"/delivery/service/{world.postal}/failure/"),
        Visit("documents", "handler", f"/documents/case/{served}/"),
    ]
    out += [
        Visit(f"serve-{mode}", "handler", f"/delivery/case/{served}/serve/{world.decision}/{mode}/")
        for mode in ServiceMode.values
    ]
    return out


def test_every_step_of_the_table_is_visited_or_has_no_page() -> None:
    from zhifa.cases.views.registry import all_pages
    from zhifa.cases.workflow import STEPS

    pages = all_pages()
    with_page = {name for name in STEPS if name in pages}
    assert with_page == set(STEP_STAGES), "a step page is not visited (or no longer exists)"
    assert set(STEPS) - with_page == set(NO_PAGE)


def test_no_page_is_wider_than_its_screen(
    screen: tuple[str, Page], live_server: LiveServer, district: None, quick_pdf: None
) -> None:
    from tests.e2e import full_cases

    viewport, page = screen
    world = full_cases.build()
    out = shots_dir()
    problems: list[str] = []
    current = ""
    for visit in sorted(visits(world), key=lambda v: v.login):
        if visit.login != current:
            _sign_in(page, live_server, visit.login)
            current = visit.login
        problems += _check(page, live_server.url, visit, viewport, out)
    assert not problems, f"{len(problems)} page(s) at {viewport}:\n" + "\n".join(problems)


def _sign_in(page: Page, live_server: LiveServer, username: str) -> None:
    """The next person at the screen: signed out, ``username`` signs in (with the second factor
    where the login asks for one)."""
    page.context.clear_cookies()
    login(page, live_server, username)


def _check(page: Page, base: str, visit: Visit, viewport: str, out: Path) -> list[str]:
    """The page's problems: not shown, no step form, wider than the screen (or cut at its edge
    on a phone). Its screenshot is kept whatever it shows."""
    response = page.goto(base + visit.url)
    where = f"{visit.name} ({visit.login}) {visit.url}"
    page.screenshot(path=str(out / f"{viewport}-{visit.name}.png"), full_page=True, scale="css")
    if response is None or response.status != 200:
        return [f"{where}: HTTP {response.status if response else '—'}"]
    if urlsplit(page.url).path != urlsplit(visit.url).path:
        return [f"{where}: sent on to {page.url}"]
    problems = []
    if visit.step_form and page.locator("form.step-form button[name=go]").count() != 1:
        problems.append(f"{where}: no step form")
    m = page.evaluate(MEASURE)
    escaped = (
        f"; {m['count']} elements past the edge, from {m['outer']} down to {m['inner']}"
        if m["count"]
        else ""
    )
    if m["scroll"] > m["client"]:
        problems.append(f"{where}: {m['scroll']} px wide on {m['client']} px{escaped}")
    elif viewport == "phone" and m["count"]:
        problems.append(f"{where}: cut at the screen's edge{escaped}")
    return problems
