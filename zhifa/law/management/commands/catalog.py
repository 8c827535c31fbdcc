"""The catalog of powers as files.

zhifa catalog export --format json|xlsx [--out FILE]   (JSON to stdout without --out)
zhifa catalog import FILE                              (.json or .xlsx; all rows or none)
zhifa catalog load-default                             (the seed catalog; idempotent)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.law import catalog_io


class Command(BaseCommand):
    help = "导入、导出权责清单与裁量基准 (JSON / Excel)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, title="子命令")
        export = sub.add_parser("export", help="导出权责清单")
        export.add_argument("--format", choices=catalog_io.FORMATS, default="json")
        export.add_argument("--out", help="输出文件 (JSON 缺省输出到标准输出；xlsx 必须指定)")
        load = sub.add_parser("import", help="导入权责清单：按编号新增或更新；有任何错误则不导入")
        load.add_argument("file", help=".json 或 .xlsx 文件")
        sub.add_parser("load-default", help="导入随系统提供的示范权责清单 (可重复运行)")

    def handle(self, *args: Any, **options: Any) -> None:
        command = options["subcommand"]
        if command == "export":
            self._export(options["format"], options["out"])
            return
        try:
            if command == "import":
                result = catalog_io.import_file(options["file"])
            else:
                result = catalog_io.load_default_catalog()
        except catalog_io.CatalogImportError as exc:
            for issue in exc.issues:
                self.stderr.write(str(issue))
            raise CommandError(f"导入失败：共 {len(exc.issues)} 处错误，未导入任何数据。") from exc
        self.stdout.write(f"权责清单导入完成：{result.summary()}")

    def _export(self, fmt: str, out: str | None) -> None:
        if fmt == "xlsx":
            if not out:
                raise CommandError("导出 xlsx 须用 --out 指定文件")
            Path(out).write_bytes(catalog_io.export_xlsx())
            self.stderr.write(f"已导出到 {out}")
            return
        text = catalog_io.export_json()
        if out:
            Path(out).write_text(text, encoding="utf-8")
            self.stderr.write(f"已导出到 {out}")
        else:
            self.stdout.write(text, ending="")
