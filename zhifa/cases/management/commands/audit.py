"""``zhifa audit``: the full-process record's integrity (行政处罚法 Art 47; ADR 0007).

``verify [--case NUMBER]…`` re-computes every chain and evidence digest, checks each case row's
seal (HMAC-SM3) and what the daily anchors saw; exit 0 with a summary when everything is intact,
exit 1 naming every broken case (by number) and anchor otherwise. On a large database it runs
for minutes: every ``--progress-every`` seconds (default 5) it prints on stderr how far it is
(cases and events checked of how many, events a second, the time left); ``--quiet`` leaves
that out. The summary stays the last line on stdout.
Without ``--case`` it then verifies the security audit log (``zhifa.security.audit_verify``:
chain, seals, checkpoints, archive files; ADR 0011) and prints its own summary line.

``anchor [--export FILE.json]`` writes today's anchor (once a day; asked again, the same
anchor) and prints it; ``anchor --no-write --day YYYY-MM-DD`` shows an earlier one. ``--export``
writes it as JSON (with its entries) and a one-page plain-text print next to it (``FILE.txt``)
for the leader to sign and keep on paper.
"""

from __future__ import annotations

import json
import time
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.cases.anchor import export_anchor, print_anchor, write_anchor
from zhifa.cases.audit import PROGRESS_EVERY, Audit, Broken, Progress
from zhifa.cases.models import Case, ChainAnchor
from zhifa.core.errors import DomainError
from zhifa.security.audit_verify import LogAudit

SHOWN = 50  # broken cases listed one by one; the rest are counted


def progress_line(p: Progress) -> str:
    """One progress report, e.g. 已校验 120,000 / 1,000,000 个案件、660,000 / 5,400,000 条记录
    (12.2%)，每秒 45,000 条，预计还需 1 分 45 秒 (the time left from the rate so far)."""
    rate = p.events / p.seconds if p.seconds > 0 else 0.0
    share = p.events / p.total_events if p.total_events else p.cases / max(p.total_cases, 1)
    left = max(p.total_events - p.events, 0) / rate if rate else None
    return (
        f"已校验 {p.cases:,} / {p.total_cases:,} 个案件、{p.events:,} / {p.total_events:,} 条记录"
        f" ({min(share, 1.0):.1%})，每秒 {rate:,.0f} 条"
        f"{f'，预计还需 {_duration(left)}' if left is not None else ''}"
    )


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} 秒"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} 分 {seconds} 秒"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} 小时 {minutes} 分"


class Command(BaseCommand):
    help = "执法全过程记录：校验摘要链、链头签章和记录锚点；写入、导出每日锚点"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("verify", help="校验摘要链、证据文件、链头签章与锚点")
        check.add_argument("--case", dest="numbers", action="append", help="只校验该案件编号")
        check.add_argument("--skip-files", action="store_true", help="不重新计算证据文件摘要")
        check.add_argument("--quiet", action="store_true", help="不输出校验进度")
        check.add_argument(
            "--progress-every",
            type=float,
            default=PROGRESS_EVERY,
            metavar="SECONDS",
            help=f"每隔多少秒在标准错误输出校验进度 (默认 {PROGRESS_EVERY:g})",
        )
        anchor = sub.add_parser("anchor", help="写入 (或显示) 某日的记录锚点")
        anchor.add_argument(
            "--day", type=date.fromisoformat, help="锚定日 (写入只能是今天；--no-write 时可查以往)"
        )
        anchor.add_argument("--export", dest="export", help="导出为 JSON 文件 (并写同名 .txt)")
        anchor.add_argument(
            "--no-write", action="store_true", help="只显示、导出已有的锚点，不写入新的"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "anchor":
            self._anchor(options)
        else:
            self._verify(options)

    def _verify(self, options: dict[str, Any]) -> None:
        numbers = options["numbers"]
        if numbers:
            missing = set(numbers) - set(
                Case.objects.filter(number__in=numbers).values_list("number", flat=True)
            )
            if missing:
                raise CommandError(f"案件不存在：{'、'.join(sorted(missing))}")
        started = time.monotonic()
        run = Audit(
            numbers=numbers,
            check_files=not options["skip_files"],
            progress=None if options["quiet"] else self._progress,
            progress_every=options["progress_every"],
        )
        problems = []
        # a full run checks the security audit log too (ADR 0011); --case only that case
        log = None if numbers else LogAudit(check_files=not options["skip_files"])
        for problem in chain(run.problems(), log.problems() if log else ()):
            problems.append(problem)
            if len(problems) <= SHOWN:
                self.stderr.write(f"校验失败：{problem}")
        elapsed = time.monotonic() - started
        done = (
            f"已校验 {run.cases} 个案件、{run.events} 条记录、{run.anchors} 个锚点"
            f"{'、' + log.counts() if log else ''}，用时 {elapsed:.1f} 秒"
        )
        if problems:
            cases = {p.case_number for p in problems if isinstance(p, Broken)}
            more = f"；另有 {len(problems) - SHOWN} 处未列出" if len(problems) > SHOWN else ""
            hint = ""
            if run.cases and run.seal_failures == run.cases:
                hint = "；所有案件的链头签章均不符：多半是 ZHIFA_CHAIN_KEY 与写入时的密钥不同"
            raise CommandError(
                f"发现篡改：{problems[0]} (共 {len(cases)} 个案件、{len(problems)} 处问题"
                f"{more}{hint}；{done})"
            )
        self.stdout.write(
            f"校验通过：{run.cases} 个案件、{run.events} 条记录的摘要链及证据文件完整，"
            f"链头签章与 {run.anchors} 个锚点相符 (SM3 与 SHA-256，HMAC-SM3；用时 "
            f"{elapsed:.1f} 秒)"
        )
        if log is not None:
            self.stdout.write(log.summary())

    def _progress(self, p: Progress) -> None:
        self.stderr.write(progress_line(p), style_func=lambda text: text)

    def _anchor(self, options: dict[str, Any]) -> None:
        day = options["day"]
        if options["no_write"]:
            anchor = ChainAnchor.objects.filter(**({"day": day} if day else {})).first()
            if anchor is None:
                raise CommandError(f"没有 {day} 的记录锚点" if day else "还没有记录锚点")
        else:
            try:
                anchor = write_anchor(day, actor=None)
            except DomainError as exc:
                raise CommandError(exc.message) from exc
        text = print_anchor(anchor)
        self.stdout.write(text)
        if options["export"]:
            path = Path(options["export"])
            path.write_text(
                json.dumps(export_anchor(anchor), ensure_ascii=False, indent=1), encoding="utf-8"
            )
            printed = path.with_suffix(".txt")
            printed.write_text(text, encoding="utf-8")
            self.stdout.write(f"已导出：{path} (JSON)、{printed} (打印件)")
