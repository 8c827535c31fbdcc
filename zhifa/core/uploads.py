"""Checking an uploaded file before anything keeps it: one check for every page and endpoint.

``check_upload`` reads the file once, in chunks (a 200 MB video never sits in memory; Django
streams uploads above ``FILE_UPLOAD_MAX_MEMORY_SIZE`` to a temporary file), and returns
what it found: the type *detected from the content* (magic bytes — the name and the browser's
content type are the sender's claims, so a renamed executable is refused), the size, the
SHA-256 and SM3 digests taken on receipt, and the original name made safe to show. The stored
name is derived from the digest and the detected type's extension, never from the sender's name.

Size limits are per category, in settings: ``ZHIFA_UPLOAD_MAX_IMAGE_MB`` (photos and scans),
``ZHIFA_UPLOAD_MAX_VIDEO_MB`` (video and audio recordings, 录音录像) and
``ZHIFA_UPLOAD_MAX_OTHER_MB`` (PDF documents).

A refusal is ``InvalidInput`` (HTTP 422 from the API) naming the field; the form fields below
turn it into the field's error on a page. Nothing is stored by this module."""

from __future__ import annotations

import hashlib
import struct
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django import forms
from django.conf import settings

from zhifa.core.errors import InvalidInput

HEAD_BYTES = 512  # enough for every signature below (an MP4's ftyp box with its brands)
CHUNK_BYTES = 1 << 20
MAX_NAME_CHARS = 100  # the shown name; EvidenceFile.name holds 200

IMAGE, VIDEO, DOCUMENT = "image", "video", "document"
CATEGORY_LABELS = {IMAGE: "图片", VIDEO: "录音录像", DOCUMENT: "文档"}
LIMIT_SETTINGS = {
    IMAGE: "ZHIFA_UPLOAD_MAX_IMAGE_MB",
    VIDEO: "ZHIFA_UPLOAD_MAX_VIDEO_MB",
    DOCUMENT: "ZHIFA_UPLOAD_MAX_OTHER_MB",
}


@dataclass(frozen=True)
class FileType:
    key: str
    name: str  # short, for the list of allowed types
    label: str  # in a refusal: 检测为…
    ext: str  # of the stored file
    content_type: str
    category: str  # IMAGE, VIDEO (audio counts with video: recordings) or DOCUMENT


TYPES: dict[str, FileType] = {
    t.key: t
    for t in (
        FileType("jpeg", "JPEG", "JPEG 图片", ".jpg", "image/jpeg", IMAGE),
        FileType("png", "PNG", "PNG 图片", ".png", "image/png", IMAGE),
        FileType("heic", "HEIC", "HEIC/HEIF 图片", ".heic", "image/heic", IMAGE),
        FileType("webp", "WebP", "WebP 图片", ".webp", "image/webp", IMAGE),
        FileType("gif", "GIF", "GIF 图片", ".gif", "image/gif", IMAGE),
        FileType("mp4", "MP4", "MP4 视频", ".mp4", "video/mp4", VIDEO),
        FileType("mov", "MOV", "MOV 视频", ".mov", "video/quicktime", VIDEO),
        FileType("3gp", "3GP", "3GP 视频", ".3gp", "video/3gpp", VIDEO),
        FileType("avi", "AVI", "AVI 视频", ".avi", "video/x-msvideo", VIDEO),
        FileType("mp3", "MP3", "MP3 录音", ".mp3", "audio/mpeg", VIDEO),
        FileType("m4a", "M4A", "M4A 录音", ".m4a", "audio/mp4", VIDEO),
        FileType("amr", "AMR", "AMR 录音", ".amr", "audio/amr", VIDEO),
        FileType("wav", "WAV", "WAV 录音", ".wav", "audio/wav", VIDEO),
        FileType("pdf", "PDF", "PDF 文档", ".pdf", "application/pdf", DOCUMENT),
    )
}

# What each kind of input takes (行政处罚法 Art 46: photos, recordings and documents as evidence).
EVIDENCE = frozenset(TYPES)
PHOTOS_AND_VIDEO = frozenset(k for k, t in TYPES.items() if t.category != DOCUMENT)
IMAGES_AND_PDF = frozenset(k for k, t in TYPES.items() if t.category != VIDEO)
SCANS = frozenset({"pdf", "png", "jpeg"})  # a signed paper, scanned

# Never evidence, named in the refusal so the officer knows what was sent.
_REFUSED: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "Windows 可执行程序"),
    (b"\x7fELF", "Linux 可执行程序"),
    (b"\xfe\xed\xfa\xce", "macOS 可执行程序"),
    (b"\xfe\xed\xfa\xcf", "macOS 可执行程序"),
    (b"\xce\xfa\xed\xfe", "macOS 可执行程序"),
    (b"\xcf\xfa\xed\xfe", "macOS 可执行程序"),
    (b"\xca\xfe\xba\xbe", "macOS 或 Java 可执行程序"),
    (b"\x00asm", "WebAssembly 程序"),
    (b"#!", "脚本"),
    (b"PK\x03\x04", "压缩包或 Office 文档"),
    (b"PK\x05\x06", "压缩包或 Office 文档"),
    (b"PK\x07\x08", "压缩包或 Office 文档"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office 97-2003 文档（可含宏）"),
    (b"{\\rtf", "RTF 文档"),
    (b"Rar!\x1a\x07", "压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "压缩包"),
    (b"\x1f\x8b", "压缩包"),
    (b"BZh", "压缩包"),
)

_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"}
_HEIF_BRANDS |= {b"mif1", b"msf1"}
_MP4_BRANDS = {b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"mp71"}
_MP4_BRANDS |= {b"avc1", b"dash", b"M4V ", b"M4VH", b"M4VP", b"MSNV", b"NDAS", b"NDSC"}
_MP4_BRANDS |= {b"XAVC", b"F4V ", b"f4v ", b"mmp4", b"hvc1", b"hev1"}
_QUICKTIME_ATOMS = {b"moov", b"mdat", b"wide"}  # QuickTime files from before ftyp


@dataclass(frozen=True)
class CheckedUpload:
    """A file that passed ``check_upload``: where to read it, what it is, its digests."""

    stream: IO[bytes]
    name: str  # the sender's name made safe to show (no path, no control characters)
    type: FileType
    size: int
    sha256: str
    sm3: str

    @property
    def content_type(self) -> str:
        return self.type.content_type

    def stored_name(self, folder: str) -> str:
        """The storage name: the digest and the detected type's extension (identical content
        is stored once; nothing of the sender's name reaches the file system)."""
        return f"{folder}/{self.sha256[:2]}/{self.sha256}{self.type.ext}"


def _ftyp(head: bytes) -> FileType | None:
    """ISO base media (MP4, MOV, HEIC, M4A, 3GP): the ftyp box's major and compatible brands."""
    (box_size,) = struct.unpack(">I", head[:4])
    major = head[8:12]
    end = min(box_size if box_size >= 16 else 16, len(head))
    brands = {major} | {head[i : i + 4] for i in range(16, end - 3, 4)}
    if major == b"qt  ":
        return TYPES["mov"]
    if major in _HEIF_BRANDS:
        return TYPES["heic"]
    if major in {b"M4A ", b"M4B "}:
        return TYPES["m4a"]
    if major[:3] in {b"3gp", b"3g2"}:
        return TYPES["3gp"]
    if brands & _MP4_BRANDS:
        return TYPES["mp4"]
    return None


def _riff(head: bytes) -> FileType | None:
    form = head[8:12]
    return {b"WEBP": TYPES["webp"], b"WAVE": TYPES["wav"], b"AVI ": TYPES["avi"]}.get(form)


def _mp3_frame(head: bytes) -> bool:
    """An MPEG audio frame header (a recording without an ID3 tag): 11 sync bits, a version
    and a layer that exist (Layer II or III: Layer I is never recorded, and ``FF FE`` is the
    byte-order mark of UTF-16 text), a bitrate and a sample rate that are not reserved."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer = (head[1] >> 3) & 3, (head[1] >> 1) & 3
    bitrate, rate = head[2] >> 4, (head[2] >> 2) & 3
    return version != 1 and layer in (1, 2) and bitrate not in (0, 15) and rate != 3


def detect(head: bytes) -> FileType | None:
    """The allowed type the first bytes show, or None."""
    simple = (
        (b"\xff\xd8\xff", "jpeg"),
        (b"\x89PNG\r\n\x1a\n", "png"),
        (b"GIF87a", "gif"),
        (b"GIF89a", "gif"),
        (b"%PDF-", "pdf"),
        (b"ID3", "mp3"),
        (b"#!AMR\n", "amr"),
        (b"#!AMR-WB\n", "amr"),
    )
    for magic, key in simple:
        if head.startswith(magic):
            return TYPES[key]
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return _ftyp(head)
    if len(head) >= 12 and head.startswith(b"RIFF"):
        return _riff(head)
    if len(head) >= 8 and head[4:8] in _QUICKTIME_ATOMS:
        return TYPES["mov"]
    if _mp3_frame(head):
        return TYPES["mp3"]
    return None


def describe(head: bytes) -> str:
    """What a refused file looks like, for the message (检测为…)."""
    found = detect(head)
    if found is not None:
        return found.label
    for magic, label in _REFUSED:
        if head.startswith(magic):
            return label
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<"):
        return "网页或 XML（可含脚本）"
    return "未能识别的类型"


def display_name(raw: str | None, ext: str = "") -> str:
    """The sender's file name, safe to show and to put in a download header: the last path
    component only, without control or direction-override characters (which can disguise
    ``photo‮gpj.exe``), no leading dots, at most ``MAX_NAME_CHARS`` (keeping the extension)."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip().lstrip(".").strip()
    if not name:
        return f"文件{ext}"
    if len(name) <= MAX_NAME_CHARS:
        return name
    stem, dot, suffix = name.rpartition(".")
    if dot and stem and len(suffix) <= 10:
        return f"{stem[: MAX_NAME_CHARS - len(suffix) - 1]}.{suffix}"
    return name[:MAX_NAME_CHARS]


def limit_bytes(category: str) -> int:
    return int(getattr(settings, LIMIT_SETTINGS[category])) * 1024 * 1024


def allowed_names(kinds: Iterable[str]) -> str:
    return "、".join(t.name for k, t in TYPES.items() if k in kinds)


def check_upload(
    f: IO[bytes],
    *,
    field: str,
    label: str | None = None,
    kinds: Iterable[str] = EVIDENCE,
    name: str | None = None,
) -> CheckedUpload:
    """Check one uploaded file (a Django ``UploadedFile`` or any binary stream) for the input
    ``field`` (``label``: its name in the message, default ``field``): its type by content, one
    of ``kinds``; its size within its category's limit; and take its digests. Raises
    ``InvalidInput`` naming the field; reads the file once, in chunks, and rewinds it."""
    label = label or field
    allowed = frozenset(kinds)
    raw = name if name is not None else str(getattr(f, "name", "") or "")
    shown = display_name(raw)
    f.seek(0)
    head = f.read(HEAD_BYTES)
    if not head:
        raise InvalidInput("empty_file", f"{label}：「{shown}」是空文件，不能上传", field=field)
    found = detect(head)
    if found is None or found.key not in allowed:
        raise InvalidInput(
            "file_type_refused",
            f"{label}：「{shown}」的内容不是允许的类型（检测为{describe(head)}），不能上传；"
            f"允许的类型：{allowed_names(allowed)}",
            field=field,
        )
    limit = limit_bytes(found.category)
    too_large = InvalidInput(
        "file_too_large",
        f"{label}：「{shown}」超过{CATEGORY_LABELS[found.category]}的大小上限 "
        f"{limit // (1024 * 1024)} MB，不能上传",
        field=field,
    )
    declared = getattr(f, "size", None)
    if isinstance(declared, int) and declared > limit:
        raise too_large
    sha256, sm3 = hashlib.sha256(head), hashlib.new("sm3", head)
    size = len(head)
    while chunk := f.read(CHUNK_BYTES):
        size += len(chunk)
        if size > limit:  # the declared size may lie: count what arrives
            raise too_large
        sha256.update(chunk)
        sm3.update(chunk)
    f.seek(0)
    return CheckedUpload(
        stream=f,
        name=display_name(raw, found.ext),
        type=found,
        size=size,
        sha256=sha256.hexdigest(),
        sm3=sm3.hexdigest(),
    )


def stored_extension(stream: IO[bytes], name: str) -> str:
    """For files made by zhifa itself (rendered PDFs, demo photos), which skip the check: the
    detected type's extension, else the name's, letters and digits only."""
    stream.seek(0)
    found = detect(stream.read(HEAD_BYTES))
    stream.seek(0)
    if found is not None:
        return found.ext
    suffix = name.rpartition(".")[2] if "." in name else ""
    clean = "".join(ch for ch in suffix.lower() if ch.isascii() and ch.isalnum())[:10]
    return f".{clean}" if clean else ""


# --- Form fields: the same check on pages ------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadField(forms.FileField):
    """One file, checked by ``check_upload``: cleans to a ``CheckedUpload`` (or None)."""

    def __init__(self, *args: Any, kinds: Iterable[str] = EVIDENCE, **kwargs: Any) -> None:
        self.kinds = frozenset(kinds)
        super().__init__(*args, **kwargs)

    def check(self, file: Any) -> CheckedUpload:
        try:
            return check_upload(
                file, field="file", label=str(self.label or "文件"), kinds=self.kinds
            )
        except InvalidInput as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None

    def clean(self, data: Any, initial: Any = None) -> Any:
        file = super().clean(data, initial)
        return self.check(file) if file else None


class UploadsField(UploadField):
    """Several files in one input (photos from the phone's camera): a list of
    ``CheckedUpload``; one refused file refuses the input (nothing of it is kept)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super(UploadField, self).clean
        items = data if isinstance(data, list | tuple) else [data]
        return [self.check(file) for file in (single(d, initial) for d in items if d) if file]
