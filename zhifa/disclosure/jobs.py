"""The publication job: register, publish, withdraw and expire — idempotent, one row at a time.

- Every penalty decision (not no-penalty, not transfer; on-the-spot ones too) gets a
  Publication due ``ZHIFA_DISCLOSURE_PUBLISH_WORKING_DAYS`` (7) working days after the decision
  (国办发〔2018〕118号, 双公示 — ◐ W1, W6; calendar: 行政处罚法 Art 85). It is published once the
  decision is served, and at the latest on the due day; a later publication is recorded late.
- A published decision that is changed, revoked or confirmed illegal is withdrawn within 3
  working days of that result (行政处罚法 Art 48 ¶2, Art 85) with the reason published; the
  changed decision is published in its place at once.
- At the end of its display period (rules.md §4.5) a record stops being shown.
Each step is a ``transition`` with its event; running twice changes nothing twice."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from zhifa.calendar.periods import Side, add_working_days
from zhifa.cases.choices import Outcome, RemedyKind, RemedyResult
from zhifa.cases.models import Case, Decision, Remedy
from zhifa.core.errors import DomainError
from zhifa.disclosure import severity as sev
from zhifa.disclosure.actions import transition
from zhifa.disclosure.build import public_fields
from zhifa.disclosure.choices import PUBLIC_STATUSES, PublicationStatus
from zhifa.disclosure.config import DisclosureRules, disclosure_rules
from zhifa.disclosure.models import Publication
from zhifa.law import statute

log = logging.getLogger(__name__)
S = PublicationStatus
ENDED_BY_REMEDY = (RemedyResult.REVOKED, RemedyResult.CONFIRMED_ILLEGAL)
REMEDY_WORDS: dict[str, str] = {RemedyKind.REVIEW: "行政复议", RemedyKind.LITIGATION: "行政诉讼"}


def run(today: date) -> dict[str, int]:
    """One pass of every step, in the order that lets a replacement follow its withdrawal."""
    rules = disclosure_rules()
    counts: Counter[str] = Counter()
    counts.update(register(today, rules))
    counts["withdrawn"] = withdraw_changed(today)
    counts["published"] = publish_due(today, rules)
    counts["expired"] = expire(today)
    return dict(counts)


# --- register ------------------------------------------------------------------------------


def unregistered() -> QuerySet[Decision]:
    return Decision.objects.filter(outcome=Outcome.PENALTY, publication__isnull=True)


def register(today: date, rules: DisclosureRules) -> Counter[str]:
    counts: Counter[str] = Counter()
    rows = unregistered().select_related("case__violation_item", "case__party", "case__street")
    for decision in rows.order_by("id").iterator(chunk_size=500):
        try:
            publication = register_decision(decision, today, rules)
        except DomainError as exc:  # e.g. a holiday schedule missing for the due date's year
            log.warning("disclosure: %s not registered: %s", decision.number, exc.message)
            counts["errors"] += 1
            continue
        if publication is not None:
            counts["registered"] += 1
            counts["skipped"] += publication.status == S.SKIPPED
    return counts


def skip_reason(
    decision: Decision, severity: str, until: date, today: date, rules: DisclosureRules
) -> str:
    if not rules.publishes(severity):
        return "轻微违法行为，原则上不予公示 (信用修复管理办法)"
    if Decision.objects.filter(replaces=decision).exists():
        return "处罚决定已被变更，公示变更后的决定"
    if decision.case.decision_revoked and not decision.replaced_by.exists():
        return "处罚决定已被撤销或确认违法，不予公示"
    if until < today:
        return f"公示期已于{until}届满"
    return ""


def register_decision(
    decision: Decision, today: date, rules: DisclosureRules
) -> Publication | None:
    case = decision.case
    severity = sev.severity_of(case, rules)
    due = add_working_days(decision.decided_on, rules.publish_working_days, side=Side.BUREAU).date
    until = sev.display_until(decision.decided_on, severity, rules)
    try:
        with transaction.atomic():
            publication = Publication.objects.create(
                decision=decision,
                case=case,
                party=case.party,
                severity=severity,
                due_on=due,
                display_until=until,
                repair_from=sev.repair_from(decision.decided_on, severity, rules),
                **public_fields(decision),
            )
            reason = skip_reason(decision, severity, until, today, rules)
            if reason:
                publication = transition(
                    publication,
                    S.SKIPPED,
                    on=today,
                    note=reason,
                    changes={"skip_reason": reason, "ended_on": today},
                )
    except IntegrityError:  # registered by a concurrent run
        return None
    return publication


# --- withdraw --------------------------------------------------------------------------------


def _day(on: date) -> str:
    return f"{on.year}年{on.month}月{on.day}日"


def _remedy(case_id: int, results: tuple[str, ...]) -> Remedy | None:
    return (
        Remedy.objects.filter(case_id=case_id, result__in=results)
        .order_by("-decided_on", "-id")
        .first()
    )


def withdrawal(publication: Publication, today: date) -> tuple[date, str, str]:
    """(the day the decision was changed or ended, the reason to publish, replacement 文号)."""
    replacement = Decision.objects.filter(replaces_id=publication.decision_id).first()
    if replacement is not None:
        remedy = _remedy(publication.case_id, (RemedyResult.CHANGED,))
        how = REMEDY_WORDS.get(remedy.kind, "") if remedy else ""
        on = replacement.decided_on
        reason = (
            f"该行政处罚决定经{how}于{_day(on)}变更，"
            f"变更后的行政处罚决定书文号为{replacement.number}。"
        )
        return on, reason, replacement.number
    remedy = _remedy(publication.case_id, ENDED_BY_REMEDY)
    if remedy is None or remedy.decided_on is None:
        return today, "该行政处罚决定已被撤销。", ""
    word = "撤销" if remedy.result == RemedyResult.REVOKED else "确认违法"
    on = remedy.decided_on
    return on, f"该行政处罚决定经{REMEDY_WORDS[remedy.kind]}于{_day(on)}被{word}。", ""


def needing_withdrawal() -> QuerySet[Publication]:
    """Shown (or about to be) though the decision was changed or revoked: driven from the few
    replacing decisions and revoked cases (their indexes), never a join of every publication
    (issue 11: 290 ms at a million)."""
    # the few ids first (PostgreSQL otherwise tested every shown publication against the two
    # subqueries: 300 ms at a million), then the publications by their decision and case keys
    # ``order_by()``: in the decisions' default order SQLite walked every decision by its key
    # (270 ms at a million) instead of the few entries of the replaces index
    replaced = list(
        Decision.objects.filter(replaces__isnull=False)
        .order_by()
        .values_list("replaces_id", flat=True)
    )
    revoked = list(
        Case.objects.filter(decision_revoked=True).order_by().values_list("id", flat=True)
    )
    changed = Q(decision_id__in=replaced)
    ended = Q(case_id__in=revoked) & ~Q(decision_id__in=replaced)
    return Publication.objects.filter(status__in=[S.PENDING, S.PUBLISHED]).filter(changed | ended)


def withdraw_changed(today: date) -> int:
    done = 0
    for publication in needing_withdrawal().distinct().order_by("id"):
        try:
            done += _withdraw(publication, today)
        except DomainError as exc:  # moved by a concurrent run, or no calendar for the year
            log.warning("disclosure: %s not withdrawn: %s", publication.number, exc.message)
    return done


def _withdraw(publication: Publication, today: date) -> int:
    on, reason, replacement = withdrawal(publication, today)
    if publication.status == S.PENDING:  # never shown: nothing to withdraw
        transition(
            publication,
            S.SKIPPED,
            on=today,
            note=reason,
            changes={"skip_reason": reason[:200], "ended_on": today},
        )
        return 0
    # Art 48 ¶2, Art 85: a bureau duty, so an uncertain day counts as a working day.
    due = add_working_days(on, statute.DISCLOSURE_WITHDRAW_WD, side=Side.BUREAU).date
    transition(
        publication,
        S.WITHDRAWN,
        on=today,
        note=reason,
        due_on=due,
        late=today > due,
        changes={
            "withdrawn_on": today,
            "withdraw_reason": reason,
            "withdraw_due": due,
            "withdrawn_late": today > due,
            "replacement_number": replacement,
        },
    )
    return 1


# --- publish and expire ------------------------------------------------------------------------


def publishable(today: date, rules: DisclosureRules) -> QuerySet[Publication]:
    ready = Q(due_on__lte=today) | Q(decision__replaces__isnull=False)
    if rules.wait_for_service:
        ready |= Q(case__served_on__isnull=False)
    else:
        ready = Q()
    return Publication.objects.filter(status=S.PENDING, decided_on__lte=today).filter(ready)


def publish_due(today: date, rules: DisclosureRules) -> int:
    done = 0
    for publication in publishable(today, rules).order_by("id"):
        late = today > publication.due_on
        transition(
            publication,
            S.PUBLISHED,
            on=today,
            due_on=publication.due_on,
            late=late,
            note="逾期公示" if late else "",
            changes={"published_on": today, "published_late": late},
        )
        done += 1
    return done


def expire(today: date) -> int:
    """Stop showing what is past its display period (the last day shown is display_until)."""
    done = 0
    rows = Publication.objects.filter(status__in=PUBLIC_STATUSES, display_until__lt=today)
    for publication in rows.order_by("id"):
        end = publication.display_until + timedelta(days=1)
        transition(
            publication,
            S.EXPIRED,
            on=today,
            due_on=end,
            late=today > end,
            note=f"公示期至{publication.display_until}届满",
            changes={"ended_on": today},
        )
        done += 1
    return done
