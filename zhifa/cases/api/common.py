"""What every case endpoint shares: the caller, the case it may see, the lookups of the things a
request names by id or code (each refused with the field it came from), and the optimistic
version check."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, cast

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, UploadedFile
from pydantic import AfterValidator, BeforeValidator

from zhifa.cases.access import get_case_for_view
from zhifa.cases.models import Case
from zhifa.cases.record import Upload
from zhifa.cases.workflow import expecting_version
from zhifa.core.errors import InvalidInput, NotFound
from zhifa.core.uploads import EVIDENCE, check_upload
from zhifa.law.models import ViolationItem
from zhifa.org.choices import OrgUnitKind
from zhifa.org.models import Officer, OrgUnit, User
from zhifa.parties.access import get_party_for_view
from zhifa.parties.models import Party

# Amounts travel as decimal strings in yuan ("5000.00"); JSON numbers are accepted too.
Money = Annotated[Decimal, Field(max_digits=14, decimal_places=2, examples=["5000.00"])]


def _blank_is_none(value: object) -> object:
    return None if value == "" else value


# Optional fields of multipart forms: an empty field means "not given".
Blank = BeforeValidator(_blank_is_none)
FormMoney = Annotated[Money | None, Blank]
FormDecimal = Annotated[Decimal | None, Blank]
FormInt = Annotated[int | None, Blank]
FormDate = Annotated[date | None, Blank]
FormStr = Annotated[str | None, Blank]


def _not_in_the_future(value: date | None) -> date | None:
    """A date something happened on cannot lie ahead (a typo, and it would start legal periods
    on a day that has not come). Dates planned ahead (a hearing, instalments) use plain date."""
    if value is not None and value > timezone.localdate():
        raise ValueError(f"{value} 晚于今天：所记录的事项不能发生在将来")
    return value


# The date of something that happened (served, paid, received, held, decided…).
Happened = Annotated[date, AfterValidator(_not_in_the_future)]
FormHappened = Annotated[date | None, Blank, AfterValidator(_not_in_the_future)]


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None


# Documented on every endpoint that can refuse (the handlers in zhifa/api.py write them).
ERRORS: dict[int, type[Schema]] = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def choice(choices: type[models.TextChoices], title: str, **kwargs: Any) -> Any:
    """A str field documented with its allowed values. The action checks it, so a wrong value
    is refused with the action's Chinese message rather than a schema error."""
    labels = "；".join(f"{c.value} {c.label}" for c in choices)
    return Field(
        title=title,
        description=f"{title}：{labels}",
        json_schema_extra={"enum": list(choices.values)},
        **kwargs,
    )


class StepIn(Schema):
    version: int | None = Field(
        None,
        description="客户端持有的案件版本号 (乐观并发)：与当前版本不一致时返回 409 stale_version",
    )


class DayIn(StepIn):
    on: Happened | None = Field(None, description="办理日期，缺省为今天")


def uploads(
    files: list[UploadedFile] | None,
    kind: str,
    *,
    field: str = "files",
    label: str = "证据文件",
    kinds: Iterable[str] = EVIDENCE,
) -> tuple[Upload, ...]:
    """Uploaded files as evidence of ``kind`` (Art 46), each checked by its content as the
    pages check it (``core.uploads``: type, size, digests on receipt). All are checked before
    the action runs: one refused file is a 422 naming ``field``, and nothing is written."""
    return tuple(
        Upload.received(check_upload(f, field=field, label=label, kinds=kinds), kind)
        for f in files or []
    )


def caller(request: HttpRequest) -> User:
    return cast(User, request.user)  # every endpoint requires authentication


def case_for(request: HttpRequest, case_id: int) -> Case:
    """The case if the caller may see it; 404 when it does not exist or is outside the
    caller's data scope (its existence is not revealed)."""
    try:
        return get_case_for_view(caller(request), case_id)
    except Http404:
        raise NotFound("not_found", f"案件 {case_id} 不存在或不在您的数据范围内") from None


@contextmanager
def versioned(case: Case, step: str, user: User, version: int | None) -> Iterator[None]:
    """The endpoint's writes in one transaction. The client's ``version`` is checked by the
    step's own ``lock_case`` (see ``check_versions``), under the same lock as the action."""
    with transaction.atomic():
        yield


def _with_version(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def run(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        version = next(
            (v.version for v in kwargs.values() if isinstance(v, StepIn) and v.version is not None),
            None,
        )
        with expecting_version(version):
            return view(request, *args, **kwargs)

    return run


def check_versions(router: Router) -> None:
    """Optimistic locking for every step endpoint, in one place: a request body carrying the
    client's ``version`` (``StepIn``) has it checked by the first ``lock_case`` of whatever
    the endpoint calls — a stale client is refused (409 stale_version) and nothing is written.
    Called once on the API's routers (``zhifa/api.py``), so an endpoint cannot forget it."""
    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            if not getattr(operation.view_func, "_checks_version", False):
                operation.view_func = _with_version(operation.view_func)
                operation.view_func._checks_version = True  # type: ignore[attr-defined]
    for child in router._routers:
        check_versions(child[1])


def violation_item(code: str, field: str = "violation_code") -> ViolationItem:
    item = ViolationItem.objects.filter(code=code).first()
    if item is None:
        raise InvalidInput("unknown_item", f"权责清单中没有编号为「{code}」的事项", field=field)
    if not item.active:
        raise InvalidInput("inactive_item", f"权责清单事项「{code}」已停用", field=field)
    return item


def party(user: User, party_id: int, field: str = "party_id") -> Party:
    try:
        return get_party_for_view(user, party_id)
    except Http404:
        raise InvalidInput("unknown_party", f"当事人 {party_id} 不存在", field=field) from None
    except PermissionDenied:
        raise InvalidInput(
            "party_out_of_scope", f"当事人 {party_id} 不在您的数据范围内", field=field
        ) from None


def officers(ids: list[int], field: str) -> list[Officer]:
    """The officers in the order given (the first handler is the lead)."""
    found = {
        o.pk: o for o in Officer.objects.filter(pk__in=ids).prefetch_related("certificates__events")
    }
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise InvalidInput("unknown_officer", f"执法人员 {'、'.join(missing)} 不存在", field=field)
    return [found[i] for i in ids]


def officer(officer_id: int, field: str) -> Officer:
    return officers([officer_id], field)[0]


def street(street_id: int | None, field: str = "street_id") -> OrgUnit | None:
    if street_id is None:
        return None
    unit = OrgUnit.objects.filter(pk=street_id, kind=OrgUnitKind.STREET).first()
    if unit is None:
        raise InvalidInput("unknown_street", f"街道 {street_id} 不存在", field=field)
    return unit


def row_of[M: models.Model](model: type[M], case: Case, pk: int, label: str) -> M:
    """A step row (preservation, plan, remedy, court application) of this case."""
    row = model._default_manager.filter(case=case, pk=pk).first()
    if row is None:
        raise NotFound("not_found", f"本案没有编号为 {pk} 的{label}")
    return row
