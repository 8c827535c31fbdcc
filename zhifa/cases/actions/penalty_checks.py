"""Checks on the content of a penalty that more than one step asks: the party's age on the day
of the act (行政处罚法 Art 30; the age comes from the resident ID, GB 11643-1999 birth date) and
首违不罚 only for a first violation (Art 33 ¶1)."""

from __future__ import annotations

from datetime import date

from zhifa.cases import guards
from zhifa.cases.choices import NoPenaltyReason, Outcome
from zhifa.cases.models import Case
from zhifa.law.choices import BandLevel
from zhifa.parties.models import Party

ADULT_AGE = 18
PENALTY_AGE = 14  # 行政处罚法 Art 30: no penalty under 14


def check_party_age(party: Party | None, act_on: date | None, outcome: str, reason: str) -> None:
    """行政处罚法 Art 30: a party under 14 on the day of the act is not penalised (the guardian
    is told to discipline); the ground 不满十四周岁 needs a party who was under 14 then."""
    if party is None or act_on is None:
        return
    age = party.age_on(act_on)
    if age is None:
        return
    if outcome == Outcome.PENALTY and age < PENALTY_AGE:
        raise guards.GuardRefused(
            "party_under_14",
            f"决定：当事人违法行为发生时 ({act_on}) 未满十四周岁 ({age}周岁，据身份证号码)，"
            "不予行政处罚，责令监护人加以管教 (行政处罚法第30条)",
        )
    if outcome == Outcome.NO_PENALTY and reason == NoPenaltyReason.UNDER_AGE and age >= PENALTY_AGE:
        raise guards.GuardRefused(
            "party_not_under_14",
            f"不予处罚理由：当事人违法行为发生时 ({act_on}) 已满{age}周岁 (据身份证号码)，"
            "不适用「不满十四周岁」(行政处罚法第30条)",
        )


def minor_mitigation_note(party: Party | None, act_on: date | None) -> str:
    """行政处罚法 Art 30: a party of 14 to 17 on the day of the act is to be penalised more
    lightly or below the range (从轻或者减轻); the report and decision pages show this."""
    if party is None or act_on is None:
        return ""
    age = party.age_on(act_on)
    if age is None or not PENALTY_AGE <= age < ADULT_AGE:
        return ""
    return (
        f"当事人违法行为发生时 {age} 周岁 (已满十四周岁不满十八周岁)，"
        "应当从轻或者减轻行政处罚 (行政处罚法第30条)"
    )


def check_first_violation(case: Case, outcome: str, reason: str) -> None:
    """行政处罚法 Art 33 ¶1 s2 (首违不罚): only a *first* violation. An earlier penalty in force
    against the same party for the same catalog item within the configured period
    (``ZHIFA_REPEAT_VIOLATION_MONTHS``, the sheet's default 12) makes it a repetition."""
    if outcome != Outcome.NO_PENALTY or reason != NoPenaltyReason.FIRST_MINOR:
        return
    from zhifa.disclosure.history import repeat_violations  # an app above cases

    earlier = repeat_violations(case)
    if earlier:
        last = earlier[0]
        raise guards.GuardRefused(
            "not_first_violation",
            f"不予处罚理由：当事人已于 {last.decided_on} 因同一违法行为受到行政处罚 ({last.number})"
            f"，共{len(earlier)}次，不属于初次违法，不适用首违不罚 (行政处罚法第33条第1款)",
        )


# The discretion levels a mandatory 从轻或者减轻 rules out (行政处罚法 Art 30, 14 to 17).
HEAVY_LEVELS = frozenset({BandLevel.HEAVIER, BandLevel.SERIOUS})


def check_minor_mitigation(party: Party | None, act_on: date | None, level: str) -> None:
    """行政处罚法 Art 30: a party of 14 to 17 on the day of the act *shall* be penalised more
    lightly or below the range, so the proposal may not place the case in a heavier band."""
    note = minor_mitigation_note(party, act_on)
    if note and level in HEAVY_LEVELS:
        raise guards.GuardRefused(
            "minor_not_mitigated",
            f"裁量档次：{note}，不得适用「{BandLevel(level).label}」裁量基准",
        )
