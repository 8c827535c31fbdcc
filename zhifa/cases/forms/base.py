"""What every case form shares: the case and the user, the case version (a stale page is
refused by the action), date inputs that default to today, and the pickers for parties,
officers and catalog items.

Forms only parse input. The rules are the actions': their refusals are put back on the field
they name (``show_error``)."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone

from zhifa.cases.choices import EvidenceKind
from zhifa.cases.models import Case
from zhifa.cases.record import Upload
from zhifa.core.errors import DomainError
from zhifa.core.uploads import CheckedUpload, MultipleFileInput, UploadsField
from zhifa.law.choices import Category
from zhifa.law.models import ViolationItem
from zhifa.org.access import street_scope
from zhifa.org.certificates import may_act_as_handler
from zhifa.org.choices import OrgUnitKind
from zhifa.org.models import Officer, OrgUnit, User
from zhifa.parties.access import parties_visible_to
from zhifa.parties.presenters import present_party
from zhifa.parties.selectors import search_parties

PARTY_OPTIONS = 20


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def not_in_the_future(value: date | None) -> None:
    """A date something happened on (served, paid, received, held…) cannot lie ahead: almost
    always a typo, and recording it would start legal periods on a day that has not come."""
    if value is not None and value > timezone.localdate():
        raise ValidationError(f"{value} 晚于今天：所记录的事项不能发生在将来")


def date_field(
    label: str, *, required: bool = True, help_text: str = "", future_ok: bool = False
) -> forms.DateField:
    """A date input. Unless ``future_ok`` (a date planned ahead, such as a hearing), the date
    must not be after today."""
    validators = [] if future_ok else [not_in_the_future]
    return forms.DateField(
        label=label, required=required, widget=DateInput, help_text=help_text, validators=validators
    )


def money_field(label: str, *, required: bool = False, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )


def text_area(label: str, *, required: bool = True, rows: int = 4, help_text: str = "") -> Any:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class FilesField(UploadsField):
    """Several files in one input (photos from the phone's camera), each checked by its content
    (``core.uploads``: photos, recordings, PDF; size limits by category): a list of
    ``CheckedUpload``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/*,audio/*,video/*,.pdf"})
        )
        super().__init__(*args, **kwargs)


def uploads(files: list[Any], kind: str = EvidenceKind.AUDIO_VISUAL) -> tuple[Upload, ...]:
    """Uploaded files as evidence of ``kind`` (photos and video: 视听资料, Art 46): what a
    ``FilesField`` checked, with the digests taken on receipt."""
    return tuple(
        Upload.received(f, kind)
        if isinstance(f, CheckedUpload)
        else Upload(f, f.name, kind, content_type=f.content_type or "")
        for f in files
    )


class CaseForm(forms.Form):
    """A form about a case (or a new one), filled in by ``user``."""

    # Action field names that differ from the form's (the action's error goes on ours).
    aliases: ClassVar[dict[str, str]] = {}
    # The fields of 登记新当事人 in place, where the form has them (``forms/new_party.py``).
    inline_party_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, user: User, case: Case | None = None, **kwargs: Any) -> None:
        self.user = user
        self.case = case
        self.today = timezone.localdate()
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField) and field.required:
                self.initial.setdefault(name, self.today)
        self.setup()

    def setup(self) -> None:
        """Querysets and initial values that depend on the case or the user."""

    def error_field(self, exc: DomainError) -> str | None:
        """The field an action's refusal is about (the action's name for it, or ours)."""
        return self.aliases.get(exc.field or "", exc.field)

    def show_error(self, exc: DomainError) -> None:
        """An action's refusal: on the field it names, else above the form."""
        name = self.error_field(exc)
        if name and name in self.fields:
            self.add_error(name, exc.message)
        else:
            self.add_error(None, exc.message)


class StepForm(CaseForm):
    """One step on an existing case. ``version`` is the case's version when the page was
    shown: the actions that take ``expected_version`` refuse a stale page."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, case: Case, user: User, **kwargs: Any) -> None:
        super().__init__(*args, case=case, user=user, **kwargs)
        self.initial.setdefault("version", case.version)

    @property
    def the_case(self) -> Case:
        assert self.case is not None
        return self.case


# --- pickers ---------------------------------------------------------------------------------


class PartySelect(forms.Select):
    """Options carry the party kind, so the page can show the limits that depend on it."""

    kinds: dict[str, str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = {}

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        kind = self.kinds.get(str(value))
        if kind:
            option["attrs"]["data-kind"] = kind
        return option


def party_label(party: Any, user: User) -> str:
    view = present_party(party, user)
    return f"{view.name} ({view.kind_label} {view.id_number})"


def setup_party_picker(form: CaseForm, *, required: bool) -> None:
    """``party_q`` searches the parties the user may see; ``party`` lists the matches (and the
    party already chosen), shown as the user may see them (masked for auxiliary staff)."""
    field = form.fields["party"]
    assert isinstance(field, forms.ModelChoiceField)
    visible = parties_visible_to(form.user)
    field.queryset = visible
    field.required = required
    q = (form["party_q"].value() or "").strip()
    chosen = form["party"].value()
    rows = list(search_parties(visible, q, viewer=form.user)[:PARTY_OPTIONS]) if q else []
    if chosen and str(chosen).isdigit() and all(str(p.pk) != str(chosen) for p in rows):
        rows = list(visible.select_related("street").filter(pk=chosen)) + rows
    widget = field.widget
    assert isinstance(widget, PartySelect)
    widget.kinds = {str(p.pk): p.kind for p in rows}
    empty = "— 请先输入名称或证件号码查找 —" if not rows else "— 请选择 —"
    widget.choices = [("", empty), *((p.pk, party_label(p, form.user)) for p in rows)]


def party_search_field() -> forms.CharField:
    return forms.CharField(
        label="查找当事人",
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "placeholder": "名称、姓名或完整证件号码",
                "data-party-search": "1",
                "enterkeyhint": "search",
            }
        ),
    )


def party_field() -> forms.ModelChoiceField:
    from zhifa.parties.models import Party

    return forms.ModelChoiceField(
        label="当事人",
        queryset=Party.objects.none(),
        widget=PartySelect(attrs={"data-party-select": "1"}),
    )


def set_choices(form: forms.Form, name: str, choices: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
    field.choices = choices


def officer_rows(user: User, day: date, exclude: list[int] | None = None) -> list[Any]:
    """Certified officers (not auxiliary staff) in service, each with whether it may act as a
    handler on ``day`` (行政处罚法 Art 42): ``[(officer, ok), …]``, the user's own unit first."""
    officers = (
        Officer.objects.filter(is_auxiliary=False, left_on__isnull=True)
        .exclude(pk__in=exclude or [])
        .select_related("unit")
        .prefetch_related("certificates__events")
        .order_by("unit__sort_order", "unit__code", "name")
    )
    return [(officer, bool(may_act_as_handler(officer, day))) for officer in officers]


def officer_choices(
    user: User, day: date, exclude: list[int] | None = None, *, rows: list[Any] | None = None
) -> list[Any]:
    """Certified officers (not auxiliary staff), the user's own unit first, each marked when it
    may not act as a handler today (行政处罚法 Art 42)."""
    own: list[tuple[int, str]] = []
    other: list[tuple[int, str]] = []
    for officer, ok in officer_rows(user, day, exclude) if rows is None else rows:
        label = f"{officer.name} · {officer.unit.name}"
        if not ok:
            label += " (今日不可承办)"
        (own if officer.unit_id == user.org_unit_id else other).append((officer.pk, label))
    groups: list[Any] = [("", "— 请选择 —")]
    if own:
        groups.append(("本单位", own))
    if other:
        groups.append(("其他单位", other))
    return groups


def officer_field(label: str, *, required: bool = True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label, queryset=Officer.objects.filter(is_auxiliary=False), required=required
    )


def offered_items(*, simple_only: bool = False, fines: bool = False) -> list[ViolationItem]:
    """Active catalog items in catalog order; ``simple_only``: those with a warning or a fine
    (the only penalties of the simple procedure, 行政处罚法 Art 51); ``fines``: with their fine
    rules and bands (two queries for all)."""
    rows = ViolationItem.objects.filter(active=True).order_by("category", "sort_order")
    if fines:
        rows = rows.prefetch_related("fine_rules", "discretion_bands")
    return [i for i in rows if not simple_only or {"warning", "fine"} & set(i.penalty_kinds)]


def item_choices(
    *, simple_only: bool = False, items: list[ViolationItem] | None = None
) -> list[Any]:
    """Active catalog items (``offered_items``, or ``items``) grouped by category."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for item in offered_items(simple_only=simple_only) if items is None else items:
        groups.setdefault(item.category, []).append((item.pk, f"{item.code} {item.name}"))
    labels = dict(Category.choices)
    return [("", "— 请选择违法行为 —")] + [
        (labels.get(category, category), rows) for category, rows in groups.items()
    ]


def item_field(*, required: bool = True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="违法行为(案由)",
        queryset=ViolationItem.objects.filter(active=True),
        required=required,
    )


def setup_street(form: CaseForm, *, initial: int | None = None) -> None:
    """A street officer works in its own street only; others choose (or leave it empty)."""
    field = form.fields["street"]
    assert isinstance(field, forms.ModelChoiceField)
    scope = street_scope(form.user)
    if scope is not None:
        field.queryset = OrgUnit.objects.filter(pk=scope)
        field.required = True
        field.empty_label = None
        form.initial.setdefault("street", scope)
    elif initial:
        form.initial.setdefault("street", initial)


def street_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="所在街道",
        queryset=OrgUnit.objects.filter(kind=OrgUnitKind.STREET),
        required=False,
        empty_label="— 未指定 —",
    )


def initial_from(data: QueryDict, form_class: type[forms.Form]) -> dict[str, Any]:
    """A submitted form's values as the initial values of an unbound one (the "查找" button
    re-shows the form with the parties found, without validating it)."""
    initial: dict[str, Any] = {}
    for name, field in form_class.base_fields.items():
        if name not in data:
            continue
        multiple = isinstance(field, forms.MultipleChoiceField)
        initial[name] = data.getlist(name) if multiple else data.get(name)
    return initial
