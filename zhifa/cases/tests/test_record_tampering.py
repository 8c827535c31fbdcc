"""The full-process record (行政处罚法 Art 47) cannot be changed through the application or
through SQL; and whatever is changed behind its back — a payload edited, an event deleted, two
events swapped, an evidence file altered, the last events deleted and the case row set back
(with or without an old seal) — ``zhifa audit verify`` finds and names (ADR 0007)."""

import io
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from zhifa.cases import actions
from zhifa.cases.anchor import write_anchor
from zhifa.cases.models import Case, CaseEvent, EvidenceFile
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
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            for (trigger,) in cursor.fetchall():  # rolled back with the test's transaction
                cursor.execute(f"DROP TRIGGER {trigger}")
        try:
            yield cursor
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL session_replication_role = origin")


def _references() -> list[tuple[str, str]]:
    """(table, column) of every nullable foreign key to an event outside the record itself."""
    return [
        (model._meta.db_table, f.column)
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if getattr(f, "many_to_one", False)
        and f.related_model is CaseEvent
        and f.null
        and not f.auto_created
    ]


def _delete_events(cursor, where: str, params: list) -> None:
    """Delete events — and, as someone doing it would have to, the evidence rows that hang on
    them and the other rows' pointers to them."""
    events = f"(SELECT id FROM cases_caseevent WHERE {where})"
    for table, column in _references():
        cursor.execute(f"UPDATE {table} SET {column} = NULL WHERE {column} IN {events}", params)
    cursor.execute(f"DELETE FROM cases_evidencefile WHERE event_id IN {events}", params)
    cursor.execute(f"DELETE FROM cases_caseevent WHERE {where}", params)


def _cut_tail(cursor, case, keep: int) -> None:
    """Delete the case's events after ``keep``."""
    _delete_events(cursor, "case_id = %s AND seq > %s", [case.pk, keep])


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
        _delete_events(cursor, "id = %s", [event.pk])
    message = _broken(case)
    assert f"第 {event.seq} 条记录" in message
    assert "序号不连续" in message


def test_a_deleted_last_event_is_found(case):
    with behind_the_applications_back() as cursor:
        _cut_tail(cursor, case, case.event_count - 1)
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


@pytest.mark.parametrize("table", ["cases_caseevent", "cases_evidencefile"])
def test_the_database_refuses_to_delete_a_record_row(case, table):
    """PostgreSQL since migration 0002, SQLite since 0004 (行政处罚法 Art 47)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {table} WHERE case_id = %s", [case.pk])
        (pk,) = cursor.fetchone()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [pk])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE id = %s", [pk])
        assert cursor.fetchone() == (1,)


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


# --- The record cannot lose its tail (ADR 0007) ---------------------------------------------


def _rewind(case, keep: int, *, head_mac: str | None = None) -> None:
    """Delete every event after ``keep`` and set the case row back to a chain that is
    consistent with itself — what someone with database access but without the key can do."""
    kept = case.events.get(seq=keep)
    with behind_the_applications_back() as cursor:
        _cut_tail(cursor, case, keep)
        cursor.execute(
            "UPDATE cases_case SET event_count = %s, chain_head_sm3 = %s, chain_head_sha256 = %s"
            + (", head_mac = %s" if head_mac is not None else "")
            + " WHERE id = %s",
            [keep, kept.digest_sm3, kept.digest_sha256]
            + ([head_mac] if head_mac is not None else [])
            + [case.pk],
        )


def _sealed_row(case) -> tuple:
    return (
        Case.objects.filter(pk=case.pk)
        .values_list("event_count", "chain_head_sm3", "chain_head_sha256", "head_mac")
        .get()
    )


def _put_back(case, row: tuple) -> None:
    count, sm3, sha, mac = row
    with behind_the_applications_back() as cursor:
        _cut_tail(cursor, case, count)
        cursor.execute(
            "UPDATE cases_case SET event_count = %s, chain_head_sm3 = %s, chain_head_sha256 = %s,"
            " head_mac = %s WHERE id = %s",
            [count, sm3, sha, mac, case.pk],
        )


@pytest.mark.parametrize("removed", [1, 2, 4])
def test_deleting_the_last_events_and_rewinding_the_case_row_is_named(case, removed):
    """The rewound row is consistent with its chain, but its seal is not: without the key
    nobody can re-seal it (HMAC-SM3)."""
    keep = case.event_count - removed
    _rewind(case, keep)
    message = _broken(case)
    assert case.number in message
    assert "链头签章不符" in message
    assert f"登记 {keep} 条记录" in message


def test_a_seal_made_up_without_the_key_is_named(case):
    from zhifa.cases.chain import head_mac

    keep = case.event_count - 2
    kept = case.events.get(seq=keep)
    guessed = head_mac(b"not-the-key", case.pk, keep, kept.digest_sm3, kept.digest_sha256)
    _rewind(case, keep, head_mac=guessed)
    assert "链头签章不符" in _broken(case)


def test_an_old_sealed_case_row_put_back_is_named_after_an_anchor(case, flow, frozen):
    """The one thing the seal cannot catch — an old (count, head, seal) of the same case put
    back — is what the daily anchor is for."""
    old = _sealed_row(case)
    actions.add_evidence(case, actor=flow.handler.user, kind="documentary", description="补充")
    actions.add_evidence(case, actor=flow.handler.user, kind="documentary", description="再补充")
    case.refresh_from_db()
    anchored = case.event_count
    write_anchor(actor=None)
    _put_back(case, old)
    message = _broken(case)
    assert case.number in message
    assert f"锚定时有 {anchored} 条记录，现仅 {old[0]} 条" in message
    assert "案件被回退" in message


def test_a_rewind_followed_by_new_events_is_named_after_an_anchor(case, flow, frozen):
    old = _sealed_row(case)
    actions.add_evidence(case, actor=flow.handler.user, kind="documentary", description="补充")
    case.refresh_from_db()
    anchored = case.event_count
    write_anchor(actor=None)
    _put_back(case, old)
    case.refresh_from_db()
    for text in ("重写一", "重写二", "重写三"):  # the application goes on appending, sealing
        actions.add_evidence(case, actor=flow.handler.user, kind="documentary", description=text)
    case.refresh_from_db()
    assert case.event_count > anchored
    message = _broken(case)
    assert f"第 {anchored} 条记录" in message
    assert "锚定的摘要不符" in message


def test_verify_with_another_key_says_so(case, settings, frozen):
    write_anchor(actor=None)
    settings.ZHIFA_CHAIN_KEY = "another-key-" + "x" * 40
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify", stdout=io.StringIO(), stderr=err)
    assert "锚定所用密钥" in str(exc.value)
    assert "多半是 ZHIFA_CHAIN_KEY 与写入时的密钥不同" in str(exc.value)
    assert f"案件 {case.number} 案件：链头签章不符" in err.getvalue()


def test_every_broken_case_is_named_not_only_the_first(case, flow):
    other = flow.filed()
    for broken in (case, other):
        _rewind(broken, broken.event_count - 1)
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify", stdout=io.StringIO(), stderr=err)
    assert case.number in err.getvalue()
    assert other.number in err.getvalue()
    assert "共 2 个案件" in str(exc.value)
