"""Every step, generically: what the caller may do on a case now, and one endpoint that takes
any step that has a page, with the page's own form and action.

``GET /cases/{id}/steps`` lists each step of the case's procedure as the case page shows it
(allowed, or why not — the step's one ``problems`` function). ``POST /cases/{id}/steps/{step}``
takes a JSON object of the step page's form fields (the same names and rules as the page,
``version`` included) and runs the page's action: a step declared with a page needs no endpoint
of its own. A bad field is 422 naming it; a refused step 409/403 with the rule and article."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, QueryDict
from django.utils import timezone
from ninja import Router, Schema
from pydantic import BaseModel, ConfigDict

from zhifa.cases.api import present
from zhifa.cases.api.common import ERRORS, caller, case_for
from zhifa.cases.api.schemas import CaseSummaryOut
from zhifa.cases.choices import StepName
from zhifa.cases.facts import Facts
from zhifa.cases.steps import available_steps
from zhifa.cases.views.registry import all_pages
from zhifa.cases.workflow import STEPS, expecting_version
from zhifa.core.errors import InvalidInput, NotFound

router = Router(tags=["办案步骤"])


class StepStateOut(Schema):
    name: str
    label: str
    allowed: bool
    reason: str
    who: str
    current: bool
    has_form: bool


class StepBody(BaseModel):
    """The step page's form fields (see ``GET /cases/{id}/steps``), and ``version``."""

    model_config = ConfigDict(extra="allow")
    version: int | None = None


class StepDoneOut(Schema):
    message: str
    case: CaseSummaryOut


@router.get(
    "/{case_id}/steps",
    response={200: list[StepStateOut], **ERRORS},
    summary="本案各步骤：当前可否办理及原因 (与案件页面一致)",
)
def list_steps(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    user = caller(request)
    case = case_for(request, case_id)
    pages = all_pages()
    return [
        {
            "name": s.name,
            "label": s.label,
            "allowed": s.allowed,
            "reason": s.reason,
            "who": s.who,
            "current": s.current,
            "has_form": s.name in pages,
        }
        for s in available_steps(case, user, timezone.localdate())
    ]


def _form_data(body: dict[str, Any]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in body.items():
        values = value if isinstance(value, list) else [value]
        for v in values:
            data.appendlist(key, "" if v is None else ("on" if v is True else str(v)))
        if value is False:
            data.pop(key)
    return data


def _body(request: HttpRequest) -> dict[str, Any]:
    """The JSON object of form fields (read as is: the fields are the form's, not a schema's)."""
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        raise InvalidInput("invalid_request", "请求体不是有效的 JSON") from None
    if not isinstance(body, dict):
        raise InvalidInput("invalid_request", "请求体应为 JSON 对象 (表单字段: 值)")
    return body


@router.post(
    "/{case_id}/steps/{step}",
    response={200: StepDoneOut, **ERRORS},
    summary="办理一个步骤 (字段与该步骤页面的表单相同，含 version)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": StepBody.model_json_schema()}},
        }
    },
)
def take_step(
    request: HttpRequest,
    case_id: int,
    step: StepName,
) -> dict[str, Any]:
    user = caller(request)
    case = case_for(request, case_id)
    page = all_pages().get(step)
    definition = STEPS.get(step)
    if page is None or definition is None or case.procedure not in definition.procedures:
        raise NotFound("no_such_step", f"本案没有可通过表单办理的「{step.label}」步骤")
    form = page.form(_form_data(_body(request)), case=case, user=user)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        label = form.fields[field].label if field in form.fields else ""
        raise InvalidInput(
            "invalid_field",
            f"{label or field}：{'；'.join(str(e) for e in errors)}",
            field=None if field == "__all__" else field,
        )
    with expecting_version(form.cleaned_data.get("version")):
        message = page.perform(case, form, user)
    case.refresh_from_db()
    return {"message": message, "case": present.summary(case, user)}


__all__ = ["Facts", "router"]
