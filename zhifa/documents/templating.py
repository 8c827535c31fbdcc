"""Which layout renders a kind: the newest active ``DocumentTemplate`` row (edited by an
administrator; each save is a new version), else the file default
``templates/documents/kinds/<kind>.html``. Compiled templates are cached: a row's text never
changes (a change is a new row), and the file defaults change only with a deploy."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.template import engines
from django.template.backends.django import Template as BackendTemplate

from zhifa.documents.models import DocumentTemplate

BASE = "documents/base_document.html"
CSS = "documents/print.css"


@dataclass(frozen=True)
class TemplateSource:
    """The layout of one kind: the compiled HTML template, the row it came from (None: the file
    default), the SHA-256 of its text, and the row's DOCX template if it has one."""

    kind: str
    template: Any
    row: DocumentTemplate | None
    digest: str

    @property
    def has_docx(self) -> bool:
        return bool(self.row and self.row.docx)

    @property
    def label(self) -> str:
        return f"v{self.row.version}" if self.row else "默认模板"


def kind_template_name(kind: str) -> str:
    return f"documents/kinds/{kind}.html"


def _engine() -> Any:
    return engines["django"]


def _source_text(name: str) -> str:
    template = _engine().get_template(name)
    return str(template.template.source)


@cache
def file_default(kind: str) -> TemplateSource:
    name = kind_template_name(kind)
    text = "\n".join(_source_text(n) for n in (name, BASE, CSS))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return TemplateSource(kind, _engine().get_template(name), None, digest)


ROLL_BASE = "documents/base_roll80.html"
ROLL_CSS = "documents/roll80.css"


def layout_template_name(kind: str, layout: str) -> str:
    return f"documents/layouts/{layout}/{kind}.html"


@cache
def layout_default(kind: str, layout: str) -> TemplateSource:
    """A second layout of a kind (the 80 mm roll of the on-the-spot decision): a file template
    only (administrators edit the A4 layout)."""
    name = layout_template_name(kind, layout)
    text = "\n".join(_source_text(n) for n in (name, ROLL_BASE, ROLL_CSS))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return TemplateSource(kind, _engine().get_template(name), None, digest)


_compiled: dict[int, BackendTemplate] = {}
_lock = threading.Lock()


def compile_html(html: str) -> BackendTemplate:
    """Compile an administrator's template (raises ``TemplateSyntaxError`` when it does not)."""
    return _engine().from_string(html)


def from_row(row: DocumentTemplate) -> TemplateSource:
    with _lock:
        template = _compiled.get(row.pk)
    if template is None:
        template = compile_html(row.html)
        with _lock:
            _compiled[row.pk] = template
    digest = hashlib.sha256(row.html.encode("utf-8")).hexdigest()
    return TemplateSource(row.kind, template, row, digest)


def active_row(kind: str) -> DocumentTemplate | None:
    return DocumentTemplate.objects.filter(kind=kind, active=True).order_by("-version").first()


def resolve(kind: str) -> TemplateSource:
    """The layout issuing uses now."""
    row = active_row(kind)
    return from_row(row) if row else file_default(kind)
