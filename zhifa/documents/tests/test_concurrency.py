"""Many documents issued at the same moment: 文号 stay gapless and unique. Real threads with
their own database connections, on SQLite (WAL, BEGIN IMMEDIATE) and PostgreSQL (the sequence
row is locked by its UPDATE until the issuing transaction commits)."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection

from zhifa.cases.audit import verify_case
from zhifa.documents import actions
from zhifa.documents.choices import DocumentKind as K
from zhifa.documents.models import Document
from zhifa.documents.tests.conftest import day

pytestmark = pytest.mark.django_db(transaction=True)


def _race(calls):
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        try:
            barrier.wait()
            results.append(call())
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    return results, errors


def test_twenty_documents_issued_at_once_are_numbered_1_to_20(flow):
    """Four cases, five handlers' clicks each, all at the same moment."""
    cases = [flow.filed() for _ in range(4)]
    user = flow.handler.user
    calls = [
        (lambda c=case: actions.issue_document(c, K.CORRECTION_ORDER, actor=user, on=day(1)))
        for case in cases
        for _ in range(5)
    ]
    results, errors = _race(calls)
    assert errors == []
    numbers = sorted(int(re.search(r"第(\d+)号", d.number).group(1)) for d in results)
    assert numbers == list(range(1, 21))
    orders = Document.objects.filter(kind=K.CORRECTION_ORDER)
    assert orders.count() == 20
    assert len(set(orders.values_list("verify_code", flat=True))) == 20
    assert all(d.render_state == "rendered" for d in orders.prefetch_related("renders"))
    for case in cases:
        case.refresh_from_db()
        assert verify_case(case) is None
