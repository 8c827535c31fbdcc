"""三员分立 (GB/T 22239-2019 8.1.4.2, ADR 0013): the system, security and audit administrators
each hold one role and none of the others' powers; none sees case data; a role changes only by
the security administrator, never his own, audited with the old and new role and the reason.
The attacks: role self-escalation through the admin, its 变更角色 page and the API; an
administrator opening case pages, the audit log or another's tools; a superuser signing in."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, Permission
from django.test import Client, RequestFactory
from django.urls import reverse

from zhifa.cases.access import cases_visible_to
from zhifa.org import access as org_access
from zhifa.org.accounts import change_role
from zhifa.org.choices import ADMIN_SITE_ROLES, ADMINISTRATORS, Role
from zhifa.org.tests.helpers import user_form
from zhifa.security import access
from zhifa.security.choices import EventKind, Outcome
from zhifa.security.models import SecurityEvent
from zhifa.security.permissions import ROLE_PERMISSIONS
from zhifa.testing import factories as f

pytestmark = pytest.mark.django_db

ADMINS = ["system_admin", "security_admin", "audit_admin"]


def _rows(kind: str) -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind=kind).order_by("seq"))


def _denials() -> list[tuple[str, str]]:
    return [(e.actor_name, e.object_label) for e in _rows(EventKind.PERMISSION_DENIED)]


def _role_of(user) -> str:
    user.refresh_from_db()
    return user.role


def _role_url(user) -> str:
    return reverse("admin:org_user_role", args=[user.pk])


def _api_role(client, user, role: str, reason: str = "调整分工"):
    url = f"/api/v1/org/users/{user.pk}/role"
    return client.post(url, {"role": role, "reason": reason}, content_type="application/json")


# --- The roles and what each may do ---------------------------------------------------------


def test_the_role_values_are_the_same_in_org_and_security():
    assert (Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.UNASSIGNED) == (
        access.SYSTEM_ADMIN,
        access.SECURITY_ADMIN,
        access.AUDIT_ADMIN,
        access.UNASSIGNED,
    )
    assert access.ADMINISTRATORS == ADMINISTRATORS
    assert access.ADMIN_SITE_ROLES == ADMIN_SITE_ROLES


def test_no_two_administrators_share_a_power():
    """Both look at the accounts (one keeps them, one gives them roles); nothing else is shared."""
    system, security, audit = (
        ROLE_PERMISSIONS[r]
        for r in (access.SYSTEM_ADMIN, access.SECURITY_ADMIN, access.AUDIT_ADMIN)
    )
    assert system & security == {"org.view_user"}
    assert system & audit == set()
    assert security & audit == set()
    assert set(ROLE_PERMISSIONS) == set(ADMINISTRATORS)  # business roles: no admin permission


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("handler", (False, False, False)),
        ("leader", (False, False, False)),
        ("system_admin", (True, False, False)),
        ("security_admin", (False, True, False)),
        ("audit_admin", (False, False, True)),
        ("admin_persona", (False, False, False)),  # a superuser is none of them
    ],
)
def test_each_getter_answers_for_its_role_only(request, persona, expected):
    user = request.getfixturevalue(persona).user
    got = (
        access.is_system_admin(user),
        access.is_security_admin(user),
        access.is_audit_admin(user),
    )
    assert got == expected


def test_an_administrator_disabled_is_no_longer_one(security_admin):
    security_admin.user.is_active = False
    assert not access.is_security_admin(security_admin.user)


def test_permissions_come_from_the_role_never_from_groups_or_the_account(handler, system_admin):
    """Granting a handler the audit permission or a group of admin powers gives it nothing."""
    group = Group.objects.create(name="管理员们")
    group.permissions.add(Permission.objects.get(codename="change_user"))
    handler.user.groups.add(group)
    handler.user.user_permissions.add(Permission.objects.get(codename="read_audit"))
    assert not handler.user.has_perm("org.change_user")
    assert not handler.user.has_perm("security.read_audit")
    assert not access.can_read_audit(handler.user)
    assert system_admin.user.has_perm("org.change_user")
    assert not system_admin.user.has_perm("security.read_audit")
    assert not system_admin.user.has_perm("core.view_apitoken")


@pytest.mark.parametrize(
    ("role", "staff"),
    [
        (Role.ADMIN, True),
        (Role.SECURITY_ADMIN, True),
        (Role.AUDIT_ADMIN, False),  # his one page is /security/audit/, not Django admin
        (Role.LEADER, False),
        (Role.UNASSIGNED, False),
    ],
)
def test_is_staff_follows_the_role(bureau, role, staff):
    user = f.UserFactory(role=role, org_unit=bureau, is_staff=not staff)
    assert user.is_staff is staff


# --- Role self-escalation ---------------------------------------------------------------------


def test_a_handler_cannot_make_itself_leader_in_the_admin_and_it_is_recorded(handler):
    client = handler.client()
    url = reverse("admin:org_user_change", args=[handler.user.pk])
    response = client.post(url, user_form(handler.user, role="leader", is_superuser="on"))
    assert response.status_code == 403
    assert _denials() == [("handler", url)]
    handler.user.refresh_from_db()
    assert (handler.user.role, handler.user.is_superuser) == (Role.CASE_HANDLER, False)


def test_a_handler_cannot_use_the_role_page_on_itself(handler):
    response = handler.client().post(
        _role_url(handler.user), {"role": "leader", "reason": "我自己"}
    )
    assert response.status_code == 403
    assert _denials() == [("handler", _role_url(handler.user))]
    assert _role_of(handler.user) == Role.CASE_HANDLER
    assert _rows(EventKind.ACCOUNT_CHANGED) == []


def test_a_handler_cannot_change_its_role_through_the_api(handler):
    response = _api_role(handler.client(), handler.user, "leader")
    assert response.status_code == 403
    assert response.json()["code"] == "role_change_refused"
    denial = _rows(EventKind.PERMISSION_DENIED)[-1]
    assert (denial.actor_name, denial.outcome) == ("handler", Outcome.DENIED)
    assert denial.object_label == f"/api/v1/org/users/{handler.user.pk}/role"
    assert _role_of(handler.user) == Role.CASE_HANDLER


def test_the_security_administrator_cannot_change_his_own_role(security_admin):
    client = security_admin.client()
    url = _role_url(security_admin.user)
    response = client.post(url, {"role": "leader", "reason": "兼任负责人"})
    assert response.status_code == 403
    assert _api_role(client, security_admin.user, "audit_admin").status_code == 403
    assert [who for who, _ in _denials()] == ["secadmin", "secadmin"]
    assert _role_of(security_admin.user) == Role.SECURITY_ADMIN
    assert _rows(EventKind.ACCOUNT_CHANGED) == []


def test_the_system_administrator_cannot_change_roles(system_admin, handler):
    """The role is read-only on his change form (a posted role is ignored); the role page and
    the API refuse him."""
    client = system_admin.client()
    url = reverse("admin:org_user_change", args=[handler.user.pk])
    form = user_form(handler.user, role="leader", is_superuser="on", is_staff="on")
    assert client.post(url, form).status_code == 302
    handler.user.refresh_from_db()
    assert (handler.user.role, handler.user.is_superuser, handler.user.is_staff) == (
        Role.CASE_HANDLER,
        False,
        False,
    )
    assert (
        client.post(_role_url(handler.user), {"role": "leader", "reason": "x"}).status_code == 403
    )
    assert _api_role(client, handler.user, "leader").status_code == 403
    assert len(_denials()) == 2
    assert _role_of(handler.user) == Role.CASE_HANDLER


def test_the_role_field_is_read_only_for_everyone_in_the_admin(system_admin, handler):
    html = (
        system_admin.client()
        .get(reverse("admin:org_user_change", args=[handler.user.pk]))
        .content.decode()
    )
    assert 'name="role"' not in html
    assert 'name="is_superuser"' not in html
    assert 'name="groups"' not in html
    assert 'id="change-role"' not in html  # 变更角色 is the security administrator's


# --- The security administrator changes a role -------------------------------------------------


def test_the_security_administrator_changes_a_role_with_old_new_and_reason(security_admin, handler):
    client = security_admin.client()
    page = client.get(reverse("admin:org_user_change", args=[handler.user.pk])).content.decode()
    assert 'id="change-role"' in page
    response = client.post(
        _role_url(handler.user), {"role": "leader", "reason": "局党组会议决定 (2026)3号"}
    )
    assert response.status_code == 302
    assert _role_of(handler.user) == Role.LEADER
    [event] = _rows(EventKind.ACCOUNT_CHANGED)  # one row: not the save hooks' one as well
    assert (event.actor_name, event.object_id) == ("secadmin", str(handler.user.pk))
    assert event.detail["field"] == "role"
    assert (event.detail["old"], event.detail["new"]) == ("case_handler", "leader")
    assert event.detail["reason"] == "局党组会议决定 (2026)3号"
    assert (event.detail["old_label"], event.detail["new_label"]) == ("执法队员", "负责人")


def test_giving_an_administrator_role_makes_the_account_staff(security_admin, handler):
    change_role(handler.user, Role.ADMIN, actor=security_admin.user, reason="调任信息中心")
    handler.user.refresh_from_db()
    assert (handler.user.role, handler.user.is_staff) == (Role.ADMIN, True)
    change_role(handler.user, Role.AUDIT_ADMIN, actor=security_admin.user, reason="改任审计")
    handler.user.refresh_from_db()
    assert (handler.user.role, handler.user.is_staff) == (Role.AUDIT_ADMIN, False)


def test_a_role_change_without_a_reason_is_refused_on_its_field(security_admin, handler):
    response = security_admin.client().post(_role_url(handler.user), {"role": "leader"})
    assert response.status_code == 422
    assert "这个字段是必填项" in response.content.decode()
    response = _api_role(security_admin.client(), handler.user, "leader", reason="  ")
    assert (response.status_code, response.json()["field"]) == (422, "reason")
    assert _role_of(handler.user) == Role.CASE_HANDLER
    assert _rows(EventKind.ACCOUNT_CHANGED) == []


def test_a_superuser_is_never_given_a_role(security_admin, admin_persona):
    response = security_admin.client().post(
        _role_url(admin_persona.user), {"role": "audit_admin", "reason": "x"}
    )
    assert response.status_code == 422
    assert "超级用户账号不能被赋予角色" in response.content.decode()
    assert _role_of(admin_persona.user) == Role.ADMIN


def test_the_security_administrator_changes_a_role_through_the_api(security_admin, handler):
    response = _api_role(security_admin.client(), handler.user, "street_officer")
    assert response.status_code == 200
    assert response.json()["role_label"] == "街道执法队员"
    assert _rows(EventKind.ACCOUNT_CHANGED)[0].detail["new"] == "street_officer"


def test_the_console_is_the_break_glass_path(handler):
    """``zhifa roles set``: no account acts; the row names the operating-system user."""
    from django.core.management import call_command

    call_command("roles", "set", "handler", "security_admin", "--reason", "首任安全管理员")
    assert _role_of(handler.user) == Role.SECURITY_ADMIN
    [event] = _rows(EventKind.ACCOUNT_CHANGED)
    assert event.actor_id is None
    assert event.detail["os_user"]
    assert event.detail["reason"] == "首任安全管理员"


# --- No case data, no audit log, no other administrator's tools ---------------------------------


@pytest.mark.parametrize("persona", [*ADMINS, "unassigned"])
def test_no_administrator_opens_case_data_and_each_refusal_is_recorded(request, persona):
    user = request.getfixturevalue(persona).user
    assert cases_visible_to(user).query.is_empty()
    assert not org_access.is_staff_user(user)  # parties: none, masked
    client = Client()
    client.force_login(user)
    pages = ["/cases/", "/cases/1/", "/cases/deadlines/", "/parties/", "/disclosure/"]
    for url in pages:
        assert client.get(url).status_code == 403, url
    response = client.get("/api/v1/cases/")
    assert (response.status_code, response.json()["code"]) == (403, "separation")
    assert [label for _, label in _denials()] == [*pages, "/api/v1/cases/"]


def test_the_system_administrator_cannot_open_the_audit_log(system_admin):
    assert system_admin.client().get("/security/audit/").status_code == 403
    assert _denials() == [("sysadmin", "/security/audit/")]


def test_the_audit_administrator_reads_the_audit_log_and_nothing_else(audit_admin, handler):
    client = audit_admin.client()
    assert client.get("/security/audit/").status_code == 200
    assert client.get("/").status_code == 200
    for url in ["/admin/", "/cases/", "/org/officers/", "/catalog/", "/calendar/", "/parties/"]:
        assert client.get(url).status_code == 403, url
    assert len(_denials()) == 6
    home = client.get("/").content.decode()
    assert 'href="/security/audit/"' in home
    assert 'href="/admin/"' not in home
    assert 'href="/cases/"' not in home


@pytest.mark.parametrize(
    ("persona", "opens", "refused"),
    [
        (
            "system_admin",
            ["org/orgunit", "org/user", "org/officer", "org/certificate", "law/violationitem"],
            ["core/apitoken", "axes/accessattempt", "security/securityevent", "parties/party"],
        ),
        (
            "security_admin",
            ["org/user", "core/apitoken", "axes/accessattempt"],
            ["org/orgunit", "org/officer", "law/violationitem", "legal_calendar/holiday"],
        ),
    ],
)
def test_each_administrator_sees_only_his_part_of_the_admin(request, persona, opens, refused):
    client = request.getfixturevalue(persona).client()
    for page in opens:
        assert client.get(f"/admin/{page}/").status_code == 200, page
    for page in refused:
        assert client.get(f"/admin/{page}/").status_code == 403, page
    assert len(_denials()) == len(refused)


def test_the_navigation_follows_the_role(system_admin, security_admin):
    system = system_admin.client().get("/").content.decode()
    assert 'href="/admin/"' in system
    assert 'href="/cases/"' not in system
    assert 'href="/parties/"' not in system
    assert 'href="/security/audit/"' not in system
    assert 'href="/admin/"' in security_admin.client().get("/").content.decode()


def test_a_business_role_gets_a_403_from_the_admin_not_its_login_page(leader):
    assert leader.client().get("/admin/").status_code == 403
    assert _denials() == [("leader", "/admin/")]
    denial = _rows(EventKind.PERMISSION_DENIED)[0]
    assert denial.detail["message"] == "管理后台只供系统管理员和安全管理员使用"


# --- Superusers ---------------------------------------------------------------------------------


def test_a_superuser_cannot_sign_in_even_with_the_right_password(admin_persona):
    admin_persona.user.set_password("correct-horse-battery-1")
    admin_persona.user.save()
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="admin", password="correct-horse-battery-1") is None
    denial = _rows(EventKind.PERMISSION_DENIED)[-1]
    assert (denial.actor_name, denial.detail["reason"]) == ("admin", "superuser_sign_in")
    assert _rows(EventKind.LOGIN_FAILED)[-1].actor_name == "admin"


def test_a_wrong_password_of_a_superuser_is_a_failure_not_a_denial(admin_persona):
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="admin", password="wrong") is None
    assert _rows(EventKind.PERMISSION_DENIED) == []


def test_an_administrator_signs_in(system_admin):
    system_admin.user.set_password("correct-horse-battery-2")
    system_admin.user.save()
    request = RequestFactory().post("/accounts/login/")
    user = authenticate(request, username="sysadmin", password="correct-horse-battery-2")
    assert user == system_admin.user
