"""Records → files. JSON: a list of items with their fines and bands; amounts as strings
("500", "7.5"), null where absent. XLSX: sheets ``items``, ``fines`` and ``discretion_bands``
(the last two keyed by ``code``) and a ``说明`` sheet explaining the columns."""

from __future__ import annotations

import json
from decimal import Decimal
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from zhifa.law.catalog_io.reader import SHEET_BANDS, SHEET_FINES, SHEET_ITEMS
from zhifa.law.catalog_io.records import (
    BAND_FIELDS,
    FINE_FIELDS,
    ITEM_FIELDS,
    BandData,
    FineData,
    ItemData,
    decimal_text,
)
from zhifa.law.choices import BandLevel, Category, FineRuleKind, LegalStatus, PenaltyKind
from zhifa.law.choices import RulePartyKind as P


def item_dict(item: ItemData) -> dict[str, Any]:
    data = item.field_values()
    data["fines"] = [fine_dict(f) for f in item.fines]
    data["discretion_bands"] = [band_dict(b) for b in item.discretion_bands]
    return data


def fine_dict(fine: FineData) -> dict[str, Any]:
    return {
        "party_kind": fine.party_kind,
        "rule": fine.rule,
        "min": decimal_text(fine.min),
        "max": decimal_text(fine.max),
        "unit": fine.unit,
        "note": fine.note,
    } | (
        {
            "ordinary_max": decimal_text(fine.ordinary_max),
            "serious_min": decimal_text(fine.serious_min),
        }
        if fine.rule == FineRuleKind.TIERED
        else {}
    )


def band_dict(band: BandData) -> dict[str, Any]:
    return {
        "level": band.level,
        "party_kind": band.party_kind,
        "min": decimal_text(band.min),
        "max": decimal_text(band.max),
        "facts": band.facts,
    }


def to_json(items: list[ItemData]) -> str:
    return json.dumps([item_dict(i) for i in items], ensure_ascii=False, indent=2) + "\n"


def _cell(value: Any) -> Any:
    """Amounts as numbers Excel can sum: whole yuan as int, others as float (two decimals at
    most, so the float's shortest form reads back exactly)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _sheet(sheet: Worksheet, columns: tuple[str, ...], rows: list[list[Any]]) -> None:
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(v) for v in row])
    sheet.freeze_panes = "B2"
    wide = {"name": 36, "violated_provision": 40, "penalty_provision": 40, "basis_note": 50}
    wide |= {"facts": 60, "note": 30}
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = wide.get(column, 14)


def to_xlsx(items: list[ItemData]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET_ITEMS
    item_rows = []
    for item in items:
        values = item.field_values()
        values["penalty_kinds"] = ",".join(item.penalty_kinds)
        item_rows.append([values[c] for c in ITEM_FIELDS])
    _sheet(sheet, ITEM_FIELDS, item_rows)
    fine_rows = [
        [item.code, *(getattr(f, c) for c in FINE_FIELDS)] for item in items for f in item.fines
    ]
    _sheet(book.create_sheet(SHEET_FINES), ("code", *FINE_FIELDS), fine_rows)
    band_rows = [
        [item.code, *(getattr(b, c) for c in BAND_FIELDS)]
        for item in items
        for b in item.discretion_bands
    ]
    _sheet(book.create_sheet(SHEET_BANDS), ("code", *BAND_FIELDS), band_rows)
    _readme(book.create_sheet("说明"))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _choices(choices: Any) -> str:
    return "、".join(f"{value}={label}" for value, label in choices.choices)


def _readme(sheet: Worksheet) -> None:
    """The columns explained in Chinese (this sheet is ignored on import)."""
    rows = [
        ("工作表", "列", "含义与取值"),
        ("items", "code", "事项编号，唯一，例如 SR-001；导入时按编号新增或更新"),
        ("items", "name", "违法行为名称"),
        ("items", "category", _choices(Category)),
        ("items", "violated_provision", "违法依据 (法规名称 + 条款)"),
        ("items", "penalty_provision", "处罚依据 (法规名称 + 条款)"),
        ("items", "penalty_kinds", "处罚种类，英文逗号分隔：" + _choices(PenaltyKind)),
        ("items", "jurisdiction", "national=全国，或地方名称如 北京"),
        ("items", "local_default", "TRUE/FALSE：国家规定未设数额、采用地方数额作默认"),
        ("items", "basis_note", "依据说明 (采用地方标准的须写明来源)"),
        ("items", "legal_status", _choices(LegalStatus)),
        ("items", "hearing_applies", "TRUE/FALSE：可能适用听证"),
        ("items", "active", "TRUE/FALSE：启用"),
        ("items", "sort_order", "排序 (整数)"),
        ("fines", "party_kind", _choices(P)),
        ("fines", "rule", _choices(FineRuleKind)),
        ("fines", "min / max", "下限/上限，单位见 unit；空 = 无下限 (不超过上限)"),
        ("fines", "unit", "元、元/平方米、% (工程造价百分比)、倍"),
        ("discretion_bands", "level", _choices(BandLevel)),
        (
            "discretion_bands",
            "min / max",
            "裁量幅度，与该当事人类别罚款规则的单位相同，须在法定幅度内",
        ),
        ("discretion_bands", "facts", "适用情形"),
    ]
    for row in rows:
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 20
    sheet.column_dimensions["C"].width = 90
    for row_cells in sheet.iter_rows(min_row=2):
        row_cells[2].alignment = Alignment(wrap_text=True)
