"""``zhifa casefile export NUMBER --out FILE.zip`` and ``zhifa casefile verify FILE.zip``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.cases.casefile import export_casefile, verify_casefile
from zhifa.cases.models import Case


class Command(BaseCommand):
    help = "电子案卷：导出案件为 ZIP，或离线校验导出的案卷"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="导出电子案卷")
        export.add_argument("number", help="案件编号")
        export.add_argument("--out", required=True, help="输出 ZIP 文件")
        check = sub.add_parser("verify", help="离线校验电子案卷")
        check.add_argument("file")
        check.add_argument("--expect-head", help="已知的链头 SM3 (例如来自文书验证页)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            case = Case.objects.filter(number=options["number"]).first()
            if case is None:
                raise CommandError(f"案件 {options['number']} 不存在")
            data = export_casefile(case)
            Path(options["out"]).write_bytes(data)
            self.stdout.write(
                f"已导出 {case.number}：{options['out']} ({len(data):,} 字节，"
                f"{case.event_count} 条记录，链头 SM3 {case.chain_head_sm3})"
            )
            return
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        problems = verify_casefile(path.read_bytes(), expect_head=options.get("expect_head"))
        if problems:
            for p in problems:
                self.stderr.write(f"校验失败：{p}")
            raise CommandError(f"电子案卷已被篡改：{problems[0]}")
        self.stdout.write(f"校验通过：{path.name} 中的全部文件、清单与全过程记录摘要链一致")
