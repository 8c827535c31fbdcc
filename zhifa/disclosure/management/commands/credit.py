"""The credit "双公示" export.

zhifa credit export --from YYYY-MM-DD --to YYYY-MM-DD --format csv|xlsx|json [--out FILE]
                    [--dry-run]

Penalty records with the data items of rules.md §4.4 (organisation and natural-person
layouts; amounts in 万元). New records of the date range, and — whatever their date — records sent
before that have changed (re-sent as 修改) or were withdrawn, revoked or repaired (sent as 撤销).
Records missing a required item are listed on stderr (and in the rejected file/sheet/section)
and not exported. Each run is recorded as a batch unless ``--dry-run``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zhifa.disclosure import jobs
from zhifa.disclosure.config import disclosure_rules
from zhifa.disclosure.credit import batches, formats


def _day(value: str, flag: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{flag} 「{value}」不是有效日期，应为 YYYY-MM-DD") from exc


class Command(BaseCommand):
    help = "信用“双公示”：导出行政处罚信息 (法人及非法人组织、自然人两种格式，金额单位万元)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, title="子命令")
        export = sub.add_parser("export", help="导出某一期间作出的行政处罚决定")
        export.add_argument("--from", dest="date_from", required=True, help="决定日期自 YYYY-MM-DD")
        export.add_argument("--to", dest="date_to", required=True, help="决定日期至 YYYY-MM-DD")
        export.add_argument("--format", choices=formats.FORMATS, default="json")
        export.add_argument("--out", help="输出文件 (json 缺省输出到标准输出；csv、xlsx 必须指定)")
        export.add_argument("--dry-run", action="store_true", help="只检查和输出，不记录导出批次")

    def handle(self, *args: Any, **options: Any) -> None:
        date_from = _day(options["date_from"], "--from")
        date_to = _day(options["date_to"], "--to")
        if date_to < date_from:
            raise CommandError("--to 不能早于 --from")
        fmt, out = options["format"], options["out"]
        if fmt in ("csv", "xlsx") and not out:
            raise CommandError(f"导出 {fmt} 须用 --out 指定文件")
        # Decisions the hourly job has not seen yet get their publication row first.
        jobs.register(timezone.localdate(), disclosure_rules())
        result = batches.plan(date_from, date_to)
        for record in result.rejected:
            self.stderr.write(f"无法导出 {record.number}：{'；'.join(record.problems)}")
        written = self._write(result, fmt, out)
        if not options["dry_run"]:
            batches.record_batch(result, fmt=fmt, out=str(out or ""))
        summary = (
            f"新增 {result.count('add')} 条，修改 {result.count('update')} 条，"
            f"撤销 {result.count('withdraw')} 条，无法导出 {len(result.rejected)} 条"
        )
        self.stderr.write(summary + (f"；已写入 {'、'.join(written)}" if written else ""))

    def _write(self, result: batches.Plan, fmt: str, out: str | None) -> list[str]:
        if fmt == "json":
            text = formats.to_json(result)
            if not out:
                self.stdout.write(text)
                return []
            Path(out).write_text(text, encoding="utf-8")
            return [out]
        assert out is not None
        if fmt == "xlsx":
            Path(out).write_bytes(formats.to_xlsx(result))
            return [out]
        files = formats.csv_files(result, Path(out))
        for path, text in files.items():
            path.write_text(text, encoding="utf-8-sig")  # BOM: Excel opens UTF-8 CSV correctly
        return [str(p) for p in files]
