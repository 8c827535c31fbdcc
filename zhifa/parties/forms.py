from __future__ import annotations

from typing import Any

from django import forms

from zhifa.org.choices import OrgUnitKind
from zhifa.org.models import OrgUnit
from zhifa.parties.actions import check_party
from zhifa.parties.choices import IdType, PartyKind


class PartyForm(forms.Form):
    """登记/修改当事人. The rules are those of the action (``check_party``), shown per field."""

    kind = forms.ChoiceField(label="当事人类别", choices=PartyKind.choices)
    name = forms.CharField(
        label="名称/姓名",
        max_length=200,
        help_text="自然人填姓名；单位和个体工商户填营业执照上的名称",
    )
    id_type = forms.ChoiceField(label="证件类型", choices=IdType.choices)
    id_number = forms.CharField(
        label="证件号码",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        help_text="居民身份证18位(或15位旧号码)；统一社会信用代码18位",
    )
    phone = forms.CharField(
        label="联系电话",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        help_text="11位手机号码，或带区号的固定电话(如 010-12345678)",
    )
    address = forms.CharField(label="住所/地址", max_length=300, required=False)
    legal_representative = forms.CharField(
        label="法定代表人/负责人/经营者",
        max_length=100,
        required=False,
        help_text="单位填法定代表人或负责人；个体工商户填经营者；自然人不填",
    )
    legal_representative_id_number = forms.CharField(
        label="法定代表人身份证号码",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    street = forms.ModelChoiceField(
        label="所在街道",
        queryset=OrgUnit.objects.filter(kind=OrgUnitKind.STREET),
        required=False,
        empty_label="— 未指定 —",
        help_text="当事人住所或经营场所所在的街道，决定街道执法队员能否查看",
    )

    def __init__(self, *args: Any, street_scope: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if street_scope is not None:
            # A street officer registers parties of its own street only.
            field = self.fields["street"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = OrgUnit.objects.filter(pk=street_scope)
            field.required = True
            field.empty_label = None
            self.initial.setdefault("street", street_scope)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        cleaned, errors = check_party(data)
        for field, message in errors.items():
            if field not in self.errors:  # a "required" error already says enough
                self.add_error(field if field in self.fields else None, message)
        return {**data, **cleaned}
