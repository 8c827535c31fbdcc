"""``zhifa render_documents``: render every document still missing its files now (what the retry
job does every five minutes, without the two-minute grace and the batch limit) — after a bulk
load with ``renderer.deferred_renders()`` or to clear failures once their cause is fixed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from zhifa.documents import renderer


class Command(BaseCommand):
    help = "生成尚未生成文件的文书 (PDF/DOCX)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--limit", type=int, default=0, help="at most this many (0: all)")

    def handle(self, *args: Any, limit: int = 0, **options: Any) -> None:
        ids = list(renderer.missing_renders().values_list("id", flat=True))
        if limit:
            ids = ids[:limit]
        states = renderer.render_pending(ids)
        failed = [pk for pk, state in states.items() if state != "rendered"]
        self.stdout.write(f"已生成 {len(states) - len(failed)} 份，失败 {len(failed)} 份")
        if failed:
            self.stderr.write("失败的文书 id：" + ", ".join(str(pk) for pk in failed))
