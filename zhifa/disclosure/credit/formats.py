"""Writing a credit export: CSV (one file per layout plus the rejected list), Excel (one sheet
per layout plus 无法导出), JSON (one document with both layouts and the rejected list)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from openpyxl import Workbook

from zhifa.disclosure.credit import records
from zhifa.disclosure.credit.batches import Plan

FORMATS = ("csv", "xlsx", "json")
LAYOUT_TITLES = {records.ORGANISATION: "法人及非法人组织", records.PERSON: "自然人"}
REJECTED_HEADER = ("CF_WSH", "原因")


def _rows(result: Plan, layout: str) -> list[dict[str, str]]:
    return [r.fields for _, r in result.sent if r.layout == layout]


def _rejected(result: Plan) -> list[tuple[str, str]]:
    return [(r.number, "；".join(r.problems)) for r in result.rejected]


def to_json(result: Plan) -> str:
    document = {
        "from": result.date_from.isoformat(),
        "to": result.date_to.isoformat(),
        "organisations": _rows(result, records.ORGANISATION),
        "persons": _rows(result, records.PERSON),
        "rejected": [{"CF_WSH": n, "reasons": why} for n, why in _rejected(result)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def csv_files(result: Plan, out: Path) -> dict[Path, str]:
    """``out`` names the organisation file; the person and rejected files sit beside it."""
    stem, parent = out.stem, out.parent
    files = {}
    for layout, suffix in ((records.ORGANISATION, "_legal"), (records.PERSON, "_person")):
        codes = [code for code, _, _ in records.LAYOUTS[layout]]
        rows = [[fields.get(c, "") for c in codes] for fields in _rows(result, layout)]
        files[parent / f"{stem}{suffix}.csv"] = _csv(codes, rows)
    files[parent / f"{stem}_rejected.csv"] = _csv(
        list(REJECTED_HEADER), [list(r) for r in _rejected(result)]
    )
    return files


def to_xlsx(result: Plan) -> bytes:
    book = Workbook()
    first = True
    for layout, title in LAYOUT_TITLES.items():
        sheet = book.active if first else book.create_sheet()
        assert sheet is not None
        first = False
        sheet.title = title
        spec = records.LAYOUTS[layout]
        sheet.append([code for code, _, _ in spec])
        sheet.append([label + ("(必填)" if required else "") for _, label, required in spec])
        for fields in _rows(result, layout):
            sheet.append([fields.get(code, "") for code, _, _ in spec])
    rejected = book.create_sheet("无法导出")
    rejected.append(list(REJECTED_HEADER))
    for row in _rejected(result):
        rejected.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
