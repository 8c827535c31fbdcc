"""Word (DOCX) versions of documents.

Without an administrator's docxtpl template, the DOCX is generated from the same HTML as the
PDF: headings, paragraphs, lists, tables and signature images, on A4 with the official margins.
Chinese text needs the East-Asian font set on every run (``w:eastAsia``): ``run.font.name``
alone sets only the Latin font, and Word would then show the CJK text in its default font."""

from __future__ import annotations

import base64
import io
import re
from typing import Any

import docx
from django.db.models.fields.files import FieldFile
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import html as lxml_html

# Fonts every Chinese Windows/WPS installation has; LibreOffice substitutes Noto CJK.
BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
BODY_SIZE = Pt(16)
TABLE_SIZE = Pt(12)
INDENT = Pt(32)  # two characters at 16pt
SPACES = re.compile(r"[ \t\r\n]+")  # not \s: the ideographic space (U+3000) is content
SKIP = frozenset({"style", "script", "title", "head", "svg", "meta"})
BLOCKS = frozenset({"p", "div", "table", "ol", "ul", "h1", "h2", "h3", "header"})


def set_font(
    run: Run, east_asia: str = BODY_FONT, size: Any = None, bold: bool | None = None
) -> None:
    run.font.name = LATIN_FONT
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asia)
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.bold = bold


def _page_number(paragraph: Paragraph) -> None:
    """— PAGE — in the footer, as a field Word updates."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run("— "), size=Pt(14))
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    set_font(paragraph.add_run(" —"), size=Pt(14))


def new_document() -> DocxDocument:
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    _page_number(section.footer.paragraphs[0])
    return doc


def _classes(el: Any) -> set[str]:
    return set((el.get("class") or "").split())


def _text(value: str | None) -> str:
    return SPACES.sub(" ", value or "")


def _picture(paragraph: Paragraph, src: str, height: Any = None) -> None:
    if not src.startswith("data:image/png;base64,"):
        return
    data = base64.b64decode(src.split(",", 1)[1])
    paragraph.add_run().add_picture(io.BytesIO(data), height=height or Mm(12))


def _inline(
    paragraph: Paragraph, el: Any, *, size: Any, bold: bool = False, font: str = BODY_FONT
) -> None:
    """The text of ``el`` and its inline children as runs of ``paragraph``."""
    if el.text and _text(el.text).strip(" "):
        set_font(paragraph.add_run(_text(el.text)), font, size, bold)
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "br":
            paragraph.add_run().add_break()
        elif tag == "img":
            seal = "seal-img" in _classes(child)  # the bureau's seal over the issuer line
            _picture(paragraph, child.get("src", ""), Mm(36) if seal else None)
        elif tag and tag not in SKIP:
            strong = bold or tag in ("strong", "b") or "label" in _classes(child)
            _inline(paragraph, child, size=size, bold=strong, font=font)
        if child.tail and _text(child.tail).strip(" "):
            set_font(paragraph.add_run(_text(child.tail)), font, size, bold)


def _paragraph(container: Any, el: Any, *, size: Any = BODY_SIZE, indent: bool = True) -> Paragraph:
    paragraph = container.add_paragraph()
    classes = _classes(el)
    if "right" in classes:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif "center" in classes:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent and "flush" not in classes:
        paragraph.paragraph_format.first_line_indent = INDENT
    _inline(paragraph, el, size=size)
    return paragraph


def _heading(container: Any, el: Any, *, font: str, size: Any, align: Any) -> None:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    _inline(paragraph, el, size=size, bold=True, font=font)


def _list(container: Any, el: Any, size: Any) -> None:
    for i, item in enumerate(el.findall("li"), start=1):
        paragraph = container.add_paragraph()
        paragraph.paragraph_format.left_indent = INDENT
        prefix = f"{i}. " if el.tag == "ol" else "· "
        set_font(paragraph.add_run(prefix), size=size)
        _inline(paragraph, item, size=size)


def _cell(cell: _Cell, el: Any) -> None:
    """A table cell: its paragraphs, or its inline content as one paragraph."""
    first = cell.paragraphs[0]
    bold = el.tag == "th"
    if any(isinstance(c.tag, str) and c.tag in BLOCKS for c in el):
        if el.text and _text(el.text).strip(" "):
            set_font(first.add_run(_text(el.text)), size=TABLE_SIZE, bold=bold)
        for child in el:
            if child.tag == "p":
                _paragraph(cell, child, size=TABLE_SIZE, indent=False)
            elif isinstance(child.tag, str):
                _inline(cell.add_paragraph(), child, size=TABLE_SIZE, bold=bold)
        return
    _inline(first, el, size=TABLE_SIZE, bold=bold)


def _table(container: Any, el: Any) -> None:
    rows = el.xpath("./tr|./thead/tr|./tbody/tr")
    if not rows:
        return
    width = max(sum(int(c.get("colspan", 1)) for c in r.xpath("./td|./th")) for r in rows)
    table = container.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        col = 0
        for cell_el in row.xpath("./td|./th"):
            span = int(cell_el.get("colspan", 1))
            cell = table.cell(r, col)
            if span > 1:
                cell = cell.merge(table.cell(r, col + span - 1))
            _cell(cell, cell_el)
            col += span


def _qr(container: Any, el: Any, *, align: Any, size: Any) -> None:
    """A QR code block (verification; 缴款码): the same link as the PDF's SVG, as a PNG picture
    (Word cannot hold inline SVG), with its caption."""
    from zhifa.documents.render import qr_png

    url = el.get("data-url") or ""
    if url:
        picture = container.add_paragraph()
        picture.alignment = align
        picture.add_run().add_picture(io.BytesIO(qr_png(url)), width=size, height=size)
    code = el.find_class("code")
    if code:
        paragraph = container.add_paragraph()
        paragraph.alignment = align
        set_font(paragraph.add_run(_text(code[0].text_content())), size=Pt(9))


def _qr_block(container: Any, el: Any, classes: set[str]) -> None:
    """The verification code top right (as in the PDF), or the 缴款码 under the payment text."""
    if "verify" in classes:
        _qr(container, el, align=WD_ALIGN_PARAGRAPH.RIGHT, size=Mm(19))
    else:
        _qr(container, el, align=WD_ALIGN_PARAGRAPH.LEFT, size=Mm(26))


def _issuer(container: Any, el: Any) -> None:
    """The agency and the date, right-aligned, with the seal picture when the copy has one."""
    for child in el:
        if child.tag == "img":
            paragraph = container.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _picture(paragraph, child.get("src", ""), Mm(36))
        elif isinstance(child.tag, str):
            _paragraph(container, child, indent=False).alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _section_heading(container: Any, el: Any) -> None:
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.first_line_indent = INDENT
    _inline(paragraph, el, size=BODY_SIZE, bold=True, font=HEADING_FONT)


def _small(classes: set[str]) -> Any:
    return Pt(12) if classes & {"small", "remark", "verify-note"} else BODY_SIZE


def _block(container: Any, el: Any) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    classes = _classes(el)
    if not tag or tag in SKIP:
        return
    if classes & {"verify", "paycode"}:
        _qr_block(container, el, classes)
    elif tag == "h1" or classes & {"org", "title"}:
        _heading(container, el, font=TITLE_FONT, size=Pt(22), align=WD_ALIGN_PARAGRAPH.CENTER)
    elif "number" in classes:
        _heading(container, el, font=BODY_FONT, size=BODY_SIZE, align=WD_ALIGN_PARAGRAPH.RIGHT)
    elif tag in ("h2", "h3"):
        _section_heading(container, el)
    elif tag == "p":
        _paragraph(container, el, size=_small(classes))
    elif tag in ("ol", "ul"):
        _list(container, el, _small(classes))
    elif tag == "table":
        _table(container, el)
    elif "issuer" in classes:
        _issuer(container, el)
    elif any(isinstance(c.tag, str) and c.tag in BLOCKS for c in el):
        for child in el:
            _block(container, child)
    else:
        _paragraph(container, el, indent=False)


def html_to_docx(html: str) -> bytes:
    root = lxml_html.document_fromstring(html)
    doc = new_document()
    body = root.find("body")
    for el in body if body is not None else root:
        _block(doc, el)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_docxtpl(template_file: FieldFile, context: dict[str, Any]) -> bytes:
    """An administrator's Word template (docxtpl / Jinja2 tags) filled with the context."""
    from docxtpl import DocxTemplate

    template_file.open("rb")
    try:
        data = template_file.read()
    finally:
        template_file.close()
    template = DocxTemplate(io.BytesIO(data))
    template.render({k: v for k, v in context.items() if k != "qr_svg"})
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
