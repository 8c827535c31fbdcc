"""``zhifa calendar import FILE [--year Y] [--yes] [--replace]`` and
``zhifa calendar import --from-package [--year Y]``.

FILE is the State Council notice as text, a JSON list of ``{"date", "kind", "name"}`` or a CSV of
``date,kind[,name]`` (kind: holiday/workday, 放假/上班). Without ``--yes`` the days are printed and
nothing is written. Writes go through ``calendar.actions.import_schedule`` like the page."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.calendar import actions, notice, periods
from zhifa.calendar.models import DayKind
from zhifa.core.errors import DomainError

KINDS = {
    "holiday": DayKind.HOLIDAY,
    "放假": DayKind.HOLIDAY,
    "休": DayKind.HOLIDAY,
    "workday": DayKind.WORKDAY,
    "上班": DayKind.WORKDAY,
    "调休上班": DayKind.WORKDAY,
    "班": DayKind.WORKDAY,
}


def _day(raw_date: object, raw_kind: object, name: object, where: str) -> notice.Day:
    try:
        day = date.fromisoformat(str(raw_date).strip())
    except ValueError:
        raise CommandError(f"{where}：日期 {raw_date!r} 不是 YYYY-MM-DD 格式") from None
    kind = KINDS.get(str(raw_kind).strip().lower())
    if kind is None:
        raise CommandError(f"{where}：类型 {raw_kind!r} 无效 (holiday/workday 或 放假/上班)")
    return notice.Day(day, str(kind), str(name or "").strip())


def read_days(text: str, year: int | None) -> tuple[int, list[notice.Day]]:
    """(year, days) from the file's content: JSON, CSV or the notice's text."""
    stripped = text.strip()
    if stripped.startswith("["):
        try:
            rows = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise CommandError(f"JSON 格式有误：{exc}") from exc
        days = [
            _day(r.get("date"), r.get("kind"), r.get("name", ""), f"第{i}项")
            for i, r in enumerate(rows, 1)
        ]
    elif (stripped[:4].isdigit() and "-" in stripped[:10]) or stripped.lower().startswith("date"):
        days = []
        for i, row in enumerate(csv.reader(io.StringIO(stripped)), 1):
            if not row or row[0].strip().lower() == "date":
                continue
            if len(row) < 2:
                raise CommandError(f"第{i}行：应为 date,kind[,name]")
            days.append(_day(row[0], row[1], row[2] if len(row) > 2 else "", f"第{i}行"))
    else:
        parsed = notice.parse(text, year)
        return parsed.year, parsed.days
    if not days:
        raise CommandError("文件中没有日期")
    if year is None:
        years = {d.date.year for d in days if d.date.month != 12 or d.date.day < 20}
        if len(years) != 1:
            raise CommandError("无法确定年份：请用 --year 指定")
        year = years.pop()
    return year, days


class Command(BaseCommand):
    help = "录入国务院办公厅公布的节假日安排 (通知全文、JSON 或 CSV；或从 chinese-calendar 载入)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="录入某年的节假日安排")
        imp.add_argument("file", nargs="?", help="通知全文 (.txt)、JSON 或 CSV 文件")
        imp.add_argument("--year", type=int, help="年份 (默认从文件识别)")
        imp.add_argument("--source", default="", help="来源 (默认为通知标题或文件名)")
        imp.add_argument("--yes", action="store_true", help="确认写入 (否则只显示将录入的日期)")
        imp.add_argument("--replace", action="store_true", help="替换已录入的该年安排")
        imp.add_argument(
            "--from-package",
            action="store_true",
            help="从已安装的 chinese-calendar 载入其含有而尚未录入的年份",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["from_package"]:
                self._from_package(options)
            else:
                self._from_file(options)
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _from_package(self, options: dict[str, Any]) -> None:
        from zhifa.calendar.seed import schedule_rows

        shipped, _ = schedule_rows()
        years = [options["year"]] if options["year"] else sorted(shipped)
        todo = [y for y in years if options["replace"] or not periods.is_covered(y)]
        if options["year"] and options["year"] not in shipped:
            actions.days_from_package(options["year"])  # raises, naming the year
        if not todo:
            self.stdout.write("已安装的 chinese-calendar 没有尚未录入的年份。")
            return
        for year in todo:
            days = actions.days_from_package(year)
            self._write(year, days, actions.package_source(), "", options)

    def _from_file(self, options: dict[str, Any]) -> None:
        if not options["file"]:
            raise CommandError("请给出文件，或使用 --from-package")
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CommandError(f"无法读取 {path}：{exc.strerror}") from exc
        year, days = read_days(text, options["year"])
        source = options["source"]
        if not source:
            from zhifa.calendar.importing import default_source

            source = default_source(text, year) if notice.notice_year(text) else path.name
        self._write(year, days, source, text, options)

    def _write(
        self, year: int, days: list[notice.Day], source: str, text: str, options: dict[str, Any]
    ) -> None:
        checked = actions.check_days(year, days)
        holidays = sum(d.kind == DayKind.HOLIDAY for d in checked)
        self.stdout.write(f"{year} 年：放假 {holidays} 天，调休上班 {len(checked) - holidays} 天")
        for d in checked:
            self.stdout.write(f"  {d.date} {DayKind(d.kind).label} {d.name}")
        if not options["yes"]:
            self.stdout.write("未写入：确认无误后加 --yes 重新运行。")
            return
        row = actions.import_schedule(
            year,
            checked,
            actor=None,
            source=source,
            text=text,
            replace=options["replace"],
            check_actor=False,
        )
        self.stdout.write(f"已录入 {year} 年，重新计算了 {row.recomputed} 个暂定期限。")
