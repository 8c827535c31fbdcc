"""Administrators correct parties here; saving goes through the actions like everywhere else, and
the form runs the same checks first so that a mistake shows on its field, not as an error page."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from zhifa.core.errors import DomainError
from zhifa.org.models import User
from zhifa.parties import actions
from zhifa.parties.models import Party, PartyChange
from zhifa.parties.selectors import search_parties


class PartyAdminForm(forms.ModelForm):
    class Meta:
        model = Party
        fields = list(actions.PARTY_FIELDS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        cleaned, errors = actions.check_party(data)
        for field, message in errors.items():
            if field not in self.errors:
                self.add_error(field if field in self.fields else None, message)
        if errors:
            return data
        existing = actions.duplicate_of(
            cleaned["id_type"], cleaned["id_number"], exclude_pk=self.instance.pk
        )
        if existing:
            self.add_error("id_number", actions.duplicate_error(existing).message)
        return {**data, **cleaned}


class PartyChangeInline(admin.TabularInline):
    model = PartyChange
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "fields", "actor", "at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # written by the actions, never here


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    form = PartyAdminForm
    list_display = ["name", "kind", "id_type", "id_number", "street", "updated_at"]
    list_filter = ["kind", "id_type", "street"]
    # The ID number is encrypted: found by its blind index (exact number), not by a LIKE.
    search_fields = ["name"]
    search_help_text = "按名称查询，或输入完整证件号码"
    list_select_related = ["street"]
    inlines = [PartyChangeInline]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Party], search_term: str
    ) -> tuple[QuerySet[Party], bool]:
        rows = search_parties(queryset, search_term, viewer=cast(User, request.user))
        return rows, False

    def save_model(self, request: HttpRequest, obj: Party, form: Any, change: bool) -> None:
        values = {f: form.cleaned_data[f] for f in actions.PARTY_FIELDS}
        user = cast(User, request.user)
        try:
            if change:
                saved = actions.update_party(obj, actor=user, **values)
            else:
                saved = actions.register_party(**values, actor=user)
        except DomainError as exc:
            # Only a race (registered meanwhile) gets here: the form checked everything else.
            raise forms.ValidationError(exc.message) from exc
        obj.pk = saved.pk
        obj.identity_index = saved.identity_index
