"""Import and export of the catalog of powers (JSON and XLSX).

``import_file`` validates every row of the file first and writes only when all are good, in one
transaction (``actions.import_catalog``); otherwise ``CatalogImportError`` lists each bad row.
``load_default_catalog`` imports the seed catalog shipped with the app (idempotent).
"""

from __future__ import annotations

from pathlib import Path

from zhifa.law.catalog_io.reader import read_json, read_xlsx
from zhifa.law.catalog_io.records import (
    CatalogImportError,
    ImportResult,
    Issue,
    ItemData,
    from_model,
)
from zhifa.law.catalog_io.validator import validate
from zhifa.law.catalog_io.writer import to_json, to_xlsx
from zhifa.law.models import ViolationItem

__all__ = [
    "DEFAULT_CATALOG",
    "FORMATS",
    "CatalogImportError",
    "ImportResult",
    "Issue",
    "catalog_records",
    "export_json",
    "export_xlsx",
    "import_bytes",
    "import_file",
    "load_default_catalog",
    "parse",
]

DEFAULT_CATALOG = Path(__file__).resolve().parent.parent / "fixtures" / "catalog.json"
FORMATS = ("json", "xlsx")


def parse(content: bytes, fmt: str) -> list[ItemData]:
    """Validated records of a file's content; raises CatalogImportError listing every issue."""
    if fmt not in FORMATS:
        raise CatalogImportError([Issue("文件", "", f"不支持的格式「{fmt}」，应为 json 或 xlsx")])
    raw, issues = read_json(content) if fmt == "json" else read_xlsx(content)
    records, more = validate(raw)
    issues += more
    if issues:
        raise CatalogImportError(issues)
    return records


def import_bytes(content: bytes, fmt: str) -> ImportResult:
    from zhifa.law.actions import import_catalog  # actions imports this package's records

    return import_catalog(parse(content, fmt))


def import_file(path: str | Path) -> ImportResult:
    """Import a .json or .xlsx file (the format follows the extension)."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise CatalogImportError(
            [Issue(path.name, "", "文件扩展名应为 .json 或 .xlsx，据此确定导入格式")]
        )
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise CatalogImportError([Issue(path.name, "", f"无法读取文件：{exc}")]) from exc
    return import_bytes(content, fmt)


def load_default_catalog() -> ImportResult:
    """Import the seed catalog (``fixtures/catalog.json``). Running it again changes nothing."""
    return import_file(DEFAULT_CATALOG)


def catalog_records() -> list[ItemData]:
    items = ViolationItem.objects.prefetch_related("fine_rules", "discretion_bands")
    return [from_model(item) for item in items]


def export_json() -> str:
    return to_json(catalog_records())


def export_xlsx() -> bytes:
    return to_xlsx(catalog_records())
