"""``zhifa audit verify`` checks the security audit log: an intact log passes; an event edited
behind the triggers' back is named by its digest, one rewritten with its digest re-computed by
its seal, one deleted by the gap; and the last events deleted — which leaves a chain consistent
with itself — by the latest checkpoint, in the database or, when the checkpoints were deleted
too, in the mirror file outside it (ADR 0011)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from zhifa.cases.tests.conftest import company, flow, items  # noqa: F401  (fixtures)
from zhifa.security.actions import MIRROR, record, write_checkpoint
from zhifa.security.chain import chain_key, event_mac, event_material, sm3
from zhifa.security.choices import EventKind, Outcome
from zhifa.security.models import SecurityEvent
from zhifa.security.tests.conftest import behind_the_applications_back

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(frozen, django_capture_on_commit_callbacks) -> list[SecurityEvent]:
    """Six events, a checkpoint after the fifth (mirrored to its file)."""
    events = [
        record(EventKind.LOGIN_FAILED, actor=f"user{n}", outcome=Outcome.FAILURE) for n in range(5)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        write_checkpoint()
    events.append(record(EventKind.LOGIN, actor="user0"))
    return events


def _verify() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _broken() -> str:
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify", stdout=io.StringIO(), stderr=err)
    return f"{exc.value}\n{err.getvalue()}"


def test_an_intact_log_verifies(log):
    out = _verify()
    assert "安全审计日志校验通过：第 1–6 条事件" in out
    assert "与 1 个检查点，检查点文件 1 条相符" in out


def test_an_event_edited_behind_the_triggers_is_named(log):
    with behind_the_applications_back() as cursor:
        cursor.execute(
            "UPDATE security_securityevent SET detail = %s WHERE seq = 3",
            [json.dumps({"username": "someone-else"})],
        )
    assert "安全审计日志第 3 条事件：内容与摘要不符 (事件「登录失败」被修改)" in _broken()


def test_an_event_rewritten_with_its_digests_recomputed_fails_its_seal(log):
    """Who has the database but not the key can re-compute every digest, not the seals."""
    rows = list(SecurityEvent.objects.order_by("seq").values())
    rows[2]["actor_name"] = "someone-else"
    prev = rows[1]["digest"]
    with behind_the_applications_back() as cursor:
        for row in rows[2:]:
            row["prev_digest"] = prev
            row["digest"] = prev = sm3(event_material(row))
            cursor.execute(
                "UPDATE security_securityevent SET actor_name = %s, prev_digest = %s, "
                "digest = %s WHERE seq = %s",
                [row["actor_name"], row["prev_digest"], row["digest"], row["seq"]],
            )
    message = _broken()
    assert "安全审计日志第 3 条事件：签章不符" in message
    assert "第 5 条事件：与" in message  # and the checkpoint saw another digest there


def test_an_event_deleted_in_the_middle_leaves_a_gap(log):
    with behind_the_applications_back() as cursor:
        cursor.execute("DELETE FROM security_securityevent WHERE seq = 2")
    assert "安全审计日志第 2 条事件：缺失 (下一条为第 3 条)" in _broken()


def test_the_tail_deleted_is_found_against_the_checkpoint(log):
    with behind_the_applications_back() as cursor:
        cursor.execute("DELETE FROM security_securityevent WHERE seq >= 4")
    message = _broken()
    assert "的检查点记录时已有 5 条事件，现仅 3 条：末尾 2 条事件被删除" in message


def test_the_tail_and_the_checkpoints_deleted_are_found_by_the_mirror_file(log):
    with behind_the_applications_back() as cursor:
        cursor.execute("DELETE FROM security_securityevent WHERE seq >= 4")
        cursor.execute("DELETE FROM security_securitycheckpoint")
    message = _broken()
    assert f"检查点文件 {MIRROR} 第 1 行的检查点 (第 5 条事件时) 在数据库中不存在" in message
    assert "现仅 3 条：末尾 2 条事件被删除" in message


def test_a_mirror_line_rewritten_is_found(log, audit_dir):
    path = audit_dir / MIRROR
    line = json.loads(path.read_text())
    line["seq"] = 2
    path.write_text(json.dumps(line) + "\n")
    assert f"检查点文件 {MIRROR} 第 1 行的摘要或签章不符" in _broken()


def test_a_checkpoint_forged_without_the_key_is_found(log):
    with behind_the_applications_back() as cursor:
        cursor.execute("UPDATE security_securitycheckpoint SET mac = %s", ["0" * 64])
    assert "的检查点签章不符 (检查点被伪造或改写)" in _broken()


def test_verify_with_another_key_says_so(log, settings):
    settings.ZHIFA_CHAIN_KEY = "another-key-" + "x" * 40
    message = _broken()
    assert "所有事件的签章均不符：多半是 ZHIFA_CHAIN_KEY 与写入时的密钥不同" in message
    assert "所用密钥 (标识" in message


def test_verify_of_one_case_leaves_the_log_alone(log, flow):  # noqa: F811
    case = flow.clue()
    with behind_the_applications_back() as cursor:
        cursor.execute("DELETE FROM security_securityevent WHERE seq = 2")
    out = io.StringIO()
    call_command("audit", "verify", "--case", case.number, stdout=out)
    assert "安全审计日志" not in out.getvalue()


def test_the_seal_is_the_keyed_digest_of_seq_and_digest(log):
    event = log[0]
    assert event.mac == event_mac(chain_key(), event.seq, event.digest)
