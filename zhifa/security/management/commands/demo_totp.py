"""``zhifa demo_totp``: the current code of the demo accounts' authenticator (the demo's
published key, ``zhifa demo``), for trying zhifa without a phone. Refused in production."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhifa.security import two_factor


class Command(BaseCommand):
    help = "显示演示账号 (负责人、法制审核员、三员等) 当前的双因素验证码"

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("生产环境没有演示验证器")
        now = time.time()
        left = 30 - int(now) % 30
        self.stdout.write(two_factor.demo_code(now))
        self.stderr.write(
            f"演示验证码，{left} 秒后更换 (同一账号每个验证码只能用一次)。"
            f"也可在手机验证器中手动添加密钥：{two_factor.demo_secret()}"
        )
