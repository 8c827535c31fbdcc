"""Account and admin changes as the security audit log records them: the account created,
its role, scope and privileges changed (old and new values, who, from where), its password
changed (never the hash), its groups and permissions, its deletion; and every change Django
admin logs, one row each with the admin's own message."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from zhifa.org.models import Officer
from zhifa.security.choices import EventKind
from zhifa.security.middleware import AuditContextMiddleware
from zhifa.security.tests.conftest import one, rows
from zhifa.testing import factories as f

pytestmark = pytest.mark.django_db


def test_an_account_created_is_recorded_with_its_role(bureau, frozen):
    user = f.UserFactory(username="newbie", role="auxiliary", org_unit=bureau)
    event = one(EventKind.ACCOUNT_CREATED)
    assert (event.object_type, event.object_id) == ("org.user", str(user.pk))
    assert event.detail["role"] == "auxiliary"
    assert event.detail["is_superuser"] is False


def test_a_role_change_records_old_and_new_values_who_and_where(
    rf, leader, handler, bureau, east_street, frozen
):
    """Whatever page or action saves the account (the admin, the security administrator's
    变更角色 page), the row has the values before and after, and the request's actor and
    address."""

    def change_role(request):
        handler.user.role = "street_officer"
        handler.user.org_unit = east_street
        handler.user.save()
        return HttpResponse()

    request = rf.post("/admin/org/user/", REMOTE_ADDR="10.0.0.8")
    request.user = leader.user
    AuditContextMiddleware(change_role)(request)
    event = one(EventKind.ACCOUNT_CHANGED)
    assert event.detail["changes"] == {
        "role": ["case_handler", "street_officer"],
        "org_unit": [bureau.pk, east_street.pk],
    }
    assert (event.actor_name, event.address) == ("leader", "10.0.0.8")
    assert (event.object_type, event.object_id) == ("org.user", str(handler.user.pk))


def test_a_deactivation_outside_a_request_is_recorded_too(handler, frozen):
    handler.user.is_active = False
    handler.user.save()
    event = one(EventKind.ACCOUNT_CHANGED)
    assert event.detail["changes"] == {"is_active": [True, False]}
    assert event.actor_id is None
    assert event.detail["os_user"]


def test_a_save_that_touches_no_account_field_writes_nothing(handler, frozen):
    handler.user.last_login = timezone.now()
    handler.user.save(update_fields=["last_login"])
    handler.user.phone = "13800000000"
    handler.user.save()
    assert rows(EventKind.ACCOUNT_CHANGED) == []


def test_a_password_change_is_recorded_without_the_hash(handler, frozen):
    old = handler.user.password
    handler.user.set_password("another-password-2026")
    handler.user.save()
    event = one(EventKind.PASSWORD_CHANGED)
    assert event.object_id == str(handler.user.pk)
    assert old not in str(event.detail)
    assert handler.user.password not in str(event.detail)
    assert rows(EventKind.ACCOUNT_CHANGED) == []


def test_groups_and_permissions_given_and_taken_are_recorded(handler, frozen):
    auditors = Group.objects.create(name="审计管理员")
    handler.user.groups.add(auditors)
    permission = Permission.objects.get(codename="read_audit")
    handler.user.user_permissions.add(permission)
    handler.user.groups.clear()
    changes = [
        {k: v for k, v in e.detail.items() if k != "os_user"}
        for e in rows(EventKind.ACCOUNT_CHANGED)
    ]
    assert changes == [
        {"groups": {"added": ["审计管理员"]}},
        {"user_permissions": {"added": ["security.read_audit"]}},
        {"groups": {"removed": ["审计管理员"]}},
    ]


def test_members_added_from_the_groups_side_are_recorded_per_account(handler, leader, frozen):
    auditors = Group.objects.create(name="审计管理员")
    auditors.user_set.add(handler.user, leader.user)
    targets = sorted(e.object_id for e in rows(EventKind.ACCOUNT_CHANGED))
    assert targets == sorted([str(handler.user.pk), str(leader.user.pk)])


def test_an_account_deleted_is_recorded(bureau, frozen):
    user = f.UserFactory(username="temp", org_unit=bureau)
    pk = user.pk
    user.delete()
    event = one(EventKind.ACCOUNT_DELETED)
    assert (event.object_id, event.detail["username"]) == (str(pk), "temp")


def test_each_object_of_a_bulk_admin_delete_is_one_row(admin_persona, bureau, frozen):
    units = [f.OrgUnitFactory(kind="section", parent=bureau) for _ in range(3)]
    client = admin_persona.client()
    response = client.post(
        reverse("admin:org_orgunit_changelist"),
        {"action": "delete_selected", "_selected_action": [u.pk for u in units], "post": "yes"},
    )
    assert response.status_code == 302
    deleted = rows(EventKind.ADMIN_CHANGE)
    assert sorted(e.object_id for e in deleted) == sorted(str(u.pk) for u in units)
    assert {(e.detail["action"], e.actor_name, e.object_type) for e in deleted} == {
        ("delete", "admin", "org.orgunit")
    }


def test_an_admin_addition_is_recorded(admin_persona, bureau, frozen):
    client = admin_persona.client()
    response = client.post(
        reverse("admin:org_officer_add"),
        {
            "name": "新队员",
            "employee_number": "E99999",
            "unit": str(bureau.pk),
            "training_records-TOTAL_FORMS": "0",
            "training_records-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    officer = Officer.objects.get(employee_number="E99999")
    event = one(EventKind.ADMIN_CHANGE)
    assert (event.detail["action"], event.object_type, event.object_id) == (
        "add",
        "org.officer",
        str(officer.pk),
    )
