"""``zhifa token create USERNAME [--name NAME]`` prints a new API token (once).
``zhifa token revoke PREFIX`` revokes one; ``zhifa token list USERNAME`` lists them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.core.actions import create_api_token, revoke_api_token
from zhifa.core.models import ApiToken
from zhifa.org.models import User


class Command(BaseCommand):
    help = "管理 REST API 令牌 (Authorization: Bearer <token>)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="为用户创建令牌")
        create.add_argument("username")
        create.add_argument("--name", default="", help="用途说明")
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
            _, raw = create_api_token(user, name=options["name"])
            self.stdout.write(raw)
            self.stderr.write("令牌只显示这一次，请妥善保存。用法：Authorization: Bearer <token>")
        else:
            for token in user.api_tokens.order_by("created_at"):
                state = "已吊销" if token.revoked_at else "有效"
                self.stdout.write(
                    f"{token.prefix}…\t{token.name}\t{token.created_at:%Y-%m-%d}\t{state}"
                )
