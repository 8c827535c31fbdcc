"""``zhifa backup``: the whole system in one file, checked, restored, pruned (docs/backup.md).

``create [--out FILE]`` writes a backup (default ``ZHIFA_BACKUP_DIR/zhifa-backup-<time>.tar.gz``);
``verify FILE`` re-computes every digest (exit 1 naming each damaged or altered member);
``restore FILE`` loads it into the empty database of ``DATABASE_URL`` and the media folder, then
runs ``zhifa audit verify`` on what was restored; ``prune`` applies the retention.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.core.backup import (
    ENGINES,
    BackupError,
    Checked,
    backup_name,
    create_backup,
    prune_backups,
    restore_backup,
    verify_backup,
)

SHOWN = 50


def human(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            break
    return f"{value:.1f} {unit}"


class Command(BaseCommand):
    help = "备份与恢复：数据库、媒体文件和摘要清单打包为一个文件；校验、恢复到空库、按期清理"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser(
            "create", help="生成备份 (数据库在线备份或 pg_dump、媒体文件、清单)"
        )
        create.add_argument(
            "--out",
            help="备份文件 (.tar、.tar.gz 或 .tgz；默认 ZHIFA_BACKUP_DIR 下按时间命名的 .tar.gz)",
        )
        verify = sub.add_parser("verify", help="重新计算备份中每个文件的摘要并核对清单及其签章")
        verify.add_argument("file", help="备份文件")
        restore = sub.add_parser(
            "restore", help="恢复到空库 (DATABASE_URL) 和媒体目录，随后校验执法全过程记录"
        )
        restore.add_argument("file", help="备份文件")
        prune = sub.add_parser("prune", help="删除超过保留天数的备份 (始终保留最新一份)")
        prune.add_argument("--dir", help="备份目录 (默认 ZHIFA_BACKUP_DIR)")
        prune.add_argument("--keep-days", type=int, help="保留天数 (默认 ZHIFA_BACKUP_KEEP_DAYS)")
        prune.add_argument("--dry-run", action="store_true", help="只列出将删除的备份，不删除")

    def handle(self, *args: Any, **options: Any) -> None:
        action = getattr(self, f"_{options['action']}")
        try:
            action(options)
        except BackupError as exc:
            raise CommandError(exc.message) from exc

    def _create(self, options: dict[str, Any]) -> None:
        if options["out"]:
            out = Path(options["out"])
        else:
            out = Path(settings.ZHIFA_BACKUP_DIR) / backup_name()
            out.parent.mkdir(parents=True, exist_ok=True)
        created = create_backup(out)
        if created.note:
            self.stderr.write(f"注意：{created.note}")
        files = created.manifest["files"]
        database, media = files[0], files[1:]
        self.stdout.write(
            f"备份完成：{created.path} ({human(created.size)}；"
            f"{ENGINES[created.manifest['engine']]} 数据库 {human(database['size'])}，"
            f"{len(media)} 个媒体文件 {human(sum(f['size'] for f in media))}；"
            f"用时 {created.seconds:.1f} 秒)\n"
            f"清单 SHA-256：{created.manifest['manifest_sha256']}"
        )

    def _verify(self, options: dict[str, Any]) -> None:
        checked = verify_backup(Path(options["file"]))
        if checked.problems:
            self._fail(checked)
        manifest = checked.manifest
        assert manifest is not None
        media = "" if manifest["media"]["included"] else f"；{manifest['media']['note']}"
        self.stdout.write(
            f"备份完整：{checked.files} 个文件 ({human(checked.size)}) 与清单的 SHA-256 相符，"
            f"清单签章 (HMAC-SHA256) 相符；创建于 {manifest['created_at']}，"
            f"{ENGINES[manifest['engine']]}，zhifa {manifest['zhifa_version']}{media}"
        )

    def _fail(self, checked: Checked) -> None:
        for problem in checked.problems[:SHOWN]:
            self.stderr.write(f"校验失败：{problem}")
        more = (
            f"，另有 {len(checked.problems) - SHOWN} 处未列出"
            if len(checked.problems) > SHOWN
            else ""
        )
        raise CommandError(
            f"备份已损坏或被改动：{checked.problems[0]} (共 {len(checked.problems)} 处{more})"
        )

    def _restore(self, options: dict[str, Any]) -> None:
        restored = restore_backup(Path(options["file"]))
        self.stdout.write(
            f"已恢复：{ENGINES[restored.engine]} 数据库，{restored.media_files} 个媒体文件 "
            f"({human(restored.media_bytes)})；用时 {restored.seconds:.1f} 秒"
        )
        if restored.note:
            self.stderr.write(f"注意：{restored.note}")
        if restored.pending:
            self.stderr.write(
                f"备份来自较早的版本：还有 {len(restored.pending)} 个迁移未应用 "
                f"({'、'.join(restored.pending[:5])})。请运行 zhifa migrate，再运行 "
                "zhifa audit verify。"
            )
            return
        try:
            call_command("audit", "verify", stdout=self.stdout, stderr=self.stderr)
        except CommandError as exc:
            raise CommandError(f"数据已恢复，但执法全过程记录校验未通过：{exc}") from exc

    def _prune(self, options: dict[str, Any]) -> None:
        directory = Path(options["dir"] or settings.ZHIFA_BACKUP_DIR)
        if not directory.is_dir():
            raise CommandError(f"备份目录 {directory} 不存在")
        keep = options["keep_days"]
        if keep is None:
            keep = settings.ZHIFA_BACKUP_KEEP_DAYS
        removed = prune_backups(directory, keep_days=keep, dry_run=options["dry_run"])
        verb = "将删除" if options["dry_run"] else "已删除"
        for path in removed:
            self.stdout.write(f"{verb}：{path.name}")
        self.stdout.write(f"{verb} {len(removed)} 份超过 {keep} 天的备份 ({directory})")
