"""``zhifa roles set USERNAME ROLE --reason 事由`` gives an account its role from the server's
console; ``zhifa roles list`` shows who holds which administrator role.

The break-glass path of 三员分立 (docs/security.md): the first security administrator, or a role
change when no other security administrator is there (a security administrator never changes
his own). Recorded in the security audit log like any role change, with the operating-system
user in place of an account."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.core.errors import DomainError
from zhifa.org.accounts import change_role
from zhifa.org.choices import ADMINISTRATORS, Role
from zhifa.org.models import User


class Command(BaseCommand):
    help = "变更账号角色 (服务器控制台：三员分立的应急途径)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        setter = sub.add_parser("set", help="变更账号的角色")
        setter.add_argument("username")
        setter.add_argument("role", choices=Role.values)
        setter.add_argument("--reason", required=True, help="变更事由 (写入安全审计日志)")
        sub.add_parser("list", help="列出三员 (系统管理员、安全管理员、审计管理员) 账号")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for user in User.objects.filter(role__in=ADMINISTRATORS).order_by("role", "username"):
                state = "" if user.is_active else " (已停用)"
                self.stdout.write(f"{user.get_role_display()}\t{user.username}\t{user}{state}")
            return
        account = User.objects.filter(username=options["username"]).first()
        if account is None:
            raise CommandError(f"用户 {options['username']} 不存在")
        old = account.get_role_display()
        try:
            account = change_role(
                account, options["role"], actor=None, reason=options["reason"], console=True
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        new = account.get_role_display()
        self.stdout.write(f"{account.username}：{old} → {new}，已写入安全审计日志")
