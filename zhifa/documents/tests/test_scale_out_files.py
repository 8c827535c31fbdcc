"""Several servers (docs/scale-out.md): the documents a step reserves are rendered by the
background worker (the ``documents`` queue of ``zhifa db_worker``), not in the request; evidence
and rendered documents live in S3-compatible storage (a moto S3 server on 127.0.0.1 here), where
the audit re-reads them."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from django.db import connection
from moto.server import ThreadedMotoServer

from zhifa.cases import actions as case_actions
from zhifa.cases.audit import verify_case
from zhifa.cases.chain import digest_stream
from zhifa.cases.models import EvidenceFile
from zhifa.cases.record import Upload
from zhifa.documents import actions
from zhifa.documents.choices import DocumentKind as K
from zhifa.documents.models import Document
from zhifa.documents.tests.conftest import PHOTO, day, pdf_text, stored

pytestmark = pytest.mark.django_db
BUCKET = "zhifa-evidence"
ROOT = Path(__file__).resolve().parents[3]


def _database_url() -> str:
    """The test database, for a worker process of its own (the test commits its rows)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.mark.django_db(transaction=True)
def test_a_steps_documents_are_rendered_by_the_worker(flow, frozen, settings, tmp_path):
    """The request commits the step and enqueues the render; ``zhifa db_worker`` (another
    process, as in production) renders it."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }
    case = flow.decided()
    decision = Document.objects.get(case=case, kind=K.PENALTY_DECISION)
    assert decision.render_state == "pending"  # the step only enqueued it
    queued = DBTaskResult.objects.filter(queue_name="documents", status="READY")
    assert all(r.task_path.endswith("tasks.render_documents") for r in queued)
    assert any(decision.pk in r.args_kwargs["args"][0] for r in queued)

    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "ZHIFA_VAR_DIR": str(tmp_path),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "ZHIFA_ENV": "development",
        "DATABASE_URL": _database_url(),
    }
    command = ["db_worker", "--batch", "--queue-name", "documents", "--no-startup-delay"]
    worker = subprocess.run(
        [sys.executable, "-m", "zhifa.manage", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert worker.returncode == 0, worker.stderr
    decision = Document.objects.get(pk=decision.pk)
    assert decision.render_state == "rendered"
    assert "行政处罚决定书" in pdf_text(stored(decision))
    assert not DBTaskResult.objects.filter(queue_name="documents").exclude(status="SUCCESSFUL")
    case.refresh_from_db()
    assert verify_case(case) is None


@pytest.fixture
def s3(settings) -> Iterator[object]:
    """A moto S3 server on a free port of 127.0.0.1 and the default storage in its bucket."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    keys = {"aws_access_key_id": "zhifa-test", "aws_secret_access_key": "zhifa-test-secret"}
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **keys)
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "access_key": keys["aws_access_key_id"],
                "secret_key": keys["aws_secret_access_key"],
                "region_name": "us-east-1",
                "addressing_style": "path",
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    try:
        yield client
    finally:
        server.stop()


def _object(client, key: str) -> bytes:
    return client.get_object(Bucket=BUCKET, Key=key)["Body"].read()


def test_evidence_and_documents_are_stored_in_s3_and_audited_from_there(s3, flow, frozen):
    case = flow.filed()
    kind = "inspection_record"
    photo = Upload(io.BytesIO(PHOTO), "现场.png", kind, "挖开的人行道", "image/png")
    case_actions.add_evidence(case, actor=flow.handler.user, kind=kind, uploads=[photo])
    file = EvidenceFile.objects.get(case=case, name="现场.png")
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert str(file.file.name) in keys  # content-addressed: evidence/<sha[:2]>/<sha256>.png
    assert _object(s3, str(file.file.name)) == PHOTO
    digests, _ = digest_stream(io.BytesIO(PHOTO))
    assert (file.sm3, file.sha256) == (digests.sm3, digests.sha256)

    order = actions.issue_document(case, K.CORRECTION_ORDER, actor=flow.handler.user, on=day(1))
    assert order.render_state == "rendered"
    pdf_key = str(order.pdf.name)
    assert pdf_key in [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert _object(s3, pdf_key) == stored(order)
    assert order.number in pdf_text(stored(order))

    case.refresh_from_db()
    assert verify_case(case) is None  # the audit re-read every file from the bucket
    s3.put_object(Bucket=BUCKET, Key=str(file.file.name), Body=b"a different photo")
    broken = verify_case(case)
    assert broken is not None
