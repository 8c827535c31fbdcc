"""Forms of intake: the case list's filters, a new clue, an on-the-spot decision, filing,
handlers and recusal."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from zhifa.cases.choices import CaseStatus, Procedure, Source
from zhifa.cases.forms import new_party
from zhifa.cases.forms.base import (
    CaseForm,
    DateInput,
    FilesField,
    StepForm,
    date_field,
    item_choices,
    item_field,
    money_field,
    officer_choices,
    officer_field,
    party_field,
    party_search_field,
    set_choices,
    setup_party_picker,
    setup_street,
    street_field,
    text_area,
)
from zhifa.cases.forms.pickers import recent_of, setup_item_picker, setup_partner_picker
from zhifa.cases.selectors import DATE_FIELDS, CaseFilters
from zhifa.core.errors import DomainError
from zhifa.law import statute
from zhifa.law.choices import BandLevel, Category
from zhifa.law.standard_fines import standard_fines
from zhifa.org.choices import OrgUnitKind
from zhifa.org.models import Officer, OrgUnit


class CaseFilterForm(forms.Form):
    """The case list's filters (GET). Unknown values are ignored, never an error page."""

    q = forms.CharField(label="查找", required=False, max_length=100)
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部状态"), ("open", "在办"), *CaseStatus.choices],
    )
    procedure = forms.ChoiceField(
        label="程序", required=False, choices=[("", "全部程序"), *Procedure.choices]
    )
    category = forms.ChoiceField(
        label="类别", required=False, choices=[("", "全部类别"), *Category.choices]
    )
    street = forms.ModelChoiceField(
        label="街道",
        required=False,
        queryset=OrgUnit.objects.filter(kind=OrgUnitKind.STREET),
        empty_label="全部街道",
    )
    mine = forms.BooleanField(label="我承办的", required=False)
    overdue = forms.BooleanField(label="有逾期期限", required=False)
    date_field = forms.ChoiceField(label="日期", required=False, choices=list(DATE_FIELDS.items()))
    date_from = forms.DateField(label="从", required=False, widget=DateInput)
    date_to = forms.DateField(label="至", required=False, widget=DateInput)

    def filters(self) -> CaseFilters:
        data = self.cleaned_data if self.is_valid() else {}
        street = data.get("street")
        return CaseFilters(
            status=data.get("status") or "",
            procedure=data.get("procedure") or "",
            category=data.get("category") or "",
            street=street.pk if street else None,
            mine=bool(data.get("mine")),
            overdue=bool(data.get("overdue")),
            q=(data.get("q") or "").strip(),
            date_field=data.get("date_field") or "found_on",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class ClueForm(CaseForm):
    """登记线索: where the record of a case begins (行政处罚法 Art 47)."""

    source = forms.ChoiceField(label="案件来源", choices=Source.choices)
    found_on = date_field("发现日期")
    place = forms.CharField(label="地点", max_length=200)
    street = street_field()
    facts = text_area("线索内容", help_text="看到了什么、何时、何人；投诉写明投诉内容")
    photos = FilesField(label="现场照片/视频", help_text="可一次选择多张")
    violation_item = item_field(required=False)
    party_q = party_search_field()
    party = party_field()

    def setup(self) -> None:
        setup_street(self)
        _, recent = recent_of(self)
        setup_item_picker(self, recent)
        new_party.setup(self, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        new_party.clean(self, data)
        return data

    def error_field(self, exc: DomainError) -> str | None:
        return new_party.error_field(exc) or super().error_field(exc)


class OnTheSpotForm(CaseForm):
    """当场处罚 (简易程序, 行政处罚法 Arts 51–53, 68)."""

    aliases: ClassVar[dict[str, str]] = {"penalty_kinds": "penalty", "amount": "fine"}
    standard_fines: dict[str, dict[str, str]]  # {item: {party kind: amount}} for the script

    violation_item = item_field()
    party_q = party_search_field()
    party = party_field()
    penalty = forms.ChoiceField(
        label="处罚",
        choices=[("fine", "罚款"), ("warning", "警告")],
        widget=forms.RadioSelect,
        initial="fine",
    )
    fine = money_field("罚款金额(元)")
    discretion_level = forms.ChoiceField(
        label="裁量档次",
        required=False,
        choices=[("", "— 未选择 —"), *BandLevel.choices],
        help_text="罚款应在所选档次的幅度内；不选的，按罚款金额所在的档次认定",
    )
    serious_facts = text_area(
        "情节严重的事实和理由",
        required=False,
        rows=2,
        help_text="分档罚款 (如「情节严重的，处200元」) 适用情节严重档时填写",
    )
    act_on = date_field("违法行为日期", required=False, help_text="不填即为今天")
    collect_on_spot = forms.BooleanField(
        label="当场收缴罚款",
        required=False,
        help_text=f"限于 {statute.ON_SPOT_COLLECT_MAX} 元以下，或不当场收缴事后难以执行的 (第68条)",
    )
    hard_to_collect_later = forms.BooleanField(label="不当场收缴事后难以执行", required=False)
    co_handler = officer_field("另一名执法人员")
    place = forms.CharField(label="地点", max_length=200)
    street = street_field()
    facts = text_area("违法事实", rows=3)
    party_signed = forms.BooleanField(
        label="当事人已签收", required=False, initial=True, help_text="拒绝签收的，取消勾选"
    )
    photos = FilesField(label="现场照片")
    latitude = forms.DecimalField(
        required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput
    )
    longitude = forms.DecimalField(
        required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput
    )

    def setup(self) -> None:
        me, recent = recent_of(self)
        exclude = [me] if me else []
        partner = setup_partner_picker(self, "co_handler", recent, exclude=exclude)
        if partner is not None:
            self.initial.setdefault("co_handler", partner)  # the usual partner (Art 42: two)
        items = setup_item_picker(self, recent, simple_only=True)
        # the amount the catalog states for the ordinary case, offered by the page's script
        self.standard_fines = standard_fines(items)
        new_party.setup(self, required=True)
        setup_street(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("penalty") == "fine" and not data.get("fine"):
            self.add_error("fine", "请填写罚款金额")
        new_party.clean(self, data)
        return data

    def error_field(self, exc: DomainError) -> str | None:
        """Refusals of the guards (no field of their own) next to what they are about."""
        named = new_party.error_field(exc)
        if named:
            return named
        if exc.code.startswith("simple_"):
            return "fine"  # 行政处罚法 Art 51: the amount or the kind of penalty
        if exc.code == "collection_not_allowed":
            return "collect_on_spot"  # Art 68
        if exc.code == "two_handlers":
            return "co_handler"  # Art 42
        return super().error_field(exc)

    def penalty_kinds(self) -> list[str]:
        return [self.cleaned_data["penalty"]]


class RequestFilingForm(StepForm):
    """提请立案: two certified handlers at least (Art 42), the cause, the party, the date of the
    act (limitation, Art 36)."""

    aliases: ClassVar[dict[str, str]] = {"handlers": "assist"}

    lead = officer_field("主办人")
    assist = officer_field("协办人")
    assist2 = officer_field("协办人(二)", required=False)
    violation_item = item_field()
    party_q = party_search_field()
    party = party_field()
    act_on = date_field("违法行为发生日")
    continuing = forms.BooleanField(label="违法行为有连续或继续状态", required=False)
    act_ended_on = date_field("连续/继续状态终了日", required=False)
    extended_limitation = forms.BooleanField(
        label="涉及公民生命健康安全、金融安全且有危害后果 (追责期限5年，第36条)", required=False
    )
    major_public_interest = forms.BooleanField(label="涉及重大公共利益", required=False)
    complex_case = forms.BooleanField(label="情节复杂或重大违法行为", required=False)

    def setup(self) -> None:
        case = self.the_case
        choices = officer_choices(self.user, self.today)
        for name in ("lead", "assist", "assist2"):
            set_choices(self, name, choices)
        me = Officer.objects.filter(user=self.user, is_auxiliary=False).first()
        if me is not None:
            self.initial.setdefault("lead", me.pk)
        set_choices(self, "violation_item", item_choices())
        self.initial.setdefault("violation_item", case.violation_item_id)
        self.initial.setdefault("party", case.party_id)
        self.initial.setdefault("act_on", case.found_on)
        setup_party_picker(self, required=True)

    def handlers(self) -> list[Officer]:
        d = self.cleaned_data
        return [o for o in (d["lead"], d["assist"], d.get("assist2")) if o is not None]


class ReasonForm(StepForm):
    reason = text_area("理由", rows=3)


class AssignHandlerForm(StepForm):
    officer = officer_field("承办人")

    def setup(self) -> None:
        current = list(
            self.the_case.handlers.filter(recused_on__isnull=True).values_list(
                "officer_id", flat=True
            )
        )
        set_choices(self, "officer", officer_choices(self.user, self.today, exclude=current))


class RecuseForm(StepForm):
    """回避 (Art 43): decided by the head; the handler's row stays with the reason."""

    officer = forms.ModelChoiceField(label="回避的承办人", queryset=Officer.objects.none())
    reason = text_area("回避理由", rows=3)

    def setup(self) -> None:
        field = self.fields["officer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Officer.objects.filter(
            case_roles__case=self.the_case, case_roles__recused_on__isnull=True
        )
