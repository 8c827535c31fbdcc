"""Writing the bulk year: raw ``executemany`` on SQLite, ``COPY … FROM STDIN`` on PostgreSQL.

Django's ``bulk_create`` manages ~13 k rows/s here, raw ``executemany`` ~250 k (stack.md): the
ORM's SQL compilation dominates. Ids are handed out by the generator (from the current maximum),
so children can point at their parents before anything is written; on PostgreSQL the identity
sequences are moved past them afterwards.

For a large load (``suspend``), the secondary indexes of these tables — and on PostgreSQL their
foreign keys — are dropped first and re-created at the end from the definitions the database
reported, in the same transaction: building an index once is far cheaper than maintaining it
row by row, and re-adding a foreign key validates every row in one pass. Primary keys, unique
constraints (case and decision numbers, one sequence number per event) and the append-only
triggers (which refuse UPDATE/DELETE only) stay in force throughout; if anything fails the
transaction rolls back with the definitions untouched.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection
from psycopg.types.json import Jsonb

Row = tuple[Any, ...]
JSONB_OID = 3802


def _as_is(text: str) -> str:
    return text


def _names(columns: tuple[str, ...]) -> str:
    """The column list, quoted (``on`` is a keyword)."""
    return ", ".join(f'"{c}"' for c in columns)


# Parents first: every foreign key points at a row written before it (or in an earlier chunk).
TABLES: dict[str, tuple[str, ...]] = {
    "cases_case": (
        "id", "number", "procedure", "status", "version", "source", "violation_item_id",
        "category", "party_id", "party_kind", "street_id", "handling_unit_id", "place",
        "latitude", "longitude", "facts", "act_on", "act_ended_on", "continuing",
        "extended_limitation", "found_on", "filed_on", "major_public_interest", "complex_case",
        "requires_legal_review", "requires_collective_discussion", "hearing_offered",
        "legal_review_done", "collective_discussion_done", "hearing_held", "outcome",
        "decided_on", "fine", "served_on", "payment_due", "paid", "surcharge",
        "decision_revoked", "closed_on", "closing_reason", "archived_on", "event_count",
        "chain_head_sm3", "chain_head_sha256", "created_at", "created_by_id", "head_mac",
        "search_text",
    ),
    "cases_casehandler": (
        "id", "case_id", "officer_id", "role", "assigned_on", "recused_on", "recusal_reason",
    ),
    "cases_caseevent": (
        "id", "case_id", "seq", "kind", "actor_id", "occurred_at", "place", "latitude",
        "longitude", "payload", "corrects_id", "prev_sm3", "digest_sm3", "digest_sha256",
    ),
    "cases_proposal": (
        "id", "case_id", "submitted_on", "author_id", "findings", "outcome",
        "no_penalty_reason", "transfer_to", "penalty_kinds", "fine", "discretion_level", "base",
        "out_of_band_reason", "out_of_band", "serious_facts",
    ),
    "cases_priornotice": (
        "id", "case_id", "proposal_id", "served_on", "intended_fine", "intended_kinds",
        "statement_due", "hearing_offered", "hearing_request_due", "statement_waived_on",
    ),
    "cases_statement": (
        "id", "case_id", "notice_id", "received_on", "content", "adopted", "response",
    ),
    "cases_legalreview": (
        "id", "case_id", "submitted_on", "reviewer_id", "decided_on", "outcome", "opinion",
        "reasons", "checklist",
    ),
    "cases_collectivediscussion": (
        "id", "case_id", "held_on", "chair_id", "attendees", "conclusion", "agreed_outcome",
        "agreed_fine",
    ),
    "cases_collectivediscussion_attendee_officers": (
        "id", "collectivediscussion_id", "officer_id",
    ),
    "cases_decision": (
        "id", "case_id", "number", "decided_on", "decided_by_id", "outcome",
        "no_penalty_reason", "transfer_to", "penalty_kinds", "fine", "on_the_spot",
        "collected_on_spot", "education_given", "remedy_notice", "replaces_id",
        "filed_with_bureau_on", "serious_facts", "discretion_level",
    ),
    "performance_payment": (
        "id", "case_id", "paid_on", "amount", "principal", "surcharge", "channel", "reference",
        "recorded_by_id", "handed_over_on",
    ),
    "cases_casedeadline": (
        "id", "case_id", "kind", "started_on", "due_on", "provisional", "met_on", "cancelled",
        "missed_recorded_at", "reminded_at", "street_id",
    ),
    "performance_reminder": (
        "id", "case_id", "issued_on", "served_on", "fine_owed", "surcharge_owed", "wait_until",
    ),
    "performance_courtapplication": (
        "id", "case_id", "applied_on", "court", "window_ends_on", "stage", "court_case_number",
        "accepted_on", "ruled_on", "ended_on", "note",
    ),
    # the disclosure job's rows for each penalty decision (generators.bulk_disclosure)
    "disclosure_publication": (
        "id", "decision_id", "case_id", "party_id", "number", "violation_code",
        "violation_name", "facts_brief", "violated_provision", "penalty_provision",
        "penalty_kinds", "penalty_content", "fine", "decided_on", "agency", "category",
        "street_id", "street_name", "procedure", "party_kind", "party_name", "party_code",
        "status", "published_on", "withdrawn_on", "withdraw_reason", "replacement_number",
        "display_until", "severity", "due_on", "published_late", "withdraw_due",
        "withdrawn_late", "repair_from", "ended_on", "skip_reason", "search_text", "created_at",
    ),
    "disclosure_publicationevent": (
        "id", "publication_id", "kind", "on", "at", "actor_id", "due_on", "late", "note",
    ),
}  # fmt: skip


class Writer:
    """Rows into the tables of ``TABLES`` through the default connection, inside the caller's
    transaction."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.written = dict.fromkeys(TABLES, 0)
        self._types: dict[str, list[int]] = {}
        with connection.cursor() as cursor:
            if self.postgres:
                # Check foreign keys row by row instead of queueing millions of deferred checks
                # until COMMIT (Django creates them DEFERRABLE INITIALLY DEFERRED).
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            else:
                cursor.execute("PRAGMA cache_size = -400000")  # ~400 MB page cache, this connection

    def suspend(self) -> None:
        """Drop the secondary indexes (and PostgreSQL foreign keys) of the bulk tables."""
        self.suspended: list[str] = []
        with connection.cursor() as cursor:
            for table in TABLES:
                for drop, create in self._secondary(cursor, table):
                    cursor.execute(drop)
                    self.suspended.append(create)

    def _secondary(self, cursor: Any, table: str) -> list[tuple[str, str]]:
        if not self.postgres:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s"
                " AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'",
                [table],
            )
            return [(f'DROP INDEX "{name}"', sql) for name, sql in cursor.fetchall()]
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s"
            " AND indexdef NOT LIKE 'CREATE UNIQUE%%'",
            [table],
        )
        indexes = [(f'DROP INDEX "{name}"', sql) for name, sql in cursor.fetchall()]
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        keys = [
            (f'ALTER TABLE {table} DROP CONSTRAINT "{name}"',
             f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            for name, definition in cursor.fetchall()
        ]  # fmt: skip
        return indexes + keys

    def restore(self) -> None:
        """Re-create what ``suspend`` dropped (foreign keys re-validate every row)."""
        with connection.cursor() as cursor:
            for create in getattr(self, "suspended", []):
                cursor.execute(create)
            if self.postgres:
                for table in TABLES:
                    cursor.execute(f"ANALYZE {table}")
        self.suspended = []

    def next_ids(self) -> dict[str, int]:
        """The first free id of every table."""
        ids = {}
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
                ids[table] = cursor.fetchone()[0] + 1
        return ids

    def write(self, table: str, rows: list[Row]) -> None:
        if not rows:
            return
        columns = TABLES[table]
        with connection.cursor() as cursor:
            if self.postgres:
                self._copy(cursor.cursor, table, columns, rows)
            else:
                marks = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {table} ({_names(columns)}) VALUES ({marks})"
                cursor.executemany(sql, rows)
        self.written[table] += len(rows)

    def _copy(self, cursor: Any, table: str, columns: tuple[str, ...], rows: Iterable[Row]) -> None:
        """Binary COPY: the server parses no text (≈30 % faster than text COPY here). JSON
        columns arrive as JSON text already; ``Jsonb(text, dumps=_as_is)`` sends it as is."""
        if table not in self._types:
            cursor.execute(
                "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass",
                [table],
            )
            oids = dict(cursor.fetchall())
            self._types[table] = [oids[c] for c in columns]
        types = self._types[table]
        json_at = [i for i, oid in enumerate(types) if oid == JSONB_OID]
        sql = f"COPY {table} ({_names(columns)}) FROM STDIN (FORMAT BINARY)"
        with cursor.copy(sql) as copy:
            copy.set_types(types)
            for row in rows:
                if json_at:
                    values = list(row)
                    for i in json_at:
                        values[i] = Jsonb(values[i], dumps=_as_is)
                    row = tuple(values)
                copy.write_row(row)

    def finish(self) -> None:
        """Move PostgreSQL's identity sequences past the ids written (SQLite's AUTOINCREMENT
        follows explicit ids by itself)."""
        if not self.postgres:
            return
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                    f"GREATEST((SELECT MAX(id) FROM {table}), 1))",
                    [table],
                )
