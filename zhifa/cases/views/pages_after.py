"""Step pages after the decision: service, remedies, performance, closing and archiving."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from zhifa.cases import actions
from zhifa.cases.forms.base import StepForm
from zhifa.cases.forms.steps import (
    CloseForm,
    ConfirmForm,
    CourtApplicationForm,
    CourtResultForm,
    OnDateForm,
    PaymentForm,
    PaymentPlanForm,
    PlanDecisionForm,
    RemedyForm,
    RemedyResultForm,
    ReminderForm,
)
from zhifa.cases.models import Case, Remedy
from zhifa.cases.views._common import period_ends
from zhifa.cases.views.registry import page, version
from zhifa.core.errors import DomainError
from zhifa.org.models import User
from zhifa.performance import actions as perf_actions
from zhifa.performance import selectors as perf
from zhifa.performance.models import (
    Channel,
    CourtApplication,
    Payment,
    PaymentPlan,
    PlanStatus,
    Reminder,
)


def _balance_context(case: Case, user: User) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "balance": perf.balance(case, today),
        "plans": list(PaymentPlan.objects.filter(case=case).order_by("id")),
        "reminders": list(Reminder.objects.filter(case=case).order_by("id")),
        **period_ends(case),
    }


@page(
    "file_simple_decision",
    ConfirmForm,
    intro="执法人员当场作出的行政处罚决定，应当报所属行政机关备案 (行政处罚法第52条第3款)。",
)
def file_simple_decision(case: Case, form: StepForm, user: User) -> str:
    actions.file_simple_decision(case, actor=user)
    return "当场处罚决定已备案"


@page(
    "record_remedy",
    RemedyForm,
    intro="复议、诉讼期间，加处罚款的数额不计算 (行政处罚法第73条第3款)；"
    "行政复议答复期限为十个工作日 (行政复议法第48条)。",
)
def record_remedy(case: Case, form: StepForm, user: User) -> str:
    d = form.cleaned_data
    remedy = actions.record_remedy(
        case, actor=user, kind=d["kind"], applied_on=d["applied_on"], body=d["body"]
    )
    return f"已登记{remedy.get_kind_display()}"


def _pending_remedy(case: Case) -> Remedy:
    remedy = Remedy.objects.filter(case=case, decided_on__isnull=True).order_by("id").first()
    if remedy is None:
        raise DomainError("no_remedy", "没有尚未终结的复议或诉讼")
    return remedy


def _remedy_context(case: Case, user: User) -> dict[str, Any]:
    return {"remedies": list(Remedy.objects.filter(case=case).order_by("applied_on", "id"))}


@page("record_remedy_result", RemedyResultForm, context=_remedy_context)
def record_remedy_result(case: Case, form: StepForm, user: User) -> str:
    d = form.cleaned_data
    remedy = actions.record_remedy_result(
        _pending_remedy(case),
        actor=user,
        result=d["result"],
        decided_on=d["decided_on"],
        new_fine=d["new_fine"],
        note=d["note"],
    )
    return f"已登记{remedy.get_kind_display()}结果：{remedy.get_result_display()}"


@page(
    "record_payment",
    PaymentForm,
    context=_balance_context,
    intro="先抵缴罚款，再抵缴加处罚款；缴清后案件转为已履行。",
)
def record_payment(case: Case, form: StepForm, user: User) -> str:
    d = form.cleaned_data
    payment = perf_actions.record_payment(
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
    context=_balance_context,
    intro="当事人确有经济困难，需要延期或者分期缴纳罚款的，经当事人申请和行政机关批准，"
    "可以暂缓或者分期缴纳 (行政处罚法第66条第2款)。",
)
def request_payment_plan(case: Case, form: StepForm, user: User) -> str:
    d = form.cleaned_data
    plan = perf_actions.request_payment_plan(
        case, actor=user, kind=d["kind"], reason=d["reason"], instalments=d["instalments"]
    )
    return f"已登记{plan.get_kind_display()}申请，等待负责人审批"


@page("decide_payment_plan", PlanDecisionForm, context=_balance_context)
def decide_payment_plan(case: Case, form: StepForm, user: User) -> str:
    plan = PaymentPlan.objects.filter(case=case, status=PlanStatus.REQUESTED).first()
    if plan is None:
        raise DomainError("no_plan", "没有待审批的延期/分期申请")
    d = form.cleaned_data
    done = perf_actions.decide_payment_plan(plan, actor=user, approve=d["approve"], note=d["note"])
    return f"{done.get_kind_display()}申请：{done.get_status_display()}"


@page(
    "issue_reminder",
    ReminderForm,
    context=_balance_context,
    intro="申请人民法院强制执行前，应当催告当事人履行义务；"
    "催告书经「送达」页送达 (行政强制法第38条)，"
    "送达后十个工作日仍未履行的，可以申请强制执行 (行政强制法第54条)。",
)
def issue_reminder(case: Case, form: StepForm, user: User) -> str:
    perf_actions.issue_reminder(case, actor=user)
    return "已催告：请在「送达」页送达催告书，送达后10个工作日起算履行期限"


@page(
    "apply_to_court",
    CourtApplicationForm,
    context=_balance_context,
    intro="自期限届满之日起三个月内，依法申请人民法院强制执行 (行政强制法第53条)。",
)
def apply_to_court(case: Case, form: StepForm, user: User) -> str:
    application = perf_actions.apply_to_court(case, actor=user, court=form.cleaned_data["court"])
    return f"已申请{application.court}强制执行"


def _court_context(case: Case, user: User) -> dict[str, Any]:
    return {"applications": list(CourtApplication.objects.filter(case=case).order_by("id"))}


@page("record_court_result", CourtResultForm, context=_court_context)
def record_court_result(case: Case, form: StepForm, user: User) -> str:
    application = CourtApplication.objects.filter(case=case).order_by("-id").first()
    if application is None:
        raise DomainError("no_application", "尚未申请法院强制执行")
    d = form.cleaned_data
    done = perf_actions.record_court_result(
        application,
        actor=user,
        stage=d["stage"],
        on=d["on"],
        court_case_number=d["court_case_number"],
        note=d["note"],
        amount_recovered=d["amount_recovered"],
    )
    return f"已登记法院执行进展：{done.get_stage_display()}"


@page("close", CloseForm, context=_balance_context)
def close(case: Case, form: StepForm, user: User) -> str:
    actions.close_case(
        case, actor=user, reason=form.cleaned_data["reason"], expected_version=version(form)
    )
    return "已结案"


@page("archive", ConfirmForm, intro="归档后，案件记录不能再增加。")
def archive(case: Case, form: StepForm, user: User) -> str:
    actions.archive_case(case, actor=user)
    return "已归档"


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
    perf_actions.record_cash_handover(payment, actor=user, on=form.cleaned_data["on"])
    return f"当场收缴的罚款 ¥{payment.amount} 已交至机关"
