"""When a service takes effect, by mode (民事诉讼法 Arts 87–95, applied by 行政处罚法 Art 61), and
which step of the case a served document sets off.

The service date is a fact, not a deadline: it may fall on a weekend or a holiday. The periods
that run from it (15 days to pay, Art 67; 5 working days to ask for a hearing, Art 64; 10
working days after a 催告书, 行政强制法 Art 54) are computed by the case actions through
``zhifa.calendar.periods``, which moves the end of a calendar-day period off a rest day."""

from __future__ import annotations

from datetime import date

from zhifa.calendar import periods
from zhifa.cases.choices import CaseStatus
from zhifa.delivery.choices import ServiceMode
from zhifa.documents.choices import DocumentKind as K
from zhifa.law import statute

# Mode → (article, the rule in the bureau's words), shown on the staff pages.
RULES: dict[str, tuple[str, str]] = {
    ServiceMode.IN_PERSON: (
        "民事诉讼法第八十七条、第八十八条",
        "受送达人在送达回证上签收的日期为送达日期",
    ),
    ServiceMode.LODGING: (
        "民事诉讼法第八十九条",
        "受送达人拒绝签收的，记明拒收事由和日期，由见证人签名或者拍照、录像记录，"
        "把文书留在受送达人的住所，即视为送达",
    ),
    ServiceMode.ELECTRONIC: (
        "行政处罚法第六十一条第二款；民事诉讼法第九十条",
        "经当事人同意并签订确认书；文书到达当事人页面 (首次显示) 的时间为送达时间",
    ),
    ServiceMode.POSTAL: ("民事诉讼法第九十一条", "以回执上注明的收件日期为送达日期"),
    ServiceMode.PUBLIC_NOTICE: (
        "民事诉讼法第九十五条",
        f"自发出公告之日起，经过{statute.PUBLIC_NOTICE_SERVICE_DEEMED_DAYS}日，即视为送达",
    ),
    ServiceMode.ENTRUSTED: (
        "民事诉讼法第九十一条",
        "委托其他机关代为送达，以送达回证上受送达人签收的日期为送达日期",
    ),
}


def deemed_served_on(published_on: date) -> date:
    """公告送达: deemed served when 30 days have passed from publication (民事诉讼法 Art 95).
    Published 1 September 2026 → served 1 October 2026, a holiday: the date stands (it is not a
    period the party must keep), and the 15-day payment period then runs from it."""
    return periods.add_days_plain(published_on, statute.PUBLIC_NOTICE_SERVICE_DEEMED_DAYS)


DECISION_KINDS = frozenset({K.PENALTY_DECISION, K.NO_PENALTY_DECISION, K.ON_THE_SPOT_DECISION})

# Document kind → (case step run when it is served, the case status the step needs).
CASE_STEPS: dict[str, tuple[str, str]] = {
    K.PRIOR_NOTICE: ("record_notice_service", CaseStatus.NOTIFIED),
    **{kind: ("record_service", CaseStatus.DECIDED) for kind in DECISION_KINDS},
    K.ENFORCEMENT_REMINDER: ("record_reminder_service", CaseStatus.REMINDED),
}
