"""After review or litigation, the party's periods to challenge the decision run from the day it
RECEIVED the result, and the court window (行政强制法 Art 53) from their end:

- 行政诉讼法 Art 45: a suit after 行政复议 within 15 days from receiving the 复议决定书;
- 行政诉讼法 Art 85: an appeal within 15 days from service of a first-instance 判决, 10 days of
  a 裁定 — the first instance takes effect only when that period runs without appeal; a
  second-instance (终审) judgment takes effect on service.

The Flow's decision is served on 2026-03-17; the party seeks its remedy on 2026-04-01, the
result is made on Fri 2026-10-09 and reaches the party on Fri 2026-10-16 (after the six months
to sue from service, 2026-09-17, so the result decides the end)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from zhifa.cases import actions as case_actions
from zhifa.cases.models import CaseDeadline, CaseEvent, Remedy
from zhifa.cases.tests.pages_helpers import (
    Snapshot,
    assert_done,
    assert_refused,
    detail_url,
    post_step,
    step_url,
)
from zhifa.core.errors import InvalidInput
from zhifa.performance import remedy_periods, selectors

pytestmark = pytest.mark.django_db

APPLIED, DECIDED, RECEIVED = date(2026, 4, 1), date(2026, 10, 9), date(2026, 10, 16)
BODY = {"review": "示范区人民政府", "litigation": "示范区人民法院"}


def _at(frozen, day: date) -> None:
    frozen.move_to(f"{day.isoformat()} 10:00 +0800")


def _window(case) -> CaseDeadline | None:
    return (
        CaseDeadline.objects.filter(
            case=case, kind="court_application", met_on__isnull=True, cancelled=False
        )
        .order_by("-id")
        .first()
    )


def _remedy(flow, frozen, kind: str, applied_on: date = APPLIED) -> Remedy:
    _at(frozen, applied_on)
    case = flow.refresh()
    return case_actions.record_remedy(
        case, actor=flow.handler.user, kind=kind, applied_on=applied_on, body=BODY[kind]
    )


PERIODS = [
    # 10-16 + 15 days = Sat 10-31 → Mon 11-02 (民事诉讼法 Art 85: off the rest day);
    # the court until 2027-02-02.
    pytest.param(
        "review", "", date(2026, 11, 2), date(2027, 2, 2), id="review-15-days-to-sue-art-45"
    ),
    pytest.param(
        "litigation",
        "first_judgment",
        date(2026, 11, 2),
        date(2027, 2, 2),
        id="first-instance-judgment-15-days-to-appeal-art-85",
    ),
    # 10-16 + 10 days = Mon 10-26; the court until 2027-01-26.
    pytest.param(
        "litigation",
        "first_ruling",
        date(2026, 10, 26),
        date(2027, 1, 26),
        id="first-instance-ruling-10-days-to-appeal-art-85",
    ),
    # Effective on service, 10-16; three months end Sat 2027-01-16 → Mon 01-18.
    pytest.param(
        "litigation",
        "final",
        date(2026, 10, 16),
        date(2027, 1, 18),
        id="final-judgment-effective-on-service-art-85",
    ),
]


@pytest.mark.parametrize(("kind", "ruling", "end", "court_due"), PERIODS)
def test_the_periods_end_counted_from_the_day_the_party_received_the_result(
    flow, frozen, kind, ruling, end, court_due
):
    flow.served()
    remedy = _remedy(flow, frozen, kind)
    _at(frozen, date(2026, 10, 20))
    case_actions.record_remedy_result(
        remedy,
        actor=flow.leader.user,
        result="upheld",
        decided_on=DECIDED,
        result_received_on=RECEIVED,
        ruling=ruling,
    )
    case = flow.refresh()
    assert selectors.statutory_period_end(case) == end
    assert selectors.court_window_end(case) == court_due
    window = _window(case)  # the stored Art 53 clock moved with the result (STEP_EFFECTS)
    assert window is not None
    assert (window.started_on, window.due_on) == (end + timedelta(days=1), court_due)
    remedy.refresh_from_db()
    assert (remedy.result_received_on, remedy.ruling) == (RECEIVED, ruling)
    event = CaseEvent.objects.filter(case=case, kind="record_remedy_result").get()
    assert event.payload["result_received_on"] == RECEIVED.isoformat()
    assert event.payload["ruling"] == ruling


def test_the_day_counts_are_the_articles():
    assert remedy_periods.SUIT_AFTER_REVIEW_DAYS == 15  # 行政诉讼法 Art 45
    assert remedy_periods.APPEAL_JUDGMENT_DAYS == 15  # 行政诉讼法 Art 85, 判决
    assert remedy_periods.APPEAL_RULING_DAYS == 10  # 行政诉讼法 Art 85, 裁定


def test_an_appeal_suspends_the_window_and_the_final_judgment_starts_it_on_service(flow, frozen):
    """Art 85: appealed within its 15 days, the first-instance judgment never takes effect; the
    second-instance judgment takes effect when served on the party."""
    flow.served()
    first = _remedy(flow, frozen, "litigation")
    _at(frozen, date(2026, 10, 20))
    case_actions.record_remedy_result(
        first,
        actor=flow.leader.user,
        result="upheld",
        decided_on=DECIDED,
        result_received_on=RECEIVED,
        ruling="first_judgment",
    )
    appeal = _remedy(flow, frozen, "litigation", applied_on=date(2026, 10, 28))  # in the 15 days
    assert _window(flow.refresh()) is None  # pending again: the window has not begun
    assert selectors.statutory_period_end(flow.refresh()) is None
    _at(frozen, date(2026, 12, 18))
    case_actions.record_remedy_result(
        appeal,
        actor=flow.leader.user,
        result="upheld",
        decided_on=date(2026, 12, 10),
        result_received_on=date(2026, 12, 15),  # Tue
        ruling="final",
    )
    case = flow.refresh()
    assert selectors.statutory_period_end(case) == date(2026, 12, 15)
    window = _window(case)
    assert window is not None
    assert (window.started_on, window.due_on) == (date(2026, 12, 16), date(2027, 3, 15))


@pytest.mark.parametrize(
    ("kind", "end"),
    [
        # decided 10-09 + 15 days = Sat 10-24 → Mon 10-26
        pytest.param("review", date(2026, 10, 26), id="review-from-the-decision-day"),
        pytest.param("litigation", DECIDED, id="litigation-on-the-decision-day"),
    ],
)
def test_a_result_recorded_before_the_receipt_day_was_asked_counts_from_its_day(
    flow, frozen, kind, end
):
    """Rows from before migration 0007 have neither the receipt day nor the ruling: counted
    as they were, from the day of the result."""
    flow.served()
    remedy = _remedy(flow, frozen, kind)
    _at(frozen, date(2026, 10, 20))
    case_actions.record_remedy_result(
        remedy,
        actor=flow.leader.user,
        result="upheld",
        decided_on=DECIDED,
        result_received_on=RECEIVED,
        ruling="" if kind == "review" else "first_judgment",
    )
    Remedy.objects.filter(pk=remedy.pk).update(result_received_on=None, ruling="")  # as migrated
    assert selectors.statutory_period_end(flow.refresh()) == end


# --- refusals: the receipt day and the ruling are asked where the end depends on them --------


def _remedy_by_api(api_flow, frozen, kind: str) -> int:
    api_flow.served()
    _at(frozen, date(2026, 10, 20))
    body = {"kind": kind, "applied_on": APPLIED.isoformat(), "body": BODY[kind]}
    return api_flow.step(api_flow.handler, "remedies", body, expect=201)["id"]


def _nothing_written(case_id: int, remedy_id: int, events: int) -> None:
    assert CaseEvent.objects.filter(case_id=case_id).count() == events
    remedy = Remedy.objects.get(pk=remedy_id)
    assert (remedy.decided_on, remedy.result_received_on, remedy.ruling) == (None, None, "")


@pytest.mark.parametrize(
    ("kind", "body", "field", "article"),
    [
        pytest.param("review", {}, "result_received_on", "第45条", id="review-no-receipt-day"),
        pytest.param(
            "litigation",
            {"ruling": "first_judgment"},
            "result_received_on",
            "第85条",
            id="judgment-no-receipt-day",
        ),
        pytest.param(
            "litigation",
            {"result_received_on": RECEIVED.isoformat()},
            "ruling",
            "第85条",
            id="litigation-no-ruling",
        ),
        pytest.param(
            "review",
            {"result_received_on": "2026-10-08"},
            "result_received_on",
            "早于结果日期",
            id="received-before-decided",
        ),
    ],
)
def test_the_result_is_refused_without_what_its_end_depends_on(
    api_flow, frozen, kind, body, field, article
):
    remedy_id = _remedy_by_api(api_flow, frozen, kind)
    events = CaseEvent.objects.filter(case_id=api_flow.case_id).count()
    refused = api_flow.step(
        api_flow.leader,
        f"remedies/{remedy_id}/result",
        {"result": "upheld", "decided_on": DECIDED.isoformat(), **body},
        expect=422,
    )
    assert refused["field"] == field
    assert article in refused["message"]
    _nothing_written(api_flow.case_id, remedy_id, events)


def test_the_result_through_the_api_gives_the_receipt_day_and_the_end(api_flow, frozen):
    remedy_id = _remedy_by_api(api_flow, frozen, "litigation")
    done = api_flow.step(
        api_flow.leader,
        f"remedies/{remedy_id}/result",
        {
            "result": "upheld",
            "decided_on": DECIDED.isoformat(),
            "result_received_on": RECEIVED.isoformat(),
            "ruling": "first_ruling",
        },
    )
    assert (done["result_received_on"], done["ruling"]) == ("2026-10-16", "first_ruling")
    assert api_flow.case()["owed"]["court_window_ends"] == "2027-01-26"


def test_a_revoked_decision_needs_no_receipt_day(flow, frozen):
    """Revoked, the decision binds no one: there is no period left to count."""
    flow.served()
    remedy = _remedy(flow, frozen, "litigation")
    _at(frozen, date(2026, 10, 20))
    case_actions.record_remedy_result(
        remedy, actor=flow.leader.user, result="revoked", decided_on=DECIDED
    )
    assert flow.refresh().decision_revoked


def test_a_ruling_is_refused_for_a_review(flow, frozen):
    flow.served()
    remedy = _remedy(flow, frozen, "review")
    with pytest.raises(InvalidInput) as refused:
        case_actions.record_remedy_result(
            remedy,
            actor=flow.leader.user,
            result="upheld",
            decided_on=DECIDED,
            result_received_on=RECEIVED,
            ruling="final",
        )
    assert refused.value.field == "ruling"


def test_the_result_page_asks_the_receipt_day_and_refuses_it_on_its_field(flow, frozen, leader):
    flow.served()
    _remedy(flow, frozen, "review")
    _at(frozen, date(2026, 10, 20))
    case = flow.refresh()
    client = leader.client()
    page = client.get(step_url(case, "record_remedy_result")).content.decode()
    assert "复议决定书送达当事人日期" in page
    assert "第45条" in page
    before = Snapshot.of(case)
    data = {"result": "upheld", "decided_on": DECIDED.isoformat()}
    response = post_step(client, case, "record_remedy_result", data)
    assert response.status_code == 422
    assert_refused(response, "起诉期限自收到复议决定书之日起计算", before, case)
    data["result_received_on"] = RECEIVED.isoformat()
    assert_done(post_step(client, case, "record_remedy_result", data), case, "维持")
    shown = client.get(detail_url(case)).content.decode()
    assert "2026-10-16 送达当事人" in shown
    assert "2026-11-02" in shown  # 复议诉讼期限届满
