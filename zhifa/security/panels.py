"""The audit log's navigation entry: the audit administrator's one page (三员分立, ADR 0013)."""

from __future__ import annotations

from zhifa.core import nav
from zhifa.security.access import AUDIT_ADMIN

nav.register("安全审计", "security:audit", {AUDIT_ADMIN}, order=910)

# Identification and authentication (identity_views): everyone's own account security, and the
# security administrator's reset of a lost second factor.
nav.register("账号安全", "account_security", nav.ALL_ROLES, order=950)
nav.register("双因素认证管理", "security:second_factor_accounts", {"security_admin"}, order=905)
