"""The three administrators (三员分立, GB/T 22239-2019 8.1.4.2) and who reads the audit log.
docs/security.md "访问控制与三员分立", ADR 0013.

- 系统管理员 (``admin``): units, accounts (create, disable, name, unit, phone — not the role),
  officers, certificates, training, the catalogue, the holidays. No case data, no audit log.
- 安全管理员 (``security_admin``): roles, second-factor resets, lockouts, API token revocation.
- 审计管理员 (``audit_admin``): reads the security audit log, nothing else.

An account has one role, so no account is two of them. A superuser is none of them: it cannot
sign in (``backends.RoleBackend``), and these getters never answer yes for it. The role values
are ``zhifa.org.choices.Role``'s — this app imports nothing of ours but core, so they are
spelled here and ``org/tests/test_separation.py`` checks that the two agree."""

from __future__ import annotations

from typing import Any

SYSTEM_ADMIN = "admin"
SECURITY_ADMIN = "security_admin"
AUDIT_ADMIN = "audit_admin"
UNASSIGNED = "unassigned"  # an account the system administrator created, awaiting its role
ADMINISTRATORS = frozenset({SYSTEM_ADMIN, SECURITY_ADMIN, AUDIT_ADMIN})
# Django admin is the tool of the system and the security administrators (``is_staff`` follows
# the role); the audit administrator's one page is /security/audit/.
ADMIN_SITE_ROLES = frozenset({SYSTEM_ADMIN, SECURITY_ADMIN})


def _role(user: Any) -> str:
    """The role of a signed-in, active, non-superuser account; "" for anyone else."""
    if not user.is_authenticated:
        return ""
    if not user.is_active:
        return ""
    if user.is_superuser:
        return ""
    return str(getattr(user, "role", "") or "")


def is_system_admin(user: Any) -> bool:
    """系统管理员: units, accounts, officers, certificates, training, catalogue, holidays."""
    return _role(user) == SYSTEM_ADMIN


def is_security_admin(user: Any) -> bool:
    """安全管理员: changes roles, resets a user's second factor, lifts lockouts, revokes
    API tokens."""
    return _role(user) == SECURITY_ADMIN


def is_audit_admin(user: Any) -> bool:
    """审计管理员: reads, filters and exports the security audit log."""
    return _role(user) == AUDIT_ADMIN


def is_administrator(user: Any) -> bool:
    """One of the three: none of them sees case data."""
    return _role(user) in ADMINISTRATORS


def can_read_audit(user: Any) -> bool:
    """Only the audit administrator — not the system administrator, not a superuser."""
    return is_audit_admin(user)


def may_sign_in(user: Any) -> bool:
    """A superuser holds every power at once, which the separation forbids: it never signs in
    (the operator's console is the break-glass path, docs/security.md)."""
    if not user.is_active:
        return False
    return not user.is_superuser
