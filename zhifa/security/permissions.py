"""What each role may do in Django admin: the role decides, nothing else (ADR 0013).

``backends.RoleBackend`` answers ``user.has_perm`` from this table alone: groups and per-user
permissions are not used (the admin no longer shows them), so no account can be given a second
administrator's powers beside its role. A role absent here has no admin permission at all —
every business role, and the audit administrator except for reading the audit log."""

from __future__ import annotations

from zhifa.security.access import AUDIT_ADMIN, SECURITY_ADMIN, SYSTEM_ADMIN

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL = (VIEW, ADD, CHANGE, DELETE)


def _on(model: str, *actions: str) -> set[str]:
    """``_on("org.officer", VIEW, ADD)`` → {"org.view_officer", "org.add_officer"}."""
    app, name = model.split(".")
    return {f"{app}.{action}_{name}" for action in actions}


ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    # 系统管理员: units, accounts (not their roles), officers, certificates (issued, never
    # edited: their history is events), training, the catalogue, the holidays, the jobs' state.
    SYSTEM_ADMIN: frozenset(
        _on("org.orgunit", *ALL)
        | _on("org.user", VIEW, ADD, CHANGE)
        | _on("org.officer", *ALL)
        | _on("org.certificate", VIEW, ADD)
        | _on("org.certificateevent", VIEW)
        | _on("org.trainingrecord", *ALL)
        | _on("law.violationitem", *ALL)
        | _on("law.finerule", *ALL)
        | _on("law.discretionband", *ALL)
        | _on("legal_calendar.holiday", *ALL)
        | _on("legal_calendar.calendaryear", VIEW, CHANGE)
        | _on("legal_calendar.scheduleimport", VIEW)
        | _on("django_tasks_database.dbtaskresult", VIEW)
    ),
    # 安全管理员: the accounts (to change roles: UserAdmin's 变更角色 page), lockouts (deleting
    # an attempt lifts it), API tokens (the 吊销 action checks the role itself).
    SECURITY_ADMIN: frozenset(
        _on("org.user", VIEW) | _on("axes.accessattempt", VIEW, DELETE) | _on("core.apitoken", VIEW)
    ),
    # 审计管理员: the audit log's page (/security/audit/), through ``access.can_read_audit``.
    AUDIT_ADMIN: frozenset({"security.read_audit"}),
}


def permissions_of(role: str) -> frozenset[str]:
    return ROLE_PERMISSIONS.get(role, frozenset())
