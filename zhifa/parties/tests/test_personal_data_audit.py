"""Each sight of a person's unmasked data is a row of the security audit log (个人信息保护法
Arts 51, 54; GB/T 22239-2019 §8.1.4.3 c: 审计记录包括…事件类型…): the party's page, the case
page and their API reads, once an hour per account and party; masked views record nothing."""

from __future__ import annotations

import pytest
import time_machine

from zhifa.security.choices import EventKind
from zhifa.security.models import SecurityEvent
from zhifa.testing import parties as pf

pytestmark = pytest.mark.django_db

NOON = "2026-10-20 12:00:00 +0800"


def sights(party=None):
    rows = SecurityEvent.objects.filter(kind=EventKind.PERSONAL_DATA_VIEWED)
    return rows.filter(object_id=str(party.pk)) if party is not None else rows


@pytest.mark.parametrize(
    ("where", "url"),
    [
        ("当事人页面", "/parties/{pk}/"),
        ("API 当事人详情", "/api/v1/parties/{pk}"),
    ],
)
def test_a_handler_opening_a_persons_record_is_one_row(handler, east_party, where, url):
    client = handler.client()
    with time_machine.travel(NOON, tick=False):
        for _ in range(3):  # reloads within the hour are the same sight
            assert client.get(url.format(pk=east_party.pk)).status_code == 200
    row = sights(east_party).get()
    assert row.actor_id == handler.user.pk
    assert row.detail["where"] == where
    assert east_party.id_number not in str(row.detail) + row.object_label
    assert east_party.name not in row.object_label  # the masked name: 张*


def test_the_next_hour_is_a_new_row(handler, east_party):
    client = handler.client()
    with time_machine.travel(NOON, tick=False) as traveller:
        client.get(f"/parties/{east_party.pk}/")
        traveller.shift(3600)
        client.get(f"/parties/{east_party.pk}/")
    assert sights(east_party).count() == 2


@pytest.mark.parametrize(
    ("where", "url"), [("案件页面", "/cases/{pk}/"), ("API 案件详情", "/api/v1/cases/{pk}")]
)
def test_the_case_page_and_the_case_api_are_sights_of_the_party(flow, citizen, where, url):
    flow.party = citizen
    with time_machine.travel("2026-09-14 12:00 +0800", tick=False):
        case = flow.filed()
        assert flow.handler.client().get(url.format(pk=case.pk)).status_code == 200
    assert sights(citizen).get().detail["where"] == where


def test_masked_views_record_nothing(auxiliary, east_party):
    with time_machine.travel(NOON, tick=False):
        assert auxiliary.client().get(f"/parties/{east_party.pk}/").status_code == 200
    assert not sights().exists()


def test_an_organisation_without_personal_data_records_nothing(handler, east_street):
    firm = pf.organisation(phone="", street=east_street)
    with time_machine.travel(NOON, tick=False):
        assert handler.client().get(f"/parties/{firm.pk}/").status_code == 200
    assert not sights().exists()
