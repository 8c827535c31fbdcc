"""Regressions: domain bugs found while building the API (street scope on the spot, a held
hearing keeping legal review required, handler order, correction links, the cash handover
through the workflow table)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import override_settings

from zhifa.cases import actions
from zhifa.cases.models import CaseEvent
from zhifa.cases.record import Place
from zhifa.core.errors import DomainError, NotAllowed
from zhifa.performance.actions import record_cash_handover
from zhifa.testing import factories as f
from zhifa.testing.review import returned

pytestmark = pytest.mark.django_db


def test_a_street_officer_decides_on_the_spot_only_in_its_own_street(
    street_officer, handler, items, citizen, west_street, frozen
):
    with pytest.raises(NotAllowed):
        actions.decide_on_the_spot(
            actor=street_officer.user,
            co_handler=handler.officer,
            violation_item=items["spit"],
            party=citizen,
            facts="随地吐痰",
            place=Place("西城某路"),
            street=west_street,
            penalty_kinds=["fine"],
            fine=Decimal("50"),
            on=date(2026, 3, 2),
        )


def test_a_held_hearing_still_requires_legal_review_after_a_new_report(flow, bureau, frozen):
    rules = {**settings.ZHIFA_LOCAL_RULES, "LEGAL_REVIEW_ALL_GENERAL": False}
    with override_settings(ZHIFA_LOCAL_RULES=rules):
        flow.item = flow.item.__class__.objects.get(code="RQ-001")
        flow.fine, flow.kinds = Decimal("150000"), ["fine", "confiscate_gains"]
        case = flow.notified()
        day = flow.day
        actions.request_hearing(case, actor=flow.handler.user, requested_on=day + timedelta(12))
        host = f.OfficerFactory(unit=bureau, name="主持人")
        actions.schedule_hearing(
            case,
            actor=flow.leader.user,
            notified_on=day + timedelta(14),
            hearing_on=day + timedelta(25),
            place="听证室",
            host=host,
        )
        actions.record_hearing(
            case, actor=flow.leader.user, held_on=day + timedelta(25), minutes="笔录"
        )
        actions.submit_legal_review(case, actor=flow.handler.user, on=day + timedelta(26))
        actions.record_legal_review(
            case,
            actor=flow.reviewer.user,
            outcome="returned",
            opinion="补充调查",
            checklist=returned(),
            on=day + timedelta(27),
        )
        actions.submit_report(
            case,
            actor=flow.handler.user,
            findings="补充调查后",
            outcome="penalty",
            fine=Decimal("150000"),
            penalty_kinds=["fine", "confiscate_gains"],
            discretion_level="general",
            on=day + timedelta(30),
        )
        case.refresh_from_db()
        assert case.hearing_held
        assert case.requires_legal_review


def test_the_lead_handler_comes_first(flow, frozen):
    case = flow.filed()
    assert [h.role for h in case.handlers.all()] == ["lead", "assist"]


def test_a_correction_points_at_the_event_it_corrects(flow, frozen):
    case = flow.filed()
    original = actions.add_evidence(
        case, actor=flow.handler.user, kind="documentary", description="许可查询"
    )
    correction = actions.add_evidence(
        case,
        actor=flow.handler.user,
        kind="documentary",
        description="许可查询(更正)",
        corrects=original,
    )
    assert CaseEvent.objects.get(pk=correction.pk).corrects_id == original.pk


def test_the_cash_handover_is_checked_and_versioned_like_every_step(
    handler, handler2, auxiliary, items, citizen, east_street, frozen
):
    decision = actions.decide_on_the_spot(
        actor=handler.user,
        co_handler=handler2.officer,
        violation_item=items["spit"],
        party=citizen,
        facts="随地吐痰",
        place=Place("人民路"),
        street=east_street,
        penalty_kinds=["fine"],
        fine=Decimal("50"),
        collect_on_spot=True,
        on=date(2026, 3, 2),
    )
    case = decision.case
    payment = case.payments.get()
    version = case.version
    with pytest.raises(DomainError):
        record_cash_handover(payment, actor=auxiliary.user, on=date(2026, 3, 3))
    record_cash_handover(payment, actor=handler.user, on=date(2026, 3, 3))
    case.refresh_from_db()
    assert case.version == version + 1


def test_staff_cannot_enter_electronic_service_by_hand(flow, frozen):
    """行政处罚法 Art 61 ¶2: electronic service needs the party's signed consent; it completes
    when the party opens the document (zhifa.delivery), never typed in by staff."""
    from zhifa.core.errors import InvalidInput

    case = flow.decided()
    with pytest.raises(InvalidInput) as exc:
        actions.record_service(
            case, actor=flow.handler.user, served_on=date(2026, 3, 17), mode="electronic"
        )
    assert exc.value.field == "mode"
    assert "送达地址确认书" in exc.value.message
    case.refresh_from_db()
    assert case.status == "decided"


@pytest.mark.parametrize(
    ("lat", "lon", "stored"),
    [
        ("39.9", "116.4", ("39.900000", "116.400000")),
        ("39.9041", "116.407526", ("39.904100", "116.407526")),
        ("39.90410049", "116.4075255", ("39.904100", "116.407526")),  # rounded as Django saves
    ],
)
def test_coordinates_in_any_precision_verify_after_saving(handler, frozen, lat, lon, stored):
    """Art 47 record: what is digested is what is stored (DecimalField(9, 6)); a phone sending
    39.9 or eight decimals must not make an untouched event look tampered."""
    from zhifa.cases.audit import verify_case

    case = actions.register_clue(
        source="patrol",
        found_on=date(2026, 3, 2),
        facts="巡查发现店外经营",
        place=Place("人民路12号", Decimal(lat), Decimal(lon)),
        street=None,
        actor=handler.user,
    )
    case.refresh_from_db()
    event = case.events.get()
    assert (str(event.latitude), str(event.longitude)) == stored
    assert verify_case(case) is None
