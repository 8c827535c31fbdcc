"""Timing and correction safeguards: the extension of the Art 60 time limit."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Field, Router

from zhifa.cases import actions
from zhifa.cases.api import present
from zhifa.cases.api.common import ERRORS, Happened, StepIn, caller, case_for
from zhifa.cases.api.schemas import CaseSummaryOut

router = Router(tags=["办案期限与更正"])


class ExtendTimeLimitIn(StepIn):
    reason: str = Field(..., description="延长理由")
    new_due: date = Field(..., description="延长后的期限 (晚于当前期限，不超过本地上限)")
    on: Happened | None = Field(None, description="批准日期，缺省为今天")


@router.post(
    "/{int:case_id}/extend-time-limit",
    response={200: CaseSummaryOut, **ERRORS},
    summary="延长办案期限 (负责人批准，期限届满前，不超过本地上限；第60条)",
)
def extend_time_limit(request: HttpRequest, case_id: int, payload: ExtendTimeLimitIn) -> dict:
    user = caller(request)
    case = case_for(request, case_id)
    actions.extend_time_limit(
        case,
        actor=user,
        reason=payload.reason,
        new_due=payload.new_due,
        on=payload.on,
        expected_version=payload.version,
    )
    case.refresh_from_db()
    return present.summary(case, user)
