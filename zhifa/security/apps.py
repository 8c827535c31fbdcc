from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "zhifa.security"
    label = "security"
    verbose_name = "安全审计"

    def ready(self) -> None:
        # The hooks that write the audit log (sign-in, lockout, accounts, admin), its navigation
        # entry and its jobs (checkpoints, archiving). No database work here: ready() runs before
        # migrations too; the start-up configuration is recorded by zhifa.wsgi (startup.py).
        from zhifa.security import identity_hooks, panels, receivers, tasks  # noqa: F401
        from zhifa.security.two_factor import check_settings

        receivers.audit_bulk_admin_log()
        check_settings()  # ZHIFA_2FA_REQUIRED_ROLES: a value that is no role refuses to start
