import hashlib

from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class CoreConfig(AppConfig):
    name = "zhifa.core"
    label = "core"
    verbose_name = "平台"

    def ready(self) -> None:
        # The full-process record chains events with SM3 (GB/T 32905). Refuse to start rather
        # than silently fall back to another digest.
        if "sm3" not in hashlib.algorithms_available:
            raise ImproperlyConfigured(
                "本机 OpenSSL 不提供 SM3 摘要算法 (hashlib.new('sm3'))：无法保证执法全过程记录。"
            )
        from zhifa.core import checks  # noqa: F401  (registers zhifa's system checks)

        # SQLite's DELETE triggers on append-only tables let Django's flush through (core.triggers).
        from zhifa.core.triggers import install_sqlite_flush_guard

        install_sqlite_flush_guard()
        # Django 6.1's blank choice reads "- Select an option -", which its Chinese catalogue does
        # not translate yet; the documented hook is to set the label in ready().
        from django.db.models import fields

        fields.BLANK_CHOICE_LABEL = "— 请选择 —"
        # The admin index names apps by verbose_name; these two packages give theirs in English
        # and not as translatable strings.
        from django.apps import apps

        for label, name in (("axes", "登录锁定"), ("django_tasks_database", "后台任务")):
            if label in apps.app_configs:
                apps.get_app_config(label).verbose_name = name
        from zhifa.core import tasks  # noqa: F401  (the daily backup, core.schedule)
