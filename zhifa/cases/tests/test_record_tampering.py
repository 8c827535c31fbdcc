"""The full-process record (Art 47) cannot be changed through the application or, on
PostgreSQL, through SQL; and whatever is changed behind its back — a payload edited, an event
deleted, two events swapped, an evidence file altered — ``zhifa audit verify`` finds and names."""

import io
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from zhifa.cases import actions
from zhifa.cases.models import CaseEvent, EvidenceFile
from zhifa.cases.models.events import ImmutableRecord
from zhifa.cases.record import Upload

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"evidence-photo" * 20


@pytest.fixture
def case(flow, frozen, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = flow.filed()
    actions.add_evidence(
        case,
        actor=flow.handler.user,
        kind="audio_visual",
        uploads=[Upload(io.BytesIO(PNG), "现场照片.png", "audio_visual")],
        description="挖掘现场",
    )
    actions.submit_report(
        case,
        actor=flow.handler.user,
        findings="擅自挖掘",
        outcome="penalty",
        fine=flow.fine,
        penalty_kinds=["fine"],
        discretion_level="general",
        on=flow.day + timedelta(days=7),
    )
    case.refresh_from_db()
    return case


@contextmanager
def behind_the_applications_back():
    """What an attacker with database access would do: switch the guards off."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")  # superuser only
        else:
            cursor.execute("DROP TRIGGER cases_caseevent_no_update")
        try:
            yield cursor
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL session_replication_role = origin")


def _verify(case):
    out, err = io.StringIO(), io.StringIO()
    call_command("audit", "verify", "--case", case.number, stdout=out, stderr=err)
    return out.getvalue()


def _broken(case) -> str:
    with pytest.raises(CommandError) as exc:
        _verify(case)
    return str(exc.value)


def test_an_intact_case_verifies(case):
    assert "校验通过" in _verify(case)
    assert f"{case.event_count} 条记录" in _verify(case)


def test_an_edited_payload_is_found(case):
    event = case.events.get(kind="submit_report")
    with behind_the_applications_back() as cursor:
        cursor.execute(
            "UPDATE cases_caseevent SET payload = %s WHERE id = %s",
            ['{"findings": "无违法行为"}', event.pk],
        )
    message = _broken(case)
    assert case.number in message
    assert f"第 {event.seq} 条记录" in message
    assert "被修改" in message


def test_a_deleted_event_in_the_middle_is_found(case):
    event = case.events.get(kind="approve_filing")
    with behind_the_applications_back() as cursor:
        cursor.execute("DELETE FROM cases_caseevent WHERE id = %s", [event.pk])
    message = _broken(case)
    assert f"第 {event.seq} 条记录" in message
    assert "序号不连续" in message


def test_a_deleted_last_event_is_found(case):
    last = case.events.order_by("-seq").first()
    with behind_the_applications_back() as cursor:
        cursor.execute("DELETE FROM cases_caseevent WHERE id = %s", [last.pk])
    assert "末尾记录被删除" in _broken(case)


def test_two_swapped_events_are_found(case):
    a, b = case.events.filter(seq__in=[2, 3]).order_by("seq")
    with behind_the_applications_back() as cursor:
        cursor.execute("UPDATE cases_caseevent SET seq = 1000 WHERE id = %s", [a.pk])
        cursor.execute("UPDATE cases_caseevent SET seq = 2 WHERE id = %s", [b.pk])
        cursor.execute("UPDATE cases_caseevent SET seq = 3 WHERE id = %s", [a.pk])
    message = _broken(case)
    assert "第 2 条记录" in message
    assert "不衔接" in message


def test_a_changed_evidence_file_is_found(case):
    evidence = EvidenceFile.objects.get(case=case)
    path = default_storage.path(evidence.file.name)
    with open(path, "r+b") as fh:
        fh.seek(20)
        fh.write(b"X")
    message = _broken(case)
    assert "现场照片.png" in message
    assert "已被改动" in message
    assert f"第 {evidence.event.seq} 条记录" in message


def test_a_missing_evidence_file_is_found(case):
    evidence = EvidenceFile.objects.get(case=case)
    default_storage.delete(evidence.file.name)
    assert "缺失" in _broken(case)


def test_all_cases_are_checked_without_case_option(case, flow):
    flow.clue()
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "2 个案件" in out.getvalue()


def test_the_application_refuses_to_change_or_delete_an_event(case):
    event = case.events.first()
    event.payload = {"x": 1}
    with pytest.raises(ImmutableRecord):
        event.save()
    with pytest.raises(ImmutableRecord):
        event.delete()
    with pytest.raises(ImmutableRecord):
        CaseEvent.objects.filter(case=case).update(kind="x")
    with pytest.raises(ImmutableRecord):
        CaseEvent.objects.filter(case=case).delete()


def test_the_database_refuses_to_change_an_event(case):
    event = case.events.first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE cases_caseevent SET kind = 'x' WHERE id = %s", [event.pk])


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_refuses_to_delete_an_event(case):
    event = case.events.first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_caseevent WHERE id = %s", [event.pk])


def test_a_correction_is_a_new_event(case, flow):
    original = case.events.get(kind="add_evidence")
    correction = actions.add_evidence(
        case,
        actor=flow.handler.user,
        kind="audio_visual",
        description="更正：照片拍摄于人民路12号东侧",
        corrects=original,
    )
    assert correction.kind == "correct_evidence"
    assert correction.payload["corrects_seq"] == original.seq
    assert CaseEvent.objects.get(pk=original.pk).payload == original.payload
    assert "校验通过" in _verify(case)
