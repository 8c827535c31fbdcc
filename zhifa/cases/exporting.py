"""The case export (``zhifa export cases``): one record per case, for statistics and the
annual report, with no personal data beyond the kind of party.

Streaming: rows are read in keyset chunks (``id > last ORDER BY id LIMIT n``) through
``values_list`` with the two joins it needs (catalog code, street name), so memory stays bounded
and the number of queries is ``cases / chunk + 1`` whatever the size of the district — a city-
year of 1,000,000 cases is 201 queries. There is no per-case query: what is exported is what the
actions keep on the case row (``surcharge`` is the surcharge *paid*; what is owed today needs the
payment history and is on the case page and API, not here).

Formats: JSONL (UTF-8, one JSON object a line: dates ISO, amounts decimal strings, booleans
true/false, null when unknown) and XLSX (openpyxl write-only; two header rows — the machine key,
then its Chinese label — and native cells: dates as dates, amounts as numbers shown to the fen,
booleans as TRUE/FALSE; a sheet that reaches Excel's row limit continues on the next).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from zhifa.cases.models import Case

TEXT, DATE, MONEY, BOOL = "text", "date", "money", "bool"
CHUNK = 5000
EXCEL_MAX_ROWS = 1_048_576


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    source: str  # the case field (or join) it is read from
    kind: str = TEXT


COLUMNS = (
    Column("number", "案件编号", "number"),
    Column("procedure", "程序", "procedure"),
    Column("status", "状态", "status"),
    Column("source", "案件来源", "source"),
    Column("violation_code", "违法行为编号", "violation_item__code"),
    Column("category", "类别", "category"),
    Column("street", "街道", "street__name"),
    Column("party_kind", "当事人类别", "party_kind"),
    Column("found_on", "发现日期", "found_on", DATE),
    Column("filed_on", "立案日期", "filed_on", DATE),
    Column("outcome", "处理结果", "outcome"),
    Column("decided_on", "决定日期", "decided_on", DATE),
    Column("served_on", "送达日期", "served_on", DATE),
    Column("fine", "罚款金额", "fine", MONEY),
    Column("paid", "已缴罚款", "paid", MONEY),
    Column("surcharge", "已缴加处罚款", "surcharge", MONEY),
    Column("legal_review", "经法制审核", "legal_review_done", BOOL),
    Column("collective_discussion", "经集体讨论", "collective_discussion_done", BOOL),
    Column("hearing", "举行听证", "hearing_held", BOOL),
    Column("decision_revoked", "决定被撤销", "decision_revoked", BOOL),
    Column("closed_on", "结案日期", "closed_on", DATE),
    Column("archived_on", "归档日期", "archived_on", DATE),
)
KEYS = tuple(c.key for c in COLUMNS)


def case_rows(*, year: int | None = None, chunk: int = CHUNK) -> Iterator[tuple[Any, ...]]:
    """Every case (of ``year``, by the date it was found) as a tuple in ``COLUMNS`` order,
    in id order, read ``chunk`` rows a query."""
    rows = Case.objects.order_by("pk")
    if year is not None:
        rows = rows.filter(found_on__gte=date(year, 1, 1), found_on__lt=date(year + 1, 1, 1))
    sources = [c.source for c in COLUMNS]
    last = 0
    while True:
        batch = list(rows.filter(pk__gt=last).values_list("pk", *sources)[:chunk])
        if not batch:
            return
        for row in batch:
            yield row[1:]
        last = batch[-1][0]


def _json_value(value: Any, kind: str) -> Any:
    if value is None or value == "":
        return None
    if kind == DATE:
        return value.isoformat()
    if kind == MONEY:
        return f"{Decimal(value):.2f}"
    if kind == BOOL:
        return bool(value)
    return value


def write_jsonl(rows: Iterable[tuple[Any, ...]], out: IO[str]) -> int:
    count = 0
    for row in rows:
        record = {c.key: _json_value(v, c.kind) for c, v in zip(COLUMNS, row, strict=True)}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


class _Sheets:
    """Write-only sheets of at most Excel's row limit, each with the two header rows."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.bold = Font(bold=True)
        self.sheet: WriteOnlyWorksheet | None = None
        self.rows = 0
        self.count = 0

    def _new_sheet(self) -> WriteOnlyWorksheet:
        self.count += 1
        title = "cases" if self.count == 1 else f"cases ({self.count})"
        sheet: WriteOnlyWorksheet = self.book.create_sheet(title)
        sheet.freeze_panes = "A3"
        for header in (KEYS, tuple(c.label for c in COLUMNS)):
            sheet.append([self._bold(sheet, text) for text in header])
        self.rows = 2
        return sheet

    def _bold(self, sheet: WriteOnlyWorksheet, text: str) -> Cell:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = self.bold
        return cell

    def append(self, row: tuple[Any, ...]) -> None:
        if self.sheet is None or self.rows >= EXCEL_MAX_ROWS:
            self.sheet = self._new_sheet()
        self.sheet.append([self._cell(self.sheet, c, v) for c, v in zip(COLUMNS, row, strict=True)])
        self.rows += 1

    @staticmethod
    def _cell(sheet: WriteOnlyWorksheet, column: Column, value: Any) -> Any:
        if value is None or value == "":
            return None
        if column.kind == MONEY:
            cell = WriteOnlyCell(sheet, value=float(value))  # Excel keeps numbers as doubles
            cell.number_format = "0.00"
            return cell
        return value  # dates get openpyxl's date format; booleans are Excel booleans


def write_xlsx(rows: Iterable[tuple[Any, ...]], path: str) -> int:
    book = Workbook(write_only=True)
    sheets = _Sheets(book)
    count = 0
    for row in rows:
        sheets.append(row)
        count += 1
    if sheets.sheet is None:
        sheets.sheet = sheets._new_sheet()  # an empty export still has its headers
    book.save(path)
    return count
