"""The catalog in the admin: an item with its fine rules and bands inline. The same checks as
the import: each row's own rules in the models' ``clean()``, and the rules between rows (bands
inside the statutory range, "fine" among the penalty kinds) in the inline formsets, against the
rules as submitted in the same form, not as they were before. The write is one action
(``actions.save_item``: the item with its fines and bands), the admin as actor."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.http import HttpRequest

from zhifa.core.admin import ActionAdmin
from zhifa.law import actions
from zhifa.law.amounts import penalty_kinds_error
from zhifa.law.catalog_io.records import (
    ITEM_FIELDS,
    BandData,
    FineData,
    ItemData,
    canonical_bands,
    canonical_fines,
)
from zhifa.law.choices import NATIONAL, PenaltyKind
from zhifa.law.models import DiscretionBand, FineRule, ViolationItem

RULE_FIELDS = ("party_kind", "rule", "min", "max", "unit", "note")
RULES_PREFIX = "fine_rules"  # the admin's default prefix for this inline (the related name)


class ViolationItemForm(forms.ModelForm):
    penalty_kinds = forms.MultipleChoiceField(
        label="处罚种类",
        choices=PenaltyKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ViolationItem
        fields = (
            "code",
            "name",
            "category",
            "active",
            "sort_order",
            "violated_provision",
            "penalty_provision",
            "penalty_kinds",
            "jurisdiction",
            "local_default",
            "basis_note",
            "legal_status",
            "hearing_applies",
        )


def _kept_instances(formset: BaseInlineFormSet) -> list[Any]:
    """The rows a valid formset will leave in place, with their submitted values."""
    kept = []
    for form in formset.forms:
        if form.cleaned_data.get("DELETE"):
            continue
        if form.instance.pk is None and not form.has_changed():
            continue
        kept.append(form.instance)
    return kept


class FineRuleFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        message = penalty_kinds_error(self.instance.penalty_kinds or [], _kept_instances(self))
        if message:
            raise forms.ValidationError(message)


class BandFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        rules = self._submitted_rules()
        if rules is None:
            return  # the fine-rules inline reports its own errors
        for form in self.forms:
            if form.cleaned_data.get("DELETE") or not form.cleaned_data:
                continue
            message = form.instance.check_within(rules)
            if message:
                form.add_error(None, message)

    def _submitted_rules(self) -> list[FineRule] | None:
        formset_class = inlineformset_factory(
            ViolationItem, FineRule, fields=RULE_FIELDS, extra=0, can_delete=True
        )
        rules = formset_class(self.data, self.files, instance=self.instance, prefix=RULES_PREFIX)
        if not rules.is_valid():
            return None
        return _kept_instances(rules)


# Short text boxes keep each inline row on one line.
SHORT_TEXT: Mapping[type[models.Field[Any, Any]], Mapping[str, Any]] = {
    models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}
}


class FineRuleInline(admin.TabularInline):
    model = FineRule
    formfield_overrides = SHORT_TEXT
    formset = FineRuleFormSet
    fields = RULE_FIELDS
    extra = 0


class DiscretionBandInline(admin.TabularInline):
    model = DiscretionBand
    formfield_overrides = SHORT_TEXT
    formset = BandFormSet
    fields = ("level", "party_kind", "min", "max", "facts")
    extra = 0


def submitted_record(form: forms.ModelForm, formsets: Sequence[BaseInlineFormSet]) -> ItemData:
    """The item as the admin's valid form and inlines leave it, as the import's record."""
    kept = {formset.model: _kept_instances(formset) for formset in formsets}
    values: dict[str, Any] = {name: form.cleaned_data[name] for name in ITEM_FIELDS}
    values["penalty_kinds"] = tuple(values["penalty_kinds"] or ())
    fines = [
        FineData(r.party_kind, r.rule, r.min, r.max, r.unit, r.note, r.ordinary_max, r.serious_min)
        for r in kept.get(FineRule, [])
    ]
    bands = [
        BandData(b.level, b.party_kind, b.min, b.max, b.facts) for b in kept.get(DiscretionBand, [])
    ]
    return ItemData(**values, fines=canonical_fines(fines), discretion_bands=canonical_bands(bands))


@admin.register(ViolationItem)
class ViolationItemAdmin(ActionAdmin):
    form = ViolationItemForm
    inline_write = True
    list_display = ["code", "name", "category", "legal_status", "where", "active"]
    list_filter = ["category", "legal_status", "active", "local_default", "hearing_applies"]
    search_fields = ["code", "name", "violated_provision", "penalty_provision"]
    readonly_fields = ["updated_at"]
    inlines = [FineRuleInline, DiscretionBandInline]

    def write(
        self, request: HttpRequest, obj: ViolationItem, form: Any, change: bool, formsets: Any = ()
    ) -> ViolationItem:
        record = submitted_record(form, formsets)
        return actions.save_item(record, actor=request.user, item=obj if change else None)

    def remove(self, request: HttpRequest, obj: ViolationItem) -> None:
        actions.delete_item(obj, actor=request.user)

    @admin.display(description="适用地域", ordering="jurisdiction")
    def where(self, item: ViolationItem) -> str:
        return "全国" if item.jurisdiction == NATIONAL else item.jurisdiction

    fieldsets = (
        (None, {"fields": ("code", "name", "category", "active", "sort_order")}),
        ("依据", {"fields": ("violated_provision", "penalty_provision", "penalty_kinds")}),
        (
            "适用与核实",
            {
                "fields": (
                    "jurisdiction",
                    "local_default",
                    "basis_note",
                    "legal_status",
                    "hearing_applies",
                    "updated_at",
                )
            },
        ),
    )
