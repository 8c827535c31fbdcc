"""Background jobs go through the database (django-tasks-db) and ``zhifa db_worker`` runs them:
the deployment path, not only the immediate backend the other tests use."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _zhifa(env, *args):
    return subprocess.run(
        [sys.executable, "-m", "zhifa.manage", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_scheduler_enqueues_into_the_database_and_the_worker_runs_it(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "ZHIFA_VAR_DIR": str(tmp_path), "ZHIFA_ENV": "development"}
    assert _zhifa(env, "migrate", "-v0").returncode == 0
    enqueued = _zhifa(env, "scheduler", "--once")
    assert enqueued.returncode == 0, enqueued.stderr
    assert "remind_expiring_certificates" in enqueued.stdout
    assert "scan_deadlines" in enqueued.stdout
    count = _zhifa(
        env,
        "shell",
        "-c",
        "from django_tasks_db.models import DBTaskResult as R; "
        "print(R.objects.count(), R.objects.filter(status='SUCCESSFUL').count())",
    )
    total, done = map(int, count.stdout.split()[-2:])
    assert (total, done) == (len(enqueued.stdout.splitlines()), 0)
    worked = _zhifa(env, "db_worker", "--batch", "--queue-name", "*", "--no-startup-delay")
    assert worked.returncode == 0, worked.stderr
    count = _zhifa(
        env,
        "shell",
        "-c",
        "from django_tasks_db.models import DBTaskResult as R; "
        "print(R.objects.count(), R.objects.filter(status='SUCCESSFUL').count())",
    )
    assert list(map(int, count.stdout.split()[-2:])) == [total, total]
