"""``zhifa audit verify [--case NUMBER]``: re-compute every chain and evidence digest.

Exit 0 with a summary when everything is intact; exit 1 naming the first broken case and event
otherwise."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.cases.audit import verify
from zhifa.cases.models import Case


class Command(BaseCommand):
    help = "校验执法全过程记录：重新计算每个案件的摘要链和每个证据文件的摘要"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("verify", help="校验摘要链与证据文件")
        check.add_argument("--case", dest="numbers", action="append", help="只校验该案件编号")
        check.add_argument("--skip-files", action="store_true", help="不重新计算证据文件摘要")

    def handle(self, *args: Any, **options: Any) -> None:
        numbers = options["numbers"]
        if numbers:
            missing = set(numbers) - set(
                Case.objects.filter(number__in=numbers).values_list("number", flat=True)
            )
            if missing:
                raise CommandError(f"案件不存在：{'、'.join(sorted(missing))}")
        started = time.monotonic()
        cases = events = 0
        broken = []
        for case, problem in verify(numbers, check_files=not options["skip_files"]):
            cases += 1
            events += case.event_count
            if problem is not None:
                broken.append(problem)
                self.stderr.write(f"校验失败：{problem}")
                break
        elapsed = time.monotonic() - started
        if broken:
            raise CommandError(
                f"发现篡改：{broken[0]} (已校验 {cases} 个案件，用时 {elapsed:.1f} 秒)"
            )
        self.stdout.write(
            f"校验通过：{cases} 个案件、{events} 条记录的摘要链及证据文件完整 "
            f"(SM3 与 SHA-256，用时 {elapsed:.1f} 秒)"
        )
