"""Identification and authentication (GB/T 22239-2019 8.1.4.1): the rows behind the password
history, the list of a user's sessions and the browsers a user has signed in from.

Imported by ``zhifa.security.models`` (the app's models module); docs/security.md "身份鉴别"."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PasswordHistory(models.Model):
    """One password a user had (its hash, never the password): the last ones may not be used
    again (``zhifa.security.passwords.PasswordHistoryValidator``). Written when the password
    changes, by any path (Django calls the validators' ``password_changed`` from ``save()``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="password_history",
    )
    password = models.CharField("密码摘要", max_length=128)
    created_at = models.DateTimeField("设定时间")

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="password_history_user")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"


class SessionEnd(models.TextChoices):
    LOGOUT = "logout", "退出登录"
    IDLE = "idle", "空闲超时"
    EXPIRED = "expired", "超过最长登录时间"
    ENDED = "ended", "本人结束"
    PASSWORD_CHANGED = "password_changed", "密码已修改"
    SECOND_FACTOR_RESET = "second_factor_reset", "双因素认证被重置"


class UserSession(models.Model):
    """A signed-in browser: created at login, seen at most once a minute while it is used, ended
    by logout, a timeout, its user ("我的登录会话") or a password change. Only the SHA-256 of the
    session key is kept: this table cannot be used to take over a session."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="login_sessions",
    )
    key_hash = models.CharField("会话标识摘要", max_length=64, unique=True)
    created_at = models.DateTimeField("登录时间")
    last_seen_at = models.DateTimeField("最近活动")
    address = models.CharField("客户端地址", max_length=45, blank=True)
    user_agent = models.CharField("浏览器", max_length=300, blank=True)
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)
    end_reason = models.CharField("结束原因", max_length=24, choices=SessionEnd.choices, blank=True)

    class Meta:
        verbose_name = "登录会话"
        verbose_name_plural = "登录会话"
        ordering = ["-last_seen_at"]
        indexes = [models.Index(fields=["user", "ended_at"], name="user_session_open")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"


class TrustedBrowser(models.Model):
    """A browser in which its user completed a sign-in (password, and the second factor where
    required), known by a random key in a long-lived cookie (only its SHA-256 here). Failures
    from elsewhere never lock it out; its own failures lock it (docs/security.md)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="trusted_browsers",
    )
    key_hash = models.CharField("标识摘要", max_length=64, unique=True)
    created_at = models.DateTimeField("首次登录")
    last_used_at = models.DateTimeField("最近登录")
    failures = models.PositiveSmallIntegerField("连续失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    class Meta:
        verbose_name = "常用浏览器"
        verbose_name_plural = "常用浏览器"

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"
