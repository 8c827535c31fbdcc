"""``zhifa deadline --from 2026-09-28 --working-days 7`` prints the due date (2026-10-13)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.calendar import periods


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--from {value!r} 不是 YYYY-MM-DD 格式的日期") from exc


class Command(BaseCommand):
    help = "按法定期间规则计算到期日 (起算日不计入；期满日为休息日的顺延至下一工作日)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", required=True, help="起算日 YYYY-MM-DD")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--working-days", type=int, help="工作日数")
        group.add_argument("--days", type=int, help="日历日数")
        group.add_argument("--months", type=int, help="月数")
        group.add_argument("--years", type=int, help="年数")

    def handle(self, *args: Any, **options: Any) -> None:
        start = _date(options["start"])
        try:
            if options["working_days"] is not None:
                due = periods.add_working_days(start, options["working_days"])
            elif options["days"] is not None:
                due = periods.add_days(start, options["days"])
            elif options["months"] is not None:
                due = periods.add_months(start, options["months"])
            else:
                due = periods.add_years(start, options["years"])
        except periods.CalendarNotCovered as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(due.date.isoformat())
        if due.provisional:
            self.stderr.write(
                "注意：计算跨越了未录入节假日安排的年份，结果为临时结果 (仅按周末计)。"
            )
