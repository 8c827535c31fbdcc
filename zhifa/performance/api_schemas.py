"""The shapes of performance in /api/v1/ (OpenAPI): its rows, what is owed with the surcharge
day by day, and the fields it adds to the case detail (``register``, from ``ready()``). No
import of ``zhifa.cases.api`` here: this module is loaded while the apps get ready, before the
case API's schemas are built (the step results with the case summary are in ``api``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import ModelSchema, Schema

from zhifa.cases.presenters import DetailPart, register_detail_part
from zhifa.performance import present
from zhifa.performance.models import CourtApplication, Payment, Reminder, ReminderStatement


class PaymentOut(ModelSchema):
    class Meta:
        model = Payment
        fields = ["id", "paid_on", "amount", "principal", "surcharge", "channel", "reference"]


class InstalmentOut(Schema):
    due_on: date
    amount: Decimal


class PlanOut(Schema):
    id: int
    kind: str
    status: str
    reason: str
    requested_on: date
    instalments: list[InstalmentOut]
    decided_on: date | None
    decision_note: str


class ReminderOut(ModelSchema):
    class Meta:
        model = Reminder
        fields = ["id", "issued_on", "served_on", "fine_owed", "surcharge_owed", "wait_until"]


class ReminderStatementOut(ModelSchema):
    """陈述、申辩 after a 催告 with its re-examination (行政强制法 Art 36)."""

    reminder_id: int

    class Meta:
        model = ReminderStatement
        fields = ["id", "received_on", "content", "adopted", "reasons"]


class CourtOut(ModelSchema):
    class Meta:
        model = CourtApplication
        fields = [
            "id",
            "applied_on",
            "court",
            "window_ends_on",
            "stage",
            "court_case_number",
            "accepted_on",
            "ruled_on",
            "ended_on",
            "note",
        ]


class SurchargeLineOut(Schema):
    start: date
    end: date
    days: int
    principal: Decimal
    paused: bool
    amount: Decimal
    text: str


class OwedOut(Schema):
    """加处罚款 computed day by day (行政处罚法 Arts 72–73): 3% of the overdue fine a day,
    capped at the fine, not counted while review or litigation is pending."""

    as_of: date
    fine: Decimal
    principal_paid: Decimal
    unpaid_principal: Decimal
    surcharge_accrued: Decimal
    surcharge_paid: Decimal
    surcharge_owed: Decimal
    total_owed: Decimal
    overdue_days: int
    capped: bool
    lines: list[SurchargeLineOut]
    payment_due: date | None
    payment_due_provisional: bool
    court_window_ends: date | None


# The fields performance adds to ``CaseDetailOut`` (after the case's own), in this order.
DETAIL = DetailPart(
    fields={
        "payment_plans": list[PlanOut],
        "payments": list[PaymentOut],
        "reminders": list[ReminderOut],
        "reminder_statements": list[ReminderStatementOut],
        "court_applications": list[CourtOut],
        "owed": OwedOut | None,
    },
    present=present.detail,
)


def register() -> None:
    register_detail_part(DETAIL)
