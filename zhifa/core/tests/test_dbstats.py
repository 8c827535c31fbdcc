"""The planner's statistics (issue 11): ``core.dbstats.refresh`` after bulk loads and the daily
``refresh_planner_statistics`` job."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from zhifa.core import dbstats
from zhifa.core.schedule import jobs
from zhifa.core.tasks import refresh_planner_statistics
from zhifa.org.models import OrgUnit
from zhifa.testing import factories as f

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="sqlite_stat1 and PRAGMA optimize are SQLite's"
)


def stat1() -> dict[tuple[str, str | None], str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tbl, idx, stat FROM sqlite_stat1")
        return {(tbl, idx): stat for tbl, idx, stat in cursor.fetchall()}


@sqlite_only
def test_it_gives_every_table_statistics_and_an_empty_one_the_estimate_of_one_row():
    f.bureau()
    for n in range(3):
        f.street(f"第{n}街道", f"S{n:02}")
    result = dbstats.refresh()
    stats = stat1()
    assert result["database"] == "sqlite"
    units = [stat for (tbl, _), stat in stats.items() if tbl == "org_orgunit"]
    assert units
    assert all(stat.split()[0] == str(OrgUnit.objects.count()) for stat in units)  # counted
    assert stats[("cases_evidencepreservation", None)] == "1"  # empty: not a million rows
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        tables = {row[0] for row in cursor.fetchall()}
    assert tables <= {tbl for tbl, _ in stats}
    assert result["empty_tables"] == len({t for (t, idx), s in stats.items() if s == "1"})


@sqlite_only
def test_it_plans_a_queue_of_an_empty_table_from_that_table_not_from_every_case():
    dbstats.refresh()
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN QUERY PLAN SELECT p.id FROM cases_evidencepreservation p "
            "JOIN cases_case c ON p.case_id = c.id WHERE p.approved_on IS NULL"
        )
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "SCAN p" in plan
    assert "SCAN c" not in plan


def test_the_daily_job_is_scheduled_and_refreshes_sqlite_only():
    assert any(
        job.task.name == refresh_planner_statistics.name and job.every_seconds == 24 * 3600
        for job in jobs()
    )
    result = refresh_planner_statistics.call()
    if connection.vendor == "sqlite":
        assert result["sampled"] is True
        assert any(table == "cases_case" for table, _ in stat1())
    else:
        assert result == {"database": connection.vendor, "skipped": "autovacuum analyzes"}


@pytest.mark.django_db(transaction=True)
def test_the_vacuum_after_a_bulk_load_runs_outside_a_transaction_on_postgresql_only():
    """``zhifa demo --cases N`` ends with ``dbstats.vacuum()`` once its rows committed: on
    PostgreSQL a ``VACUUM (ANALYZE)`` (the visibility map for index-only scans), which cannot
    run in a transaction; on SQLite nothing (its load ran ``ANALYZE`` already)."""
    f.bureau()
    done = dbstats.vacuum()
    assert done["database"] == connection.vendor
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with pytest.raises(RuntimeError, match="transaction"):
                dbstats.vacuum()
        else:
            assert dbstats.vacuum()["database"] == "sqlite"
