"""Searching for continuous text — "鑫源" in 示范市鑫源建筑工程有限公司 — through an index, on both
databases (ADR 0014).

Chinese has no spaces between words, and most searches are two characters long, too short for a
trigram index (pg_trgm and SQLite's FTS5 trigram tokenizer both need three to use their index).
So each searchable row keeps its text as a string of **bigram tokens**, ``search_text``: every
run of letters and digits (NFKC, case-folded) becomes its overlapping pairs, then its last
character alone — 示范市鑫源 → "示范 范市 市鑫 鑫源 源". A word search is a **phrase** of the word's
pairs: consecutive tokens are consecutive characters, so the phrase "鑫源 源建" matches exactly
the texts that contain 鑫源建. One character is a prefix query ("鑫*": the pairs that start with it,
and the run's last character). Punctuation and spaces separate runs; a query of several runs
asks for each of them (AND).

The index:

- PostgreSQL: a GIN index on ``to_tsvector('simple', search_text)``; the query is a tsquery of
  phrases (``'鑫源' <-> '源建'``). The parser keeps CJK tokens whole (checked on 15 in the
  "C" and "C.UTF-8" locales; ``zhifa/core/tests/test_textsearch.py`` on the test database).
- SQLite: an FTS5 table ``<table>_fts`` (unicode61 tokenizer, external content: it stores the
  index only) kept by triggers on insert, update and delete; the query is ``rowid IN (SELECT
  rowid FROM <table>_fts WHERE <table>_fts MATCH '"鑫源 源建"')``.

A model opts in with a ``search_text`` field, ``SEARCH_FIELDS`` (the attributes whose text is
indexed) and ``textsearch.fill`` in its ``save``; a migration adds the index with
``CreateSearchIndex(table)`` after filling the column (``backfill``). Bulk writers call
``tokens`` themselves.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.db import connection, connections, router
from django.db.migrations.operations.base import Operation
from django.db.models import BooleanField, Model, Q
from django.db.models.expressions import RawSQL

_RUN = re.compile(r"[^\W_]+")
MAX_QUERY_RUNS = 8  # a query of more runs is cut: enough for any name, bounded for the index


def runs(text: str) -> list[str]:
    """The runs of letters and digits of ``text``, normalised (NFKC, case-folded)."""
    return _RUN.findall(unicodedata.normalize("NFKC", text or "").casefold())


def tokens(*texts: str | None) -> str:
    """The bigram tokens of ``texts`` (what ``search_text`` holds)."""
    out: list[str] = []
    for text in texts:
        for run in runs(text or ""):
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
            out.append(run[-1])
    return " ".join(out)


def fill(obj: Model, update_fields: Iterable[str] | None) -> Iterable[str] | None:
    """Set ``obj.search_text`` from its ``SEARCH_FIELDS``; returns ``update_fields`` with
    ``search_text`` added when one of the fields is being saved (for ``save(update_fields=…)``)."""
    names: tuple[str, ...] = type(obj).SEARCH_FIELDS  # type: ignore[attr-defined]
    obj.search_text = tokens(*(str(getattr(obj, n) or "") for n in names))  # type: ignore[attr-defined]
    if update_fields is None:
        return None
    fields = set(update_fields)
    if fields & set(names):
        fields.add("search_text")
    return fields


def _pg_query(parts: list[str]) -> str:
    phrases = []
    for run in parts:
        if len(run) == 1:
            phrases.append(f"'{run}':*")
        else:
            phrases.append(" <-> ".join(f"'{run[i : i + 2]}'" for i in range(len(run) - 1)))
    return " & ".join(f"({p})" for p in phrases)


def _fts_query(parts: list[str]) -> str:
    phrases = []
    for run in parts:
        if len(run) == 1:
            phrases.append(f'"{run}"*')
        else:
            phrases.append('"' + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + '"')
    return " AND ".join(phrases)


def _match(table: str, parts: list[str], vendor: str) -> tuple[str, list[str]]:
    """(SQL selecting the ids of ``table`` whose text matches, its parameters)."""
    if vendor == "postgresql":
        sql = (
            f'SELECT "id" FROM "{table}" '
            "WHERE to_tsvector('simple', \"search_text\") @@ to_tsquery('simple', %s)"
        )
        return sql, [_pg_query(parts)]
    return f'SELECT rowid FROM "{table}_fts" WHERE "{table}_fts" MATCH %s', [_fts_query(parts)]


def ids_sql(
    model: type[Model], q: str, *, vendor: str | None = None
) -> tuple[str, list[str]] | None:
    """SQL selecting the ids of ``model``'s rows whose text contains ``q`` (through the index),
    or None when ``q`` has no letter or digit (then there is nothing to search for). Tokens
    are letters and digits only, so the query strings need no escaping beyond their quotes."""
    parts = runs(q)[:MAX_QUERY_RUNS]
    if not parts:
        return None
    return _match(model._meta.db_table, parts, vendor or connection.vendor)


def condition(model: type[Model], q: str, *, vendor: str | None = None) -> Q | None:
    """The indexed condition "``model``'s text contains ``q``" (or None, as ``ids_sql``): on
    PostgreSQL the indexed expression itself on the row (a bitmap scan of the GIN index that a
    LIMIT can stop early), on SQLite ``id IN`` the FTS5 table's matches."""
    parts = runs(q)[:MAX_QUERY_RUNS]
    if not parts:
        return None
    table = model._meta.db_table
    if (vendor or connection.vendor) == "postgresql":
        sql = f"to_tsvector('simple', \"{table}\".\"search_text\") @@ to_tsquery('simple', %s)"
        return Q(RawSQL(sql, [_pg_query(parts)], output_field=BooleanField()))
    sql, params = _match(table, parts, "sqlite")
    return Q(pk__in=RawSQL(sql, params))


def row_test(column: str, q: str) -> tuple[str, list[str]] | None:
    """SQL testing the token string ``column`` (an SQL expression) against ``q`` as text, with
    its parameters, or None (as ``ids_sql``): ``' 有限 限公 公司 '`` inside ``' ' || column ||
    ' '``, a one-character run as a token's first character. It matches exactly what the
    index's phrase matches — the tokens are the same letters and digits, one space apart, in
    the same order — at the cost of a substring test (PostgreSQL: about 20× cheaper than
    parsing the row's tsvector, measured on a million publications)."""
    parts = runs(q)[:MAX_QUERY_RUNS]
    if not parts:
        return None
    padded = f"(' ' || {column} || ' ')"
    patterns = []
    for run in parts:
        if len(run) == 1:
            patterns.append(f"% {run}%")
        else:
            patterns.append("% " + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + " %")
    return " AND ".join([f"{padded} LIKE %s"] * len(patterns)), patterns


def row_condition(model: type[Model], q: str) -> Q | None:
    """The same match tested on each row a query walks, for a walk that stops after a page —
    where ``condition`` would first list every match of a common word (300 ms for 100,000 of a
    million rows): ``row_test`` on the row's ``search_text``. No index holds that expression,
    so the planner walks the page's own index and tests each row, instead of a bitmap of every
    match sorted afterwards. The same SQL on both databases."""
    found = row_test(f'"{model._meta.db_table}"."search_text"', q)
    if found is None:
        return None
    sql, params = found
    return Q(RawSQL(sql, params, output_field=BooleanField()))


def matching_ids(model: type[Model], q: str, limit: int) -> list[int] | None:
    """The ids of ``model``'s rows that contain ``q`` if there are at most ``limit``, else None
    — reading at most ``limit`` + 1 of the index's matches (SQLite: the FTS5 table's rowids
    stream; PostgreSQL: the GIN index's). A common word is then searched by a walk
    (``row_condition``); a rare one by these ids, the index read once."""
    found = ids_sql(model, q)
    if found is None:
        return []
    sql, params = found
    # the connection this model's reads go to (the portal's: the replica, core.routers)
    with connections[router.db_for_read(model)].cursor() as cursor:
        cursor.execute(f"{sql} LIMIT {int(limit) + 1}", params)
        ids = [int(row[0]) for row in cursor.fetchall()]
    return ids if len(ids) <= limit else None


def contains(q: str, text: str) -> bool:
    """What ``condition`` matches, in Python (for rows already in memory)."""
    have = " " + tokens(text) + " "
    for run in runs(q)[:MAX_QUERY_RUNS]:
        if len(run) == 1:
            if f" {run}" not in have:
                return False
        elif " " + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + " " not in have:
            return False
    return True


# --- the index, created by a migration ------------------------------------------------------


def _sqlite_sql(table: str) -> list[str]:
    fts = f"{table}_fts"
    delete = (
        f'INSERT INTO "{fts}"("{fts}", rowid, search_text) VALUES(\'delete\', old.id, '
        "old.search_text);"
    )
    insert = f'INSERT INTO "{fts}"(rowid, search_text) VALUES (new.id, new.search_text);'
    return [
        f"CREATE VIRTUAL TABLE \"{fts}\" USING fts5(search_text, content='{table}', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
        f'CREATE TRIGGER "{fts}_ai" AFTER INSERT ON "{table}" BEGIN {insert} END',
        f'CREATE TRIGGER "{fts}_ad" AFTER DELETE ON "{table}" BEGIN {delete} END',
        f'CREATE TRIGGER "{fts}_au" AFTER UPDATE OF search_text ON "{table}" '
        f"BEGIN {delete} {insert} END",
        f'INSERT INTO "{fts}"("{fts}") VALUES(\'rebuild\')',
    ]


def _postgres_sql(table: str) -> list[str]:
    return [
        f'CREATE INDEX "{table}_search" ON "{table}" '
        f"USING gin (to_tsvector('simple', search_text))"
    ]


class CreateSearchIndex(Operation):
    """The text index of ``table`` (its ``search_text`` column filled before)."""

    reversible = True

    def __init__(self, table: str) -> None:
        self.table = table

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass  # no model state: the index lives beside the table

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        vendor = schema_editor.connection.vendor
        for sql in _postgres_sql(self.table) if vendor == "postgresql" else _sqlite_sql(self.table):
            schema_editor.execute(sql)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{self.table}_search"')
            return
        fts = f"{self.table}_fts"
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{fts}_{suffix}"')
        schema_editor.execute(f'DROP TABLE IF EXISTS "{fts}"')

    def describe(self) -> str:
        return f"Text search index on {self.table}"

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__qualname__, [self.table], {})


def backfill(model_label: str, fields: tuple[str, ...]) -> Any:
    """A RunPython function filling ``search_text`` of every existing row, in chunks."""

    def run(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(model_label)
        rows = model.objects.order_by("pk").values_list("pk", *fields)
        batch: list[Any] = []
        for row in rows.iterator(chunk_size=2000):
            obj = model(pk=row[0], search_text=tokens(*(str(v or "") for v in row[1:])))
            batch.append(obj)
            if len(batch) >= 2000:
                model.objects.bulk_update(batch, ["search_text"])
                batch = []
        if batch:
            model.objects.bulk_update(batch, ["search_text"])

    return run
