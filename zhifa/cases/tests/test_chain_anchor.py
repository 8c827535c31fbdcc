"""The daily chain anchor (行政处罚法 Art 47: the full-process record stays whole; ADR 0007):
written once a day by the evening job or ``zhifa audit anchor``, append-only, chained, sealed,
exportable and printable; ``zhifa audit verify`` checks it and, through it, every case."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection

from zhifa.cases import actions, tasks
from zhifa.cases.anchor import evening_anchor, write_anchor
from zhifa.cases.chain import GENESIS, state_line
from zhifa.cases.models import AnchorEntry, Case, ChainAnchor
from zhifa.cases.models.events import ImmutableRecord
from zhifa.cases.tests.conftest import START
from zhifa.cases.tests.test_record_tampering import _put_back, _sealed_row
from zhifa.core.errors import InvalidInput
from zhifa.core.models import Notification
from zhifa.core.schedule import jobs

pytestmark = pytest.mark.django_db


def _at(day: date, hour: int) -> time_machine.travel:
    return time_machine.travel(f"{day.isoformat()} {hour:02d}:30 +0800", tick=False)


def _verify() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _broken() -> str:
    """The command's error and every problem it listed."""
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify", stdout=io.StringIO(), stderr=err)
    return f"{exc.value}\n{err.getvalue()}"


@pytest.fixture
def two_cases(flow, frozen):
    first = flow.filed()
    second = flow.clue()
    return Case.objects.get(pk=first.pk), Case.objects.get(pk=second.pk)


def test_it_anchors_every_case_with_its_count_and_head(two_cases):
    anchor = write_anchor(actor=None)
    assert anchor.day == START
    assert anchor.cases == 2
    assert anchor.events == sum(c.event_count for c in two_cases)
    assert anchor.prev_sm3 == GENESIS
    entries = list(anchor.entries.order_by("case_id"))
    assert [(e.case_id, e.number, e.event_count, e.head_sm3) for e in entries] == [
        (c.pk, c.number, c.event_count, c.chain_head_sm3) for c in two_cases
    ]
    assert "2 个案件" in _verify()
    assert "1 个锚点" in _verify()


def test_asked_twice_the_same_day_it_is_the_same_anchor(two_cases, flow):
    first = write_anchor(actor=None)
    flow.clue()  # a new case later that day waits for tomorrow's anchor
    again = write_anchor(actor=None)
    assert again.pk == first.pk
    assert ChainAnchor.objects.count() == 1
    assert AnchorEntry.objects.count() == 2


def test_the_next_anchor_keeps_only_what_changed_and_chains_to_the_last(two_cases, flow):
    first, second = two_cases
    day1 = write_anchor(actor=None)
    with _at(START + timedelta(days=1), 22):
        actions.add_evidence(first, actor=flow.handler.user, kind="documentary", description="补")
        day2 = write_anchor(actor=None)
    first.refresh_from_db()
    assert day2.prev_sm3 == day1.digest_sm3
    assert day2.changed == 1
    assert list(day2.entries.values_list("case_id", "event_count")) == [
        (first.pk, first.event_count)
    ]
    assert day2.cases == 2
    assert day2.events == first.event_count + second.event_count
    assert day2.state_sm3 != day1.state_sm3
    assert "2 个锚点" in _verify()


@pytest.mark.parametrize(
    "day", [START + timedelta(days=1), START - timedelta(days=1), START - timedelta(days=30)]
)
def test_an_anchor_can_only_carry_todays_date(two_cases, day):
    """It records the state when written: never under another day's name."""
    with pytest.raises(InvalidInput) as exc:
        write_anchor(day, actor=None)
    assert exc.value.code == "anchor_not_today"
    assert exc.value.field == "day"
    assert "不是今天" in exc.value.message
    assert not ChainAnchor.objects.exists()


def test_an_anchor_after_the_clock_went_back_is_refused(two_cases):
    with _at(START + timedelta(days=2), 22):
        write_anchor(actor=None)
    with pytest.raises(InvalidInput) as exc:
        write_anchor(actor=None)
    assert exc.value.code == "anchor_out_of_order"
    assert "服务器时钟" in exc.value.message
    assert ChainAnchor.objects.count() == 1


@pytest.mark.parametrize(
    ("hour", "written"),
    [(9, False), (20, False), (21, True), (23, True)],
)
def test_the_evening_job_writes_the_days_anchor_from_the_configured_hour(
    two_cases, settings, hour, written
):
    settings.ZHIFA_CHAIN_ANCHOR_HOUR = 21
    with _at(START, hour):
        result = tasks.anchor_chains.call()
    assert result["written"] == int(written)
    assert ChainAnchor.objects.filter(day=START).exists() == written


def test_the_evening_job_is_idempotent_and_scheduled(two_cases):
    assert tasks.anchor_chains in [job.task for job in jobs()]
    with _at(START, 21):
        assert evening_anchor()["written"] == 1
    with _at(START, 22):
        assert evening_anchor() == {
            "written": 0,
            "day": START.isoformat(),
            "reason": "already anchored",
        }
    assert ChainAnchor.objects.count() == 1


def test_the_application_refuses_to_change_or_delete_an_anchor(two_cases):
    anchor = write_anchor(actor=None)
    anchor.events = 1
    with pytest.raises(ImmutableRecord):
        anchor.save()
    with pytest.raises(ImmutableRecord):
        anchor.delete()
    with pytest.raises(ImmutableRecord):
        ChainAnchor.objects.update(events=1)
    with pytest.raises(ImmutableRecord):
        AnchorEntry.objects.all().delete()


def test_a_case_that_went_backwards_is_flagged_not_anchored_and_admins_are_told(
    two_cases,
    flow,
    security_admin,
    audit_admin,
    system_admin,
    django_capture_on_commit_callbacks,
):
    case = two_cases[0]
    old = _sealed_row(case)
    actions.add_evidence(case, actor=flow.handler.user, kind="documentary", description="补")
    case.refresh_from_db()
    write_anchor(actor=None)
    _put_back(case, old)
    with _at(START + timedelta(days=1), 22), django_capture_on_commit_callbacks(execute=True):
        day2 = write_anchor(actor=None)
    assert day2.flagged == [case.number]
    assert day2.changed == 0  # its last anchored head stands
    # a security incident: told to the security and the audit administrator (三员分立), not to
    # the system administrator, who has no case data to look at
    told = Notification.objects.filter(kind="record_tampered")
    assert {n.user_id for n in told} == {security_admin.user.pk, audit_admin.user.pk}
    note = told.get(user=audit_admin.user)
    assert case.number in note.body
    assert f"锚定时有 {case.event_count} 条记录" in _broken()


# --- the anchors themselves behind the application's back ------------------------------------


def _sql(*statements: tuple[str, list]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        else:
            for table in ("cases_chainanchor", "cases_anchorentry"):
                for trigger in ("no_update", "no_delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_{trigger}")
        for sql, params in statements:
            cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")


@pytest.fixture
def three_days(two_cases, flow):
    first, _ = two_cases
    anchors = [write_anchor(actor=None)]
    for n in (1, 2):
        with _at(START + timedelta(days=n), 22):
            actions.add_evidence(
                first, actor=flow.handler.user, kind="documentary", description=f"补{n}"
            )
            anchors.append(write_anchor(actor=None))
    assert "3 个锚点" in _verify()
    return anchors


def test_an_edited_anchor_is_named(three_days):
    _sql(("UPDATE cases_chainanchor SET events = events - 1 WHERE id = %s", [three_days[1].pk]))
    message = _broken()
    assert f"{three_days[1].day} 的记录锚点" in message
    assert "内容与锚点摘要不符" in message


def test_a_removed_anchor_is_named(three_days):
    _sql(
        ("DELETE FROM cases_anchorentry WHERE anchor_id = %s", [three_days[1].pk]),
        ("DELETE FROM cases_chainanchor WHERE id = %s", [three_days[1].pk]),
    )
    message = _broken()
    assert f"{three_days[2].day} 的记录锚点" in message
    assert "不衔接" in message


def test_a_removed_anchor_entry_is_named(three_days):
    latest = three_days[2]
    _sql(("DELETE FROM cases_anchorentry WHERE anchor_id = %s", [latest.pk]))
    message = _broken()
    assert f"{latest.day} 的记录锚点" in message
    assert "锚定条目与锚点不符 (应有 1 条，实有 0 条" in message


def test_a_lowered_anchor_entry_is_named(three_days):
    """Lowering what an anchor saw (to hide a rewind) breaks the anchor's digests."""
    latest = three_days[2]
    _sql(
        (
            "UPDATE cases_anchorentry SET event_count = event_count - 1 WHERE anchor_id = %s",
            [latest.pk],
        )
    )
    message = _broken()
    assert "锚定条目与锚点不符" in message


# --- export and print ------------------------------------------------------------------------


def test_the_anchor_exports_as_json_and_a_one_page_print(two_cases, tmp_path):
    path = tmp_path / "anchor-2026-03-02.json"
    out = io.StringIO()
    call_command("audit", "anchor", "--export", str(path), stdout=out)
    anchor = ChainAnchor.objects.get()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["day"] == "2026-03-02"
    assert data["digest_sm3"] == anchor.digest_sm3
    assert data["mac"] == anchor.mac
    # the export checks itself: its entries give its entries digest
    import hashlib

    h = hashlib.new("sm3")
    for case_id, number, count, head in data["entries"]:
        h.update(state_line(case_id, number, count, head))
    assert h.hexdigest() == data["entries_sm3"]
    printed = path.with_suffix(".txt").read_text(encoding="utf-8")
    assert "执法全过程记录锚定单" in printed
    assert anchor.digest_sm3[:8] in printed
    assert "负责人 (签字)" in printed
    assert len(printed.splitlines()) <= 40  # one page
    assert max(len(line) for line in printed.splitlines()) <= 80
    assert "执法全过程记录锚定单" in out.getvalue()


def test_showing_an_anchor_that_does_not_exist_is_refused(two_cases):
    with pytest.raises(CommandError, match="没有 2026-03-01 的记录锚点"):
        call_command("audit", "anchor", "--no-write", "--day", "2026-03-01", stdout=io.StringIO())
    assert not ChainAnchor.objects.exists()


def test_the_command_refuses_another_day_in_chinese(two_cases):
    with pytest.raises(CommandError, match="不是今天"):
        call_command("audit", "anchor", "--day", "2026-03-03", stdout=io.StringIO())


# --- verify on an untouched set of cases ------------------------------------------------------


def test_an_untouched_set_of_cases_verifies_with_anchors_over_several_days(flow, frozen):
    flow.served()
    flow.decided()
    flow.reported(outcome="no_penalty")
    flow.clue()
    write_anchor(START, actor=None)  # today's date may be given
    for n in (3, 9, 15):
        with _at(START + timedelta(days=n), 22):
            write_anchor(actor=None)
    result = _verify()
    assert "校验通过：4 个案件" in result
    assert "4 个锚点" in result
