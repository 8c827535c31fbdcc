"""Every write of the delivery app (views, API, jobs call these). Staff actions take ``actor``
and are checked like a step of the case table; the party's own actions (``party``) run without
one and are logged."""

from zhifa.delivery.actions.consent import record_consent
from zhifa.delivery.actions.electronic import resend_link, start_electronic_service
from zhifa.delivery.actions.modes import (
    complete_due_public_notices,
    record_failure,
    record_postal_receipt,
    serve_by_entrustment,
    serve_by_lodging,
    serve_by_post,
    serve_by_public_notice,
    serve_in_person,
)
from zhifa.delivery.actions.party import (
    confirm_with_code,
    open_document,
    open_link,
    renew_link,
    request_hearing_online,
    send_code,
    submit_statement,
    view_home,
)
from zhifa.delivery.actions.receipt import issue_receipt

__all__ = [
    "complete_due_public_notices",
    "confirm_with_code",
    "issue_receipt",
    "open_document",
    "open_link",
    "record_consent",
    "record_failure",
    "record_postal_receipt",
    "renew_link",
    "request_hearing_online",
    "resend_link",
    "send_code",
    "serve_by_entrustment",
    "serve_by_lodging",
    "serve_by_post",
    "serve_by_public_notice",
    "serve_in_person",
    "start_electronic_service",
    "submit_statement",
    "view_home",
]
