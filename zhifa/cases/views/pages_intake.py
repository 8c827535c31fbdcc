"""Step pages of filing and investigation."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from zhifa.cases import actions, guards
from zhifa.cases.actions.investigation import order_correction as _order_correction
from zhifa.cases.choices import EvidenceKind
from zhifa.cases.forms.base import StepForm, uploads
from zhifa.cases.forms.intake import AssignHandlerForm, ReasonForm, RecuseForm, RequestFilingForm
from zhifa.cases.forms.steps import (
    ApprovalForm,
    ConfirmForm,
    CorrectionOrderForm,
    EvidenceForm,
    PreservationDecisionForm,
    PreservationRequestForm,
    ReportForm,
    TranscriptForm,
    VoidEntryForm,
)
from zhifa.cases.models import Case, EvidencePreservation
from zhifa.cases.record import Place
from zhifa.cases.views.registry import page, version
from zhifa.core.errors import DomainError
from zhifa.law import summaries
from zhifa.org.models import User


def _cd(form: StepForm) -> dict[str, Any]:
    return form.cleaned_data


@page(
    "request_filing",
    RequestFilingForm,
    intro="执法人员不得少于两人且须持有效执法证 (行政处罚法第42条)；违法行为二年内未被发现的，"
    "不再给予行政处罚 (第36条)。",
)
def request_filing(case: Case, form: StepForm, user: User) -> str:
    assert isinstance(form, RequestFilingForm)
    d = _cd(form)
    actions.request_filing(
        case,
        actor=user,
        handlers=form.handlers(),
        violation_item=d["violation_item"],
        party=d["party"],
        act_on=d["act_on"],
        continuing=d["continuing"],
        act_ended_on=d["act_ended_on"],
        extended_limitation=d["extended_limitation"],
        major_public_interest=d["major_public_interest"],
        complex_case=d["complex_case"],
        expected_version=version(form),
    )
    return "已提请立案，等待负责人审批"


def _filing_context(case: Case, user: User) -> dict[str, Any]:
    """What the head looks at before filing: the handlers, the cause and the limitation."""
    today = timezone.localdate()
    handlers = list(case.handlers.filter(recused_on__isnull=True).select_related("officer__unit"))
    limitation = guards.limitation_problem(
        act_on=case.act_on,
        act_ended_on=case.act_ended_on,
        continuing=case.continuing,
        extended=case.extended_limitation,
        found_on=case.found_on,
    )
    return {
        "filing": {"handlers": handlers, "limitation": limitation},
        "handler_problems": guards.handler_problems([h.officer for h in handlers], today),
    }


@page(
    "approve_filing",
    ApprovalForm,
    context=_filing_context,
    intro="批准立案后，应当自立案之日起九十日内作出行政处罚决定 (行政处罚法第60条)。"
    "审批意见印在立案审批表上。",
)
def approve_filing(case: Case, form: StepForm, user: User) -> str:
    actions.approve_filing(
        case, actor=user, opinion=_cd(form)["opinion"], expected_version=version(form)
    )
    return "已批准立案，作出决定的期限开始计算"


@page("reject_filing", ReasonForm, danger=True)
def reject_filing(case: Case, form: StepForm, user: User) -> str:
    actions.reject_filing(
        case, actor=user, reason=_cd(form)["reason"], expected_version=version(form)
    )
    return "已决定不予立案"


@page("withdraw", ReasonForm, danger=True, intro="撤销立案后，本案各项期限停止计算。")
def withdraw(case: Case, form: StepForm, user: User) -> str:
    actions.withdraw_case(
        case, actor=user, reason=_cd(form)["reason"], expected_version=version(form)
    )
    return "已撤销立案"


@page("assign_handler", AssignHandlerForm)
def assign_handler(case: Case, form: StepForm, user: User) -> str:
    officer = _cd(form)["officer"]
    actions.assign_handler(case, officer, actor=user)
    return f"已指派 {officer.name} 为承办人"


@page(
    "recuse_handler",
    RecuseForm,
    intro="承办人与案件有直接利害关系或者有其他关系可能影响公正执法的，应当回避；"
    "回避决定作出前，不停止调查 (行政处罚法第43条)。",
)
def recuse_handler(case: Case, form: StepForm, user: User) -> str:
    d = _cd(form)
    actions.recuse_handler(case, d["officer"], actor=user, reason=d["reason"])
    return f"{d['officer'].name} 已回避"


@page("add_evidence", EvidenceForm, intro="证据包括行政处罚法第46条规定的八种。")
def add_evidence(case: Case, form: StepForm, user: User) -> str:
    d = _cd(form)
    actions.add_evidence(
        case,
        actor=user,
        kind=d["kind"],
        uploads=uploads(d["uploads"], d["kind"]),
        description=d["description"],
        place=Place(d["place"]) if d["place"] else None,
    )
    return f"已记录证据 ({EvidenceKind(d['kind']).label})"


@page(
    "record_transcript",
    TranscriptForm,
    intro="询问或者检查应当制作笔录 (行政处罚法第55条)；执法人员不得少于两人 (第42条)。",
)
def record_transcript(case: Case, form: StepForm, user: User) -> str:
    d = _cd(form)
    actions.record_transcript(
        case,
        actor=user,
        kind=d["kind"],
        started_at=d["started_at"],
        ended_at=d["ended_at"],
        place=d["place"],
        content=d["content"],
        interviewee=d["interviewee"],
        party_signed=d["party_signed"],
        refusal_note=d["refusal_note"],
        evidence=uploads(d["uploads"], EvidenceKind.INSPECTION_RECORD),
    )
    return "已记录笔录"


@page(
    "request_preservation",
    PreservationRequestForm,
    intro="证据可能灭失或者以后难以取得的，经负责人批准，可以先行登记保存 (行政处罚法第56条)。",
)
def request_preservation(case: Case, form: StepForm, user: User) -> str:
    actions.request_preservation(case, actor=user, items=_cd(form)["items"])
    return "已申请先行登记保存，等待负责人批准"


def _pending(case: Case, *, approved: bool) -> EvidencePreservation:
    """The preservation waiting for approval (or, approved, for its decision)."""
    rows = EvidencePreservation.objects.filter(case=case, approved_on__isnull=not approved)
    if approved:
        rows = rows.filter(decided_on__isnull=True)
    row = rows.order_by("id").first()
    if row is None:
        raise DomainError("no_preservation", "没有待办理的先行登记保存")
    return row


def _preservation_context(case: Case, user: User) -> dict[str, Any]:
    return {"preservations": list(case.preservations.order_by("id"))}


@page(
    "approve_preservation",
    ConfirmForm,
    context=_preservation_context,
    intro="批准后，应当在七个工作日内作出处理决定 (行政处罚法第56条)。",
)
def approve_preservation(case: Case, form: StepForm, user: User) -> str:
    done = actions.approve_preservation(_pending(case, approved=False), actor=user)
    return f"已批准先行登记保存，处理期限 {done.decision_due}"


@page("decide_preservation", PreservationDecisionForm, context=_preservation_context)
def decide_preservation(case: Case, form: StepForm, user: User) -> str:
    row = _pending(case, approved=True)
    actions.decide_preservation(row, actor=user, decision=_cd(form)["decision"])
    return "已作出先行登记保存处理决定"


@page(
    "void_entry",
    VoidEntryForm,
    intro="记录有误的 (如笔录日期记错、事实笔误)，不得修改原记录：以新的记录说明理由予以作废，"
    "再重新制作正确的记录；引用该记录的文书应当重新制作 (行政处罚法第47条)。",
    danger=True,
)
def void_entry(case: Case, form: StepForm, user: User) -> str:
    d = _cd(form)
    entry = case.events.get(seq=int(d["entry"]))
    actions.void_entry(
        case, actor=user, entry=entry, reason=d["reason"], expected_version=version(form)
    )
    return f"已作废第{entry.seq}项记录；请重新制作正确的记录，并重新制作引用它的文书"


def _report_context(case: Case, user: User) -> dict[str, Any]:
    item = case.violation_item
    if item is None:
        return {}
    return {
        "item": item,
        "rules": item.sorted_fine_rules(),
        "bands": summaries.bands_described(item),
    }


@page(
    "submit_report",
    ReportForm,
    context=_report_context,
    intro="罚款应在法定幅度内并符合裁量基准；超出裁量基准的，须书面说明理由并经法制审核。",
)
def submit_report(case: Case, form: StepForm, user: User) -> str:
    d = _cd(form)
    actions.submit_report(
        case,
        actor=user,
        findings=d["findings"],
        outcome=d["outcome"],
        fine=d["fine"],
        penalty_kinds=d["penalty_kinds"],
        discretion_level=d["discretion_level"],
        base=d["base"],
        out_of_band_reason=d["out_of_band_reason"],
        serious_facts=d["serious_facts"],
        no_penalty_reason=d["no_penalty_reason"],
        transfer_to=d["transfer_to"],
        expected_version=version(form),
    )
    return "已提交调查终结报告"


@page(
    "order_correction",
    CorrectionOrderForm,
    intro="行政机关实施行政处罚时，应当责令当事人改正或者限期改正违法行为 (行政处罚法第28条)；"
    "责令改正不是行政处罚，无需事先告知。",
)
def order_correction(case: Case, form: StepForm, user: User) -> str:
    d = form.cleaned_data
    _order_correction(case, actor=user, content=d["content"], due_on=d["due_on"], on=d["on"])
    return f"已责令改正，改正期限至 {d['due_on']}"
