"""Evidence arrives through the case pages and the API; both check it the same way
(core.uploads): a renamed program is refused naming the field and nothing is kept; a photo is
stored under its digest and the extension of what it is; its digests are those of its bytes."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from zhifa.cases.models import EvidenceFile
from zhifa.cases.tests.pages_helpers import Snapshot, assert_done, assert_refused, post_step
from zhifa.core.tests.test_uploads import LINUX_ELF, WINDOWS_EXE, image

pytestmark = pytest.mark.django_db

STORED = re.compile(r"evidence/[0-9a-f]{2}/([0-9a-f]{64})\.(\w+)")


def sent(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def nothing_stored_for(content: bytes) -> bool:
    digest = hashlib.sha256(content).hexdigest()
    folder = f"evidence/{digest[:2]}"
    if not default_storage.exists(folder):
        return True
    _, files = default_storage.listdir(folder)
    return not any(name.startswith(digest) for name in files)


# --- the page ---------------------------------------------------------------------------------


def test_it_refuses_a_windows_program_named_photo_jpg_on_the_page(flow, frozen, handler):
    case = flow.filed()
    before = Snapshot.of(case)
    data = {"kind": "audio_visual", "uploads": [sent("photo.jpg", WINDOWS_EXE)]}
    response = post_step(handler.client(), case, "add_evidence", data)
    assert response.status_code == 422
    assert_refused(
        response,
        "证据文件：「photo.jpg」的内容不是允许的类型（检测为Windows 可执行程序），不能上传",
        before,
        case,
    )
    assert not EvidenceFile.objects.filter(case=case).exists()
    assert nothing_stored_for(WINDOWS_EXE)


def test_one_refused_file_refuses_the_whole_upload(flow, frozen, handler):
    case = flow.filed()
    before = Snapshot.of(case)
    photo = image("PNG")
    files = [sent("a.png", photo, "image/png"), sent("b.jpg", LINUX_ELF)]
    response = post_step(
        handler.client(), case, "add_evidence", {"kind": "audio_visual", "uploads": files}
    )
    assert_refused(
        response, "「b.jpg」的内容不是允许的类型（检测为Linux 可执行程序）", before, case
    )
    assert nothing_stored_for(photo)


def test_a_png_named_jpg_is_kept_as_png_under_its_digest(flow, frozen, handler):
    case = flow.filed()
    photo = image("PNG", (48, 32))
    data = {"kind": "audio_visual", "uploads": [sent("../../现场.jpg", photo)]}
    assert_done(post_step(handler.client(), case, "add_evidence", data), case, "已记录证据")
    row = EvidenceFile.objects.get(case=case)
    match = STORED.fullmatch(str(row.file.name))
    assert match is not None, row.file.name
    assert match.groups() == (hashlib.sha256(photo).hexdigest(), "png")
    assert row.name == "现场.jpg"  # the sender's name, without its path, for display
    assert row.content_type == "image/png"  # detected, not the browser's image/jpeg
    assert row.sha256 == hashlib.sha256(photo).hexdigest()
    assert row.sm3 == hashlib.new("sm3", photo).hexdigest()
    assert row.size == len(photo)
    with default_storage.open(str(row.file.name), "rb") as stored:
        assert stored.read() == photo


def test_a_photo_over_the_configured_limit_is_refused_on_the_page(flow, frozen, handler, settings):
    settings.ZHIFA_UPLOAD_MAX_IMAGE_MB = 1
    case = flow.filed()
    before = Snapshot.of(case)
    big = image("PNG") + b"\x00" * (1024 * 1024)
    data = {"kind": "audio_visual", "uploads": [sent("big.png", big, "image/png")]}
    response = post_step(handler.client(), case, "add_evidence", data)
    assert_refused(response, "证据文件：「big.png」超过图片的大小上限 1 MB，不能上传", before, case)


# --- the API ----------------------------------------------------------------------------------


def test_the_api_refuses_a_renamed_program_with_422_naming_the_field(flow, frozen, api, handler):
    case = flow.filed()
    before = Snapshot.of(case)
    response = api(handler).client.post(
        f"/api/v1/cases/{case.pk}/evidence",
        {"kind": "audio_visual", "files": [sent("photo.jpg", WINDOWS_EXE)]},
    )
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["field"]) == ("file_type_refused", "files")
    assert body["message"].startswith(
        "证据文件：「photo.jpg」的内容不是允许的类型（检测为Windows 可执行程序），不能上传"
    )
    assert Snapshot.of(case) == before
    assert nothing_stored_for(WINDOWS_EXE)


def test_the_api_keeps_a_photo_as_what_it_is_with_the_digest_of_its_bytes(
    flow, frozen, api, handler
):
    case = flow.filed()
    photo = image("PNG", (40, 30))
    response = api(handler).client.post(
        f"/api/v1/cases/{case.pk}/evidence",
        {"kind": "audio_visual", "files": [sent("IMG_0001.jpg", photo)]},
    )
    assert response.status_code == 201, response.content.decode()
    (file,) = response.json()["event"]["evidence"]
    assert file["sha256"] == hashlib.sha256(photo).hexdigest()
    assert file["size"] == len(photo)
    row = EvidenceFile.objects.get(case=case)
    assert str(row.file.name).endswith(f"{file['sha256']}.png")
    assert row.content_type == "image/png"


def test_the_api_applies_the_same_size_limit(flow, frozen, api, handler, settings):
    settings.ZHIFA_UPLOAD_MAX_OTHER_MB = 1
    case = flow.filed()
    pdf = b"%PDF-1.4\n" + b"0" * (1024 * 1024)
    response = api(handler).client.post(
        f"/api/v1/cases/{case.pk}/evidence",
        {"kind": "documentary", "files": [sent("许可.pdf", pdf, "application/pdf")]},
    )
    assert response.status_code == 422
    assert response.json()["message"] == "证据文件：「许可.pdf」超过文档的大小上限 1 MB，不能上传"
    assert not EvidenceFile.objects.filter(case=case).exists()
