"""行政处罚法 Art 42: only certified officers (never auxiliary staff) act as case handlers.

Validity on a date is replayed from the certificate's history (申领, 年检, 换证, 暂停, 注销)."""

from datetime import date

import pytest

from zhifa.core.errors import DomainError, InvalidInput
from zhifa.org import actions
from zhifa.org.certificates import may_act_as_handler
from zhifa.org.choices import CertificateStatus
from zhifa.org.models import Certificate, CertificateEvent
from zhifa.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(bureau):
    return f.OfficerFactory(name="张伟", unit=bureau)


@pytest.fixture
def certificate(officer, leader):
    return actions.issue_certificate(
        officer,
        number="京城管001",
        issuing_authority="示范市人民政府",
        issued_on=date(2023, 3, 1),
        expires_on=date(2026, 2, 28),
        actor=leader.user,
    )


def test_it_allows_a_certified_officer_within_the_validity_period(officer, certificate):
    assert may_act_as_handler(officer, date(2025, 6, 1)).ok


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (date(2023, 2, 28), "certificate_not_issued"),
        (date(2026, 3, 1), "certificate_expired"),
    ],
)
def test_it_refuses_outside_the_validity_period(officer, certificate, day, code):
    result = may_act_as_handler(officer, day)
    assert (result.ok, result.code) == (False, code)


def test_it_accepts_the_last_day_of_validity(officer, certificate):
    assert may_act_as_handler(officer, date(2026, 2, 28)).ok


def test_it_refuses_auxiliary_staff_even_with_a_certificate_row(bureau):
    helper = f.OfficerFactory(unit=bureau, is_auxiliary=True)
    f.certify(helper)
    result = may_act_as_handler(helper, date(2025, 6, 1))
    assert (result.ok, result.code) == (False, "auxiliary_staff")
    assert "辅助人员" in result.message
    assert "第42条" in result.message


def test_it_refuses_an_officer_without_certificate(officer):
    result = may_act_as_handler(officer, date(2025, 6, 1))
    assert (result.ok, result.code) == (False, "no_certificate")


def test_it_refuses_an_officer_who_left(officer, certificate):
    officer.left_on = date(2025, 1, 31)
    officer.save()
    assert may_act_as_handler(officer, date(2025, 1, 31)).ok
    assert may_act_as_handler(officer, date(2025, 2, 1)).code == "not_in_service"


def test_it_keeps_the_past_valid_after_a_later_cancellation(officer, certificate, leader):
    """A case handled in 2024 stays lawful though the certificate was cancelled in 2025."""
    actions.cancel_certificate(
        certificate, on=date(2025, 5, 10), reason="调出本单位", actor=leader.user
    )
    assert may_act_as_handler(officer, date(2025, 5, 9)).ok
    assert may_act_as_handler(officer, date(2025, 5, 10)).code == "certificate_cancelled"


def test_it_suspends_and_reinstates(officer, certificate, leader):
    actions.suspend_certificate(certificate, on=date(2024, 4, 1), reason="停职", actor=leader.user)
    actions.reinstate_certificate(
        certificate, on=date(2024, 6, 1), reason="复职", actor=leader.user
    )
    assert may_act_as_handler(officer, date(2024, 3, 31)).ok
    assert may_act_as_handler(officer, date(2024, 5, 1)).code == "certificate_suspended"
    assert may_act_as_handler(officer, date(2024, 6, 1)).ok


def test_it_extends_validity_on_renewal_from_the_renewal_date(officer, certificate, leader):
    """换证: the new period applies from the renewal; earlier dates keep the old expiry."""
    actions.renew_certificate(
        certificate,
        on=date(2026, 1, 15),
        new_expires_on=date(2031, 1, 14),
        new_number="京城管001-2",
        actor=leader.user,
    )
    certificate.refresh_from_db()
    assert (certificate.number, certificate.expires_on) == ("京城管001-2", date(2031, 1, 14))
    assert may_act_as_handler(officer, date(2026, 6, 1)).ok


def test_a_failed_annual_check_suspends(officer, certificate, leader):
    actions.record_annual_check(certificate, on=date(2025, 3, 1), passed=False, actor=leader.user)
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.SUSPENDED
    assert may_act_as_handler(officer, date(2025, 3, 2)).code == "certificate_suspended"


def test_it_enforces_annual_checks_when_configured(officer, certificate, leader, settings):
    settings.ZHIFA_LOCAL_RULES = {**settings.ZHIFA_LOCAL_RULES, "CERT_ANNUAL_CHECK_ENFORCED": True}
    actions.record_annual_check(certificate, on=date(2024, 3, 1), passed=True, actor=leader.user)
    assert may_act_as_handler(officer, date(2025, 3, 1)).ok
    result = may_act_as_handler(officer, date(2025, 3, 2))
    assert (result.ok, result.code) == (False, "annual_check_overdue")


def test_any_one_valid_certificate_suffices(officer, certificate, leader):
    actions.cancel_certificate(certificate, on=date(2024, 1, 1), reason="遗失", actor=leader.user)
    f.certify(officer, issued_on=date(2024, 1, 2), expires_on=date(2029, 1, 1), number="新证")
    assert may_act_as_handler(officer, date(2024, 6, 1)).ok


# --- guards: every disallowed status, one parametrized test per transition -------------------

TRANSITIONS = {
    "annual_check": lambda c, a: actions.record_annual_check(
        c, on=date(2025, 1, 2), passed=True, actor=a
    ),
    "renewal": lambda c, a: actions.renew_certificate(
        c, on=date(2025, 1, 2), new_expires_on=date(2030, 1, 1), actor=a
    ),
    "suspension": lambda c, a: actions.suspend_certificate(
        c, on=date(2025, 1, 2), reason="x", actor=a
    ),
    "reinstatement": lambda c, a: actions.reinstate_certificate(
        c, on=date(2025, 1, 2), reason="x", actor=a
    ),
    "cancellation": lambda c, a: actions.cancel_certificate(
        c, on=date(2025, 1, 2), reason="x", actor=a
    ),
}
ALLOWED_FROM = {
    "annual_check": {"valid"},
    "renewal": {"valid"},
    "suspension": {"valid"},
    "reinstatement": {"suspended"},
    "cancellation": {"valid", "suspended"},
}
DISALLOWED = [
    (kind, status)
    for kind, allowed in ALLOWED_FROM.items()
    for status in CertificateStatus.values
    if status not in allowed
]


@pytest.mark.parametrize(("kind", "status"), DISALLOWED)
def test_it_refuses_a_transition_from_a_disallowed_status(certificate, leader, kind, status):
    Certificate.objects.filter(pk=certificate.pk).update(status=status)
    events_before = CertificateEvent.objects.count()
    with pytest.raises(DomainError) as exc:
        TRANSITIONS[kind](certificate, leader.user)
    assert exc.value.code == "certificate_transition"
    assert CertificateEvent.objects.count() == events_before  # nothing written


def test_the_transition_table_matches_the_tested_one():
    assert {k: set(v) for k, v in actions.CERTIFICATE_TRANSITIONS.items()} == ALLOWED_FROM


def test_it_refuses_a_certificate_for_auxiliary_staff(bureau, leader):
    helper = f.OfficerFactory(unit=bureau, is_auxiliary=True)
    with pytest.raises(DomainError, match="辅助人员"):
        actions.issue_certificate(
            helper,
            number="X1",
            issuing_authority="示范市人民政府",
            issued_on=date(2024, 1, 1),
            expires_on=date(2029, 1, 1),
            actor=leader.user,
        )
    assert not helper.certificates.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"number": " "}, "number"),
        ({"expires_on": date(2023, 1, 1)}, "expires_on"),
        ({"number": "京城管001"}, "number"),  # duplicate
    ],
)
def test_it_refuses_bad_certificate_input(officer, certificate, leader, kwargs, field):
    params = {
        "number": "京城管002",
        "issuing_authority": "示范市人民政府",
        "issued_on": date(2024, 1, 1),
        "expires_on": date(2029, 1, 1),
    } | kwargs
    with pytest.raises(InvalidInput) as exc:
        actions.issue_certificate(officer, **params, actor=leader.user)
    assert exc.value.field == field
    assert list(officer.certificates.all()) == [certificate]


def test_renewal_to_a_taken_number_changes_nothing(officer, certificate, leader):
    other = f.certify(f.OfficerFactory(), number="京城管999")
    with pytest.raises(InvalidInput, match="已存在"):
        actions.renew_certificate(
            certificate,
            on=date(2025, 1, 2),
            new_expires_on=date(2030, 1, 1),
            new_number=other.number,
            actor=leader.user,
        )
    certificate.refresh_from_db()
    assert certificate.expires_on == date(2026, 2, 28)
    assert certificate.events.count() == 1
