"""The type-ahead pickers of the street forms (on the spot, a clue): a plain ``<select>`` that
``zhifa/picker.js`` enhances — typed search by code, name or pinyin initials, the officer's
recently used choices first and as one-tap chips. Without the script the select still works,
recent choices first (a group of their own at the top).

The search keys are computed here (``core.pinyin``) and sent as ``data-keys`` on each option;
what the officer used lately comes from ``cases.recent``."""

from __future__ import annotations

from typing import Any

from django import forms

from zhifa.cases.forms.base import (
    CaseForm,
    item_choices,
    offered_items,
    officer_choices,
    officer_rows,
)
from zhifa.cases.recent import Recent, recent_for
from zhifa.core.pinyin import initials, search_keys
from zhifa.law.models import ViolationItem
from zhifa.org.models import Officer

RECENT_SHOWN = 5  # recent choices listed first (and as chips): a phone screen's worth
RECENT_ITEMS = "最近使用"
RECENT_PARTNERS = "最近搭档"


class PickerSelect(forms.Select):
    """A select marked for the picker; each option carries its search keys."""

    keys: dict[str, str]

    def __init__(self, *args: Any, recent_group: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys = {}
        self.attrs.setdefault("data-picker", "1")
        if recent_group:
            self.attrs["data-recent-group"] = recent_group

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        keys = self.keys.get(str(value))
        if keys:
            option["attrs"]["data-keys"] = keys
        return option


def with_recent(choices: list[Any], recent: list[int], label: str) -> list[Any]:
    """``choices`` (the empty choice first, then groups) with a first group ``label`` holding
    the recent ones that are among them, in their order, at most ``RECENT_SHOWN``."""
    labels = {str(v): text for _, group in choices[1:] for v, text in group}
    rows = [(pk, labels[str(pk)]) for pk in recent if str(pk) in labels][:RECENT_SHOWN]
    if not rows:
        return choices
    return [choices[0], (label, rows), *choices[1:]]


def _install(
    form: CaseForm, name: str, choices: list[Any], keys: dict[str, str], group: str
) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    widget = PickerSelect(recent_group=group)
    widget.keys = keys
    widget.is_required = field.required
    field.widget = widget
    field.choices = choices  # after the widget: the field hands them to it


def item_keys(item: ViolationItem) -> str:
    return f"{item.code.lower()} {search_keys(item.name)}"


def officer_keys(officer: Officer) -> str:
    return f"{search_keys(officer.name)} {initials(officer.unit.name)}"


def setup_item_picker(
    form: CaseForm, recent: Recent, *, simple_only: bool = False
) -> list[ViolationItem]:
    """The violation item picker; returns the items offered (on the spot, with their fine
    rules and bands: the page offers the standard fine)."""
    items = offered_items(simple_only=simple_only, fines=simple_only)  # on the spot: its fines
    choices = with_recent(item_choices(items=items), recent.items, RECENT_ITEMS)
    _install(
        form, "violation_item", choices, {str(i.pk): item_keys(i) for i in items}, RECENT_ITEMS
    )
    return items


def setup_partner_picker(
    form: CaseForm, name: str, recent: Recent, *, exclude: list[int]
) -> int | None:
    """The co-handler picker, recent partners first; returns the usual partner if it may act
    as a handler today (the form pre-selects it), else None."""
    rows = officer_rows(form.user, form.today, exclude)
    choices = with_recent(
        officer_choices(form.user, form.today, rows=rows), recent.co_handlers, RECENT_PARTNERS
    )
    keys = {str(o.pk): officer_keys(o) for o, _ in rows}
    _install(form, name, choices, keys, RECENT_PARTNERS)
    able = {o.pk for o, ok in rows if ok}
    return recent.usual_partner if recent.usual_partner in able else None


def recent_of(form: CaseForm) -> tuple[int | None, Recent]:
    """The user's officer id and what it used lately."""
    me = Officer.objects.filter(user=form.user).values_list("pk", flat=True).first()
    return me, recent_for(form.user, me)
