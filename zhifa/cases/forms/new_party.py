"""登记新当事人 in place, in the form of the case that is about the party (on the spot, a clue):
the fields open under the party search, no second window, nothing the officer already chose
(photos included) is lost. The party is registered by the parties app's action in the same
transaction as the case (``cases.actions.with_new_party``): a refused case leaves no party.

The rules are the parties app's (``check_party``), shown on these fields before anything is
written; the action's own refusals (a duplicate ID number, a street out of scope) come back
named ``new_party.<field>`` and are put on the same fields."""

from __future__ import annotations

from typing import Any

from django import forms

from zhifa.cases.forms.base import CaseForm, setup_party_picker
from zhifa.core.errors import DomainError
from zhifa.parties.access import can_register_parties
from zhifa.parties.actions import check_party
from zhifa.parties.choices import IdType, PartyKind

# The party's fields asked for here (the rest — representative, street — on its own page later).
FIELDS = ("kind", "name", "id_type", "id_number", "phone", "address")
PREFIX = "new_"
NAMES = (f"{PREFIX}party", *(PREFIX + f for f in FIELDS))
ACTION_FIELD = "new_party."  # how ``with_new_party`` names the party's fields in its refusals


def _text(label: str, max_length: int, **attrs: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.TextInput(attrs={"autocomplete": "off", **attrs}),
    )


def setup(form: CaseForm, *, required: bool) -> None:
    """The party search, and (for those who may register parties) 登记新当事人 in place: with
    the box ticked the party search is not required."""
    if can_register_parties(form.user):
        add_fields(form)
        form.inline_party_fields = NAMES
    setup_party_picker(form, required=required and not wanted(form))
    form.fields["party"].error_messages["required"] = "请查找并选择当事人" + (
        "，或勾选「登记新当事人」" if form.inline_party_fields else ""
    )


def add_fields(form: CaseForm) -> None:
    """The checkbox and the party's fields, after the form's own (templates place them)."""
    f = form.fields
    f["new_party"] = forms.BooleanField(
        label="登记新当事人",
        required=False,
        widget=forms.CheckboxInput(attrs={"data-new-party": "1"}),
    )
    f["new_kind"] = forms.ChoiceField(
        label="当事人类别",
        required=False,
        choices=PartyKind.choices,
        initial=PartyKind.PERSON,
        widget=forms.RadioSelect,
    )
    f["new_name"] = _text("当事人名称/姓名", 200)
    f["new_id_type"] = forms.ChoiceField(
        label="证件类型", required=False, choices=IdType.choices, initial=IdType.RESIDENT_ID
    )
    f["new_id_number"] = _text("证件号码", 40, autocapitalize="characters")
    f["new_phone"] = _text("联系电话", 30, inputmode="tel")
    f["new_address"] = _text("住所/地址", 300)
    for name in NAMES:
        form.initial.setdefault(name, f[name].initial)


def wanted(form: forms.Form) -> bool:
    """Whether the officer asked to register a new party (the checkbox, as submitted)."""
    return form.is_bound and form.data.get("new_party") in ("on", "1", "true", "True")


def clean(form: CaseForm, data: dict[str, Any]) -> None:
    """Every rule of the new party at once, each on its field; the party chosen must be none."""
    if not data.get("new_party"):
        return
    if data.get("party") is not None:
        form.add_error(
            "new_party",
            f"已选择当事人「{data['party'].name}」：登记新当事人的，请不要同时选择已登记的当事人",
        )
        return
    _, errors = check_party(values(data), today=form.today)
    for field, message in errors.items():
        name = PREFIX + field
        if name not in form.errors:
            form.add_error(name if name in form.fields else None, message)


def values(data: dict[str, Any]) -> dict[str, Any]:
    """The party's fields as the parties action takes them."""
    return {field: data.get(PREFIX + field) or "" for field in FIELDS}


def error_field(exc: DomainError) -> str | None:
    """The field of a refusal of the party's registration: ours for the party's field, the
    checkbox for one without a field of its own here (the street, the role); None when the
    refusal is not the registration's."""
    if not (exc.field or "").startswith(ACTION_FIELD):
        return None
    name = PREFIX + (exc.field or "")[len(ACTION_FIELD) :]
    return name if name in NAMES else "new_party"


def is_open(form: forms.Form) -> bool:
    """The fields are shown open: asked for, or wrong."""
    return wanted(form) or any(n in form.errors for n in NAMES)
