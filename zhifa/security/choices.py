"""What the security audit log records (GB/T 22239-2019 8.1.4.3 安全审计, level 3): the kinds of
event, each with its Chinese label, and the outcome of each."""

from django.db import models


class EventKind(models.TextChoices):
    # identification and authentication (8.1.4.1)
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOGOUT = "logout", "退出登录"
    LOCKOUT = "lockout", "登录锁定"
    SECOND_FACTOR = "second_factor", "双因素认证"
    SECOND_FACTOR_CHANGED = "second_factor_changed", "双因素认证设置变更"
    # access control (8.1.4.2)
    PERMISSION_DENIED = "permission_denied", "越权访问被拒绝"
    RATE_LIMITED = "rate_limited", "访问频率超限"
    ACCOUNT_CREATED = "account_created", "账号创建"
    ACCOUNT_CHANGED = "account_changed", "账号权限变更"
    ACCOUNT_DELETED = "account_deleted", "账号删除"
    PASSWORD_CHANGED = "password_changed", "密码变更"
    TOKEN_CREATED = "token_created", "API 令牌创建"
    TOKEN_USED = "token_used", "API 令牌使用"
    TOKEN_REVOKED = "token_revoked", "API 令牌吊销"
    # personal data (个人信息保护法 Art 51, 54)
    DATA_EXPORTED = "data_exported", "数据导出"
    DOCUMENT_DOWNLOADED = "document_downloaded", "文书下载"
    PERSONAL_DATA_VIEWED = "personal_data_viewed", "查看未脱敏个人信息"
    # administration and configuration
    ADMIN_CHANGE = "admin_change", "管理后台操作"
    CONFIGURATION = "configuration", "启动配置变更"
    # the audit log itself
    AUDIT_EXPORTED = "audit_exported", "审计日志导出"
    AUDIT_ARCHIVED = "audit_archived", "审计日志归档"
    # sessions (8.1.4.1 d: 登录连接超时自动退出): idle timeout, lifetime, ended by the user
    SESSION_ENDED = "session_ended", "登录会话结束"


class Outcome(models.TextChoices):
    SUCCESS = "success", "成功"
    FAILURE = "failure", "失败"
    DENIED = "denied", "拒绝"


# The badge of each outcome on the audit page (zhifa.css: badge-ok / badge-bad / badge-warn).
OUTCOME_BADGES: dict[str, str] = {
    Outcome.SUCCESS: "badge-ok",
    Outcome.FAILURE: "badge-bad",
    Outcome.DENIED: "badge-warn",
}
