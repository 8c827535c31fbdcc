"""Files → raw rows with their location, for the validator. Nothing is checked here except the
shape of the file itself (JSON structure, sheets and header columns, item codes of the fines and
bands sheets); every value is checked by ``validator``.

Locations name what a person can find: "第 12 条（SR-001）" + "fines[1].max" in JSON (items
numbered from 1, list positions from 0 as in JSON paths), "fines 表第 7 行" in XLSX (Excel's row
numbers, the header being row 1).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any
from zipfile import BadZipFile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from zhifa.law.catalog_io.records import BAND_FIELDS, FINE_FIELDS, ITEM_FIELDS, Issue

FINES_KEY = "fines"
BANDS_KEY = "discretion_bands"
SHEET_ITEMS = "items"
SHEET_FINES = "fines"
SHEET_BANDS = "discretion_bands"
# Columns holding text: Excel may hand them over as numbers (a code typed as 101).
TEXT_COLUMNS = frozenset(
    {"code", "name", "violated_provision", "penalty_provision", "jurisdiction", "basis_note"}
    | {"unit", "note", "facts"}
)


@dataclass(frozen=True)
class Loc:
    where: str
    prefix: str = ""

    def issue(self, name: str, message: str) -> Issue:
        return Issue(self.where, f"{self.prefix}{name}", message)


@dataclass
class RawRow:
    loc: Loc
    data: dict[str, Any]


@dataclass
class RawItem:
    loc: Loc
    data: dict[str, Any]
    fines: list[RawRow] = field(default_factory=list)
    bands: list[RawRow] = field(default_factory=list)


def read_json(content: bytes) -> tuple[list[RawItem], list[Issue]]:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        return [], [Issue("文件", "", f"不是有效的 UTF-8 JSON：{exc}")]
    if not isinstance(data, list):
        return [], [Issue("文件", "", "JSON 的顶层必须是事项列表 [ … ]")]
    items: list[RawItem] = []
    issues: list[Issue] = []
    for number, obj in enumerate(data, start=1):
        code = obj.get("code") if isinstance(obj, dict) else None
        loc = Loc(f"第 {number} 条" + (f"（{code}）" if isinstance(code, str) and code else ""))
        if not isinstance(obj, dict):
            issues.append(loc.issue("", "每条事项必须是一个对象 { … }"))
            continue
        known = {*ITEM_FIELDS, FINES_KEY, BANDS_KEY}
        issues += [loc.issue(k, "未知字段") for k in obj if k not in known]
        item = RawItem(loc, {k: v for k, v in obj.items() if k in ITEM_FIELDS})
        item.fines = _json_rows(obj, FINES_KEY, FINE_FIELDS, loc, issues, required=True)
        item.bands = _json_rows(obj, BANDS_KEY, BAND_FIELDS, loc, issues, required=False)
        items.append(item)
    return items, issues


def _json_rows(
    obj: dict[str, Any],
    key: str,
    fields: tuple[str, ...],
    loc: Loc,
    issues: list[Issue],
    *,
    required: bool,
) -> list[RawRow]:
    if key not in obj:
        if required:
            issues.append(loc.issue(key, "缺少此字段 (列表)"))
        return []
    rows = obj[key]
    if not isinstance(rows, list):
        issues.append(loc.issue(key, "必须是列表 [ … ]"))
        return []
    out = []
    for index, row in enumerate(rows):
        row_loc = Loc(loc.where, f"{key}[{index}].")
        if not isinstance(row, dict):
            issues.append(Issue(loc.where, f"{key}[{index}]", "必须是一个对象 { … }"))
            continue
        issues += [row_loc.issue(k, "未知字段") for k in row if k not in fields]
        out.append(RawRow(row_loc, {k: v for k, v in row.items() if k in fields}))
    return out


def read_xlsx(content: bytes) -> tuple[list[RawItem], list[Issue]]:
    try:
        book = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        return [], [Issue("文件", "", f"不是有效的 Excel (.xlsx) 文件：{exc}")]
    issues: list[Issue] = []
    if SHEET_ITEMS not in book.sheetnames:
        return [], [Issue("文件", "", f"缺少工作表「{SHEET_ITEMS}」")]
    items: list[RawItem] = []
    by_code: dict[str, RawItem] = {}
    for row_number, data in _sheet_rows(book[SHEET_ITEMS], ITEM_FIELDS, ("code",), issues):
        kinds = data.get("penalty_kinds")
        if kinds is None:
            data["penalty_kinds"] = []
        elif isinstance(kinds, str):
            data["penalty_kinds"] = [
                k.strip() for k in kinds.replace("，", ",").split(",") if k.strip()
            ]
        item = RawItem(Loc(f"{SHEET_ITEMS} 表第 {row_number} 行"), data)
        items.append(item)
        code = data.get("code")
        if isinstance(code, str):
            by_code.setdefault(code.strip(), item)
    for sheet, fields, attr in (
        (SHEET_FINES, FINE_FIELDS, "fines"),
        (SHEET_BANDS, BAND_FIELDS, "bands"),
    ):
        if sheet not in book.sheetnames:
            if sheet == SHEET_FINES:
                issues.append(Issue("文件", "", f"缺少工作表「{SHEET_FINES}」"))
            continue
        for row_number, data in _sheet_rows(book[sheet], ("code", *fields), ("code",), issues):
            loc = Loc(f"{sheet} 表第 {row_number} 行")
            code = str(data.pop("code") or "").strip()
            target = by_code.get(code)
            if target is None:
                issues.append(loc.issue("code", f"事项编号「{code}」在 items 表中不存在"))
                continue
            getattr(target, attr).append(RawRow(loc, data))
    book.close()
    return items, issues


def _sheet_rows(
    sheet: Worksheet, fields: tuple[str, ...], required: tuple[str, ...], issues: list[Issue]
) -> list[tuple[int, dict[str, Any]]]:
    """(Excel row number, {column: value}) for every non-empty row under the header."""
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    name = sheet.title
    if header is None:
        issues.append(Issue(f"{name} 表", "", "工作表为空 (第 1 行应为列名)"))
        return []
    columns = [str(h).strip() if h is not None else "" for h in header]
    for column in columns:
        if column and column not in fields:
            issues.append(Issue(f"{name} 表第 1 行", column, "未知列名"))
    missing = [c for c in required if c not in columns]
    if missing:
        issues.append(Issue(f"{name} 表第 1 行", "", f"缺少列：{', '.join(missing)}"))
        return []
    out = []
    for row_number, values in enumerate(rows, start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        data: dict[str, Any] = {}
        for column, value in zip(columns, values, strict=False):
            if column not in fields:
                continue
            if isinstance(value, str):
                value = value.strip() or None
            elif (
                column in TEXT_COLUMNS
                and isinstance(value, int | float)
                and not isinstance(value, bool)
            ):
                value = str(int(value)) if float(value).is_integer() else str(value)
            data[column] = value
        out.append((row_number, data))
    return out
