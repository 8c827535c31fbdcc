"""The log of the party's page: every access is a ``ServiceAccess`` row and an
``e_service_access`` event of the case record (行政处罚法 Art 47: the full-process record).

A mere access is not a step of the case: it takes the case row lock and appends to the chain
(like the deadline scan's ``deadline_missed``) without the transition table, and leaves an
archived case's record alone (the row in ``ServiceAccess`` is still written)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from zhifa.cases.models import Case
from zhifa.cases.record import CHAIN_FIELDS, append_event
from zhifa.delivery.choices import AccessAction
from zhifa.delivery.models import PartyLink, ServiceAccess
from zhifa.documents.models import Document
from zhifa.security.network import client_address

EVENT_KIND = "e_service_access"


@dataclass(frozen=True)
class Visit:
    """Where a request to the party's page came from."""

    ip: str | None = None
    user_agent: str = ""

    @classmethod
    def of(cls, request: HttpRequest) -> Visit:
        ip = client_address(request) or None  # X-Forwarded-For from trusted proxies only
        return cls(ip=ip, user_agent=request.META.get("HTTP_USER_AGENT", "")[:300])


def record_access(
    link: PartyLink,
    action: str,
    visit: Visit,
    *,
    document: Document | None = None,
    detail: dict[str, Any] | None = None,
) -> ServiceAccess:
    """Log one access in the model and the case record, in one transaction."""
    detail = detail or {}
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=link.case_id)
        now = timezone.now()
        event = None
        if case.archived_on is None:
            event = append_event(
                case,
                EVENT_KIND,
                actor=None,
                occurred_at=now,
                payload={
                    "action": action,
                    "label": AccessAction(action).label,
                    "document": document.number if document else None,
                    "service": link.service_id,
                    "link": link.pk,
                    "channel": link.channel,
                    "ip": visit.ip,
                    "user_agent": visit.user_agent,
                    **detail,
                },
            )
            case.save(update_fields=CHAIN_FIELDS)
        return ServiceAccess.objects.create(
            case_id=link.case_id,
            link=link,
            service_id=link.service_id,
            document=document,
            at=now,
            ip=visit.ip,
            user_agent=visit.user_agent,
            action=action,
            detail=detail,
            event=event,
        )
