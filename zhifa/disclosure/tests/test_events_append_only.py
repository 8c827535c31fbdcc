"""Publication, withdrawal and expiry are recorded events that cannot be changed or removed —
like the full-process record (行政处罚法 Art 47): by the model, the queryset and the database."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction

from zhifa.core.errors import DomainError
from zhifa.disclosure.actions import transition
from zhifa.disclosure.choices import PublicationStatus
from zhifa.disclosure.models import ImmutableRecord, PublicationEvent
from zhifa.disclosure.tests.conftest import publication_of, run_job


@pytest.fixture
def event(decided):
    d = decided(date(2026, 9, 28))
    run_job(date(2026, 10, 13))
    return PublicationEvent.objects.get(publication__case=d.case)


def test_the_model_refuses_to_change_or_delete_an_event(event):
    event.note = "改过"
    with pytest.raises(ImmutableRecord):
        event.save()
    with pytest.raises(ImmutableRecord):
        event.delete()


def test_the_queryset_refuses_to_change_or_delete_events(event):
    with pytest.raises(ImmutableRecord):
        PublicationEvent.objects.filter(pk=event.pk).update(note="x")
    with pytest.raises(ImmutableRecord):
        PublicationEvent.objects.filter(pk=event.pk).delete()


def test_the_database_refuses_to_change_an_event(event):
    table = PublicationEvent._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET note = 'x' WHERE id = %s", [event.pk])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="DELETE trigger on PostgreSQL only")
def test_postgresql_refuses_to_delete_an_event(event):
    table = PublicationEvent._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [event.pk])


@pytest.mark.parametrize(
    ("start", "to"),
    [
        ("pending", "withdrawn"),
        ("pending", "expired"),
        ("pending", "repaired"),
        ("published", "published"),
        ("published", "skipped"),
        ("withdrawn", "published"),
        ("withdrawn", "repaired"),
        ("expired", "published"),
        ("repaired", "published"),
        ("skipped", "published"),
    ],
)
def test_the_transition_table_refuses_every_disallowed_move(decided, start, to):
    d = decided(date(2026, 9, 28))
    run_job(date(2026, 9, 28))
    p = publication_of(d.case)
    type(p).objects.filter(pk=p.pk).update(
        status=start,
        published_on=date(2026, 9, 28),
        withdrawn_on=date(2026, 9, 30),
        withdraw_reason="测试",
    )
    with pytest.raises(DomainError, match="不能变为"):
        transition(p, to, on=date(2026, 10, 1))
    p.refresh_from_db()
    assert p.status == start
    assert p.status in PublicationStatus.values
