"""The performance steps, declared here and registered into the case workflow from ``ready()``:
payment (行政处罚法 Arts 66–73), deferral and instalments (Art 66 ¶2), 催告, the party's
statement after it and the court (行政强制法 Arts 35–38, 53–55). Each step's preconditions are
its one ``problems`` function, asked by the case page and by ``lock_case`` alike."""

from __future__ import annotations

from datetime import date
from typing import Any

from zhifa.cases.choices import CaseStatus as S
from zhifa.cases.choices import DeadlineKind, Procedure
from zhifa.cases.choices import StepName as N
from zhifa.cases.facts import Facts, Problem, register_join, register_rows
from zhifa.cases.workflow import AFTER_DECISION, BOTH, HANDLERS, LEADERS, SIMPLE, Step, _s
from zhifa.documents.choices import DocumentKind as D
from zhifa.performance import selectors
from zhifa.performance.models import (
    COURT_ENDED,
    Channel,
    PlanStatus,
    Reminder,
)
from zhifa.performance.surcharge import ZERO, Computation


def rows(f: Facts) -> dict[str, Any]:
    """The case's plans and remedies as the selectors take them, loaded once (``Facts.rows``)."""
    return {"plans": f.rows("payment_plans"), "remedies": f.rows("remedies")}


def balance(f: Facts) -> Computation:
    return f.memo(
        "balance",
        lambda: selectors.balance(f.case, f.on, payments=f.rows("payments"), **rows(f)),
    )


def statutory_period_end(f: Facts) -> date | None:
    return f.memo("statutory_period_end", lambda: selectors.statutory_period_end(f.case, **rows(f)))


def court_window_end(f: Facts) -> date | None:
    return f.memo("court_window_end", lambda: selectors.court_window_end(f.case, **rows(f)))


def latest_reminder(f: Facts) -> Reminder | None:
    return f.last("reminders")


def record_payment(f: Facts) -> list[Problem]:
    if balance(f).total_owed == ZERO:
        return [Problem("nothing_owed", "当事人已缴清罚款和加处罚款")]
    return []


def _plan_requested(f: Facts) -> bool:
    return any(p.status == PlanStatus.REQUESTED for p in f.rows("payment_plans"))


def request_payment_plan(f: Facts) -> list[Problem]:
    if balance(f).unpaid_principal == ZERO:
        return [Problem("nothing_owed", "罚款已缴清")]
    if _plan_requested(f):
        return [Problem("plan_pending", "已有待审批的延期/分期申请")]
    return []


def decide_payment_plan(f: Facts) -> list[Problem]:
    if _plan_requested(f):
        return []
    return [Problem("no_plan_request", "没有待审批的延期/分期申请")]


def issue_reminder(f: Facts) -> list[Problem]:
    """行政强制法 Art 54 with Art 53: 催告 once the party is in default and the statutory
    review/litigation periods have passed unused (rules.md §3 step 5)."""
    case, on = f.case, f.on
    problems = []
    if balance(f).total_owed == ZERO:
        problems.append("当事人已履行完毕")
    if case.payment_due and on <= case.payment_due:
        problems.append(f"缴款期限 {case.payment_due} 尚未届满")
    if f.pending_remedy is not None:
        problems.append("复议或诉讼尚未终结")
    end = statutory_period_end(f)
    if end is not None and on <= end:
        problems.append(f"申请复议、提起诉讼的法定期限至 {end} 届满，期满后方可催告")
    if problems:
        return [Problem("reminder_not_allowed", "不能催告：" + "；".join(problems))]
    return []


def record_reminder_service(f: Facts) -> list[Problem]:
    reminder = latest_reminder(f)
    if reminder is None:
        return [Problem("no_reminder", "尚未催告")]
    if reminder.served_on is not None:
        return [Problem("reminder_served", f"催告书已于 {reminder.served_on} 送达")]
    return []


def record_reminder_statement(f: Facts) -> list[Problem]:
    """行政强制法 Art 36: the party states and defends once it has received the 催告书."""
    reminder = latest_reminder(f)
    if reminder is None or reminder.served_on is None:
        return [
            Problem(
                "reminder_not_served",
                "催告书尚未送达：当事人收到催告书后有权进行陈述和申辩，"
                "送达后方可记录 (行政强制法第36条)",
            )
        ]
    return []


ART_54 = "行政强制法第三十五条、第三十八条、第五十四条"


def apply_to_court(f: Facts) -> list[Problem]:
    """行政强制法 Art 54: only once the 催告书 has been served (Arts 35, 38) and 10 working days
    have run since without performance; Art 53: within 3 months from the day the statutory
    review and litigation periods lapsed."""
    reminder = latest_reminder(f)
    if reminder is None:
        return [
            Problem("no_reminder", f"尚未催告：申请法院强制执行前应当催告当事人履行 ({ART_54})")
        ]
    problems = []
    if reminder.served_on is None or reminder.wait_until is None:
        problems.append(
            Problem(
                "reminder_not_served",
                f"催告书尚未送达：送达后10个工作日仍未履行的，方可申请法院强制执行 ({ART_54})",
            )
        )
    elif f.on <= reminder.wait_until:
        problems.append(
            Problem(
                "reminder_wait",
                f"催告书于 {reminder.served_on} 送达，10个工作日至 {reminder.wait_until} 届满后"
                f"仍未履行的，方可申请法院强制执行 ({ART_54})",
            )
        )
    if balance(f).total_owed == ZERO:
        problems.append(Problem("performed", "当事人已履行完毕，无需申请强制执行"))
    window = court_window_end(f)
    if window is None:
        problems.append(
            Problem(
                "not_enforceable",
                "申请复议、提起诉讼的法定期限尚未届满或复议、诉讼尚未终结，决定尚不能申请强制执行"
                " (行政强制法第五十三条)",
            )
        )
    elif f.on > window:
        problems.append(
            Problem(
                "court_window_closed",
                f"申请期限已于 {window} 届满 (法定起诉期限届满之日起三个月内，行政强制法第53条)",
            )
        )
    return problems


def record_court_result(f: Facts) -> list[Problem]:
    application = f.last("court_applications")
    if application is None:
        return [Problem("no_application", "尚未申请法院强制执行")]
    if application.stage in COURT_ENDED:
        return [Problem("court_ended", "法院执行已经终结")]
    return []


def record_cash_handover(f: Facts) -> list[Problem]:
    payments = f.rows("payments")
    if any(p.channel == Channel.ON_SPOT and p.handed_over_on is None for p in payments):
        return []
    return [Problem("nothing_to_hand_over", "没有待交至机关的当场收缴罚款")]


def court_must_end(f: Facts) -> list[Problem]:
    """结案 of a case at the court: only once the court's enforcement has ended."""
    if f.case.status == S.COURT and not selectors.court_ended(f.case, f.rows("court_applications")):
        return [Problem("not_complete", "不能结案：法院强制执行尚未终结")]
    return []


PERFORMANCE_STEPS = [
    Step(
        N.RECORD_PAYMENT,
        "登记缴款",
        _s(S.SERVED, S.REMINDED, S.COURT),
        None,
        HANDLERS | LEADERS,
        BOTH,
        handler_only=False,
        problems=record_payment,
        meets=(DeadlineKind.PAYMENT,),
        dated="paid_on",
        in_order=False,  # a bank payment is known when its slip arrives (Art 67)
    ),
    Step(
        N.REQUEST_PAYMENT_PLAN,
        "申请延期/分期缴纳",
        _s(S.SERVED),
        None,
        HANDLERS,
        BOTH,
        problems=request_payment_plan,
    ),
    Step(
        N.DECIDE_PAYMENT_PLAN,
        "审批延期/分期缴纳",
        _s(S.SERVED),
        None,
        LEADERS,
        BOTH,
        problems=decide_payment_plan,
        conditional=True,
    ),
    Step(
        N.ISSUE_REMINDER,
        "催告",
        _s(S.SERVED),
        S.REMINDED,
        HANDLERS,
        BOTH,
        problems=issue_reminder,
        documents=(D.ENFORCEMENT_REMINDER,),
    ),
    Step(
        N.RECORD_REMINDER_SERVICE,
        "登记催告书送达",
        _s(S.REMINDED),
        None,
        HANDLERS | LEADERS,
        BOTH,
        handler_only=False,
        party_may=True,
        problems=record_reminder_service,
        starts=(DeadlineKind.REMINDER_WAIT,),
        via="delivery",  # served with its mode's rules and proof (行政强制法 Art 38)
        dated="served_on",
    ),
    Step(
        N.RECORD_REMINDER_STATEMENT,
        "记录催告后陈述申辩",
        _s(S.REMINDED),
        None,
        HANDLERS | LEADERS,
        BOTH,
        handler_only=False,
        problems=record_reminder_statement,  # after the 催告书's service (Art 36)
        dated="received_on",
    ),
    Step(
        N.APPLY_TO_COURT,
        "申请法院强制执行",
        _s(S.REMINDED),
        S.COURT,
        HANDLERS | LEADERS,
        BOTH,
        handler_only=False,
        problems=apply_to_court,
        documents=(D.ENFORCEMENT_APPLICATION,),
        meets=(DeadlineKind.COURT_APPLICATION,),
    ),
    Step(
        N.RECORD_COURT_RESULT,
        "登记法院执行结果",
        _s(S.COURT),
        None,
        HANDLERS | LEADERS,
        BOTH,
        handler_only=False,
        problems=record_court_result,
        conditional=True,
    ),
    Step(
        N.RECORD_CASH_HANDOVER,
        "罚款交至机关",
        AFTER_DECISION | {S.CLOSED},
        None,
        HANDLERS | LEADERS,
        SIMPLE,
        problems=record_cash_handover,
        meets=(DeadlineKind.CASH_HANDOVER,),
        conditional=True,
    ),
]

assert all(s.procedures <= {Procedure.SIMPLE, Procedure.GENERAL} for s in PERFORMANCE_STEPS)


def register() -> None:
    from zhifa.cases import workflow

    workflow.register(*PERFORMANCE_STEPS)
    # what the steps and the case page read of performance's rows (``Facts.rows``)
    register_rows("payments", lambda rows, f: rows.order_by("paid_on", "id"))
    register_rows("payment_plans", lambda rows, f: rows.order_by("id"))
    register_rows("reminders", lambda rows, f: rows.order_by("id"))
    register_rows("reminder_statements", lambda rows, f: rows.order_by("id"))
    # each 催告 with the statements after it, in one query
    register_join("reminders", "statements", rows="reminder_statements")
    register_rows("court_applications", lambda rows, f: rows.order_by("id"))
    if court_must_end not in workflow.CLOSING_CHECKS:
        workflow.CLOSING_CHECKS.append(court_must_end)
