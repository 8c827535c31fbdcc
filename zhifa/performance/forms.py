"""Forms of the performance steps: payment (行政处罚法 Arts 66–73), deferral and instalments
(Art 66 ¶2), 催告 and the court (行政强制法 Arts 35–38, 53–55). Each is a ``StepForm`` (it
carries the case version); the pages are ``zhifa.performance.pages``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings

from zhifa.cases.forms.base import StepForm, date_field, money_field, text_area
from zhifa.performance import selectors as perf
from zhifa.performance.models import Channel, CourtStage, PlanKind


class PaymentForm(StepForm):
    amount = money_field("缴款金额(元)", required=True)
    paid_on = date_field("缴款日期")
    channel = forms.ChoiceField(
        label="缴款方式", choices=[(c.value, c.label) for c in (Channel.BANK, Channel.ONLINE)]
    )
    reference = forms.CharField(label="缴款凭证号/非税收入缴款码", max_length=60, required=False)

    def setup(self) -> None:
        owed = perf.balance(self.the_case, self.today).total_owed
        if owed:
            self.initial.setdefault("amount", owed)


def parse_instalments(text: str) -> list[tuple[date, Decimal]]:
    """Lines of "日期 金额" (e.g. ``2026-05-01 2500``)."""
    rows = []
    for n, line in enumerate(text.splitlines(), start=1):
        parts = line.replace("，", " ").replace(",", " ").split()
        if not parts:
            continue
        try:
            if len(parts) != 2:
                raise ValueError
            rows.append((date.fromisoformat(parts[0]), Decimal(parts[1])))
        except (ValueError, InvalidOperation):
            raise forms.ValidationError(
                f"第{n}行「{line.strip()}」格式应为「日期 金额」，如 2026-05-01 2500"
            ) from None
    if not rows:
        raise forms.ValidationError("请列明缴纳日期和金额")
    return rows


class PaymentPlanForm(StepForm):
    kind = forms.ChoiceField(label="方式", choices=PlanKind.choices, widget=forms.RadioSelect)
    reason = text_area("申请理由", rows=3, help_text="确有经济困难的情况 (第66条第2款)")
    instalments = text_area(
        "缴纳安排",
        rows=4,
        help_text="每行一期：日期 金额，如 2026-05-01 2500；延期缴纳只写一行",
    )

    def setup(self) -> None:
        self.initial.setdefault("kind", PlanKind.DEFERRAL)

    def clean_instalments(self) -> list[tuple[date, Decimal]]:
        return parse_instalments(self.cleaned_data["instalments"])


class PlanDecisionForm(StepForm):
    approve = forms.TypedChoiceField(
        label="审批",
        choices=[("1", "批准"), ("0", "不予批准")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = text_area("审批意见", required=False, rows=3)


class ReminderForm(StepForm):
    """Nothing to enter: the amounts are computed; the service follows on the delivery page."""


class ReminderStatementForm(StepForm):
    """陈述、申辩 after the 催告 and its re-examination (行政强制法 Art 36), in one form."""

    content = text_area("陈述申辩内容", rows=6, help_text="当事人提出的事实、理由和证据")
    received_on = date_field("收到陈述申辩日期", help_text="不早于催告书送达之日")
    adopted = forms.TypedChoiceField(
        label="复核结论",
        choices=[("1", "采纳"), ("0", "不予采纳")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reasons = text_area(
        "复核意见",
        required=False,
        rows=4,
        help_text="事实、理由或者证据成立的，应当采纳；不予采纳的，应当写明理由 (行政强制法第36条)",
    )


class CourtApplicationForm(StepForm):
    court = forms.CharField(label="法院", max_length=100)

    def setup(self) -> None:
        self.initial.setdefault("court", settings.ZHIFA_COURT)


class CourtResultForm(StepForm):
    stage = forms.ChoiceField(
        label="进展", choices=[c for c in CourtStage.choices if c[0] != CourtStage.APPLIED]
    )
    on = date_field("日期")
    court_case_number = forms.CharField(label="法院案号", max_length=60, required=False)
    amount_recovered = money_field("执行到位金额(元)")
    note = text_area("说明", required=False, rows=3)
