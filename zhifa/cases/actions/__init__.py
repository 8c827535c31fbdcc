"""Every write to a case goes through these functions (views, API, commands and admin call
them). Each locks the case, checks the transition table and the guards, writes the change and
its event in one transaction, and notifies after commit."""

from zhifa.cases.actions.aftercare import (
    archive_case,
    close_case,
    record_remedy,
    record_remedy_result,
    record_service,
)
from zhifa.cases.actions.decision import decide, decide_on_the_spot, file_simple_decision
from zhifa.cases.actions.intake import (
    approve_filing,
    assign_handler,
    recuse_handler,
    register_clue,
    reject_filing,
    request_filing,
    withdraw_case,
)
from zhifa.cases.actions.investigation import (
    add_evidence,
    approve_preservation,
    decide_preservation,
    record_transcript,
    request_preservation,
    submit_report,
    void_entry,
)
from zhifa.cases.actions.new_party import with_new_party
from zhifa.cases.actions.notice import (
    notify_intended_penalty,
    record_hearing,
    record_notice_service,
    record_statement,
    request_hearing,
    review_statement,
    schedule_hearing,
    waive_statement,
)
from zhifa.cases.actions.review import (
    record_collective_discussion,
    record_legal_review,
    submit_legal_review,
)
from zhifa.cases.actions.safeguards import extend_time_limit

__all__ = [
    "add_evidence",
    "approve_filing",
    "approve_preservation",
    "archive_case",
    "assign_handler",
    "close_case",
    "decide",
    "decide_on_the_spot",
    "decide_preservation",
    "extend_time_limit",
    "file_simple_decision",
    "notify_intended_penalty",
    "record_collective_discussion",
    "record_hearing",
    "record_legal_review",
    "record_notice_service",
    "record_remedy",
    "record_remedy_result",
    "record_service",
    "record_statement",
    "record_transcript",
    "recuse_handler",
    "register_clue",
    "reject_filing",
    "request_filing",
    "request_hearing",
    "request_preservation",
    "review_statement",
    "schedule_hearing",
    "submit_legal_review",
    "submit_report",
    "void_entry",
    "waive_statement",
    "with_new_party",
    "withdraw_case",
]
