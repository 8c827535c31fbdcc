"""Step pages after the decision: the simple decision's filing, remedies, closing and archiving.
The performance pages (payments, plans, 催告, the court, the cash handover) are
``zhifa.performance.pages``."""

from __future__ import annotations

from typing import Any

from zhifa.cases import actions
from zhifa.cases.forms.base import StepForm
from zhifa.cases.forms.steps import (
    ArchiveForm,
    CloseForm,
    ConfirmForm,
    RemedyForm,
    RemedyResultForm,
)
from zhifa.cases.models import Case, Remedy
from zhifa.cases.views.registry import page, version
from zhifa.core.errors import DomainError
from zhifa.org.models import User


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


@page(
    "record_remedy_result",
    RemedyResultForm,
    context=_remedy_context,
    intro="当事人不服复议决定的，可以在收到复议决定书之日起十五日内起诉 (行政诉讼法第45条)；"
    "不服一审判决的，可以在判决书送达之日起十五日内上诉，不服裁定的十日内 (行政诉讼法第85条)。"
    "申请法院强制执行的期限自上述期限届满起算。",
)
def record_remedy_result(case: Case, form: StepForm, user: User) -> str:
    d = form.cleaned_data
    remedy = actions.record_remedy_result(
        _pending_remedy(case),
        actor=user,
        result=d["result"],
        decided_on=d["decided_on"],
        result_received_on=d["result_received_on"],
        ruling=d["ruling"],
        new_fine=d["new_fine"],
        note=d["note"],
    )
    return f"已登记{remedy.get_kind_display()}结果：{remedy.get_result_display()}"


@page(
    "close", CloseForm, intro="负责人审批结案；审批意见印在结案审批表上。"
)  # performance adds what is owed (sections.PAGE_SECTIONS)
def close(case: Case, form: StepForm, user: User) -> str:
    d = form.cleaned_data
    actions.close_case(
        case,
        actor=user,
        reason=d["reason"],
        opinion=d["opinion"],
        expected_version=version(form),
    )
    return "已结案"


@page("archive", ArchiveForm, intro="归档后，案件记录不能再增加。审批意见印在备考表上。")
def archive(case: Case, form: StepForm, user: User) -> str:
    actions.archive_case(case, actor=user, opinion=form.cleaned_data["opinion"])
    return "已归档"
