"""The preconditions of the case's own steps: one ``problems(facts)`` function per step.

Each function is named in its step's declaration (``workflow.STEPS``) and asked twice with the
same code: by the case page (a greyed button and its reason) and by ``workflow.lock_case`` under
the row lock (the action's refusal, HTTP 409). Checks that depend on what the user typed (a
fine, a date, a list of attendees) stay in the action; everything that depends only on the case
as it stands is here, once. Steps of ``performance`` and ``delivery`` keep theirs in their apps.
"""

from __future__ import annotations

from zhifa.cases import guards
from zhifa.cases.choices import CaseStatus as S
from zhifa.cases.choices import DeadlineKind, Outcome
from zhifa.cases.facts import Facts, Problem
from zhifa.cases.models import Case, CaseDeadline, CaseHandler
from zhifa.org.models import Officer, User

TWO = "two_handlers"


def _handlers(f: Facts) -> list[Problem]:
    """行政处罚法 Art 42: two certified officers on the day."""
    return [Problem(TWO, "；".join(f.handler_problems))] if f.handler_problems else []


def record_transcript(f: Facts) -> list[Problem]:
    return _handlers(f)


def approve_filing(f: Facts) -> list[Problem]:
    """Art 36 (limitation) and Art 42 (two handlers) before the case is filed (Art 54)."""
    case = f.case
    problem = guards.limitation_problem(
        act_on=case.act_on,
        act_ended_on=case.act_ended_on,
        continuing=case.continuing,
        extended=case.extended_limitation,
        found_on=case.found_on,
    )
    return ([Problem("limitation_expired", problem)] if problem else []) + _handlers(f)


def recuse_handler(f: Facts) -> list[Problem]:
    return [] if f.handlers else [Problem("no_handler", "本案没有可回避的承办人")]


def approve_preservation(f: Facts) -> list[Problem]:
    if any(p.approved_on is None for p in f.preservations):
        return []
    return [Problem("nothing_to_approve", "没有待批准的先行登记保存申请")]


def decide_preservation(f: Facts) -> list[Problem]:
    if any(p.approved_on and p.decided_on is None for p in f.preservations):
        return []
    return [Problem("nothing_to_decide", "没有已批准、待作出处理决定的先行登记保存")]


def submit_report(f: Facts) -> list[Problem]:
    problems = _handlers(f)
    if any(p.decided_on is None for p in f.preservations):
        problems.append(
            Problem("preservation_pending", "先行登记保存的证据尚未作出处理决定 (行政处罚法第56条)")
        )
    return problems


def notify(f: Facts) -> list[Problem]:
    if not f.penalty_proposed:
        return [Problem("not_a_penalty", "拟处理意见不是给予行政处罚，无需事先告知 (第44条)")]
    return _handlers(f)


def _no_notice(f: Facts) -> list[Problem]:
    return [] if f.notice is not None else [Problem("no_notice", "尚未事先告知")]


def _unserved(f: Facts) -> list[Problem]:
    """Arts 44, 45, 64(1): the party states, defends, waives or asks for a hearing on a notice
    it has received; the periods run from its service (recorded in the delivery app)."""
    if f.notice is None:
        return _no_notice(f)
    if f.notice.served_on is None:
        return [
            Problem(
                "notice_not_served",
                "行政处罚事先告知书尚未送达当事人，请先在「送达」页送达；陈述、申辩和听证申请"
                "期限自送达之日起计算 (行政处罚法第44条、第64条第1项)",
            )
        ]
    return []


def record_statement(f: Facts) -> list[Problem]:
    return _unserved(f)


def review_statement(f: Facts) -> list[Problem]:
    """Art 45: each statement is re-examined and the record says whether it was adopted."""
    if not any(s.adopted is None for s in f.statements):
        return [Problem("nothing_to_review", "没有待复核的陈述申辩")]
    return []


def record_notice_service(f: Facts) -> list[Problem]:
    notice = f.notice
    if notice is None:
        return _no_notice(f)
    if notice.statement_waived_on or notice.statements.exists() or f.hearing is not None:
        return [Problem("notice_already_answered", "当事人已就告知书作出答复，不能更改送达日期")]
    return []


def waive_statement(f: Facts) -> list[Problem]:
    if f.notice is None or f.notice.served_on is None:
        return _unserved(f)
    if f.notice.statement_waived_on:
        return [Problem("already_waived", "当事人已声明放弃陈述申辩")]
    if f.hearing is not None:
        return [Problem("hearing_requested", "当事人已申请听证，不能再记为放弃")]
    return []


def request_hearing(f: Facts) -> list[Problem]:
    notice = f.notice
    if notice is None or not notice.hearing_offered:
        return [Problem("hearing_not_offered", "本案不属于应当告知听证的情形 (第63条)")]
    if notice.served_on is None:
        return _unserved(f)
    if f.hearing is not None:
        return [Problem("already_requested", "当事人已申请听证")]
    if notice.statement_waived_on:
        return [Problem("waived", "当事人已声明放弃陈述申辩和听证")]
    if notice.hearing_request_due and f.on > notice.hearing_request_due:
        return [
            Problem(
                "hearing_request_late",
                f"听证申请期限已于 {notice.hearing_request_due} 届满 (告知后5个工作日内，第64条)",
            )
        ]
    return []


def schedule_hearing(f: Facts) -> list[Problem]:
    if f.hearing is None:
        return [Problem("no_hearing", "当事人未申请听证")]
    if f.hearing.held_on:
        return [Problem("already_held", "听证已经举行")]
    return []


def record_hearing(f: Facts) -> list[Problem]:
    if f.hearing is None:
        return [Problem("no_hearing", "当事人未申请听证")]
    if f.hearing.scheduled_on is None:
        return [Problem("not_scheduled", "听证尚未通知")]
    if f.hearing.held_on:
        return [Problem("already_held", "听证已经记录")]
    return []


def _notice_problems(f: Facts) -> list[Problem]:
    problems = guards.notice_problems(f.case, f.on, notices=f.notices)
    if not problems:
        return []
    unserved = f.notice is not None and f.notice.served_on is None
    return [Problem("notice_not_served" if unserved else "notice_pending", "；".join(problems))]


def submit_legal_review(f: Facts) -> list[Problem]:
    """Art 58: after the party was heard, so the reviewer sees the statement and hearing."""
    if not f.case.requires_legal_review:
        return [Problem("review_not_required", "本案不属于须法制审核的情形")]
    if f.proposal is None:
        return [Problem("no_report", "尚无调查终结报告")]
    return _notice_problems(f) if f.penalty_proposed else []


def reviewer(f: Facts) -> list[Problem]:
    """行政处罚法 Art 58 ¶2: the reviewer holds the national legal qualification, and is not a
    handler of the case (impartiality)."""
    actor = f.actor
    if actor is None:
        return []
    problem = f.memo(f"reviewer:{actor.pk}", lambda: reviewer_problem(actor, f.case))
    return [Problem("reviewer_not_allowed", problem)] if problem else []


def reviewer_problem(user: User, case: Case) -> str | None:
    officer = Officer.objects.filter(user=user).first()
    if officer is None or not officer.has_legal_qualification:
        return "法制审核人员须取得国家统一法律职业资格 (行政处罚法第58条第2款)"
    if CaseHandler.objects.filter(case=case, officer=officer).exists():
        return f"{officer.name} 是本案承办人，不得审核本案"
    return None


def record_discussion(f: Facts) -> list[Problem]:
    if f.case.requires_legal_review and f.case.status != S.REVIEWED:
        return [Problem("review_first", "须先经法制审核，再提交负责人集体讨论 (第58条)")]
    return _notice_problems(f) if f.penalty_proposed else []


def decision_deadline(f: Facts) -> CaseDeadline | None:
    """The open Art 60 clock of the case (started at filing, moved by approved extensions)."""
    open_clocks = [d for d in f.rows("deadlines") if d.kind == DeadlineKind.DECISION and d.open]
    return max(open_clocks, key=lambda d: d.pk, default=None)


def _time_limit(f: Facts) -> list[Problem]:
    """行政处罚法 Art 60: the decision within the limit from filing, or an approved extension
    covering the day (the extend_time_limit step)."""
    deadline = decision_deadline(f)
    if deadline is None or f.on <= deadline.due_on:
        return []
    return [
        Problem(
            "time_limit_exceeded",
            f"办案期限已于 {deadline.due_on} 届满，未经批准延长不得作出决定 (行政处罚法第60条)",
            "on",
        )
    ]


def extend_time_limit(f: Facts) -> list[Problem]:
    """The limit is extended before it runs out (Art 60 and the local rule, rules.md §1.4)."""
    deadline = decision_deadline(f)
    if deadline is None:
        return [Problem("no_time_limit", "本案没有进行中的办案期限 (行政处罚法第60条)")]
    if f.on > deadline.due_on:
        return [
            Problem(
                "time_limit_exceeded",
                f"办案期限已于 {deadline.due_on} 届满，延长须在期限届满前批准 (行政处罚法第60条)",
                "on",
            )
        ]
    return []


def decide(f: Facts) -> list[Problem]:
    """Arts 57, 58, 62: notice and hearing of the party, legal review and collective discussion
    where required — for the outcome the discussion (or else the report) concluded; within the
    Art 60 limit or its approved extension."""
    outcome = f.decision_outcome()
    if outcome is None:
        return [Problem("no_report", "尚无调查终结报告"), *_time_limit(f)]
    problems = guards.decision_problems(f.case, outcome, f.on, notices=f.notices)
    ready = [Problem("decision_not_ready", "；".join(problems))] if problems else []
    return _time_limit(f) + ready


def file_simple_decision(f: Facts) -> list[Problem]:
    decision = next((d for d in f.rows("decisions") if d.on_the_spot), None)
    if decision is None or decision.filed_with_bureau_on:
        return [Problem("already_filed", "该当场处罚决定已经备案")]
    return []


def record_remedy(f: Facts) -> list[Problem]:
    if f.pending_remedy:
        return [Problem("remedy_pending", "已有尚未终结的复议或诉讼")]
    return []


def record_remedy_result(f: Facts) -> list[Problem]:
    if f.pending_remedy:
        return []
    return [Problem("no_pending_remedy", "没有尚未终结的复议或诉讼")]


def close(f: Facts) -> list[Problem]:
    """结案: the decision performed, enforced, revoked, or needing no performance; and the
    checks other apps register (the court's end, the case file's documents)."""
    from zhifa.cases.workflow import CLOSING_CHECKS

    case = f.case
    problem = _closing_problem(case)
    problems = [Problem("not_complete", f"不能结案：{problem}")] if problem else []
    for check in CLOSING_CHECKS:
        problems += check(f)
    return problems


def _closing_problem(case: Case) -> str | None:
    if case.outcome == Outcome.TRANSFER or case.decision_revoked:
        return None
    if case.status == S.DECIDED:
        return "决定书尚未送达"
    if case.outcome == Outcome.NO_PENALTY or case.status in (S.PERFORMED, S.COURT):
        return None  # the court's end is checked by performance (CLOSING_CHECKS)
    return "处罚决定尚未履行完毕"


def archive(f: Facts) -> list[Problem]:
    """归档: what the apps that keep parts of the file register (its documents, its service)."""
    from zhifa.cases.workflow import ARCHIVING_CHECKS

    problems: list[Problem] = []
    for check in ARCHIVING_CHECKS:
        problems += check(f)
    return problems


def closing_problem(case: Case, facts: Facts | None = None) -> str | None:
    """Why the case may not be closed yet, in one sentence (None: it may) — the ``close``
    step's preconditions as documents and lists quote them (on ``facts`` when the page has
    them loaded already)."""
    from django.utils import timezone

    problems = close(facts if facts is not None else Facts(case, timezone.localdate()))
    return "；".join(p.message.removeprefix("不能结案：") for p in problems) or None


def void_entry(f: Facts) -> list[Problem]:
    """A wrong transcript or evidence entry to void (Art 47: corrected, never edited)."""
    from zhifa.cases.actions.investigation import VOIDABLE

    events = f.rows("events")
    gone = {e.corrects_id for e in events if e.corrects_id}
    if not any(e.kind in VOIDABLE and e.pk not in gone for e in events):
        return [Problem("nothing_to_void", "本案没有可作废的笔录或证据记录")]
    return []
