"""``zhifa demo [--seed N] [--year Y] [--cases N]`` builds the demo district (idempotent);
``--accounts`` only prints the demo logins. The ``cases-<year>`` part is a year of cases through
the real actions (default: the previous calendar year, ~500 cases); with ``--cases N`` that year
is N cases written by the bulk path (raw executemany / COPY) instead."""

from __future__ import annotations

import random
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from zhifa.core import dbstats
from zhifa.demo.generators import district, parties
from zhifa.demo.models import DemoLoad
from zhifa.org.choices import OrgUnitKind


class Command(BaseCommand):
    help = "生成示范区数据(组织、人员、执法证、培训、当事人、权责清单)；重复运行不会重复生成"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="随机种子 (默认 2026)")
        parser.add_argument("--accounts", action="store_true", help="只列出示范账号")
        parser.add_argument(
            "--year", type=int, default=None, help="生成哪一年的案件 (默认：上一自然年)"
        )
        parser.add_argument(
            "--cases",
            type=int,
            default=None,
            metavar="N",
            help="以批量方式生成 N 件案件 (如 1000000，全市一年)；默认经业务操作生成约500件",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("生产环境不生成示范数据。")
        if options["accounts"]:
            self._print_accounts()
            return
        seed = options["seed"]
        self._part("catalog", seed, self._catalog)
        self._part("district", seed, lambda rng: self._district(rng))
        self._part("parties", seed, self._parties)
        year = options["year"] or timezone.localdate().year - 1
        self._part(f"cases-{year}", seed, lambda rng: self._cases(rng, year, options["cases"]))
        if options["cases"] and not transaction.get_connection().in_atomic_block:
            # the bulk rows committed: their pages marked visible for index-only scans (not
            # when called inside a transaction, e.g. a test's: VACUUM cannot run in one)
            done = dbstats.vacuum()
            if done["database"] == "postgresql":
                seconds = done["seconds"]
                self.stdout.write(f"    已清理并更新统计信息 VACUUM ANALYZE ({seconds:.1f} s)")

    def _part(self, part: str, seed: int, build: Any) -> None:
        existing = DemoLoad.objects.filter(part=part).first()
        if existing is not None:
            if existing.seed != seed:
                raise CommandError(
                    f"示范数据「{part}」已按 seed={existing.seed} 生成；"
                    "换用其他种子请先清空数据库。"
                )
            self.stdout.write(f"  {part}: 已存在 ({existing.summary})")
            return
        started = time.monotonic()
        rng = random.Random(f"{seed}:{part}")
        with transaction.atomic():
            summary = build(rng)
            DemoLoad.objects.create(part=part, seed=seed, summary=summary)
        self.stdout.write(f"  {part}: {summary} ({time.monotonic() - started:.1f} s)")

    def _catalog(self, rng: random.Random) -> dict[str, int]:
        from zhifa.law.catalog_io import load_default_catalog

        result = load_default_catalog()
        return {"items": result.total}

    def _district(self, rng: random.Random) -> dict[str, int]:
        units = district.build_units()
        return district.build_people(rng, timezone.localdate(), units)

    def _parties(self, rng: random.Random) -> dict[str, int]:
        from zhifa.org.models import OrgUnit

        streets = list(OrgUnit.objects.filter(kind=OrgUnitKind.STREET).order_by("code"))
        return parties.build_parties(rng, streets)

    def _cases(self, rng: random.Random, year: int, n: int | None) -> dict[str, Any]:
        from zhifa.core.errors import DomainError
        from zhifa.demo.generators import bulk, cases

        today = timezone.localdate()
        try:
            cases.horizon_for(year, today)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if n is None:
            return cases.build_cases(rng, year, today)
        if n < 1:
            raise CommandError("--cases 须为正整数")
        return bulk.build_bulk(rng, year, today, n, progress=self.stdout.write)

    def _print_accounts(self) -> None:
        rows = district.accounts()
        if not rows:
            self.stdout.write("尚未生成示范数据：先运行 zhifa demo")
            return
        self.stdout.write(f"示范账号 (密码均为 {settings.ZHIFA_DEMO_PASSWORD})：")
        for a in rows:
            self.stdout.write(f"  {a.username:<10} {a.role:<8} {a.name:<6} {a.unit}")
        from zhifa.security import two_factor

        self.stdout.write(
            "须双因素认证的账号 (负责人、法制审核员、三员) 已绑定公开的演示验证器：登录时输入 "
            "`zhifa demo_totp` 显示的验证码，或在手机验证器中添加密钥 "
            f"{two_factor.demo_secret()} (基于时间)。"
        )
