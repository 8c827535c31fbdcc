"""电子案卷: exported whole, checked offline; any file changed, added or removed is named."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from zhifa.cases import actions
from zhifa.cases.casefile import export_casefile, verify_casefile
from zhifa.cases.record import Upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(flow, frozen, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    case = flow.filed()
    actions.add_evidence(
        case,
        actor=flow.handler.user,
        kind="audio_visual",
        uploads=[Upload(io.BytesIO(b"\x89PNG photo"), "现场照片.png", "audio_visual")],
    )
    actions.add_evidence(
        case,
        actor=flow.handler.user,
        kind="documentary",
        uploads=[Upload(io.BytesIO(b"%PDF-1.4 permit"), "施工许可.pdf", "documentary")],
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
    return case, export_casefile(case)


def _rewrite(data: bytes, change) -> bytes:
    """A copy of the archive with ``change(name, content)`` applied (None drops the file)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = change(name, source.read(name))
            if content is not None:
                target.writestr(name, content)
    return out.getvalue()


def _names(data):
    return zipfile.ZipFile(io.BytesIO(data)).namelist()


def test_the_archive_holds_the_record_the_evidence_and_a_manifest(exported):
    case, data = exported
    names = _names(data)
    root = case.number
    assert f"{root}/manifest.json" in names
    assert f"{root}/events.jsonl" in names
    assert f"{root}/index.html" in names
    assert sum("/evidence/" in n for n in names) == 2
    assert verify_casefile(data) == []


def test_a_changed_evidence_file_is_named(exported):
    _, data = exported
    bad = _rewrite(data, lambda n, c: c + b"x" if "现场照片" in n else c)
    problems = verify_casefile(bad)
    assert any("现场照片.png" in p.path and "改动" in p.message for p in problems)


def test_an_added_file_is_named(exported):
    case, data = exported
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            target.writestr(name, source.read(name))
        target.writestr(f"{case.number}/evidence/9999-补充照片.png", b"new")
    problems = verify_casefile(out.getvalue())
    assert any("补充照片" in p.path and "添加" in p.message for p in problems)


def test_a_removed_file_is_named(exported):
    _, data = exported
    bad = _rewrite(data, lambda n, c: None if "施工许可" in n else c)
    assert any("施工许可" in p.path and "删除" in p.message for p in verify_casefile(bad))


def test_an_edited_event_line_is_named(exported):
    _, data = exported
    bad = _rewrite(
        data,
        lambda n, c: (
            c.replace("擅自挖掘".encode(), "未违法".encode()) if n.endswith("events.jsonl") else c
        ),
    )
    problems = verify_casefile(bad)
    assert any(p.path.endswith("events.jsonl") for p in problems)


def test_a_file_swapped_together_with_its_manifest_line_is_still_caught(exported):
    """The manifest can be rewritten by whoever has the archive; the chained record cannot."""
    import json

    from zhifa.cases.chain import digest_bytes

    _, data = exported
    new = b"\x89PNG another photo"
    d = digest_bytes(new)

    def change(name, content):
        if "现场照片" in name:
            return new
        if name.endswith("manifest.json"):
            manifest = json.loads(content)
            for f in manifest["files"]:
                if "现场照片" in f["path"]:
                    f.update(size=len(new), sm3=d.sm3, sha256=d.sha256)
            return json.dumps(manifest, ensure_ascii=False).encode()
        return content

    problems = verify_casefile(_rewrite(data, change))
    assert any("现场照片" in p.path and "全过程记录中没有" in p.message for p in problems)


def test_the_commands_export_and_verify(exported, tmp_path):
    case, _ = exported
    target = tmp_path / "case.zip"
    out = io.StringIO()
    call_command("casefile", "export", case.number, "--out", str(target), stdout=out)
    assert "已导出" in out.getvalue()
    out = io.StringIO()
    call_command("casefile", "verify", str(target), stdout=out)
    assert "校验通过" in out.getvalue()
    target.write_bytes(
        _rewrite(target.read_bytes(), lambda n, c: c + b"!" if n.endswith("index.html") else c)
    )
    with pytest.raises(CommandError) as exc:
        call_command("casefile", "verify", str(target), stderr=io.StringIO())
    assert "index.html" in str(exc.value)


def test_an_unknown_case_number_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="不存在"):
        call_command("casefile", "export", "nope", "--out", str(tmp_path / "x.zip"))
