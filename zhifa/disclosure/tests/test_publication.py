"""Publication of penalty decisions: within 7 working days of the decision (国办发〔2018〕118号,
双公示 — rules.md §4.1, §4.3; "七日" counted in working days, 行政处罚法 Art 85), around the 2026
National Day holiday (Oct 1–7 off; Sat Oct 10 a make-up working day), with personal data masked
(行政处罚法 Art 50)."""

from __future__ import annotations

from datetime import date

import pytest

from zhifa.cases import actions as case_actions
from zhifa.cases.models import Decision
from zhifa.disclosure.choices import EventKind, PublicationStatus
from zhifa.disclosure.models import Publication, PublicationEvent
from zhifa.disclosure.tests.conftest import on_the_spot, publication_of, run_job
from zhifa.law.models import DiscretionBand
from zhifa.testing import parties as pf
from zhifa.testing.review import checklist
from zhifa.testing.service import serve_decision

DECIDED = date(2026, 9, 28)  # a Monday, two days before the National Day holiday
DUE = date(2026, 10, 13)  # 9-29, 9-30, 10-8, 10-9, 10-10 (make-up Sat), 10-12, 10-13


def test_it_is_due_seven_working_days_after_the_decision_across_the_holiday(decided):
    d = decided(DECIDED)
    run_job(DECIDED)
    publication = publication_of(d.case)
    assert publication.status == PublicationStatus.PENDING
    assert publication.due_on == DUE
    assert publication.severity == "general"
    assert publication.display_until == date(2027, 9, 28)  # general: 1 year (§4.5 from 2026-04-01)
    assert publication.repair_from == date(2026, 12, 28)  # general: at least 3 months


@pytest.mark.parametrize("day", [date(2026, 10, 8), date(2026, 10, 10), date(2026, 10, 12)])
def test_it_waits_for_service_before_the_due_day(decided, day):
    d = decided(DECIDED)
    run_job(day)
    assert publication_of(d.case).status == PublicationStatus.PENDING


def test_it_publishes_on_the_due_working_day_when_the_decision_is_not_yet_served(decided):
    d = decided(DECIDED)
    run_job(DUE)
    publication = publication_of(d.case)
    assert publication.status == PublicationStatus.PUBLISHED
    assert publication.published_on == DUE
    assert publication.published_late is False
    event = PublicationEvent.objects.get(publication=publication, kind=EventKind.PUBLISHED)
    assert (event.on, event.due_on, event.late) == (DUE, DUE, False)


def test_it_records_a_publication_after_the_due_day_as_late(decided):
    d = decided(DECIDED)
    run_job(date(2026, 10, 14))
    publication = publication_of(d.case)
    assert publication.published_on == date(2026, 10, 14)
    assert publication.published_late is True
    assert PublicationEvent.objects.get(publication=publication, kind=EventKind.PUBLISHED).late


def test_it_publishes_once_the_decision_is_served(decided, handler):
    d = decided(DECIDED)
    serve_decision(d.case, actor=handler.user, on=date(2026, 9, 29))
    run_job(date(2026, 9, 29))
    publication = publication_of(d.case)
    assert (publication.status, publication.published_on) == ("published", date(2026, 9, 29))


def test_it_runs_twice_without_writing_twice(decided):
    d = decided(DECIDED)
    run_job(DUE)
    assert run_job(DUE) == {"withdrawn": 0, "published": 0, "expired": 0}
    assert PublicationEvent.objects.filter(publication__case=d.case).count() == 1


def test_it_copies_only_public_fields_of_an_organisation(decided, company):
    d = decided(DECIDED)
    run_job(DUE)
    p = publication_of(d.case)
    assert p.party_name == company.name
    assert p.party_code == company.id_number  # the credit code is public registration data
    assert p.number == Decision.objects.get(case=d.case).number
    assert p.violation_name == "擅自挖掘城市道路 (破路)"
    assert p.penalty_content == "罚款人民币5,000.00元；责令改正"
    assert p.penalty_kinds == "罚款"
    assert p.agency == "示范区城市管理委员会"
    assert p.street_name == "东城街道"
    assert (
        "经查，当事人于2026年9月11日在东城街道辖区存在「擅自挖掘城市道路 (破路)」" in p.facts_brief
    )


def test_it_masks_a_natural_persons_name_and_shows_no_identifier(
    handler, handler2, items, citizen, east_street, clock
):
    """行政处罚法 Art 50: the name partly masked, no ID number, phone or address; the facts in
    brief are written from the catalog, not copied from the case file."""
    clock(DECIDED)
    case = on_the_spot(handler, handler2, items["spit"], citizen, east_street)
    run_job(DECIDED)
    p = publication_of(case)
    assert p.status == PublicationStatus.PUBLISHED  # served on the spot: published at once
    assert p.party_name == "王**"
    assert p.party_code == ""
    public_text = " ".join(
        str(getattr(p, f)) for f in ("facts_brief", "party_name", "penalty_content")
    )
    assert citizen.id_number not in public_text
    assert "13812345678" not in public_text
    assert "王小明" not in public_text


def test_it_treats_a_licensed_sole_trader_as_an_organisation_and_an_unlicensed_one_as_a_person(
    handler, handler2, items, east_street, clock
):
    clock(DECIDED)
    shop = pf.sole_trader(name="鑫源小吃店", street=east_street)
    stall = pf.sole_trader(with_code=False, name="李记早餐铺", street=east_street)
    shown = on_the_spot(handler, handler2, items["spit"], shop, east_street)
    masked = on_the_spot(handler, handler2, items["spit"], stall, east_street)
    run_job(DECIDED)
    assert (publication_of(shown).party_name, publication_of(shown).party_code) == (
        "鑫源小吃店",
        shop.id_number,
    )
    assert (publication_of(masked).party_name, publication_of(masked).party_code) == ("李****", "")


def test_it_publishes_on_the_spot_decisions_too(
    handler, handler2, items, citizen, east_street, clock
):
    clock(DECIDED)
    case = on_the_spot(handler, handler2, items["spit"], citizen, east_street)
    run_job(DECIDED)
    p = publication_of(case)
    assert (p.procedure, p.severity, p.published_on) == ("simple", "general", DECIDED)


def test_it_does_not_publish_minor_penalties_by_default(
    settings, handler, handler2, items, citizen, east_street, clock
):
    """信用修复管理办法 (from 2026-04-01): minor penalties in principle not published."""
    settings.ZHIFA_DISCLOSURE = settings.ZHIFA_DISCLOSURE | {"SIMPLE_SEVERITY": "minor"}
    clock(DECIDED)
    case = on_the_spot(handler, handler2, items["spit"], citizen, east_street)
    run_job(DECIDED)
    p = publication_of(case)
    assert p.status == PublicationStatus.SKIPPED
    assert "轻微" in p.skip_reason
    assert PublicationEvent.objects.get(publication=p).kind == EventKind.SKIPPED


def test_it_publishes_minor_penalties_for_at_most_the_configured_months(
    settings, handler, handler2, items, citizen, east_street, clock
):
    settings.ZHIFA_DISCLOSURE = settings.ZHIFA_DISCLOSURE | {
        "SIMPLE_SEVERITY": "minor",
        "DISPLAY_MONTHS": "minor:3,general:12,serious:36",
    }
    clock(DECIDED)
    case = on_the_spot(handler, handler2, items["spit"], citizen, east_street)
    run_job(DECIDED)
    p = publication_of(case)
    assert (p.status, p.display_until) == ("published", date(2026, 12, 28))


def band_max(item, level: str):
    band = DiscretionBand.objects.filter(item=item, level=level).order_by("party_kind").first()
    assert band is not None
    return band.max


@pytest.mark.parametrize(
    ("level", "severity", "until"),
    [
        ("minor", "skipped", None),
        ("general", "general", date(2027, 9, 28)),
        ("heavier", "general", date(2027, 9, 28)),
        ("serious", "serious", date(2029, 9, 28)),
    ],
)
def test_it_maps_the_discretion_level_to_a_severity(decided, items, level, severity, until):
    """ZHIFA_DISCLOSURE_SEVERITY_BY_LEVEL default: minor→minor (not published), general and
    heavier→general (1 year), serious→serious (3 years) — rules.md §4.5."""
    d = decided(DECIDED, discretion_level=level, fine=band_max(items["road"], level))
    run_job(DUE)
    p = publication_of(d.case)
    if until is None:
        assert p.status == PublicationStatus.SKIPPED
    else:
        assert (p.severity, p.display_until) == (severity, until)


def test_it_publishes_no_decision_without_a_penalty(flow, frozen):
    """Only penalty decisions are published: not 不予处罚 (Art 33), not 移送 (Art 57 ¶1(4))."""
    case = flow.reported(outcome="no_penalty")
    case_actions.submit_legal_review(case, actor=flow.handler.user, on=date(2026, 3, 10))
    case_actions.record_legal_review(
        case,
        actor=flow.reviewer.user,
        outcome="passed",
        opinion="首违不罚",
        checklist=checklist(),
        on=date(2026, 3, 11),
    )
    case_actions.decide(case, actor=flow.leader.user, education_given=True, on=date(2026, 3, 12))
    assert Decision.objects.get(case=case).outcome == "no_penalty"
    run_job(date(2026, 3, 30))
    assert not Publication.objects.exists()
