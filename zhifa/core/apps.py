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
        # SQLite's DELETE triggers on append-only tables let Django's flush through (core.triggers).
        from zhifa.core.triggers import install_sqlite_flush_guard

        install_sqlite_flush_guard()
