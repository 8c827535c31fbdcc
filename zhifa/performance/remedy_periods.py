"""When the party's periods to challenge the decision end after its review or litigation has a
result — counted, like every period, by ``zhifa.calendar.periods``, from the day the party
received the result document (the 复议决定书, the court's 判决书 or 裁定书):

- after 行政复议: a suit within 15 days of receiving the review decision (行政诉讼法 Art 45);
- after a first-instance 判决: an appeal within 15 days of its service; after a first-instance
  裁定: within 10 days (行政诉讼法 Art 85) — the judgment takes effect only when that period
  has run without appeal;
- after a second-instance (终审) 判决 or 裁定: effective on service, nothing further to run.

Rows recorded before the receipt day and the ruling were asked (migration ``cases`` 0007) are
counted from the day of the result, as they were then."""

from __future__ import annotations

from datetime import date
from typing import Final

from zhifa.calendar import periods
from zhifa.cases.choices import CourtRuling, RemedyKind, RemedyResult
from zhifa.cases.models import Remedy
from zhifa.law import statute

# 行政诉讼法 Art 45: suit after review, from receipt of the 复议决定书 (the national constant).
SUIT_AFTER_REVIEW_DAYS: Final = statute.SUIT_AFTER_REVIEW_DAYS
# 行政诉讼法 Art 85: appeal against a first-instance 判决, from the day it was served.
APPEAL_JUDGMENT_DAYS: Final = 15
# 行政诉讼法 Art 85: appeal against a first-instance 裁定, from the day it was served.
APPEAL_RULING_DAYS: Final = 10

# Calendar days (行政诉讼法 Art 101 → 民事诉讼法 Art 85: start day not counted, a period ending
# on a rest day ends on the next working day).
AFTER_LITIGATION: Final[dict[str, int]] = {
    CourtRuling.FIRST_JUDGMENT: APPEAL_JUDGMENT_DAYS,
    CourtRuling.FIRST_RULING: APPEAL_RULING_DAYS,
    CourtRuling.FINAL: 0,  # 终审: effective on service
}


def period_end(remedy: Remedy, side: periods.Side = periods.Side.PARTY) -> date | None:
    """The last day the party may still challenge the decision after ``remedy``'s result
    (None: pending or withdrawn — the remedy then does not move the end)."""
    if remedy.decided_on is None or remedy.result == RemedyResult.WITHDRAWN:
        return None
    received = remedy.result_received_on or remedy.decided_on  # rows from before it was asked
    if remedy.kind == RemedyKind.REVIEW:
        return periods.add_days(received, SUIT_AFTER_REVIEW_DAYS, side=side).date
    days = AFTER_LITIGATION.get(remedy.ruling, 0)  # no ruling recorded (older rows): as then
    if days == 0:
        return received
    return periods.add_days(received, days, side=side).date
