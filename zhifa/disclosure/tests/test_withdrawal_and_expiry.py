"""Withdrawal within 3 working days of a change, revocation or confirmation of illegality, with
the reason published (行政处罚法 Art 48 ¶2; "三日" = working days, Art 85), and expiry at the end
of the display period (rules.md §4.5, from 2026-04-01: general 1 year from the decision).

Around the 2026 National Day holiday: a decision revoked on Wed 2026-09-30 must be withdrawn by
Sat 2026-10-10 — Oct 1–7 are holidays, Oct 8 and 9 are working days and Oct 10 is the make-up
working day (调休) that counts as a working day by default (rules.md §8, configurable); without
make-up days the limit is Mon 2026-10-12."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zhifa.cases.models import Decision
from zhifa.disclosure.choices import EventKind, PublicationStatus
from zhifa.disclosure.models import Publication, PublicationEvent
from zhifa.disclosure.tests.conftest import publication_of, remedy_result, run_job
from zhifa.testing.service import serve_decision

DECIDED = date(2026, 9, 28)
REVOKED = date(2026, 9, 30)
WITHDRAW_BY = date(2026, 10, 10)


@pytest.fixture
def published(decided, handler):
    """A decision of 2026-09-28, served and published the same day."""
    d = decided(DECIDED)
    serve_decision(d.case, actor=handler.user, on=DECIDED)
    run_job(DECIDED)
    assert publication_of(d.case).status == PublicationStatus.PUBLISHED
    return d


def revoke(d, leader, result: str = "revoked") -> None:
    remedy_result(
        d.case, leader.user, result=result, applied_on=date(2026, 9, 29), decided_on=REVOKED
    )


def test_it_withdraws_a_revoked_decision_by_the_third_working_day(published, leader):
    revoke(published, leader)
    run_job(WITHDRAW_BY)
    p = publication_of(published.case)
    assert p.status == PublicationStatus.WITHDRAWN
    assert (p.withdrawn_on, p.withdraw_due, p.withdrawn_late) == (WITHDRAW_BY, WITHDRAW_BY, False)
    assert p.withdraw_reason == "该行政处罚决定经行政复议于2026年9月30日被撤销。"
    event = PublicationEvent.objects.get(publication=p, kind=EventKind.WITHDRAWN)
    assert (event.on, event.due_on, event.late) == (WITHDRAW_BY, WITHDRAW_BY, False)
    assert event.note == p.withdraw_reason


def test_it_records_a_withdrawal_after_the_third_working_day_as_late(published, leader):
    revoke(published, leader)
    run_job(date(2026, 10, 12))
    p = publication_of(published.case)
    assert (p.withdrawn_on, p.withdrawn_late) == (date(2026, 10, 12), True)
    assert PublicationEvent.objects.get(publication=p, kind=EventKind.WITHDRAWN).late


def test_the_limit_moves_past_the_weekend_when_make_up_days_do_not_count(
    settings, published, leader
):
    settings.ZHIFA_LOCAL_RULES = settings.ZHIFA_LOCAL_RULES | {
        "MAKEUP_DAYS_ARE_WORKING_DAYS": False
    }
    revoke(published, leader)
    run_job(date(2026, 10, 12))
    p = publication_of(published.case)
    assert (p.withdraw_due, p.withdrawn_late) == (date(2026, 10, 12), False)


def test_it_withdraws_a_decision_confirmed_illegal(published, leader):
    revoke(published, leader, result="confirmed_illegal")
    run_job(REVOKED)
    p = publication_of(published.case)
    assert p.status == PublicationStatus.WITHDRAWN
    assert p.withdraw_reason.endswith("被确认违法。")


def test_it_withdraws_a_changed_decision_and_publishes_the_new_one_in_its_place(published, leader):
    remedy_result(
        published.case,
        leader.user,
        result="changed",
        applied_on=date(2026, 9, 29),
        decided_on=REVOKED,
        new_fine=Decimal("3000"),
    )
    run_job(date(2026, 10, 8))
    old = Publication.objects.get(decision__replaces__isnull=True, case=published.case)
    new = Publication.objects.get(decision__replaces__isnull=False, case=published.case)
    replacement = Decision.objects.get(replaces__isnull=False, case=published.case)
    assert old.status == PublicationStatus.WITHDRAWN
    assert old.replacement_number == replacement.number
    assert replacement.number in old.withdraw_reason
    assert "变更" in old.withdraw_reason
    assert (new.status, new.published_on, new.fine) == ("published", date(2026, 10, 8), 3000)


def test_a_decision_revoked_before_it_was_shown_is_never_published(decided, leader, handler):
    d = decided(DECIDED)
    run_job(DECIDED)  # registered, waiting for service
    serve_decision(d.case, actor=handler.user, on=date(2026, 9, 29))
    remedy_result(
        d.case, leader.user, result="revoked", applied_on=date(2026, 9, 29), decided_on=REVOKED
    )
    run_job(REVOKED)
    p = publication_of(d.case)
    assert (p.status, p.published_on) == (PublicationStatus.SKIPPED, None)
    assert "撤销" in p.skip_reason


def test_it_expires_the_day_after_the_display_period(published):
    p = publication_of(published.case)
    assert p.display_until == date(2027, 9, 28)
    run_job(date(2027, 9, 28))
    assert publication_of(published.case).status == PublicationStatus.PUBLISHED
    run_job(date(2027, 9, 29))
    p = publication_of(published.case)
    assert (p.status, p.ended_on) == (PublicationStatus.EXPIRED, date(2027, 9, 29))
    event = PublicationEvent.objects.get(publication=p, kind=EventKind.EXPIRED)
    assert (event.due_on, event.late) == (date(2027, 9, 29), False)


def test_a_withdrawal_notice_also_ends_with_the_display_period(published, leader):
    revoke(published, leader)
    run_job(REVOKED)
    run_job(date(2027, 9, 29))
    assert publication_of(published.case).status == PublicationStatus.EXPIRED


def test_the_record_of_a_publication_reads_in_order(published, leader):
    revoke(published, leader)
    run_job(REVOKED)
    run_job(date(2027, 9, 29))
    kinds = list(
        PublicationEvent.objects.filter(publication__case=published.case)
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds == ["published", "withdrawn", "expired"]
