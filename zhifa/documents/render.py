"""Rendering, pure: a context (JSON-native, as frozen with the document) in, bytes out.

HTML (Django template language) → PDF with WeasyPrint. Fonts are the Debian ``fonts-noto-cjk``
families resolved by fontconfig (Noto Serif CJK SC for the body and title, Noto Sans CJK SC for
headings); nothing is fetched from the network: the URL fetcher serves ``data:`` URIs and files of
this app's static folder only. DOCX: the template row's docxtpl file when it has one, else a
document generated from the same HTML (``docx_build``).

Where the time goes (a 3-page decision, one idle core of these machines: ~0.35 s): about half is
fonts — WeasyPrint reads each face's file (the Noto CJK collections are 20–27 MB) and subsets
it with HarfBuzz for every document, so the layout uses three faces only (Serif regular for the
body, Serif bold for the title, Sans regular for 黑体 headings); a third is layout; the rest
drawing and compression. Pre-subset @font-face fonts were tried and gained nothing."""

from __future__ import annotations

import base64
import io
import mimetypes
import threading
import urllib.parse
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.request import url2pathname

import segno
from django.utils.safestring import SafeString, mark_safe
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from zhifa.documents import templating
from zhifa.documents.choices import SignerRole
from zhifa.documents.templating import TemplateSource

STATIC_ROOT = Path(__file__).resolve().parent / "static"
_local = threading.local()


class LocalFetcher(URLFetcher):
    """``data:`` URIs and this app's static files; anything else (http, other files) is
    refused, so an edited template cannot make a render reach the network or read the disk."""

    def __init__(self) -> None:  # no urllib handlers (and no SSL context, ~0.1 s each)
        self._fail_on_errors = False

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            head, _, data = url[5:].partition(",")
            mime = head.split(";")[0] or "text/plain"
            body = (
                base64.b64decode(data)
                if head.endswith(";base64")
                else urllib.parse.unquote_to_bytes(data)
            )
            return URLFetcherResponse(url, body, {"Content-Type": mime})
        if url.startswith("file:"):
            path = Path(url2pathname(url[5:].split("?")[0])).resolve()
            if path.is_relative_to(STATIC_ROOT) and path.is_file():
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
        raise ValueError(f"文书模板不得引用外部资源：{url[:80]}")

    def __call__(self, url: str) -> URLFetcherResponse:
        return self.fetch(url)


FETCHER = LocalFetcher()


def _font_config() -> FontConfiguration:
    """One font configuration per thread, reused: building it loads fontconfig's cache."""
    config = getattr(_local, "fonts", None)
    if config is None:
        config = _local.fonts = FontConfiguration()
    return config


def qr_svg(url: str) -> SafeString:
    """The verification link as an inline SVG QR code (segno; error correction M)."""
    if not url:
        return mark_safe("")
    svg = segno.make(url, error="m").svg_inline(scale=1, border=2, omitsize=True)
    return mark_safe(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def _signatures(context: Mapping[str, Any], images: Mapping[str, bytes]) -> dict[str, list]:
    """The captured signatures by signer role, each with its PNG as a data URI."""
    grouped: dict[str, list[dict[str, Any]]] = {role: [] for role in SignerRole.values}
    for sig in context.get("signatures", []):
        row = dict(sig)
        png = images.get(row.get("sha256", ""))
        if png:
            row["image"] = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        grouped.setdefault(row.get("role", ""), []).append(row)
    return grouped


def qr_png(url: str, scale: int = 8) -> bytes:
    """The same QR code as a PNG (for the Word version, which cannot hold inline SVG)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=scale, border=2)
    return out.getvalue()


def _data_uri(png: bytes | None) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii") if png else ""


def template_context(
    context: Mapping[str, Any], images: Mapping[str, bytes] | None = None
) -> dict[str, Any]:
    """What the template sees: the frozen context, the QR codes (verification; 缴款码 when a
    payment link is configured), the grouped signatures and the seal image (served copies with
    a seal configured only)."""
    images = images or {}
    document = context.get("document") or {}
    seal = context.get("seal") or {}
    payment = context.get("payment") or {}
    return {
        **context,
        "document": document,
        "qr_svg": qr_svg(document.get("verify_url", "")),
        "pay_qr_svg": qr_svg(payment.get("code_url", "")),
        "sig": _signatures(context, images),
        "seal_image": _data_uri(images.get(seal.get("sha256", ""))),
    }


def render_html(
    kind: str,
    context: Mapping[str, Any],
    *,
    source: TemplateSource | None = None,
    images: Mapping[str, bytes] | None = None,
) -> str:
    source = source or templating.resolve(kind)
    return str(source.template.render(template_context(context, images)))


PX_MM = 25.4 / 96  # WeasyPrint lays out in CSS pixels
ROLL_MARGIN_MM = 7.0  # the roll page's top and bottom margins (roll80.css) and a tear-off gap


def _html(html: str) -> HTML:
    return HTML(string=html, base_url=str(STATIC_ROOT) + "/", url_fetcher=FETCHER)


def html_to_pdf(html: str) -> bytes:
    """The A4 PDF of ``html`` (the 80 mm roll: ``fit_roll``)."""
    pdf = _html(html).write_pdf(font_config=_font_config())
    assert pdf is not None
    return bytes(pdf)


def fit_roll(html: str) -> bytes:
    """An 80 mm roll slip on one page: lay out on a very long page (roll80.css), measure where
    the content ends, and print again on a page just that long — a portable printer feeds no
    blank paper and cuts once."""
    fonts = _font_config()
    laid_out = _html(html).render(font_config=fonts)
    root = laid_out.pages[0]._page_box.children[0]  # the <html> box
    bottom_mm = (root.position_y + root.margin_height()) * PX_MM
    height = max(60.0, bottom_mm + ROLL_MARGIN_MM)
    # A later rule of the same origin wins: the page just as long as the content.
    sized = html.replace(
        "</head>", f"<style>@page {{ size: 80mm {height:.1f}mm; }}</style></head>", 1
    )
    pdf = _html(sized).write_pdf(font_config=fonts)
    assert pdf is not None
    return bytes(pdf)


def render_pdf(
    kind: str,
    context: Mapping[str, Any],
    *,
    source: TemplateSource | None = None,
    images: Mapping[str, bytes] | None = None,
) -> bytes:
    """The document as an A4 PDF."""
    return html_to_pdf(render_html(kind, context, source=source, images=images))


def render_docx(
    kind: str,
    context: Mapping[str, Any],
    *,
    source: TemplateSource | None = None,
    images: Mapping[str, bytes] | None = None,
    html: str | None = None,
) -> bytes:
    """The document as an editable Word file: the row's docxtpl template when it has one, else
    generated from the same HTML as the PDF (same headings, paragraphs and tables)."""
    from zhifa.documents import docx_build

    source = source or templating.resolve(kind)
    if source.row is not None and source.row.docx:
        return docx_build.render_docxtpl(source.row.docx, template_context(context, images))
    html = html if html is not None else render_html(kind, context, source=source, images=images)
    return docx_build.html_to_docx(html)


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)
