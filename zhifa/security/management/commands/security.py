"""``zhifa security checkpoint``: seal the audit log's head now (the job does it every ten
minutes). ``zhifa security archive``: archive the rows past ``ZHIFA_AUDIT_KEEP_DAYS`` now (the job
does it every six hours). ``zhifa audit verify`` checks both (ADR 0011)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.security import archive
from zhifa.security.actions import audit_dir, write_checkpoint


class Command(BaseCommand):
    help = "安全审计日志：写入检查点，归档超过保存期限的记录"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("checkpoint", help="为安全审计日志的当前末条写入检查点")
        sub.add_parser("archive", help="把超过保存期限的记录归档到文件后移出数据库")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "checkpoint":
            checkpoint = write_checkpoint(force=True)
            assert checkpoint is not None
            self.stdout.write(
                f"已写入检查点：第 {checkpoint.seq} 条事件，摘要 {checkpoint.head[:16]}…"
            )
            return
        try:
            done = archive.archive_old_events()
        except archive.ArchiveRefused as exc:
            raise CommandError(exc.message) from exc
        if not done:
            self.stdout.write(f"没有超过 {archive.keep_days()} 天的记录，无需归档")
        for row in done:
            self.stdout.write(
                f"已归档第 {row.first_seq}–{row.last_seq} 条 ({row.count} 条) 到 "
                f"{audit_dir() / row.file} (SM3 {row.file_sm3[:16]}…)"
            )
