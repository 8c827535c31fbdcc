"""The catalogue in Django admin is the system administrator's, and every write is an action
(``save_item``: the item with its fines and bands; ``delete_item``), with the admin as actor and
one ADMIN_CHANGE row carrying the old and new values. An item a case refers to is not deleted,
and the refusal names no case."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
import time_machine

from zhifa.cases import actions as case_actions
from zhifa.cases.record import Place
from zhifa.law.actions import import_catalog
from zhifa.law.catalog_io import DEFAULT_CATALOG, parse
from zhifa.law.models import ViolationItem
from zhifa.law.tests.test_models_and_admin import _form as item_form
from zhifa.security.choices import EventKind
from zhifa.security.models import SecurityEvent
from zhifa.testing import parties as pf
from zhifa.testing.law import ViolationItemFactory

pytestmark = pytest.mark.django_db
ADD = "/admin/law/violationitem/add/"


def _logged() -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind=EventKind.ADMIN_CHANGE).order_by("seq"))


def test_the_system_administrator_adds_an_item_through_the_action(system_admin):
    response = system_admin.client().post(ADD, item_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    item = ViolationItem.objects.get(code="SR-T1")
    assert item.fine_rules.get().max == Decimal(3000)
    assert item.discretion_bands.get().facts == "初次违法，当场改正"
    [logged] = _logged()
    assert (logged.actor_name, logged.object_type, logged.detail["action"]) == (
        "sysadmin",
        "law.violationitem",
        "add",
    )


def test_an_edit_replaces_the_rules_and_is_audited_with_old_and_new(system_admin):
    client = system_admin.client()
    client.post(ADD, item_form())
    item = ViolationItem.objects.get(code="SR-T1")
    rule, band = item.fine_rules.get(), item.discretion_bands.get()
    data = item_form(
        name="店外经营摊点",
        **{
            "fine_rules-INITIAL_FORMS": "1",
            "fine_rules-0-id": str(rule.pk),
            "fine_rules-0-item": str(item.pk),
            "fine_rules-0-max": "5000",
            "discretion_bands-INITIAL_FORMS": "1",
            "discretion_bands-0-id": str(band.pk),
            "discretion_bands-0-item": str(item.pk),
        },
    )
    response = client.post(f"/admin/law/violationitem/{item.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    item.refresh_from_db()
    assert item.name == "店外经营摊点"
    assert item.fine_rules.get().max == Decimal(5000)
    message = _logged()[-1].detail["message"]
    assert "违法行为：店外经营 → 店外经营摊点" in message
    assert "上限：3000.00 → 5000" in message


def test_a_code_taken_by_another_item_is_refused_on_its_field(system_admin):
    ViolationItemFactory(code="SR-T1")
    response = system_admin.client().post(ADD, item_form())
    assert response.status_code == 200
    assert "已存在" in response.content.decode()
    assert ViolationItem.objects.filter(code="SR-T1").count() == 1


def test_an_item_nothing_refers_to_is_deleted_with_its_rules(system_admin):
    item = ViolationItemFactory(code="SR-T9")
    url = f"/admin/law/violationitem/{item.pk}/delete/"
    assert system_admin.client().post(url, {"post": "yes"}).status_code == 302
    assert not ViolationItem.objects.filter(pk=item.pk).exists()


def test_an_item_a_case_refers_to_is_not_deleted(system_admin, handler, handler2, east_street):
    raw = [r for r in json.loads(DEFAULT_CATALOG.read_text("utf-8")) if r["code"] == "SR-001"]
    import_catalog(parse(json.dumps(raw).encode(), "json"))
    spit = ViolationItem.objects.get(code="SR-001")
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        case = case_actions.decide_on_the_spot(
            actor=handler.user,
            co_handler=handler2.officer,
            violation_item=spit,
            party=pf.person(name="王小明", street=east_street),
            facts="随地吐痰",
            place=Place("人民路"),
            street=east_street,
            penalty_kinds=["fine"],
            fine=Decimal(50),
        ).case
    url = f"/admin/law/violationitem/{spit.pk}/delete/"
    client = system_admin.client()
    page = client.get(url).content.decode()
    assert "案件 1 条" in page
    assert case.number not in page
    assert client.post(url, {"post": "yes"}).status_code == 200
    assert ViolationItem.objects.filter(pk=spit.pk).exists()


@pytest.mark.parametrize("persona", ["handler", "reviewer", "security_admin"])
def test_no_one_else_writes_the_catalogue_in_the_admin(request, persona):
    response = request.getfixturevalue(persona).client().post(ADD, item_form())
    assert response.status_code == 403
    assert not ViolationItem.objects.filter(code="SR-T1").exists()
