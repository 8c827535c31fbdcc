"""``zhifa audit verify`` on a whole database: its progress on stderr (issue 11), and the
audit's own reading of the event rows (``audit._EventSource``: the rows as the database hands
them over, no Django conversion) finding exactly what Django's reading finds (ADR 0007)."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from zhifa.cases import audit
from zhifa.cases.anchor import write_anchor
from zhifa.cases.audit import Audit, Progress, verify_case
from zhifa.cases.management.commands.audit import progress_line
from zhifa.cases.models import Case, CaseEvent
from zhifa.cases.record import CHAIN_FIELDS, Place, append_event
from zhifa.cases.tests.test_record_tampering import behind_the_applications_back

pytestmark = pytest.mark.django_db

PROGRESS = re.compile(
    r"^已校验 [\d,]+ / [\d,]+ 个案件、[\d,]+ / [\d,]+ 条记录 \(\d+\.\d%\)，每秒 [\d,]+ 条"
    r"(，预计还需 \d+ (秒|分 \d+ 秒|小时 \d+ 分))?$"
)


@pytest.fixture
def cases(flow, frozen):
    """Three cases, one with coordinates, another with a second, later event; anchored."""
    made = []
    for n in range(3):
        case = flow.clue()
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=case.pk)
            place = Place("人民路12号", Decimal("39.9"), Decimal("116.391234")) if n == 0 else None
            append_event(
                case,
                "add_evidence",
                actor=flow.handler.user,
                payload={"description": f"补充材料 {n}", "files": ["许可证.pdf"], "n": n},
                place=place,
            )
            case.save(update_fields=CHAIN_FIELDS)
        made.append(case)
    frozen.shift(1.234567)  # an event with microseconds
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=made[1].pk)
        append_event(case, "add_evidence", actor=flow.handler.user, payload={})
        case.save(update_fields=CHAIN_FIELDS)
    write_anchor(actor=None)
    return [Case.objects.get(pk=c.pk) for c in made]


def _run(*options: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("audit", "verify", *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _summary(stdout: str) -> str:
    """The cases' summary line, its timing left out."""
    line = next(ln for ln in stdout.splitlines() if ln.startswith("校验通过"))
    return re.sub(r"用时 [\d.]+ 秒", "用时 … 秒", line)


def test_progress_is_printed_on_stderr_and_the_summary_is_unchanged(cases):
    quiet_out, quiet_err = _run("--quiet", "--progress-every", "0")
    out, err = _run("--progress-every", "0")
    lines = err.splitlines()
    assert len(lines) == len(cases)  # one report a case at interval 0
    assert all(PROGRESS.match(line) for line in lines), lines
    assert lines[-1].startswith(f"已校验 3 / 3 个案件、{sum(c.event_count for c in cases)} / ")
    assert "(100.0%)" in lines[-1]
    assert quiet_err == ""
    assert _summary(out) == _summary(quiet_out)
    assert out.splitlines()[-1] == quiet_out.splitlines()[-1]  # the security log's line
    assert "校验通过：3 个案件" in out


def test_no_progress_within_the_interval(cases):
    out, err = _run()
    assert err == ""
    assert "校验通过：3 个案件" in out


def test_progress_counts_and_time_left():
    line = progress_line(Progress(120_000, 660_000, 1_000_000, 5_400_000, 15.0))
    assert line == (
        "已校验 120,000 / 1,000,000 个案件、660,000 / 5,400,000 条记录 (12.2%)，"
        "每秒 44,000 条，预计还需 1 分 48 秒"
    )
    assert progress_line(Progress(1, 2, 1, 2, 0.0)).endswith("(100.0%)，每秒 0 条")
    assert "预计还需 2 小时 4 分" in progress_line(Progress(1, 100, 10, 744_100, 1.0))


def test_a_tampered_case_stops_the_run_after_progress(cases):
    with behind_the_applications_back() as cursor:
        cursor.execute(
            "UPDATE cases_caseevent SET payload = %s WHERE case_id = %s AND seq = 2",
            ['{"description": "改过"}', cases[2].pk],
        )
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify", "--progress-every", "0", stdout=io.StringIO(), stderr=err)
    assert f"案件 {cases[2].number} 第 2 条记录：内容与摘要不符" in str(exc.value)
    assert PROGRESS.match(err.getvalue().splitlines()[0])


# --- The audit's reading against Django's ----------------------------------------------------


def _problems(*, raw: bool, monkeypatch) -> list[str]:
    original = audit._EventSource.__init__

    def init(self, events):
        original(self, events)
        if not raw:  # what a backend whose other columns need converting gets
            self.raw, self.utc_text = False, False
            self.payload_text = audit.canonical_text

    monkeypatch.setattr(audit._EventSource, "__init__", init)
    try:
        return [str(p) for p in Audit(check_files=False).problems()]
    finally:
        monkeypatch.setattr(audit._EventSource, "__init__", original)


def _both(monkeypatch) -> list[str]:
    raw, converted = (
        _problems(raw=True, monkeypatch=monkeypatch),
        _problems(raw=False, monkeypatch=monkeypatch),
    )
    assert raw == converted
    return raw


def test_the_raw_reading_is_the_converted_one(cases, monkeypatch):
    assert audit._EventSource(CaseEvent.objects.all()).raw  # SQLite and PostgreSQL alike
    assert _both(monkeypatch) == []
    assert all(verify_case(c, check_files=False) is None for c in cases)


@pytest.mark.parametrize("chunk", [1, 2, 3, 1000])
def test_cases_across_chunk_boundaries(cases, monkeypatch, chunk):
    monkeypatch.setattr(audit, "CHUNK", chunk)
    with behind_the_applications_back() as cursor:
        cursor.execute(
            "UPDATE cases_caseevent SET kind = %s WHERE case_id = %s AND seq = 1",
            ["close", cases[1].pk],
        )
    run = Audit(check_files=False)
    problems = [str(p) for p in run.problems()]
    assert problems == [f"案件 {cases[1].number} 第 1 条记录：内容与摘要不符 (记录「close」被修改)"]
    assert (run.cases, run.events) == (3, sum(c.event_count for c in cases))


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("payload", '{"description": "补充材料 0", "files": ["许可证.pdf"], "n": 1}'),
        ("payload", "[1, 2]"),
        ("latitude", Decimal("39.900001")),
        ("longitude", None),
        ("place", '人民路12号"'),
        ("actor_id", None),
    ],
)
def test_an_edited_column_is_found_by_both_readings(cases, monkeypatch, column, value):
    with behind_the_applications_back() as cursor:
        cursor.execute(
            f"UPDATE cases_caseevent SET {column} = %s WHERE case_id = %s AND seq = 2",
            [value, cases[0].pk],
        )
    assert _both(monkeypatch) == [
        f"案件 {cases[0].number} 第 2 条记录：内容与摘要不符 (记录「add_evidence」被修改)"
    ]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite keeps datetimes as text")
def test_stored_datetime_text_sqlite(cases, monkeypatch):
    """The moment as Django stores it is taken as text; the same moment written otherwise is
    parsed (and verifies as before); another moment in Django's shape is found."""
    event = CaseEvent.objects.get(case=cases[1], seq=3)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT CAST(occurred_at AS TEXT) FROM cases_caseevent WHERE id = %s", [event.pk]
        )
        (stored,) = cursor.fetchone()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", stored)
    same = event.occurred_at.astimezone().isoformat()  # the same moment, +08:00
    with behind_the_applications_back() as cursor:
        cursor.execute(
            "UPDATE cases_caseevent SET occurred_at = %s WHERE id = %s", [same, event.pk]
        )
    assert _both(monkeypatch) == []
    other = stored[:-1] + ("1" if stored[-1] != "1" else "2")
    with behind_the_applications_back() as cursor:
        cursor.execute(
            "UPDATE cases_caseevent SET occurred_at = %s WHERE id = %s", [other, event.pk]
        )
    assert _both(monkeypatch) == [
        f"案件 {cases[1].number} 第 3 条记录：内容与摘要不符 (记录「add_evidence」被修改)"
    ]
