"""Certificate validity on a date, replayed from the certificate's history.

The one question later issues ask: "may this officer act as a case handler on date D?"
行政处罚法 Art 42: penalties only by officers holding enforcement qualification, at least two of
them; auxiliary staff never sign as handlers (城市管理执法办法, ❌ UNVERIFIED article; the rule is
universal practice and follows from Art 42).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhifa.calendar.periods import add_months_plain
from zhifa.core.config import local_rules
from zhifa.org.choices import CertificateEventKind as K
from zhifa.org.choices import CertificateStatus
from zhifa.org.models import Certificate, CertificateEvent, Officer


@dataclass(frozen=True)
class Eligibility:
    ok: bool
    code: str
    message: str

    def __bool__(self) -> bool:
        return self.ok


@dataclass(frozen=True)
class CertificateState:
    """What the certificate was on a given day."""

    status: str  # a CertificateStatus value, "not_issued" or "expired"
    number: str
    expires_on: date | None
    last_annual_check_on: date | None


@dataclass
class _Replay:
    status: str
    number: str
    expires_on: date | None = None
    last_check: date | None = None

    def apply(self, event: CertificateEvent) -> None:
        if event.kind in (K.APPLY, K.RENEWAL):
            self.expires_on = event.new_expires_on or self.expires_on
            self.number = event.new_number or self.number
        elif event.kind == K.ANNUAL_CHECK:
            if event.passed:
                self.last_check = event.effective_on
            elif self.status == CertificateStatus.VALID:
                self.status = CertificateStatus.SUSPENDED.value
        elif event.kind == K.SUSPENSION:
            self.status = CertificateStatus.SUSPENDED.value
        elif event.kind == K.REINSTATEMENT and self.status == CertificateStatus.SUSPENDED:
            self.status = CertificateStatus.VALID.value
        elif event.kind == K.CANCELLATION:
            self.status = CertificateStatus.CANCELLED.value


def certificate_state_on(certificate: Certificate, day: date) -> CertificateState:
    """Replay the certificate's events up to ``day`` (callers that loop prefetch the events).

    The ``apply`` event carries the first expiry; a renewal replaces expiry (and maybe number);
    suspension, reinstatement and cancellation move the status; a failed annual check suspends.
    """
    if day < certificate.issued_on:
        return CertificateState("not_issued", certificate.number, None, None)
    replay = _Replay(CertificateStatus.VALID.value, certificate.number)
    for event in sorted(certificate.events.all(), key=lambda e: (e.effective_on, e.pk)):
        if event.effective_on > day:
            break
        replay.apply(event)
    expires_on = replay.expires_on or certificate.expires_on  # entered without an apply event
    status = replay.status
    if status == CertificateStatus.VALID and day > expires_on:
        status = "expired"
    return CertificateState(status, replay.number, expires_on, replay.last_check)


_REFUSALS = {
    "not_issued": ("certificate_not_issued", "执法证 {n} 在 {d} 尚未发证"),
    "expired": ("certificate_expired", "执法证 {n} 已于 {e} 过期"),
    CertificateStatus.SUSPENDED.value: ("certificate_suspended", "执法证 {n} 在 {d} 处于暂停状态"),
    CertificateStatus.CANCELLED.value: ("certificate_cancelled", "执法证 {n} 已注销"),
}


def may_act_as_handler(officer: Officer, day: date) -> Eligibility:
    """Whether ``officer`` may act as a case handler (承办人) on ``day`` (行政处罚法 Art 42)."""
    name = officer.name
    if officer.is_auxiliary:
        return Eligibility(
            False, "auxiliary_staff", f"{name} 是辅助人员，不得作为承办人 (行政处罚法第42条)"
        )
    if not officer.is_active_on(day):
        return Eligibility(False, "not_in_service", f"{name} 在 {day} 不在岗")
    certificates = list(officer.certificates.all())
    if not certificates:
        return Eligibility(
            False, "no_certificate", f"{name} 未持有行政执法证，不得实施行政处罚 (行政处罚法第42条)"
        )
    rules = local_rules()
    refusal: Eligibility | None = None
    for certificate in certificates:
        state = certificate_state_on(certificate, day)
        if state.status == CertificateStatus.VALID:
            if rules.cert_annual_check_enforced:
                checked = state.last_annual_check_on or certificate.issued_on
                due = add_months_plain(checked, rules.cert_annual_check_months)
                if day > due:
                    refusal = Eligibility(
                        False,
                        "annual_check_overdue",
                        f"{name} 的执法证 {state.number} 年检已逾期 (应于 {due} 前年检)",
                    )
                    continue
            return Eligibility(True, "ok", f"{name} 持有效执法证 {state.number}")
        code, template = _REFUSALS[state.status]
        refusal = Eligibility(
            False,
            code,
            f"{name} 的" + template.format(n=state.number, d=day, e=state.expires_on),
        )
    assert refusal is not None
    return refusal
