"""``record``: one row per event, with who, from where, what, which outcome; chained to the row
before and sealed; in a caller's transaction it commits or rolls back with it; concurrent
writers on SQLite and PostgreSQL leave one gapless chain."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from zhifa.security.actions import Target, record
from zhifa.security.audit_verify import verify_log
from zhifa.security.chain import chain_key, event_mac, event_material, sm3
from zhifa.security.choices import EventKind, Outcome
from zhifa.security.middleware import AuditContextMiddleware
from zhifa.security.models import SecurityEvent

pytestmark = pytest.mark.django_db


def _request(rf, user, address="10.1.2.3"):
    request = rf.get("/cases/", REMOTE_ADDR=address)
    request.user = user
    return request


def test_it_writes_the_actor_the_address_the_object_and_the_outcome(rf, handler, frozen):
    event = record(
        EventKind.DOCUMENT_DOWNLOADED,
        request=_request(rf, handler.user),
        target=handler.officer,
        detail={"format": "pdf"},
    )
    event.refresh_from_db()
    assert (event.actor_id, event.actor_name, event.address) == (
        handler.user.pk,
        "handler",
        "10.1.2.3",
    )
    assert (event.object_type, event.object_id, event.object_label) == (
        "org.officer",
        str(handler.officer.pk),
        "张伟",
    )
    assert (event.outcome, event.detail) == ("success", {"format": "pdf"})
    assert event.at.isoformat() == "2026-03-02T02:00:00+00:00"


def test_each_event_is_chained_to_the_one_before_and_sealed(frozen):
    first = record(EventKind.LOGIN_FAILED, actor="nobody", outcome=Outcome.FAILURE)
    second = record(EventKind.LOGIN_FAILED, actor="nobody", outcome=Outcome.FAILURE)
    assert second.seq == first.seq + 1
    assert second.prev_digest == first.digest
    stored = SecurityEvent.objects.values().get(pk=second.pk)
    assert sm3(event_material(stored)) == second.digest
    assert second.mac == event_mac(chain_key(), second.seq, second.digest)


def test_an_attempt_without_an_account_keeps_the_username_tried(frozen):
    event = record(EventKind.LOGIN_FAILED, actor="zhangsan", outcome=Outcome.FAILURE)
    assert (event.actor_id, event.actor_name) == (None, "zhangsan")


def test_without_a_request_the_operating_system_user_is_noted(frozen):
    event = record(EventKind.TOKEN_CREATED, target=Target("core.apitoken", "7", "zf_abc…"))
    assert event.address == ""
    assert event.actor_id is None
    assert event.detail["os_user"]


def test_the_request_being_served_gives_the_actor_and_address(rf, leader, frozen):
    def view(request):
        record(EventKind.ACCOUNT_CHANGED, target=leader.user, detail={"changes": {}})
        return HttpResponse()

    AuditContextMiddleware(view)(_request(rf, leader.user, "192.168.9.9"))
    event = SecurityEvent.objects.get(kind=EventKind.ACCOUNT_CHANGED)
    assert (event.actor_name, event.address) == ("leader", "192.168.9.9")
    assert "os_user" not in event.detail


@pytest.mark.parametrize(("kind", "outcome"), [("made_up", "success"), ("login", "maybe")])
def test_an_unknown_kind_or_outcome_is_refused(kind, outcome):
    with pytest.raises(ValueError, match="unknown"):
        record(kind, outcome=outcome)
    assert not SecurityEvent.objects.exists()


def test_in_a_transaction_the_row_rolls_back_with_the_change_and_the_chain_stays_whole(frozen):
    kept = record(EventKind.LOGIN, actor="a")

    def change_that_fails() -> None:
        with transaction.atomic():
            record(EventKind.ACCOUNT_CHANGED, actor="a")
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert not SecurityEvent.objects.filter(kind=EventKind.ACCOUNT_CHANGED).exists()
    after = record(EventKind.LOGOUT, actor="a")
    assert after.seq == kept.seq + 1
    assert after.prev_digest == kept.digest
    assert verify_log()[1] == []


def test_it_is_one_insert(frozen):
    record(EventKind.LOGIN, actor="a")
    with CaptureQueriesContext(connection) as captured:
        record(EventKind.LOGOUT, actor="a")
    statements = [q["sql"].split()[0].upper() for q in captured]
    assert statements.count("INSERT") == 1
    assert not {"UPDATE", "DELETE"} & set(statements)
    # savepoint, [advisory lock on PostgreSQL], the head, the insert, release
    assert len(statements) == (5 if connection.vendor == "postgresql" else 4)


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_leave_one_gapless_chain():
    """Eight threads with their own connections, five events each, started together."""
    barrier = threading.Barrier(8)
    errors: list[Exception] = []

    def write(n: int) -> None:
        try:
            barrier.wait()
            for i in range(5):
                record(EventKind.LOGIN_FAILED, actor=f"t{n}-{i}", outcome=Outcome.FAILURE)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    seqs = list(SecurityEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, 41))
    assert verify_log()[1] == []
