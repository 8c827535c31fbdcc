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
        parser.add_argument(
            "--side",
            choices=[s.value for s in periods.Side],
            default=periods.Side.PARTY.value,
            help="当事人的期间 (party，默认：暂定时取最晚) 或机关的期限 (bureau：暂定时取最早)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start = _date(options["start"])
        side = periods.Side(options["side"])
        try:
            if options["working_days"] is not None:
                due = periods.add_working_days(start, options["working_days"], side=side)
            elif options["days"] is not None:
                due = periods.add_days(start, options["days"], side=side)
            elif options["months"] is not None:
                due = periods.add_months(start, options["months"], side=side)
            else:
                due = periods.add_years(start, options["years"], side=side)
        except periods.CalendarNotCovered as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(due.date.isoformat())
        if due.provisional:
            self.stderr.write(
                "注意：暂定日期——计算跨越了尚未录入国务院节假日安排的日期，按法定节假日和周末"
                "计算，不确定的日期按"
                + ("当事人有利 (取最晚)" if side == periods.Side.PARTY else "机关从严 (取最早)")
                + "处理；录入安排后请重新计算。"
            )
