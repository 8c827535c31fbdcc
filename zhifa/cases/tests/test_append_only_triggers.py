"""Every append-only table refuses UPDATE and DELETE in the database itself, on SQLite as on
PostgreSQL (``zhifa.core.triggers``; 行政处罚法 Art 47 for the record, the documents and the
publications that are evidence of it) — and Django's whole-database ``flush`` (TRUNCATE on
PostgreSQL, ``DELETE FROM`` on SQLite) still empties them, which the test runner needs."""

from __future__ import annotations

import sqlite3

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from zhifa.cases.anchor import write_anchor
from zhifa.cases.models import AnchorEntry, CaseEvent, ChainAnchor

# table → the PostgreSQL trigger suffix of the migration that made it append-only
APPEND_ONLY = {
    "cases_caseevent": "append_only",
    "cases_evidencefile": "append_only",
    "cases_chainanchor": "append_only",
    "cases_anchorentry": "append_only",
    "documents_document": "frozen",
    "documents_courtpackage": "frozen",
    "disclosure_publicationevent": "append_only",
}


def _triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.django_db
@pytest.mark.parametrize(("table", "suffix"), APPEND_ONLY.items())
def test_every_append_only_table_has_its_triggers(table, suffix):
    names = _triggers()
    if connection.vendor == "postgresql":
        assert f"{table}_{suffix}" in names  # BEFORE UPDATE OR DELETE
    else:
        assert {f"{table}_no_update", f"{table}_no_delete"} <= names


@pytest.fixture
def anchored(flow, frozen):
    flow.filed()
    return write_anchor(actor=None)


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["cases_chainanchor", "cases_anchorentry"])
@pytest.mark.parametrize(
    "statement", ["UPDATE {t} SET id = id WHERE id = %s", "DELETE FROM {t} WHERE id = %s"]
)
def test_the_database_refuses_to_change_or_delete_an_anchor(anchored, table, statement):
    pk = anchored.pk if table == "cases_chainanchor" else anchored.entries.get().pk
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement.format(t=table), [pk])
    assert ChainAnchor.objects.filter(pk=anchored.pk).exists()
    assert AnchorEntry.objects.filter(anchor=anchored).count() == 1


@pytest.mark.skipif("connection.vendor != 'sqlite'")
@pytest.mark.django_db
def test_another_sqlite_program_cannot_delete_an_event(flow, frozen):
    """Outside zhifa (the sqlite3 shell, another program) ``zhifa_flushing()`` does not exist:
    the DELETE trigger cannot be passed, so the statement fails."""
    case = flow.clue()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA database_list")
        path = next(row[2] for row in cursor.fetchall() if row[1] == "main")
    other = sqlite3.connect(path, timeout=1)
    try:
        with pytest.raises(sqlite3.OperationalError, match="zhifa_flushing"):
            other.execute("DELETE FROM cases_caseevent WHERE case_id = ?", [case.pk])
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_append_only_tables(flow, frozen):
    """The test runner (transactional tests, live_server) and ``zhifa flush`` empty the whole
    database — TRUNCATE on PostgreSQL, DELETE FROM with the flush flag on SQLite — while a
    DELETE of a row stays refused before and after."""
    case = flow.filed()
    write_anchor(actor=None)
    event = case.events.first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_caseevent WHERE id = %s", [event.pk])
    call_command("flush", interactive=False, verbosity=0)
    assert not CaseEvent.objects.exists()
    assert not ChainAnchor.objects.exists()
    if connection.vendor == "sqlite":  # the flag is down again once the flush is over
        with connection.cursor() as cursor:
            cursor.execute("SELECT zhifa_flushing()")
            assert cursor.fetchone() == (0,)
