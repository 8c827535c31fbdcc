"""The rules a step must satisfy beyond the transition table. Each raises a DomainError (HTTP
409) with a Chinese message citing its article; ``problems_for`` lets the case page grey out a
step and say why without trying it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from zhifa.calendar.periods import add_months_plain
from zhifa.cases.choices import Outcome
from zhifa.cases.models import Case, CaseHandler, PriorNotice
from zhifa.core.config import local_rules
from zhifa.core.errors import DomainError
from zhifa.law import statute
from zhifa.org.certificates import may_act_as_handler
from zhifa.org.models import Officer


class GuardRefused(DomainError):
    pass


# --- Art 42: two certified handlers ---------------------------------------------------------


def handler_problems(officers: list[Officer], on: date) -> list[str]:
    """Why these officers cannot handle a case on ``on`` (empty when they can).
    行政处罚法 Art 42: at least two officers with enforcement qualification."""
    problems = [r.message for r in (may_act_as_handler(o, on) for o in officers) if not r.ok]
    eligible = len(officers) - len(problems)
    if eligible < statute.MIN_OFFICERS:
        problems.insert(
            0,
            f"执法人员不得少于{statute.MIN_OFFICERS}人且须持有效执法证 (行政处罚法第42条)："
            f"{on} 符合条件的承办人只有 {eligible} 人",
        )
    return problems


def active_handlers(case: Case) -> list[Officer]:
    rows = (
        CaseHandler.objects.filter(case=case, recused_on__isnull=True)
        .select_related("officer")
        .prefetch_related("officer__certificates__events")
    )
    return [r.officer for r in rows]


def require_two_handlers(case: Case, on: date) -> None:
    problems = handler_problems(active_handlers(case), on)
    if problems:
        raise GuardRefused("two_handlers", "；".join(problems))


# --- Art 36: limitation --------------------------------------------------------------------


def limitation_problem(
    *,
    act_on: date | None,
    act_ended_on: date | None,
    continuing: bool,
    extended: bool,
    found_on: date,
) -> str | None:
    """行政处罚法 Art 36: an act not discovered within 2 years (5 where life/health or
    financial safety is involved and harm was caused) is no longer penalised; the period runs
    from the act, or for a continuing act from the day it ended."""
    if act_on is None:
        return None
    if continuing and act_ended_on is None:
        return None  # still going on: the period has not started
    start = act_ended_on if continuing and act_ended_on else act_on
    years = statute.LIMITATION_EXTENDED_YEARS if extended else statute.LIMITATION_GENERAL_YEARS
    last_day = add_months_plain(start, 12 * years)
    if found_on > last_day:
        return (
            f"超过追责期限：违法行为{'终了' if continuing else '发生'}于 {start}，"
            f"{years}年内({last_day}前)未被发现，不再给予行政处罚 (行政处罚法第36条)"
        )
    return None


def require_within_limitation(case: Case) -> None:
    problem = limitation_problem(
        act_on=case.act_on,
        act_ended_on=case.act_ended_on,
        continuing=case.continuing,
        extended=case.extended_limitation,
        found_on=case.found_on,
    )
    if problem:
        raise GuardRefused("limitation_expired", problem)


# --- Arts 44, 45, 62–64: notice, statement, hearing -----------------------------------------


def latest_notice(case: Case) -> PriorNotice | None:
    return PriorNotice.objects.filter(case=case).order_by("-id").first()


def notice_problems(case: Case, on: date, notices: list[PriorNotice] | None = None) -> list[str]:
    """行政处罚法 Art 62: no penalty decision before the party was told (Art 44) and heard
    (Art 45): the statement period must be over unless the party waived it; a hearing that was
    offered must be asked for within 5 working days (Art 64) and, if asked for, held.
    ``notices``: the case's notices in order, when already loaded (``Facts.notices``)."""
    if notices is None:
        notice = latest_notice(case)
    else:
        notice = max(notices, key=lambda n: n.pk, default=None)
    if notice is None:
        return ["未履行事先告知程序，不得作出行政处罚决定 (行政处罚法第44条、第62条)"]
    if notice.served_on is None or notice.statement_due is None:
        return [
            "行政处罚事先告知书尚未送达当事人，陈述申辩和听证申请期限自送达之日起计算，"
            "送达前不得作出行政处罚决定 (行政处罚法第44条、第62条)"
        ]
    problems = []
    # Art 62 asks that the party was *heard*: a statement received (on its page, in writing,
    # in person) ends the wait as a waiver does; the hearing-request period still runs.
    heard = notice.statement_waived_on is not None or notice.statements.exists()
    if not heard and on <= notice.statement_due:
        problems.append(
            f"陈述申辩期限 {notice.statement_due} 尚未届满，当事人既未提出陈述申辩也未明确放弃"
            " (行政处罚法第62条)"
        )
    hearing = max(notice.hearings.all(), key=lambda h: h.pk, default=None)
    if (
        notice.hearing_offered
        and hearing is None
        and notice.hearing_request_due
        and (on <= notice.hearing_request_due and notice.statement_waived_on is None)
    ):
        problems.append(f"听证申请期限 {notice.hearing_request_due} 尚未届满 (行政处罚法第64条)")
    if hearing is not None and not hearing.concluded:
        problems.append("当事人已申请听证，听证尚未举行 (行政处罚法第63条、第65条)")
    return problems


def require_no_increase(case: Case, fine: Decimal | None) -> None:
    """行政处罚法 Art 45: the penalty may not be increased because the party stated a defence.
    A heavier penalty needs a new prior notice on new facts."""
    notice = latest_notice(case)
    if notice is None or fine is None or notice.intended_fine is None:
        return
    if fine > notice.intended_fine:
        raise GuardRefused(
            "penalty_increased",
            f"决定罚款 {fine} 元高于事先告知的 {notice.intended_fine} 元：不得因当事人陈述申辩而"
            "加重处罚 (行政处罚法第45条)；如有新的事实，应重新告知",
        )


# --- Arts 57, 58: legal review, collective discussion ---------------------------------------


def review_problems(case: Case) -> list[str]:
    problems = []
    if case.requires_legal_review and not case.legal_review_done:
        problems.append("本案须经法制审核，未经审核或审核未通过的，不得作出决定 (行政处罚法第58条)")
    if case.requires_collective_discussion and not case.collective_discussion_done:
        problems.append("情节复杂或重大违法行为，应当由负责人集体讨论决定 (行政处罚法第57条第2款)")
    return problems


def decision_problems(
    case: Case, outcome: str, on: date, notices: list[PriorNotice] | None = None
) -> list[str]:
    problems = review_problems(case)
    if outcome == Outcome.PENALTY:
        problems = notice_problems(case, on, notices) + problems
    return problems


def require_decision_ready(case: Case, outcome: str, on: date) -> None:
    problems = decision_problems(case, outcome, on)
    if problems:
        raise GuardRefused("decision_not_ready", "；".join(problems))


def legal_review_reasons(case: Case, *, out_of_band: bool, hearing_held: bool) -> list[str]:
    """行政处罚法 Art 58 ¶1 — why this case needs legal review (empty: it does not)."""
    reasons = []
    if case.major_public_interest:
        reasons.append("涉及重大公共利益 (第58条第1款第1项)")
    if hearing_held:
        reasons.append("直接关系当事人重大权益，经过听证程序 (第58条第1款第2项)")
    if case.complex_case:
        reasons.append("案件情况疑难复杂、涉及多个法律关系 (第58条第1款第3项)")
    if out_of_band:
        reasons.append("罚款超出裁量基准")
    if local_rules().legal_review_all_general and case.procedure == "general":
        reasons.append("本机关规定：普通程序案件作出决定前均须法制审核")
    return reasons
