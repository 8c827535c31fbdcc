"""The bulk path (``zhifa demo --cases N``) seals every case row as ``record.append_event``
does (``head_mac``, ADR 0007): its cases verify, anchor, and a rewound one is named."""

from __future__ import annotations

import io
import random

import pytest
from django.core.management import CommandError, call_command

from zhifa.cases.anchor import write_anchor
from zhifa.cases.models import Case
from zhifa.cases.record import seal_head
from zhifa.cases.tests.test_record_tampering import _rewind
from zhifa.demo.generators import bulk
from zhifa.demo.tests.conftest import TODAY, YEAR, build_district, demo_clock

pytestmark = pytest.mark.django_db


@pytest.fixture
def bulk_year():
    with demo_clock():
        build_district()
        bulk.build_bulk(
            random.Random("sealed"), YEAR, TODAY, 120, chunk=50, progress=lambda _: None
        )
        yield


def test_bulk_rows_are_sealed_verify_and_anchor(bulk_year):
    cases = list(Case.objects.order_by("id"))
    assert len(cases) == 120
    assert all(c.head_mac == seal_head(c) for c in cases)
    anchor = write_anchor(actor=None)
    assert anchor.cases == 120
    assert anchor.flagged == []
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "校验通过：120 个案件" in out.getvalue()
    assert "1 个锚点" in out.getvalue()


def test_a_rewound_bulk_case_is_named(bulk_year):
    case = Case.objects.filter(event_count__gte=3).order_by("id").first()
    _rewind(case, case.event_count - 1)
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify", stdout=io.StringIO(), stderr=io.StringIO())
    assert case.number in str(exc.value)
    assert "链头签章不符" in str(exc.value)
