"""``zhifa scheduler`` enqueues the periodic jobs (deadline scans, reminders) on their
intervals; ``zhifa scheduler --once`` enqueues each once and exits (for cron)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhifa.core.schedule import jobs


class Command(BaseCommand):
    help = "按周期把定时任务(期限扫描、提醒)放入后台任务队列"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="每个任务只入队一次后退出")

    def handle(self, *args: Any, **options: Any) -> None:
        last: dict[str, float] = {}
        while True:
            now = time.monotonic()
            for job in jobs():
                name = job.task.name
                if options["once"] or now - last.get(name, -1e12) >= job.every_seconds:
                    result = job.task.enqueue()
                    last[name] = now
                    self.stdout.write(f"enqueued {name} ({result.id})")
            if options["once"]:
                return
            time.sleep(30)
