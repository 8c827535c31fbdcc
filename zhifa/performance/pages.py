"""The performance steps' pages (payments, plans, 催告 and the statement after it, the court,
the cash handover), in the case's page registry (``zhifa.cases.views.registry``: same URLs,
``/cases/<pk>/step/<name>/``), and what performance shows on the case's own pages. Imported
and registered from ``PerformanceConfig.ready()``.

Each ``perform`` parses nothing and decides nothing: it hands the form's cleaned data to the
action and says, in Chinese, what was done."""

from __future__ import annotations

from django.db.models import QuerySet

from zhifa.cases import selectors as case_selectors
from zhifa.cases import timeline
from zhifa.cases.forms.base import StepForm
from zhifa.cases.forms.steps import OnDateForm
from zhifa.cases.models import Case
from zhifa.cases.views.registry import page
from zhifa.cases.views.sections import (
    CaseSection,
    PageSection,
    add_page_section,
    register_case_section,
)
from zhifa.core.counting import BADGE_CAP, capped_count
from zhifa.core.errors import DomainError
from zhifa.org.models import User
from zhifa.performance import actions, present
from zhifa.performance.forms import (
    CourtApplicationForm,
    CourtResultForm,
    PaymentForm,
    PaymentPlanForm,
    PlanDecisionForm,
    ReminderForm,
    ReminderStatementForm,
)
from zhifa.performance.models import (
    Channel,
    CourtApplication,
    CourtStage,
    Payment,
    PaymentPlan,
    PlanKind,
    PlanStatus,
)

BALANCE = PageSection("performance/_step_balance.html", present.balance_section)
COURT = PageSection("performance/_step_court.html", present.court_section)
PAYMENTS = CaseSection("performance/_case_payments.html", present.case_section, order=50)


@page(
    "record_payment",
    PaymentForm,
    sections=(BALANCE,),
    intro="先抵缴罚款，再抵缴加处罚款；缴清后案件转为已履行。",
)
def record_payment(case: Case, form: StepForm, user: User) -> str:
    d = form.cleaned_data
    payment = actions.record_payment(
        case,
        actor=user,
        amount=d["amount"],
        paid_on=d["paid_on"],
        channel=d["channel"],
        reference=d["reference"],
    )
    return f"已登记缴款 ¥{payment.amount}"


@page(
    "request_payment_plan",
    PaymentPlanForm,
    sections=(BALANCE,),
    intro="当事人确有经济困难，需要延期或者分期缴纳罚款的，经当事人申请和行政机关批准，"
    "可以暂缓或者分期缴纳 (行政处罚法第66条第2款)。",
)
def request_payment_plan(case: Case, form: StepForm, user: User) -> str:
    d = form.cleaned_data
    plan = actions.request_payment_plan(
        case, actor=user, kind=d["kind"], reason=d["reason"], instalments=d["instalments"]
    )
    return f"已登记{plan.get_kind_display()}申请，等待负责人审批"


@page("decide_payment_plan", PlanDecisionForm, sections=(BALANCE,))
def decide_payment_plan(case: Case, form: StepForm, user: User) -> str:
    plan = PaymentPlan.objects.filter(case=case, status=PlanStatus.REQUESTED).first()
    if plan is None:
        raise DomainError("no_plan", "没有待审批的延期/分期申请")
    d = form.cleaned_data
    done = actions.decide_payment_plan(plan, actor=user, approve=d["approve"], note=d["note"])
    return f"{done.get_kind_display()}申请：{done.get_status_display()}"


@page(
    "issue_reminder",
    ReminderForm,
    sections=(BALANCE,),
    intro="申请人民法院强制执行前，应当催告当事人履行义务；"
    "催告书经「送达」页送达 (行政强制法第38条)，"
    "送达后十个工作日仍未履行的，可以申请强制执行 (行政强制法第54条)。",
)
def issue_reminder(case: Case, form: StepForm, user: User) -> str:
    actions.issue_reminder(case, actor=user)
    return "已催告：请在「送达」页送达催告书，送达后10个工作日起算履行期限"


@page(
    "record_reminder_statement",
    ReminderStatementForm,
    sections=(BALANCE,),
    intro="当事人收到催告书后有权进行陈述和申辩。行政机关应当充分听取当事人的意见，"
    "对当事人提出的事实、理由和证据，应当进行记录、复核；成立的，应当采纳 (行政强制法第36条)。",
)
def record_reminder_statement(case: Case, form: StepForm, user: User) -> str:
    d = form.cleaned_data
    row = actions.record_reminder_statement(
        case,
        actor=user,
        content=d["content"],
        received_on=d["received_on"],
        adopted=d["adopted"],
        reasons=d["reasons"],
    )
    return "已记录催告后的陈述申辩，复核结论：" + ("采纳" if row.adopted else "不予采纳")


@page(
    "apply_to_court",
    CourtApplicationForm,
    sections=(BALANCE,),
    intro="自期限届满之日起三个月内，依法申请人民法院强制执行 (行政强制法第53条)。",
)
def apply_to_court(case: Case, form: StepForm, user: User) -> str:
    application = actions.apply_to_court(case, actor=user, court=form.cleaned_data["court"])
    return f"已申请{application.court}强制执行"


@page("record_court_result", CourtResultForm, sections=(COURT,))
def record_court_result(case: Case, form: StepForm, user: User) -> str:
    application = CourtApplication.objects.filter(case=case).order_by("-id").first()
    if application is None:
        raise DomainError("no_application", "尚未申请法院强制执行")
    d = form.cleaned_data
    done = actions.record_court_result(
        application,
        actor=user,
        stage=d["stage"],
        on=d["on"],
        court_case_number=d["court_case_number"],
        note=d["note"],
        amount_recovered=d["amount_recovered"],
    )
    return f"已登记法院执行进展：{done.get_stage_display()}"


@page(
    "record_cash_handover",
    OnDateForm,
    intro="执法人员当场收缴的罚款，应当自收缴罚款之日起二日内交至行政机关 (行政处罚法第71条)。",
)
def cash_handover(case: Case, form: StepForm, user: User) -> str:
    payment = Payment.objects.filter(
        case=case, channel=Channel.ON_SPOT, handed_over_on__isnull=True
    ).first()
    if payment is None:
        raise DomainError("not_pending", "没有待交至机关的当场收缴罚款")
    actions.record_cash_handover(payment, actor=user, on=form.cleaned_data["on"])
    return f"当场收缴的罚款 ¥{payment.amount} 已交至机关"


def _plans_waiting(
    visible: QuerySet[Case], limit: int
) -> tuple[list[case_selectors.QueueItem], int]:
    plans = (
        case_selectors.of_visible(PaymentPlan.objects.filter(status=PlanStatus.REQUESTED), visible)
        .select_related("case__party__street")
        .order_by("requested_on", "id")
    )
    items = [
        case_selectors.queue_item(
            p.case, p.get_kind_display() + "待审批", p.requested_on, None, "decide_payment_plan"
        )
        for p in plans[:limit]
    ]
    return items, capped_count(plans, BADGE_CAP)


PLANS = case_selectors.LeaderQueue("plans", "延期/分期", _plans_waiting, order=30)


def register() -> None:
    """What performance shows on the case's pages (the step pages above registered themselves
    on import): the 缴款 section of the case page, what is owed beside the 结案 form, the
    payment plans in the leader's approvals, and its payloads' choices in the timeline."""
    register_case_section(PAYMENTS)
    add_page_section("close", BALANCE)
    case_selectors.register_leader_queue(PLANS)
    timeline.register_labels(
        {},
        fields={"adopted": "是否采纳", "response": "复核意见"},
        choices={
            "stage": dict(CourtStage.choices),
            "channel": dict(Channel.choices),
            "kind": dict(PlanKind.choices),
        },
    )
