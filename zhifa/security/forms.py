from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from zhifa.security.choices import EventKind, Outcome
from zhifa.security.selectors import Filters


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    kind = forms.ChoiceField(
        label="事件", required=False, choices=[("", "全部事件"), *EventKind.choices]
    )
    actor = forms.CharField(
        label="账号",
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"placeholder": "账号 (用户名)", "autocomplete": "off"}),
    )
    outcome = forms.ChoiceField(
        label="结果", required=False, choices=[("", "全部结果"), *Outcome.choices]
    )
    address = forms.CharField(
        label="客户端地址",
        required=False,
        max_length=45,
        widget=forms.TextInput(
            attrs={"placeholder": "地址或前缀，如 10.1.", "autocomplete": "off"}
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "截止日期不能早于起始日期")
        return data

    def filters(self) -> Filters:
        if not self.is_bound or not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            date_from=data["date_from"],
            date_to=data["date_to"],
            kind=data["kind"],
            actor=data["actor"].strip(),
            outcome=data["outcome"],
            address=data["address"].strip(),
        )

    def described(self) -> dict[str, str]:
        """The filters given, for the export's own audit row."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: str(v) for k, v in self.cleaned_data.items() if v not in (None, "")}


def query_without_cursor(params: QueryDict) -> str:
    """The filters as a query string, to page on and to export with."""
    kept = params.copy()
    kept.pop("before", None)
    return kept.urlencode()
