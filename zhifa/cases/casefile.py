"""The electronic case file (电子案卷): the whole case as one ZIP that can be checked offline.

Layout (under the case number):
  manifest.json   every file with its size, SM3 and SHA-256; the chain head; the event count
  index.html      卷内目录: documents and evidence with their digests
  events.jsonl    the full-process record, one event per line, with its chain digests
  documents/      every issued document (PDF)
  evidence/       every evidence file

``verify_casefile`` needs nothing but the archive: each file against the manifest, no file added
or missing, the event chain recomputed to the manifest's head, and each evidence file found in
the event that attached it. (An attacker who rewrites every file *and* the manifest and the
chain is caught only against a head known from elsewhere: ``--expect-head``.)"""

from __future__ import annotations

import html
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from zhifa.cases.chain import GENESIS, chain_digests, digest_bytes, event_material
from zhifa.cases.models import Case, CaseEvent, EvidenceFile

FORMAT = "zhifa-casefile/1"


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}：{self.message}"


def _safe(name: str) -> str:
    return name.replace("/", "_").replace("\\", "_")[:120]


def _event_row(event: CaseEvent, files: list[EvidenceFile]) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "kind": event.kind,
        "actor_id": event.actor_id,
        "actor": event.actor.display_name if event.actor else None,
        "occurred_at": event.occurred_at.isoformat(timespec="microseconds"),
        "place": event.place,
        "latitude": None if event.latitude is None else str(event.latitude),
        "longitude": None if event.longitude is None else str(event.longitude),
        "payload": event.payload,
        "evidence": [[f.sm3, f.sha256, f.size] for f in files],
        "prev_sm3": event.prev_sm3,
        "digest_sm3": event.digest_sm3,
        "digest_sha256": event.digest_sha256,
    }


def export_casefile(case: Case) -> bytes:
    """The case as a ZIP (in memory: a case file is megabytes, not gigabytes). Documents still
    waiting for their render (the after-commit render or the retry job has not run yet) are
    rendered first, so the file holds every document as PDF (a court reads the file)."""
    if _render_missing(case):
        case = Case.objects.get(pk=case.pk)  # the renders appended to the record
    root = PurePosixPath(_safe(case.number))
    entries: list[tuple[str, bytes, str]] = []  # (path, content, kind)
    events = list(CaseEvent.objects.filter(case=case).select_related("actor").order_by("seq"))
    evidence = list(EvidenceFile.objects.filter(case=case).select_related("event").order_by("id"))
    by_event: dict[int, list[EvidenceFile]] = {}
    for ev in evidence:
        by_event.setdefault(ev.event_id, []).append(ev)
    lines = [
        json.dumps(_event_row(e, by_event.get(e.pk, [])), ensure_ascii=False, sort_keys=True)
        for e in events
    ]
    entries.append(("events.jsonl", ("\n".join(lines) + "\n").encode(), "record"))
    documents = _documents(case)
    document_pdf_ids = {d["pdf_sha256"] for d in documents}
    for doc in documents:
        entries.append((f"documents/{_safe(doc['number'])}.pdf", doc["content"], "document"))
    for ev in evidence:
        if ev.sha256 in document_pdf_ids:
            continue  # the issued document itself, already under documents/
        with default_storage.open(str(ev.file.name), "rb") as fh:
            content = fh.read()
        entries.append(
            (f"evidence/{ev.event.seq:04d}-{ev.pk}-{_safe(ev.name)}", content, "evidence")
        )
    entries.append(("index.html", _index(case, documents, evidence).encode(), "index"))
    manifest = {
        "format": FORMAT,
        "case": case.number,
        "bureau": settings.ZHIFA_BUREAU_NAME,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "event_count": case.event_count,
        "chain_head_sm3": case.chain_head_sm3,
        "chain_head_sha256": case.chain_head_sha256,
        "files": [
            {
                "path": path,
                "kind": kind,
                "size": len(content),
                **dict(zip(("sm3", "sha256"), _digests(content), strict=True)),
            }
            for path, content, kind in entries
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content, _ in entries:
            archive.writestr(str(root / path), content)
        archive.writestr(
            str(root / "manifest.json"), json.dumps(manifest, ensure_ascii=False, indent=1)
        )
    return buffer.getvalue()


def _digests(content: bytes) -> tuple[str, str]:
    d = digest_bytes(content)
    return d.sm3, d.sha256


def _render_missing(case: Case) -> bool:
    """Render the case's documents that have no A4 PDF yet; True when any was tried."""
    from zhifa.documents.renderer import missing_renders, render_pending

    ids = list(missing_renders().filter(case=case).values_list("id", flat=True))
    if ids:
        render_pending(ids)
    return bool(ids)


def _documents(case: Case) -> list[dict[str, Any]]:
    """Issued documents (the documents app), if it is installed."""
    try:
        from zhifa.documents.models import Document
    except ImportError:  # pragma: no cover — the app is part of the project
        return []
    rows = []
    for doc in Document.objects.filter(case=case).order_by("issued_at", "id"):
        with default_storage.open(str(doc.pdf.name), "rb") as fh:
            content = fh.read()
        rows.append(
            {
                "number": doc.number,
                "kind": doc.get_kind_display(),
                "issued_on": doc.issued_on.isoformat(),
                "pdf_sha256": doc.pdf_sha256,
                "pdf_sm3": doc.pdf_sm3,
                "content": content,
            }
        )
    return rows


def _index(case: Case, documents: list[dict[str, Any]], evidence: list[EvidenceFile]) -> str:
    e = html.escape
    rows = [
        f"<tr><td>{i}</td><td>{e(d['kind'])}</td><td>{e(d['number'])}</td>"
        f"<td>{e(d['issued_on'])}</td><td><code>{d['pdf_sm3']}</code></td></tr>"
        for i, d in enumerate(documents, start=1)
    ]
    more = [
        f"<tr><td>{len(documents) + i}</td><td>{e(ev.get_kind_display())}</td>"
        f"<td>{e(ev.name)}</td><td>{ev.event.occurred_at:%Y-%m-%d}</td>"
        f"<td><code>{ev.sm3}</code></td></tr>"
        for i, ev in enumerate(evidence, start=1)
    ]
    return (
        "<!doctype html><meta charset=utf-8><title>卷内目录</title>"
        f"<h1>卷内目录 — {e(case.number)}</h1><p>{e(settings.ZHIFA_BUREAU_NAME)}；"
        f"记录 {case.event_count} 条；链头 SM3 <code>{case.chain_head_sm3}</code></p>"
        "<table border=1 cellpadding=4><tr><th>序号</th><th>材料</th><th>文号/名称</th>"
        "<th>日期</th><th>SM3</th></tr>" + "".join(rows + more) + "</table>"
    )


# --- verification (offline) -------------------------------------------------------------------


def verify_casefile(data: bytes, *, expect_head: str | None = None) -> list[Problem]:
    """Problems found in an exported case file (empty: intact)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return [Problem("(archive)", "不是有效的 ZIP 文件")]
    names = [n for n in archive.namelist() if not n.endswith("/")]
    manifests = [n for n in names if n.endswith("/manifest.json") and n.count("/") == 1]
    if len(manifests) != 1:
        return [Problem("manifest.json", "缺少清单文件")]
    root = manifests[0].rsplit("/", 1)[0]
    manifest = json.loads(archive.read(manifests[0]))
    listed = {f"{root}/{f['path']}": f for f in manifest["files"]}
    problems: list[Problem] = []
    for name in sorted(set(names) - set(listed) - {manifests[0]}):
        problems.append(Problem(name, "清单中没有此文件 (文件被添加)"))
    for name, entry in listed.items():
        if name not in names:
            problems.append(Problem(name, "文件缺失 (文件被删除)"))
            continue
        content = archive.read(name)
        if (len(content), *_digests(content)) != (entry["size"], entry["sm3"], entry["sha256"]):
            problems.append(Problem(name, "内容与清单中的摘要不符 (文件被改动)"))
    events_name = f"{root}/events.jsonl"
    if events_name in names:
        problems += _verify_chain(archive.read(events_name).decode(), manifest, events_name)
        problems += _verify_evidence(archive, root, manifest, events_name)
    if expect_head and manifest.get("chain_head_sm3") != expect_head:
        problems.append(Problem("manifest.json", f"链头与预期不符 (预期 {expect_head})"))
    return problems


def _verify_chain(text: str, manifest: dict[str, Any], path: str) -> list[Problem]:
    prev_sm3, prev_sha256 = GENESIS, GENESIS
    count = 0
    for count, line in enumerate((ln for ln in text.splitlines() if ln.strip()), start=1):
        row = json.loads(line)
        if row["seq"] != count or row["prev_sm3"] != prev_sm3:
            return [Problem(path, f"第 {count} 条记录与前一条不衔接")]
        digests = chain_digests(
            event_material(
                case_number=manifest["case"],
                seq=row["seq"],
                kind=row["kind"],
                actor_id=row["actor_id"],
                occurred_at=datetime.fromisoformat(row["occurred_at"]),
                place=row["place"],
                latitude=None if row["latitude"] is None else Decimal(row["latitude"]),
                longitude=None if row["longitude"] is None else Decimal(row["longitude"]),
                payload=row["payload"],
                evidence=[tuple(e) for e in row["evidence"]],
                prev_sm3=prev_sm3,
                prev_sha256=prev_sha256,
            )
        )
        if (digests.sm3, digests.sha256) != (row["digest_sm3"], row["digest_sha256"]):
            return [Problem(path, f"第 {count} 条记录「{row['kind']}」内容与摘要不符")]
        prev_sm3, prev_sha256 = digests.sm3, digests.sha256
    if count != manifest["event_count"] or (count and prev_sm3 != manifest["chain_head_sm3"]):
        return [Problem(path, "记录条数或链头与清单不符")]
    return []


def _verify_evidence(
    archive: zipfile.ZipFile, root: str, manifest: dict[str, Any], events_name: str
) -> list[Problem]:
    """Each evidence and document file must be one the record attached (its digest is in an
    event): a file swapped together with its manifest line is still caught."""
    attached = set()
    for line in archive.read(events_name).decode().splitlines():
        if line.strip():
            attached |= {e[0] for e in json.loads(line)["evidence"]}
    problems = []
    for entry in manifest["files"]:
        if entry["kind"] in ("evidence", "document") and entry["sm3"] not in attached:
            problems.append(Problem(f"{root}/{entry['path']}", "全过程记录中没有此文件的摘要"))
    return problems
