"""``zhifa export cases --format jsonl|xlsx [--year Y] [--out FILE]``: one record per case
(columns and formats in ``zhifa.cases.exporting``). JSONL goes to standard output unless
``--out`` is given; XLSX needs ``--out``. The summary goes to standard error."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.cases import exporting
from zhifa.core.routers import reading_from_replica
from zhifa.security.actions import Target, record_later
from zhifa.security.choices import EventKind


class Command(BaseCommand):
    help = "导出案件数据 (每个案件一条记录，不含当事人个人信息)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        cases = sub.add_parser("cases", help="导出案件")
        cases.add_argument("--format", choices=["jsonl", "xlsx"], default="jsonl")
        cases.add_argument("--year", type=int, help="只导出该年度发现的案件 (按发现日期)")
        cases.add_argument("--out", help="输出文件；JSONL 缺省输出到标准输出")
        cases.add_argument(
            "--chunk-size", type=int, default=exporting.CHUNK, help="每次查询读取的案件数"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fmt, out, year = options["format"], options["out"], options["year"]
        if fmt == "xlsx" and not out:
            raise CommandError("导出 XLSX 须用 --out 指定输出文件")
        if year is not None and not 1900 <= year <= 9999:
            raise CommandError(f"--year {year} 不是有效的年份")
        if options["chunk_size"] < 1:
            raise CommandError("--chunk-size 须大于 0")
        started = time.monotonic()
        rows = exporting.case_rows(year=year, chunk=options["chunk_size"])
        with reading_from_replica():  # DATABASE_REPLICA_URL: the export reads the replica
            if fmt == "xlsx":
                count = exporting.write_xlsx(rows, out)
            elif out:
                with open(out, "w", encoding="utf-8", newline="\n") as stream:
                    count = exporting.write_jsonl(rows, stream)
            else:
                count = exporting.write_jsonl(rows, self._stdout())
        where = out or "标准输出"
        # the security audit log (ADR 0011): recorded once the export is written
        record_later(
            EventKind.DATA_EXPORTED,
            target=Target("cases", "", "案件数据"),
            detail={"format": fmt, "year": year, "count": count, "out": where},
        )
        self.stderr.write(
            f"已导出 {count} 个案件到 {where} ({fmt}，用时 {time.monotonic() - started:.1f} 秒)"
        )

    def _stdout(self) -> Any:
        """The raw stream under Django's wrapper (it would add a newline to every write)."""
        stream = getattr(self.stdout, "_out", sys.stdout)
        return stream
