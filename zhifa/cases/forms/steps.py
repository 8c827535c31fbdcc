"""Forms of the steps after filing: investigation, notice and hearing, review and decision,
remedies and closing (the performance steps' forms are ``zhifa.performance.forms``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from zhifa.cases import attendees, review_checklist
from zhifa.cases.choices import (
    CheckResult,
    CourtRuling,
    EvidenceKind,
    NoPenaltyReason,
    Outcome,
    RemedyKind,
    RemedyResult,
    ReviewCheck,
    TranscriptKind,
)
from zhifa.cases.forms.base import (
    DateTimeInput,
    FilesField,
    StepForm,
    date_field,
    money_field,
    set_choices,
    text_area,
)
from zhifa.cases.models import CaseEvent, CollectiveDiscussion, Proposal
from zhifa.core.config import local_rules
from zhifa.core.errors import DomainError
from zhifa.law.choices import BandLevel, PenaltyKind
from zhifa.org.models import Officer


class ConfirmForm(StepForm):
    """A step with nothing to fill in: the page shows what will happen, the button does it."""


def approval_opinion(default: str) -> Any:
    """A head's 审批意见, printed on the approval form the step makes; blank is ``default``."""
    return text_area("审批意见", rows=2, required=False, help_text=f"不填写的，记为「{default}」")


class ApprovalForm(StepForm):
    """A head's approval with its 审批意见 (printed on the approval form the step makes)."""

    opinion = approval_opinion("同意立案。")


class OnDateForm(StepForm):
    on = date_field("日期")


# --- investigation ---------------------------------------------------------------------------


class EvidenceForm(StepForm):
    """证据 of one of the eight kinds of Art 46, with its files."""

    kind = forms.ChoiceField(label="证据种类", choices=EvidenceKind.choices)
    uploads = FilesField(label="证据文件", help_text="照片、录音、视频或文件，可多选")
    description = text_area("证据说明", required=False, rows=3)
    place = forms.CharField(label="取证地点", max_length=200, required=False)

    def setup(self) -> None:
        self.initial.setdefault("kind", EvidenceKind.AUDIO_VISUAL)
        self.initial.setdefault("place", self.the_case.place)


class TranscriptForm(StepForm):
    kind = forms.ChoiceField(label="笔录类型", choices=TranscriptKind.choices)
    started_at = forms.DateTimeField(label="开始时间", widget=DateTimeInput)
    ended_at = forms.DateTimeField(label="结束时间", widget=DateTimeInput)
    place = forms.CharField(label="地点", max_length=200)
    interviewee = forms.CharField(label="被询问人/在场人", max_length=100, required=False)
    content = text_area("笔录内容", rows=10)
    party_signed = forms.BooleanField(label="当事人已签名", required=False, initial=True)
    refusal_note = forms.CharField(label="拒绝签名情况", max_length=200, required=False)
    uploads = FilesField(label="笔录扫描件/录音录像")

    def setup(self) -> None:
        self.initial.setdefault("place", self.the_case.place)


class VoidEntryForm(StepForm):
    """作废错误记录 (Art 47): which entry, and why — it stays in the record, voided."""

    entry = forms.ChoiceField(label="作废的记录")
    reason = text_area(
        "作废理由", rows=3, help_text="如：笔录日期记错、被询问人姓名错误、照片非本案现场"
    )

    def setup(self) -> None:
        from zhifa.cases.actions.investigation import voidable_entries

        choices = [(str(e.seq), entry_label(e)) for e in voidable_entries(self.the_case)]
        set_choices(self, "entry", choices)


def entry_label(event: CaseEvent) -> str:
    """第12项 2026-03-05 笔录：王某 — how the officer finds the entry to void."""
    payload = event.payload or {}
    what = "笔录" if event.kind == "record_transcript" else "证据"
    detail = payload.get("interviewee") or payload.get("description") or ""
    return f"第{event.seq}项 {timezone.localtime(event.occurred_at):%Y-%m-%d} {what}：{detail}"


class PreservationRequestForm(StepForm):
    items = text_area("登记保存物品", rows=4, help_text="物品名称、数量、规格、存放地点")


class PreservationDecisionForm(StepForm):
    decision = forms.CharField(
        label="处理决定",
        max_length=200,
        help_text="如：予以退还、移送有关部门、依法没收、解除登记保存",
    )


class ReportForm(StepForm):
    """案件调查终结报告: the findings and the proposed handling."""

    findings = text_area("调查认定的事实", rows=6)
    outcome = forms.ChoiceField(
        label="拟处理意见", choices=Outcome.choices, widget=forms.RadioSelect
    )
    penalty_kinds = forms.MultipleChoiceField(
        label="处罚种类", required=False, widget=forms.CheckboxSelectMultiple
    )
    fine = money_field("拟罚款金额(元)")
    discretion_level = forms.ChoiceField(
        label="裁量档次", required=False, choices=[("", "— 未选择 —"), *BandLevel.choices]
    )
    base = money_field("计罚基数", help_text="面积、工程造价或违法所得等，按单位或比例计罚时填写")
    out_of_band_reason = text_area("超出裁量基准的理由", required=False, rows=3)
    serious_facts = text_area(
        "情节严重的事实和理由",
        required=False,
        rows=3,
        help_text="分档罚款 (如「情节严重的，处…」) 适用情节严重档时须填写",
    )
    no_penalty_reason = forms.ChoiceField(
        label="不予处罚理由",
        required=False,
        choices=[("", "— 不适用 —"), *NoPenaltyReason.choices],
    )
    transfer_to = forms.CharField(label="移送机关", max_length=100, required=False)

    def setup(self) -> None:
        item = self.the_case.violation_item
        offered = list(item.penalty_kinds) if item else []
        set_choices(
            self,
            "penalty_kinds",
            [(k, PenaltyKind(k).label) for k in offered if k in PenaltyKind.values],
        )
        self.initial.setdefault("outcome", Outcome.PENALTY)
        self.initial.setdefault("findings", self.the_case.facts)


# --- notice, statement, hearing --------------------------------------------------------------


class NoticeForm(StepForm):
    on = date_field("告知书日期", help_text="制作后在「送达」页送达；陈述申辩期限自送达之日起计算")


class StatementForm(StepForm):
    content = text_area("陈述申辩内容", rows=6)
    received_on = date_field("收到日期")


class StatementReviewForm(StepForm):
    adopted = forms.TypedChoiceField(
        label="复核结论",
        choices=[("1", "采纳"), ("0", "不予采纳")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reasons = text_area(
        "理由", rows=4, required=False, help_text="不予采纳的，应当写明理由 (第45条)"
    )
    on = date_field("复核日期")


class HearingRequestForm(StepForm):
    requested_on = date_field("申请日期")


class HearingScheduleForm(StepForm):
    notified_on = date_field("听证通知送达日期")
    hearing_on = date_field(
        "听证日期", help_text="应在通知送达后至少7个工作日 (第64条第2项)", future_ok=True
    )
    place = forms.CharField(label="听证地点", max_length=200)
    host = forms.ModelChoiceField(
        label="主持人", queryset=Officer.objects.none(), help_text="非本案调查人员 (第64条第4项)"
    )

    def setup(self) -> None:
        field = self.fields["host"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Officer.objects.filter(is_auxiliary=False, left_on__isnull=True)
            .exclude(case_roles__case=self.the_case)
            .order_by("unit__sort_order", "name")
        )


class HearingRecordForm(StepForm):
    held_on = date_field("举行日期")
    minutes = text_area("听证笔录", required=False, rows=8)
    party_absent = forms.BooleanField(
        label="当事人无正当理由缺席或中途退出 (视为放弃听证)", required=False
    )


# --- review, discussion, decision ------------------------------------------------------------


def checklist_fields() -> dict[str, forms.Field]:
    """Two fields per item of the 法制审核 checklist (Art 58): ``check_<item>`` (通过 / 有问题)
    and ``check_<item>_note`` (the note, required by the action when 有问题)."""
    fields: dict[str, forms.Field] = {}
    for item in ReviewCheck:
        fields[f"check_{item.value}"] = forms.ChoiceField(
            label=f"审核内容：{item.label}",
            choices=CheckResult.choices,
            widget=forms.RadioSelect,
            help_text=review_checklist.QUESTIONS[item],
        )
        fields[f"check_{item.value}_note"] = forms.CharField(
            label=f"{item.label}：说明",
            required=False,
            max_length=review_checklist.NOTE_MAX,
            widget=forms.TextInput(attrs={"placeholder": "有问题的，写明问题所在"}),
        )
    return fields


class OpinionForm(StepForm):
    """法制审核意见 (Art 58): the checklist item by item, then the opinion. The checklist is
    handed to the action as ``checklist`` (its rules are ``cases.review_checklist``)."""

    opinion = text_area("审核意见", rows=6)

    def setup(self) -> None:
        self.fields = {**checklist_fields(), **self.fields}  # the checklist first

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["checklist"] = [
            {
                "item": item.value,
                "result": data.get(f"check_{item.value}") or "",
                "note": data.get(f"check_{item.value}_note") or "",
            }
            for item in ReviewCheck
        ]
        return data

    def error_field(self, exc: DomainError) -> str | None:
        """``checklist.<item>[.note]`` of the action is our ``check_<item>[_note]``."""
        parts = (exc.field or "").split(".")
        if parts[0] != "checklist" or len(parts) == 1:
            return super().error_field(exc)
        return f"check_{parts[1]}" + ("_note" if parts[2:] == ["note"] else "")


class AttendeesField(forms.TypedMultipleChoiceField):
    """Officers as checkboxes. Any officer id is taken: the action says why one named may not
    attend (auxiliary staff, left, unknown), the same for the page and the API."""

    def valid_value(self, value: Any) -> bool:
        return str(value).strip().isdigit()


class DiscussionForm(StepForm):
    held_on = date_field("讨论日期")
    attendee_ids = AttendeesField(label="参加人员", coerce=int, widget=forms.CheckboxSelectMultiple)
    conclusion = text_area("讨论结论", rows=5)
    agreed_outcome = forms.ChoiceField(label="决定意见", choices=Outcome.choices)
    agreed_fine = money_field("决定罚款(元)")

    def setup(self) -> None:
        proposal = Proposal.objects.filter(case=self.the_case).order_by("-id").first()
        if proposal is not None:
            self.initial.setdefault("agreed_outcome", proposal.outcome)
            self.initial.setdefault("agreed_fine", proposal.fine)
        officers = list(attendees.candidates(self.today))
        set_choices(self, "attendee_ids", [(o.pk, _attendee_label(o)) for o in officers])
        minimum = local_rules().collective_discussion_min_attendees
        field = self.fields["attendee_ids"]
        field.help_text = f"勾选参加讨论的负责人及有关人员，不少于{minimum}人 (负责人列在前)"
        own = getattr(self.user, "officer", None)  # the chair attends
        if own is not None and any(o.pk == own.pk for o in officers):
            self.initial.setdefault("attendee_ids", [own.pk])


def _attendee_label(officer: Officer) -> str:
    return f"{officer.name} · {attendees.post(officer)} · {officer.unit.name}"


class DecideForm(StepForm):
    outcome = forms.ChoiceField(label="决定", choices=Outcome.choices)
    fine = money_field("罚款金额(元)", help_text="不得高于事先告知的金额 (第45条)")
    penalty_kinds = forms.MultipleChoiceField(
        label="处罚种类",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="须为处罚依据规定且已事先告知的种类 (第38条、第44条)；不选则按调查终结报告",
    )
    no_penalty_reason = forms.ChoiceField(
        label="不予处罚理由",
        required=False,
        choices=[("", "— 不适用 —"), *NoPenaltyReason.choices],
        help_text="拟予处罚而决定不予处罚的 (如陈述申辩证明违法事实不能成立)，须选择理由",
    )
    education_given = forms.BooleanField(
        label="已对当事人进行教育 (不予处罚的，第33条第3款)", required=False
    )

    def setup(self) -> None:
        case = self.the_case
        discussion = CollectiveDiscussion.objects.filter(case=case).order_by("-id").first()
        proposal = Proposal.objects.filter(case=case).order_by("-id").first()
        # Every kind is offered: the action refuses one the item or the notice lacks (Art 38, 44)
        set_choices(self, "penalty_kinds", list(PenaltyKind.choices))
        if proposal is not None:
            self.initial.setdefault("penalty_kinds", proposal.penalty_kinds)
        if discussion is not None:
            self.initial.setdefault("outcome", discussion.agreed_outcome)
            self.initial.setdefault("fine", discussion.agreed_fine)
        elif proposal is not None:
            self.initial.setdefault("outcome", proposal.outcome)
            self.initial.setdefault("fine", proposal.fine)


# --- after the decision ----------------------------------------------------------------------


class RemedyForm(StepForm):
    kind = forms.ChoiceField(label="类型", choices=RemedyKind.choices)
    applied_on = date_field("申请/起诉日期")
    body = forms.CharField(label="复议机关/法院", max_length=100)

    def setup(self) -> None:
        self.initial.setdefault("body", settings.ZHIFA_REVIEW_BODY)


class RemedyResultForm(StepForm):
    """The result, the day it was made and the day the party received it: the party's further
    periods run from receipt (行政诉讼法 Art 45 after review, Art 85 after a first instance)."""

    result = forms.ChoiceField(label="结果", choices=RemedyResult.choices)
    decided_on = date_field("结果日期", help_text="复议决定、判决或裁定作出的日期")
    result_received_on = date_field(
        "结果文书送达当事人日期",
        required=False,
        help_text="维持或变更的必填：复议后起诉期限自收到复议决定书之日起15日 (行政诉讼法第45条)；"
        "一审判决的上诉期限自送达之日起15日，一审裁定10日 (行政诉讼法第85条)",
    )
    ruling = forms.ChoiceField(
        label="裁判类型",
        required=False,
        choices=[("", "— 行政复议无需选择 —"), *CourtRuling.choices],
        help_text="行政诉讼填写：一审判决、裁定在上诉期满后生效，二审 (终审) 送达即生效",
    )
    new_fine = money_field("变更后罚款(元)", help_text="决定被变更的填写")
    note = text_area("说明", required=False, rows=3)

    def setup(self) -> None:
        pending = self.the_case.remedies.filter(decided_on__isnull=True).order_by("id").first()
        if pending is not None and pending.kind == RemedyKind.REVIEW:
            self.fields["result_received_on"].label = "复议决定书送达当事人日期"
        elif pending is not None:
            self.fields["result_received_on"].label = "判决书、裁定书送达当事人日期"


class CloseForm(StepForm):
    reason = forms.CharField(
        label="结案理由", max_length=200, required=False, help_text="不填写时按案件情况自动生成"
    )
    opinion = approval_opinion("同意结案。")  # printed on the 结案审批表


class ArchiveForm(StepForm):
    opinion = approval_opinion("同意归档。")  # printed on the 备考表


class ExtendTimeLimitForm(StepForm):
    """延长办案期限 (行政处罚法第60条; the cap is the local rule's)."""

    reason = text_area("延长理由", rows=4)
    new_due = date_field("延长至", future_ok=True, help_text="须晚于当前期限且不超过本地规定的上限")


class CorrectionOrderForm(StepForm):
    content = text_area("责令改正的内容", rows=3, help_text="例如：立即停止占道经营，恢复原状")
    due_on = date_field("改正期限", future_ok=True)
    on = date_field("责令日期")
