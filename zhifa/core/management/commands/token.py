"""``zhifa token create USERNAME --name NAME [--days N]`` prints a new API token (once).
``zhifa token revoke PREFIX`` revokes one; ``zhifa token list USERNAME`` lists them with their
expiry and last use. Tokens expire after ``ZHIFA_API_TOKEN_DAYS`` (90) days by default."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zhifa.core.actions import create_api_token, revoke_api_token
from zhifa.core.errors import InvalidInput
from zhifa.core.models import ApiToken
from zhifa.org.models import User


class Command(BaseCommand):
    help = "管理 REST API 令牌 (Authorization: Bearer <token>)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="为用户创建令牌")
        create.add_argument("username")
        create.add_argument("--name", default="", help="用途说明 (必填，例如 对接网上办案系统)")
        create.add_argument("--days", type=int, default=None, help="有效期天数 (默认 90)")
        lister = sub.add_parser("list", help="列出用户的令牌")
        lister.add_argument("username")
        revoke = sub.add_parser("revoke", help="吊销令牌")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "revoke":
            token = ApiToken.objects.filter(prefix=options["prefix"]).first()
            if token is None:
                raise CommandError(f"没有前缀为 {options['prefix']} 的令牌")
            revoke_api_token(token)
            self.stdout.write(f"已吊销 {token.prefix}…")
            return
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as exc:
            raise CommandError(f"用户 {options['username']} 不存在") from exc
        if action == "create":
            self._create(user, options)
        else:
            self._list(user)

    def _create(self, user: User, options: dict[str, Any]) -> None:
        if not str(options["name"]).strip():
            raise CommandError("--name：请写明令牌的用途")
        try:
            token, raw = create_api_token(user, name=options["name"], days=options["days"])
        except InvalidInput as exc:
            raise CommandError(f"--{exc.field}：{exc.message}") from exc
        self.stdout.write(raw)
        expires = timezone.localtime(token.expires_at)
        self.stderr.write(
            f"令牌只显示这一次，请妥善保存；{expires:%Y-%m-%d %H:%M} 到期。"
            "用法：Authorization: Bearer <token>"
        )

    def _list(self, user: User) -> None:
        now = timezone.now()
        for token in user.api_tokens.order_by("created_at"):
            used = (
                f"{timezone.localtime(token.last_used_at):%Y-%m-%d %H:%M}"
                if token.last_used_at
                else "从未使用"
            )
            self.stdout.write(
                f"{token.prefix}…\t{token.name}\t{timezone.localtime(token.created_at):%Y-%m-%d}"
                f"\t到期 {timezone.localtime(token.expires_at):%Y-%m-%d}\t最近使用 {used}"
                f"\t{token.state(now)}"
            )
