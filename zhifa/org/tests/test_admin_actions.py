"""Django admin writes people and organisation through the actions, with the administrator as
actor: a certificate added has its 申领 event, an officer's qualification changed is one
ADMIN_CHANGE row with the old and new values, a refusal shows on its field and writes nothing,
a unit others refer to is not deleted (and the refusal names no case or party) — never a 500."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from zhifa.core.errors import DomainError
from zhifa.org import actions
from zhifa.org.choices import CertificateEventKind, OrgUnitKind, Role
from zhifa.org.models import Certificate, Officer, OrgUnit, TrainingRecord, User
from zhifa.org.tests.helpers import user_form
from zhifa.security.choices import EventKind
from zhifa.security.models import SecurityEvent
from zhifa.testing import factories as f
from zhifa.testing import parties as pf

pytestmark = pytest.mark.django_db


def _rows(kind: str) -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind=kind).order_by("seq"))


def _no_forms(prefix: str) -> dict[str, str]:
    return {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}


def _officer_form(officer: Officer, **changes: str) -> dict[str, str]:
    data = {
        "name": officer.name,
        "gender": officer.gender,
        "employee_number": officer.employee_number,
        "unit": str(officer.unit_id),
        "user": str(officer.user_id or ""),
        "phone": officer.phone,
        "joined_on": str(officer.joined_on or ""),
        "left_on": str(officer.left_on or ""),
        **_no_forms("training_records"),
    }
    if officer.is_auxiliary:
        data["is_auxiliary"] = "on"
    if officer.has_legal_qualification:
        data["has_legal_qualification"] = "on"
    return {**data, **changes}


def _certificate_form(officer: Officer, **changes: str) -> dict[str, str]:
    data = {
        "officer": str(officer.pk),
        "number": "京城管A0001",
        "issuing_authority": "示范市人民政府",
        "enforcement_field": "城市管理综合执法",
        "issued_on": "2026-01-05",
        "expires_on": "2031-01-04",
        **_no_forms("events"),
    }
    return {**data, **changes}


# --- Certificates ---------------------------------------------------------------------------


def test_adding_a_certificate_writes_its_issue_event_with_the_actor(system_admin, bureau):
    officer = f.OfficerFactory(name="新队员", unit=bureau)
    response = system_admin.client().post(
        reverse("admin:org_certificate_add"), _certificate_form(officer)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    certificate = Certificate.objects.get(number="京城管A0001")
    [event] = certificate.events.all()
    assert (event.kind, event.effective_on, event.actor) == (
        CertificateEventKind.APPLY,
        date(2026, 1, 5),
        system_admin.user,
    )
    assert event.new_expires_on == date(2031, 1, 4)
    [logged] = _rows(EventKind.ADMIN_CHANGE)
    assert (logged.actor_name, logged.object_type, logged.detail["action"]) == (
        "sysadmin",
        "org.certificate",
        "add",
    )


def test_a_certificate_for_auxiliary_staff_is_refused_on_its_field(system_admin, auxiliary):
    response = system_admin.client().post(
        reverse("admin:org_certificate_add"), _certificate_form(auxiliary.officer)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "是辅助人员，不能申领行政执法证" in html
    assert not Certificate.objects.filter(number="京城管A0001").exists()
    assert _rows(EventKind.ADMIN_CHANGE) == []  # the refusal rolled the admin's log back too


def test_a_certificate_is_not_edited_or_deleted_in_the_admin(system_admin, handler):
    certificate = handler.officer.certificates.get()
    client = system_admin.client()
    change = reverse("admin:org_certificate_change", args=[certificate.pk])
    assert client.get(change).status_code == 200  # looked at
    assert 'name="number"' not in client.get(change).content.decode()
    assert client.post(change, _certificate_form(handler.officer)).status_code == 403
    delete = reverse("admin:org_certificate_delete", args=[certificate.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Certificate.objects.filter(pk=certificate.pk).exists()


# --- Officers and training -------------------------------------------------------------------


def test_an_officers_qualification_changed_is_audited_with_old_and_new(system_admin, handler):
    url = reverse("admin:org_officer_change", args=[handler.officer.pk])
    response = system_admin.client().post(
        url, _officer_form(handler.officer, has_legal_qualification="on", phone="13900000000")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    handler.officer.refresh_from_db()
    assert handler.officer.has_legal_qualification
    [logged] = _rows(EventKind.ADMIN_CHANGE)
    assert logged.actor_name == "sysadmin"
    assert "法律职业资格：否 → 是" in logged.detail["message"]
    assert "手机号：空 → 13900000000" in logged.detail["message"]


def test_a_certified_officer_is_not_made_auxiliary(system_admin, handler):
    url = reverse("admin:org_officer_change", args=[handler.officer.pk])
    response = system_admin.client().post(url, _officer_form(handler.officer, is_auxiliary="on"))
    assert response.status_code == 200
    assert "持有行政执法证，不能设为辅助人员" in response.content.decode()
    handler.officer.refresh_from_db()
    assert not handler.officer.is_auxiliary


def test_training_added_inline_goes_through_the_action(system_admin, handler):
    url = reverse("admin:org_officer_change", args=[handler.officer.pk])
    data = _officer_form(handler.officer)
    data.update(
        {
            "training_records-TOTAL_FORMS": "1",
            "training_records-0-course": "行政处罚法专题",
            "training_records-0-hours": "8",
            "training_records-0-taken_on": "2026-03-02",
            "training_records-0-mode": "offline",
            "training_records-0-provider": "法制科",
        }
    )
    response = system_admin.client().post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    record = TrainingRecord.objects.get(officer=handler.officer)
    assert (record.course, record.hours) == ("行政处罚法专题", 8)
    assert "新增培训记录" in _rows(EventKind.ADMIN_CHANGE)[0].detail["message"]


def test_a_leader_corrects_training_but_a_handler_may_not(leader, handler):
    record = actions.record_training(
        handler.officer,
        course="初训",
        hours=4,
        taken_on=date(2026, 3, 2),
        mode="online",
        actor=leader.user,
    )
    fixed = actions.correct_training(
        record,
        course="初任培训",
        hours=6,
        taken_on=date(2026, 3, 2),
        mode="online",
        actor=leader.user,
    )
    assert (fixed.course, fixed.hours) == ("初任培训", 6)
    with pytest.raises(DomainError) as refused:
        actions.delete_training(record, actor=handler.user)
    assert refused.value.status == 403


# --- Units: the tree, and deleting what others refer to ----------------------------------------


def test_deleting_a_referenced_unit_is_refused_in_chinese_naming_no_case_data(
    system_admin, east_street
):
    party = pf.person(name="王小明", street=east_street)
    f.UserFactory(username="street9", role=Role.STREET_OFFICER, org_unit=east_street)
    client = system_admin.client()
    url = reverse("admin:org_orgunit_delete", args=[east_street.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "当事人 1 条" in html
    assert "用户 1 条" in html
    assert party.name not in html  # a party's name is case data
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert OrgUnit.objects.filter(pk=east_street.pk).exists()
    assert _rows(EventKind.ADMIN_CHANGE) == []


def test_the_action_refuses_a_referenced_unit_with_its_counts(system_admin, bureau, handler):
    with pytest.raises(DomainError) as refused:
        actions.delete_unit(bureau, actor=system_admin.user)
    assert refused.value.code == "referenced"
    assert "组织单位「示范区城市管理委员会」仍被" in refused.value.message
    assert "执法人员 1 条" in refused.value.message


def test_a_bulk_delete_with_one_referenced_unit_deletes_nothing(system_admin, bureau, handler):
    spare = f.OrgUnitFactory(kind=OrgUnitKind.SECTION, name="空科室", parent=bureau)
    client = system_admin.client()
    response = client.post(
        reverse("admin:org_orgunit_changelist"),
        {"action": "delete_selected", "_selected_action": [spare.pk, bureau.pk], "post": "yes"},
    )
    assert response.status_code == 200  # the confirmation page lists what blocks it
    assert "执法人员 1 条" in response.content.decode()
    assert OrgUnit.objects.filter(pk=spare.pk).exists()


def test_a_street_nothing_refers_to_can_be_deleted(system_admin, bureau):
    """A street refers to itself (its ``street``): that alone no longer blocks it."""
    street = f.street("新区街道", "S09")
    response = system_admin.client().post(
        reverse("admin:org_orgunit_delete", args=[street.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not OrgUnit.objects.filter(pk=street.pk).exists()
    assert _rows(EventKind.ADMIN_CHANGE)[0].detail["action"] == "delete"


def test_moving_a_unit_moves_the_street_of_the_units_below(system_admin, east_street, west_street):
    squad = f.OrgUnitFactory(kind=OrgUnitKind.SQUAD, name="一中队", code="SQ1", parent=east_street)
    post = f.OrgUnitFactory(kind=OrgUnitKind.SQUAD, name="岗亭", code="SQ1-1", parent=squad)
    actions.update_unit(squad, parent=west_street, actor=system_admin.user)
    post.refresh_from_db()
    assert post.street_id == west_street.pk


def test_a_unit_cannot_be_put_under_itself(system_admin, bureau, east_street):
    url = reverse("admin:org_orgunit_change", args=[bureau.pk])
    response = system_admin.client().post(
        url,
        {
            "kind": "bureau",
            "name": bureau.name,
            "code": bureau.code,
            "parent": str(east_street.pk),
            "sort_order": "0",
        },
    )
    assert response.status_code == 200
    assert "「上级」不能是本单位或其下级单位" in response.content.decode()
    bureau.refresh_from_db()
    assert bureau.parent_id is None


def test_only_the_system_administrator_keeps_units(security_admin, bureau):
    with pytest.raises(DomainError) as refused:
        actions.create_unit(
            kind="section", name="科", code="X1", parent=bureau, actor=security_admin.user
        )
    assert refused.value.status == 403


# --- Accounts ----------------------------------------------------------------------------------


def _adduser_form(**changes: str) -> dict[str, str]:
    data = {
        "username": "newbie",
        "usable_password": "true",
        "password1": "Zhifa-test-2026!",
        "password2": "Zhifa-test-2026!",
        "name": "新同事",
        "org_unit": "",
        "phone": "13800001111",
        "email": "",
    }
    return {**data, **changes}


def test_the_system_administrator_creates_an_account_without_a_role(system_admin, bureau):
    response = system_admin.client().post(
        reverse("admin:org_user_add"), _adduser_form(org_unit=str(bureau.pk))
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="newbie")
    assert (user.role, user.is_staff, user.org_unit) == (Role.UNASSIGNED, False, bureau)
    assert user.check_password("Zhifa-test-2026!")
    [created] = [e for e in _rows(EventKind.ACCOUNT_CREATED) if e.object_id == str(user.pk)]
    assert (created.actor_name, created.detail["role"]) == ("sysadmin", "unassigned")


def test_the_system_administrator_disables_a_handler(system_admin, handler):
    url = reverse("admin:org_user_change", args=[handler.user.pk])
    form = user_form(handler.user, name="张伟(调离)")
    del form["is_active"]
    assert system_admin.client().post(url, form).status_code == 302
    handler.user.refresh_from_db()
    assert (handler.user.is_active, handler.user.name) == (False, "张伟(调离)")
    changed = _rows(EventKind.ACCOUNT_CHANGED)[0]
    assert changed.detail["changes"] == {"is_active": [True, False]}
    assert "姓名：张伟 → 张伟(调离)" in _rows(EventKind.ADMIN_CHANGE)[0].detail["message"]


@pytest.mark.parametrize("target", ["security_admin", "audit_admin", "system_admin"])
def test_the_system_administrator_cannot_touch_an_administrators_account(
    request, system_admin, target
):
    """No locking out, renaming or taking over (password) the two who check him — or himself."""
    account = request.getfixturevalue(target).user
    client = system_admin.client()
    change = reverse("admin:org_user_change", args=[account.pk])
    form = user_form(account)
    del form["is_active"]
    assert client.post(change, form).status_code == 403
    password = reverse("admin:auth_user_password_change", args=[account.pk])
    assert client.get(password).status_code == 403
    account.refresh_from_db()
    assert account.is_active
    assert len(_rows(EventKind.PERMISSION_DENIED)) == 2


def test_accounts_are_never_deleted_in_the_admin(system_admin, handler):
    url = reverse("admin:org_user_delete", args=[handler.user.pk])
    assert system_admin.client().post(url, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=handler.user.pk).exists()


def test_the_security_administrator_revokes_a_token(security_admin, system_admin, handler):
    from zhifa.core.actions import create_api_token

    token, _raw = create_api_token(handler.user, name="对接")
    data = {"action": "revoke", "_selected_action": [token.pk]}
    url = reverse("admin:core_apitoken_changelist")
    assert system_admin.client().post(url, data).status_code == 403
    assert security_admin.client().post(url, data).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    [revoked] = _rows(EventKind.TOKEN_REVOKED)
    assert revoked.actor_name == "secadmin"
