"""Uploaded files are checked by their content before anything keeps them (core.uploads): the
type from the magic bytes, never the name; a size limit per category; the digests on receipt;
a name safe to show and a stored name that owes nothing to the sender."""

from __future__ import annotations

import hashlib
import io
import re

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from zhifa.core.errors import InvalidInput
from zhifa.core.uploads import (
    CHUNK_BYTES,
    EVIDENCE,
    PHOTOS_AND_VIDEO,
    SCANS,
    UploadField,
    UploadsField,
    check_upload,
    display_name,
)

# The first bytes of what must never become evidence.
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48 + b"PE\x00\x00"
LINUX_ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
MACH_O = b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + b"\x00" * 24
SHELL_SCRIPT = b"#!/bin/sh\nrm -rf /\n"
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 20
OFFICE_97 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 24
HTML = b"\xef\xbb\xbf  <!DOCTYPE html><script>alert(1)</script>"
UTF16_TEXT = "\ufeffhello, this is text".encode("utf-16-le")

# What evidence is made of: photos, recordings, PDF (行政处罚法 Art 46).
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00isommp42" + b"\x00\x00\x00\x08free"
MOV = b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  " + b"\x00\x00\x00\x08wide"
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 8
M4A = b"\x00\x00\x00\x1cftypM4A \x00\x00\x00\x00M4A isommp42" + b"\x00" * 8
PHONE_3GP = b"\x00\x00\x00\x14ftyp3gp4\x00\x00\x02\x00isom" + b"\x00" * 8
MP3_TAGGED = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 20
MP3_FRAME = b"\xff\xfb\x90\x64" + b"\x00" * 40
AMR = b"#!AMR\n" + b"\x3c" * 31
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00" + b"\x00" * 16
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8 \x0e\x00\x00\x00" + b"\x00" * 14
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def image(fmt: str, size: tuple[int, int] = (32, 24)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(out, fmt)
    return out.getvalue()


def received(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    """A file as Django hands it to a view (its name and content type are the sender's)."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def refusal(
    content: bytes, name: str = "photo.jpg", kinds: frozenset[str] = EVIDENCE
) -> InvalidInput:
    with pytest.raises(InvalidInput) as refused:
        check_upload(received(name, content), field="files", label="证据文件", kinds=kinds)
    return refused.value


@pytest.mark.parametrize(
    ("content", "detected"),
    [
        (WINDOWS_EXE, "Windows 可执行程序"),
        (LINUX_ELF, "Linux 可执行程序"),
        (MACH_O, "macOS 可执行程序"),
        (SHELL_SCRIPT, "脚本"),
        (ZIP, "压缩包或 Office 文档"),
        (OFFICE_97, "Office 97-2003 文档（可含宏）"),
        (HTML, "网页或 XML（可含脚本）"),
        (UTF16_TEXT, "未能识别的类型"),
        (b"just some text that claims to be a photo", "未能识别的类型"),
    ],
)
def test_it_refuses_what_the_content_shows_is_not_evidence_whatever_the_name(content, detected):
    refused = refusal(content, "photo.jpg")
    assert refused.code == "file_type_refused"
    assert refused.field == "files"
    assert refused.message.startswith(
        f"证据文件：「photo.jpg」的内容不是允许的类型（检测为{detected}），不能上传；"
    )
    assert "允许的类型：JPEG、PNG、HEIC" in refused.message


def test_a_renamed_windows_program_is_refused_as_a_program():
    refused = refusal(WINDOWS_EXE, "现场照片.jpg")
    assert "检测为Windows 可执行程序" in refused.message
    assert "「现场照片.jpg」" in refused.message


@pytest.mark.parametrize(
    ("content", "key", "ext", "content_type"),
    [
        (image("JPEG"), "jpeg", ".jpg", "image/jpeg"),
        (image("PNG"), "png", ".png", "image/png"),
        (image("GIF"), "gif", ".gif", "image/gif"),
        (image("WEBP"), "webp", ".webp", "image/webp"),
        (GIF, "gif", ".gif", "image/gif"),
        (WEBP, "webp", ".webp", "image/webp"),
        (HEIC, "heic", ".heic", "image/heic"),
        (MP4, "mp4", ".mp4", "video/mp4"),
        (MOV, "mov", ".mov", "video/quicktime"),
        (PHONE_3GP, "3gp", ".3gp", "video/3gpp"),
        (M4A, "m4a", ".m4a", "audio/mp4"),
        (MP3_TAGGED, "mp3", ".mp3", "audio/mpeg"),
        (MP3_FRAME, "mp3", ".mp3", "audio/mpeg"),
        (AMR, "amr", ".amr", "audio/amr"),
        (WAV, "wav", ".wav", "audio/wav"),
        (PDF, "pdf", ".pdf", "application/pdf"),
    ],
)
def test_it_accepts_photos_recordings_and_pdf_by_their_content(content, key, ext, content_type):
    checked = check_upload(received("upload.bin", content, "application/octet-stream"), field="f")
    assert checked.type.key == key
    assert checked.type.ext == ext
    assert checked.content_type == content_type


def test_a_real_jpeg_is_accepted_with_its_digests_and_a_safe_stored_name():
    content = image("JPEG")
    checked = check_upload(received("IMG_2034.JPG", content), field="files")
    assert checked.name == "IMG_2034.JPG"  # shown as sent
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert checked.sm3 == hashlib.new("sm3", content).hexdigest()
    assert checked.stored_name("evidence") == (
        f"evidence/{checked.sha256[:2]}/{checked.sha256}.jpg"
    )


def test_a_png_named_jpg_is_stored_as_the_png_it_is():
    checked = check_upload(received("photo.jpg", image("PNG")), field="files")
    assert checked.type.key == "png"
    assert checked.content_type == "image/png"  # not the sender's image/jpeg
    assert checked.stored_name("evidence").endswith(".png")
    assert checked.name == "photo.jpg"  # the name the officer gave is kept for display


def test_the_stream_is_rewound_for_whoever_stores_it():
    content = image("PNG")
    upload = received("a.png", content)
    check_upload(upload, field="files")
    assert upload.read() == content


def test_an_empty_file_is_refused():
    refused = refusal(b"", "空.jpg")
    assert refused.code == "empty_file"
    assert refused.message == "证据文件：「空.jpg」是空文件，不能上传"


def test_an_allowed_type_is_refused_where_the_input_does_not_take_it():
    refused = refusal(PDF, "回证.pdf", kinds=PHOTOS_AND_VIDEO)
    assert "检测为PDF 文档" in refused.message
    assert "PDF" not in refused.message.split("允许的类型：")[1]
    refused = refusal(image("GIF"), "scan.gif", kinds=SCANS)
    assert refused.message.endswith("允许的类型：JPEG、PNG、PDF")


def test_a_photo_over_the_image_limit_is_refused(settings):
    settings.ZHIFA_UPLOAD_MAX_IMAGE_MB = 1
    content = image("PNG") + b"\x00" * (1024 * 1024)
    refused = refusal(content, "big.png")
    assert refused.code == "file_too_large"
    assert refused.message == "证据文件：「big.png」超过图片的大小上限 1 MB，不能上传"


def test_a_file_exactly_at_the_limit_is_accepted(settings):
    settings.ZHIFA_UPLOAD_MAX_OTHER_MB = 1
    content = PDF + b"\x00" * (1024 * 1024 - len(PDF))
    assert check_upload(received("a.pdf", content), field="files").size == 1024 * 1024


def test_the_limit_follows_the_detected_category_not_the_name(settings):
    settings.ZHIFA_UPLOAD_MAX_IMAGE_MB = 1
    settings.ZHIFA_UPLOAD_MAX_VIDEO_MB = 3
    video = MP4 + b"\x00" * (2 * 1024 * 1024)
    assert check_upload(received("clip.jpg", video), field="files").type.key == "mp4"
    settings.ZHIFA_UPLOAD_MAX_VIDEO_MB = 1
    refused = refusal(video, "clip.mp4")
    assert "超过录音录像的大小上限 1 MB" in refused.message


def test_a_declared_size_that_lies_does_not_get_past_the_limit(settings):
    settings.ZHIFA_UPLOAD_MAX_IMAGE_MB = 1
    upload = received("big.png", image("PNG") + b"\x00" * (1024 * 1024))
    upload.size = 100  # what a crafted request could claim
    with pytest.raises(InvalidInput, match="超过图片的大小上限 1 MB"):
        check_upload(upload, field="files")


class Spy(io.BytesIO):
    """Records the size of every read, to see the file is never read whole."""

    def __init__(self, content: bytes) -> None:
        super().__init__(content)
        self.reads: list[int] = []

    def read(self, size: int | None = -1) -> bytes:
        self.reads.append(-1 if size is None else size)
        return super().read(size)


def test_a_large_video_is_digested_in_chunks_not_read_whole():
    content = MP4 + bytes(range(256)) * (3 * 4096)  # 3 MB
    stream = Spy(content)
    checked = check_upload(stream, field="files", name="clip.mp4")
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert checked.size == len(content)
    assert all(0 < size <= CHUNK_BYTES for size in stream.reads)


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("../../x.jpg", "x.jpg"),
        ("..\\..\\windows\\x.jpg", "x.jpg"),
        ("C:\\Users\\张伟\\Pictures\\现场.jpg", "现场.jpg"),
        ("/etc/passwd", "passwd"),
        ("a\x00b.jpg", "ab.jpg"),
        ("line\r\nbreak.jpg", "linebreak.jpg"),
        ("photo\u202egpj.exe", "photogpj.exe"),  # the right-to-left override is gone
        (".htaccess", "htaccess"),
        ("..", "文件.png"),
        ("", "文件.png"),
        ("   ", "文件.png"),
    ],
)
def test_the_senders_name_is_made_safe_to_show(sent, shown):
    assert display_name(sent, ".png") == shown


def test_a_very_long_name_is_cut_keeping_its_extension():
    name = display_name("现" * 300 + ".jpeg")
    assert len(name) == 100
    assert name.endswith("现.jpeg")


def test_whatever_the_name_the_stored_name_is_the_digest_and_the_detected_extension():
    for sent in ("../../x.jpg", "a\x00b.jpg", "x" * 500 + ".php", "evil.jpg;.exe"):
        checked = check_upload(io.BytesIO(image("PNG")), field="files", name=sent)
        assert re.fullmatch(
            r"evidence/[0-9a-f]{2}/[0-9a-f]{64}\.png", checked.stored_name("evidence")
        )
        assert "/" not in checked.name
        assert "\x00" not in checked.name
        assert len(checked.name) <= 100


def test_every_evidence_type_has_a_limit_setting(settings):
    from zhifa.core.uploads import TYPES, limit_bytes

    assert {TYPES[k].category for k in EVIDENCE} == {"image", "video", "document"}
    assert limit_bytes("image") == 20 * 1024 * 1024
    assert limit_bytes("video") == 200 * 1024 * 1024
    assert limit_bytes("document") == 20 * 1024 * 1024


class EvidenceForm(forms.Form):
    one = UploadField(label="签署件扫描件", required=False, kinds=SCANS)
    many = UploadsField(label="证据文件")


def test_the_form_fields_put_the_refusal_on_the_field_by_its_label():
    files = {
        "one": received("scan.pdf", WINDOWS_EXE),
        "many": [received("a.png", image("PNG")), received("b.jpg", LINUX_ELF)],
    }
    form = EvidenceForm({}, files)
    assert not form.is_valid()
    assert form.errors["one"] == [
        "签署件扫描件：「scan.pdf」的内容不是允许的类型（检测为Windows 可执行程序），不能上传；"
        "允许的类型：JPEG、PNG、PDF"
    ]
    assert (
        "证据文件：「b.jpg」的内容不是允许的类型（检测为Linux 可执行程序）"
        in form.errors["many"][0]
    )


def test_the_form_fields_clean_to_checked_uploads():
    png, pdf = image("PNG"), PDF
    form = EvidenceForm({}, {"one": received("s.pdf", pdf), "many": [received("a.jpg", png)]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["one"].sha256 == hashlib.sha256(pdf).hexdigest()
    (photo,) = form.cleaned_data["many"]
    assert (photo.type.key, photo.name) == ("png", "a.jpg")
    empty = EvidenceForm({}, {})
    assert empty.is_valid()
    assert (empty.cleaned_data["one"], empty.cleaned_data["many"]) == (None, [])
