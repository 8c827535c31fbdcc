"""A served document's pages as images for the party's phone (a phone browser cannot show a PDF
inside a page). Rendered once from the frozen PDF with poppler's ``pdftoppm`` and kept under the
PDF's SHA-256; without ``pdftoppm`` the page offers the PDF only. The PDF is checked against its
recorded digest before anything is shown."""

from __future__ import annotations

import base64
import hashlib
import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from zhifa.documents.models import Document

log = logging.getLogger("zhifa.delivery")
RESOLUTION = 110  # dpi: an A4 page 910 px wide, sharp on a 390 px phone at 2× density
MAX_PAGES = 30


class TamperedDocument(Exception):
    """The stored PDF no longer matches the digest recorded when it was issued."""


def pdf_bytes(document: Document) -> bytes:
    with default_storage.open(str(document.pdf.name), "rb") as fh:
        data = fh.read()
    if hashlib.sha256(data).hexdigest() != document.pdf_sha256:
        raise TamperedDocument(document.number)
    return data


def page_images(document: Document) -> list[str]:
    """The pages as ``data:`` PNG URIs (allowed by the CSP; one request per view, so each view is
    one logged access). Empty when pages cannot be rendered here."""
    count = min(document.pages or 1, MAX_PAGES)
    names = [f"delivery/pages/{document.pdf_sha256}/{n}.png" for n in range(1, count + 1)]
    if not all(default_storage.exists(n) for n in names):
        rendered = _render(document)
        if not rendered:
            return []
        names = []
        for n, png in enumerate(rendered[:MAX_PAGES], start=1):
            name = f"delivery/pages/{document.pdf_sha256}/{n}.png"
            if not default_storage.exists(name):
                default_storage.save(name, ContentFile(png))
            names.append(name)
    uris = []
    for name in names:
        with default_storage.open(name, "rb") as fh:
            uris.append("data:image/png;base64," + base64.b64encode(fh.read()).decode())
    return uris


def _render(document: Document) -> list[bytes]:
    exe = shutil.which("pdftoppm")
    if exe is None:
        return []
    data = pdf_bytes(document)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "doc.pdf"
        src.write_bytes(data)
        try:
            subprocess.run(
                [exe, "-r", str(RESOLUTION), "-png", str(src), str(Path(tmp) / "p")],
                check=True,
                capture_output=True,
                timeout=60,
            )
        except (subprocess.SubprocessError, OSError):
            log.exception("pdftoppm failed for %s", document.number)
            return []
        pages = sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        return [p.read_bytes() for p in pages]
