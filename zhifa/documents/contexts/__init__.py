"""The data each document is rendered from, built from the case (``build_context``): JSON-native
values only, so the context is frozen with the issued document and rendering stays pure."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date
from typing import Any

from zhifa.cases.models import Case
from zhifa.documents.choices import DocumentKind as K
from zhifa.documents.contexts import common, decision, enforcement, investigation, notice
from zhifa.documents.formatting import jsonable

Builder = Callable[[Case, date, dict[str, Any]], dict[str, Any]]

BUILDERS: dict[str, Builder] = {
    K.FILING_APPROVAL: investigation.filing_approval,
    K.SITE_INSPECTION: investigation.site_inspection,
    K.INTERVIEW: investigation.interview,
    K.PRESERVATION_NOTICE: investigation.preservation_notice,
    K.PRESERVATION_DECISION: investigation.preservation_decision,
    K.CORRECTION_ORDER: investigation.correction_order,
    K.INVESTIGATION_REPORT: investigation.investigation_report,
    K.PRIOR_NOTICE: notice.prior_notice,
    K.STATEMENT_RECORD: notice.statement_record,
    K.STATEMENT_REVIEW: notice.statement_review,
    K.HEARING_RIGHTS: notice.hearing_rights,
    K.HEARING_NOTICE: notice.hearing_notice,
    K.HEARING_RECORD: notice.hearing_record,
    K.HEARING_REPORT: notice.hearing_report,
    K.LEGAL_REVIEW: notice.legal_review,
    K.DISCUSSION_RECORD: notice.discussion_record,
    K.PENALTY_DECISION: decision.penalty_decision,
    K.NO_PENALTY_DECISION: decision.no_penalty_decision,
    K.ON_THE_SPOT_DECISION: decision.on_the_spot_decision,
    K.SERVICE_ADDRESS: decision.service_address,
    K.SERVICE_RECEIPT: decision.service_receipt,
    K.ENFORCEMENT_REMINDER: enforcement.enforcement_reminder,
    K.ENFORCEMENT_APPLICATION: enforcement.enforcement_application,
    K.CLOSING_APPROVAL: enforcement.closing_approval,
    K.FILE_INDEX: enforcement.file_index,
    K.FILE_NOTE: enforcement.file_note,
}


def build_context(
    case: Case, kind: str, *, on: date, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Everything the document of ``kind`` shows, from the case as it is on ``on``. The
    ``document`` block (number, verification) is added by the issuing action."""
    extra = dict(extra or {})
    context = common.base(case, K(kind).label, on)
    context["kind"] = kind
    context.update(BUILDERS[kind](case, on, extra))
    return jsonable(context)


def digest(context: dict[str, Any]) -> str:
    """SHA-256 of the context's canonical JSON (sorted keys, no spaces, UTF-8): the frozen
    content of a document, recorded with it and in its event."""
    text = json.dumps(context, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
