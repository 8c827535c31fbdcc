"""Step pages from the prior notice to the decision."""

from __future__ import annotations

from typing import Any

from zhifa.cases import actions, guards
from zhifa.cases.choices import ReviewOutcome
from zhifa.cases.forms.base import StepForm
from zhifa.cases.forms.steps import (
    ConfirmForm,
    DecideForm,
    DiscussionForm,
    ExtendTimeLimitForm,
    HearingRecordForm,
    HearingRequestForm,
    HearingScheduleForm,
    NoticeForm,
    OnDateForm,
    OpinionForm,
    StatementForm,
    StatementReviewForm,
)
from zhifa.cases.models import Case, LegalReview, Proposal
from zhifa.cases.views.registry import page, version
from zhifa.org.models import User


def _proposal_context(case: Case, user: User) -> dict[str, Any]:
    return {
        "proposal": Proposal.objects.filter(case=case).order_by("-id").first(),
        "notice": guards.latest_notice(case),
    }


@page(
    "notify",
    NoticeForm,
    context=_proposal_context,
    intro="作出行政处罚决定之前，应当告知当事人拟作出的处罚内容及事实、理由、依据，"
    "并告知其陈述、申辩、要求听证的权利 (行政处罚法第44条)；期限自告知书送达之日起计算。",
)
def notify(case: Case, form: StepForm, user: User) -> str:
    actions.notify_intended_penalty(
        case, actor=user, on=form.cleaned_data["on"], expected_version=version(form)
    )
    return (
        "已制作行政处罚事先告知书，请在「送达」页送达当事人；"
        "陈述、申辩和听证申请期限自送达之日起计算"
    )


@page(
    "record_statement",
    StatementForm,
    context=_proposal_context,
    intro="应当充分听取当事人的意见，对其提出的事实、理由和证据进行复核；"
    "不得因当事人陈述、申辩而给予更重的处罚 (行政处罚法第45条)。",
)
def record_statement(case: Case, form: StepForm, user: User) -> str:
    d = form.cleaned_data
    actions.record_statement(case, actor=user, content=d["content"], received_on=d["received_on"])
    return "已记录陈述申辩"


@page(
    "review_statement",
    StatementReviewForm,
    context=_proposal_context,
    intro="对当事人提出的事实、理由和证据进行复核；成立的，应当采纳；不予采纳的，写明理由 "
    "(行政处罚法第45条)。",
)
def review_statement(case: Case, form: StepForm, user: User) -> str:
    d = form.cleaned_data
    row = actions.review_statement(
        case, actor=user, adopted=d["adopted"], reasons=d["reasons"], on=d["on"]
    )
    return "已复核陈述申辩：" + ("采纳" if row.adopted else "不予采纳")


@page(
    "waive_statement",
    OnDateForm,
    context=_proposal_context,
    intro="当事人明确放弃陈述、申辩和听证的，可以作出决定 (行政处罚法第62条)。",
)
def waive_statement(case: Case, form: StepForm, user: User) -> str:
    actions.waive_statement(case, actor=user, on=form.cleaned_data["on"])
    return "已记录当事人放弃陈述申辩"


@page(
    "request_hearing",
    HearingRequestForm,
    context=_proposal_context,
    intro="当事人要求听证的，应当在行政机关告知后五日内提出 (行政处罚法第64条第1项)。",
)
def request_hearing(case: Case, form: StepForm, user: User) -> str:
    actions.request_hearing(case, actor=user, requested_on=form.cleaned_data["requested_on"])
    return "已登记听证申请"


@page(
    "schedule_hearing",
    HearingScheduleForm,
    intro="应当在举行听证的七日前通知当事人听证的时间、地点；听证由非本案调查人员主持 "
    "(行政处罚法第64条)。",
)
def schedule_hearing(case: Case, form: StepForm, user: User) -> str:
    d = form.cleaned_data
    hearing = actions.schedule_hearing(
        case,
        actor=user,
        hearing_on=d["hearing_on"],
        notified_on=d["notified_on"],
        place=d["place"],
        host=d["host"],
    )
    return f"已通知听证：{hearing.scheduled_on} {hearing.place}"


@page("record_hearing", HearingRecordForm, intro="听证结束后，应当根据听证笔录作出决定 (第65条)。")
def record_hearing(case: Case, form: StepForm, user: User) -> str:
    d = form.cleaned_data
    actions.record_hearing(
        case,
        actor=user,
        held_on=d["held_on"],
        minutes=d["minutes"],
        party_absent=d["party_absent"],
    )
    return "已记录听证"


def _review_context(case: Case, user: User) -> dict[str, Any]:
    proposal = Proposal.objects.filter(case=case).order_by("-id").first()
    return {
        **_proposal_context(case, user),
        "review_reasons": guards.legal_review_reasons(
            case,
            out_of_band=bool(proposal and proposal.out_of_band),
            hearing_held=case.hearing_held,
        ),
        "review": LegalReview.objects.filter(case=case).order_by("-id").first(),
    }


@page(
    "submit_legal_review",
    ConfirmForm,
    context=_review_context,
    intro="作出决定之前，应当进行法制审核；未经法制审核或者审核未通过的，不得作出决定 "
    "(行政处罚法第58条)。",
)
def submit_legal_review(case: Case, form: StepForm, user: User) -> str:
    actions.submit_legal_review(case, actor=user, expected_version=version(form))
    return "已提交法制审核"


def _review(case: Case, form: StepForm, user: User, outcome: str) -> str:
    actions.record_legal_review(
        case,
        actor=user,
        outcome=outcome,
        opinion=form.cleaned_data["opinion"],
        checklist=form.cleaned_data["checklist"],
        expected_version=version(form),
    )
    return f"法制审核意见已记录：{ReviewOutcome(outcome).label}"


REVIEW_INTRO = (
    "逐项审核执法主体、事实、证据、依据、程序、裁量、文书，有问题的写明问题所在 "
    "(行政处罚法第58条)；"
)


@page(
    "pass_legal_review",
    OpinionForm,
    context=_review_context,
    button="审核通过",
    intro=REVIEW_INTRO + "任何一项有问题的，不能审核通过。",
)
def pass_legal_review(case: Case, form: StepForm, user: User) -> str:
    return _review(case, form, user, ReviewOutcome.PASSED)


@page(
    "return_for_investigation",
    OpinionForm,
    context=_review_context,
    button="退回补充调查",
    danger=True,
    intro=REVIEW_INTRO + "退回补充调查的，至少一项为有问题。",
)
def return_for_investigation(case: Case, form: StepForm, user: User) -> str:
    return _review(case, form, user, ReviewOutcome.RETURNED)


@page(
    "record_discussion",
    DiscussionForm,
    context=_review_context,
    intro="情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定 "
    "(行政处罚法第57条第2款)。参加人员从在职执法人员中勾选 (辅助人员不参加)。",
)
def record_discussion(case: Case, form: StepForm, user: User) -> str:
    d = form.cleaned_data
    actions.record_collective_discussion(
        case,
        actor=user,
        held_on=d["held_on"],
        attendee_ids=d["attendee_ids"],
        conclusion=d["conclusion"],
        agreed_outcome=d["agreed_outcome"],
        agreed_fine=d["agreed_fine"],
        expected_version=version(form),
    )
    return "已记录集体讨论"


@page(
    "decide",
    DecideForm,
    context=_review_context,
    intro="未经事先告知和听取陈述申辩、须审核而未经法制审核、须集体讨论而未讨论的，"
    "不得作出行政处罚决定 (行政处罚法第57条、第58条、第62条)。",
)
def decide(case: Case, form: StepForm, user: User) -> str:
    d = form.cleaned_data
    decision = actions.decide(
        case,
        actor=user,
        outcome=d["outcome"],
        fine=d["fine"],
        penalty_kinds=d["penalty_kinds"] or None,
        education_given=d["education_given"],
        no_penalty_reason=d["no_penalty_reason"],
        expected_version=version(form),
    )
    return f"已作出决定 {decision.number}"


def _time_limit_context(case: Case, user: User) -> dict[str, Any]:
    from zhifa.cases.actions.safeguards import extension_cap
    from zhifa.cases.choices import DeadlineKind
    from zhifa.cases.models import CaseDeadline

    deadline = (
        CaseDeadline.objects.filter(
            case=case, kind=DeadlineKind.DECISION, met_on__isnull=True, cancelled=False
        )
        .order_by("-id")
        .first()
    )
    cap = extension_cap(deadline) if deadline else None
    return {"time_limit": {"deadline": deadline, "cap": cap}}


@page(
    "extend_time_limit",
    ExtendTimeLimitForm,
    context=_time_limit_context,
    intro="行政处罚案件应当自立案之日起九十日内作出处理决定；确需延长的，须在期限届满前"
    "经负责人批准，并不得超过本地规定的上限 (行政处罚法第60条)。",
    button="批准延长",
)
def extend_time_limit(case: Case, form: StepForm, user: User) -> str:
    d = form.cleaned_data
    row = actions.extend_time_limit(
        case,
        actor=user,
        reason=d["reason"],
        new_due=d["new_due"],
        expected_version=version(form),
    )
    return f"办案期限已延长至 {row.due_on}"
