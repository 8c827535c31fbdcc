"""Several app servers (docs/scale-out.md): the settings of the pool, the read replica and the
shared sessions, and the router that sends only the portal, exports and statistics to the
replica.

The replica alias of the test suite is a TEST MIRROR of ``default`` (another connection to the
test database): a test that commits and sets ``ZHIFA_READ_REPLICA`` sees which connection each
query took."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connections, router, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from zhifa.core import scaleout
from zhifa.core.routers import read_alias, reading_from_replica
from zhifa.org.models import User
from zhifa.testing import factories as f

ROOT = Path(__file__).resolve().parents[3]
BOTH = ["default", "replica"]
PG = "postgres://zhifa:secret@db.internal:5432/zhifa"


def _settings(extra_env: dict[str, str]) -> dict:
    """The settings a process started with ``extra_env`` resolves (not the test suite's)."""
    script = (
        "import json, django, os; os.environ['DJANGO_SETTINGS_MODULE']='zhifa.settings'; "
        "django.setup(); from django.conf import settings as s; print(json.dumps({"
        "'databases': s.DATABASES, 'replica': s.ZHIFA_READ_REPLICA, "
        "'routers': s.DATABASE_ROUTERS, 'sessions': s.SESSION_ENGINE, "
        "'cache': s.CACHES['default']['BACKEND']}, default=str))"
    )
    env = {"PATH": "/usr/bin:/bin", "ZHIFA_VAR_DIR": "/tmp/zhifa-settings-test", **extra_env}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def _tables(queries: list[dict]) -> str:
    return " ".join(q["sql"] for q in queries)


# --- settings -------------------------------------------------------------------------------


def test_db_pool_replaces_persistent_connections_and_redis_shares_sessions():
    got = _settings(
        {
            "DATABASE_URL": PG,
            "DB_POOL": "1",
            "DB_POOL_MAX_SIZE": "6",
            "DATABASE_REPLICA_URL": "postgres://zhifa:secret@db-replica.internal:5432/zhifa",
            "REDIS_URL": "redis://127.0.0.1:6379/5",
        }
    )
    default, replica = got["databases"]["default"], got["databases"]["replica"]
    assert default["CONN_MAX_AGE"] == 0  # Django refuses a pool with persistent connections
    assert default["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 6, "timeout": 10}
    assert (replica["HOST"], replica["OPTIONS"]["pool"]["max_size"]) == ("db-replica.internal", 6)
    assert replica["TEST"]["MIRROR"] == "default"  # tests never create a replica database
    assert got["replica"] == "replica"
    assert got["routers"] == ["zhifa.core.routers.ReplicaRouter"]
    assert got["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert got["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_without_the_variables_one_server_keeps_its_defaults():
    got = _settings({"DATABASE_URL": PG})
    assert list(got["databases"]) == ["default"]
    assert got["databases"]["default"]["CONN_MAX_AGE"] == 300
    assert "pool" not in got["databases"]["default"].get("OPTIONS", {})
    assert (got["replica"], got["sessions"]) == ("", "django.contrib.sessions.backends.db")


def test_pool_settings_are_checked():
    sqlite = {"ENGINE": "zhifa.core.sqlite", "NAME": "x"}
    with pytest.raises(ImproperlyConfigured, match="DB_POOL=1 只适用于 PostgreSQL"):
        scaleout.use_pool(sqlite, min_size=1, max_size=4, timeout=10)
    pg: dict[str, Any] = {"ENGINE": scaleout.POSTGRES, "NAME": "zhifa", "CONN_MAX_AGE": 300}
    with pytest.raises(ImproperlyConfigured, match="DB_POOL_MIN_SIZE=5"):
        scaleout.use_pool(pg, min_size=5, max_size=4, timeout=10)
    scaleout.use_pool(pg, min_size=0, max_size=4, timeout=5)
    assert (pg["CONN_MAX_AGE"], pg["OPTIONS"]["pool"]["timeout"]) == (0, 5)


def test_a_replica_of_another_kind_of_database_is_refused():
    pg = {"ENGINE": scaleout.POSTGRES, "NAME": "zhifa"}
    with pytest.raises(ImproperlyConfigured, match="DATABASE_REPLICA_URL"):
        scaleout.replica_database(pg, "sqlite:///other.sqlite3", test=False)
    assert scaleout.replica_database(pg, None, test=False) is None
    mirror = scaleout.replica_database(pg, None, test=True)
    assert mirror is not None
    assert (mirror["NAME"], mirror["TEST"]["MIRROR"]) == ("zhifa", "default")


# --- the router -----------------------------------------------------------------------------


def test_without_a_replica_the_block_reads_the_primary(settings):
    settings.ZHIFA_READ_REPLICA = ""
    with reading_from_replica():
        assert read_alias() == "default"
    assert router.allow_migrate("default", "cases") is True
    assert router.allow_migrate("replica", "cases") is False  # migrations on the primary only


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_reads_go_to_the_replica_inside_the_block_and_writes_to_the_primary(settings):
    settings.ZHIFA_READ_REPLICA = "replica"
    user = f.UserFactory(username="zhang")
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        assert User.objects.filter(pk=user.pk).exists()  # outside: the primary
        assert (len(primary), len(replica)) == (1, 0)
        with reading_from_replica():
            assert User.objects.get(pk=user.pk).username == "zhang"  # the replica
            assert (len(primary), len(replica)) == (1, 1)
            User.objects.filter(pk=user.pk).update(name="张三")  # a write: the primary
            assert (len(primary), len(replica)) == (2, 1)
            with transaction.atomic():  # inside a transaction: read your own writes
                assert User.objects.get(pk=user.pk).name == "张三"
            assert len(replica) == 1
        assert User.objects.get(pk=user.pk).name == "张三"
    assert len(replica) == 1


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_portal_and_its_api_read_the_replica_and_staff_pages_the_primary(settings, handler):
    settings.ZHIFA_READ_REPLICA = "replica"
    public = Client()
    staff = Client()
    staff.force_login(handler.user)
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        for path in ("/gongshi/", "/gongshi/jueding/?q=鑫源建筑", "/gongshi/tongji/"):
            assert public.get(path).status_code == 200, path
        assert public.get("/api/v1/public/decisions?q=鑫源").status_code == 200
        portal_reads = _tables(replica.captured_queries)
        assert "disclosure_publication" in portal_reads
        assert "disclosure_publication" not in _tables(primary.captured_queries)
        seen = len(replica)
        assert staff.get("/notifications/").status_code == 200
        assert len(replica) == seen  # a signed-in page never reads the replica
        assert "core_notification" in _tables(primary.captured_queries)


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_case_export_reads_the_replica(settings, tmp_path):
    settings.ZHIFA_READ_REPLICA = "replica"
    out = tmp_path / "cases.jsonl"
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        call_command("export", "cases", "--format", "jsonl", "--out", str(out))
    assert out.exists()
    assert 'FROM "cases_case"' in _tables(replica.captured_queries)
    assert 'FROM "cases_case"' not in _tables(primary.captured_queries)
