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

Cost (issue 11, ``benchmarks/bench_exports.py``): each export against a bare stream of the same
rows — ``json.dumps`` of each row's list, or its raw values appended to a write-only sheet —
must stay at ≥ 0.8 of it. So values are converted by column kind, not tested cell by cell, JSONL
fills a line template and writes a chunk at a time, and XLSX passes plain values to openpyxl
(only the amounts are cells of their own, for the fen's number format).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import batched
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.numbers import BUILTIN_FORMATS_REVERSE, FORMAT_NUMBER_00
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


# JSONL: each column's values, a chunk at a time, as the JSON text ``json.dumps`` gives them
# (strings with ``ensure_ascii=False``); a line is then one ``%`` of a fixed template, and a
# chunk one ``write``. ``tests/test_export.py`` holds this to ``json.dumps`` of the record.
_json_string = json.encoder.encode_basestring  # json.dumps(s, ensure_ascii=False), in C


def _json_text(values: Sequence[Any]) -> list[str]:
    return [_json_string(v) if v else "null" for v in values]  # "" is unknown too


def _json_date(values: Sequence[Any]) -> list[str]:
    return ["null" if v is None else f'"{v.isoformat()}"' for v in values]


def _json_money(values: Sequence[Any]) -> list[str]:
    return ["null" if v is None else f'"{Decimal(v):.2f}"' for v in values]


def _json_bool(values: Sequence[Any]) -> list[str]:
    return ["null" if v is None else "true" if v else "false" for v in values]


_JSON_COLUMN = {TEXT: _json_text, DATE: _json_date, MONEY: _json_money, BOOL: _json_bool}
_JSON_COLUMNS = tuple(_JSON_COLUMN[c.kind] for c in COLUMNS)
_JSON_LINE = "{" + ", ".join(f"{json.dumps(key, ensure_ascii=False)}: %s" for key in KEYS) + "}\n"


def write_jsonl(rows: Iterable[tuple[Any, ...]], out: IO[str]) -> int:
    count = 0
    for chunk in batched(rows, CHUNK):
        columns = [
            to_json(values)
            for to_json, values in zip(_JSON_COLUMNS, zip(*chunk, strict=True), strict=True)
        ]
        out.write("".join([_JSON_LINE % line for line in zip(*columns, strict=True)]))
        count += len(chunk)
    return count


_TEXT_AT = tuple(i for i, c in enumerate(COLUMNS) if c.kind == TEXT)
_MONEY_AT = tuple(i for i, c in enumerate(COLUMNS) if c.kind == MONEY)
# what ``cell.number_format = "0.00"`` gives a cell (a built-in format: the workbook keeps no
# entry for it), copied into each amount's cell by the constructor
_MONEY_STYLE = StyleArray()
_MONEY_STYLE.numFmtId = BUILTIN_FORMATS_REVERSE[FORMAT_NUMBER_00]


class _Sheets:
    """Write-only sheets of at most Excel's row limit, each with the two header rows.

    Cells are passed to openpyxl as plain values (dates get its date format, booleans are
    Excel booleans, ``None`` is no cell); only the amounts are cells of their own, with the
    fen's number format, made with their style (not styled one by one)."""

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
        if len(row) != len(COLUMNS):
            raise ValueError(f"a case row has {len(COLUMNS)} values, not {len(row)}")
        values = list(row)
        for i in _TEXT_AT:
            if values[i] == "":
                values[i] = None
        for i in _MONEY_AT:
            if (value := values[i]) is not None:
                # Excel keeps numbers as doubles
                values[i] = Cell(self.sheet, 1, 1, float(value), style_array=_MONEY_STYLE)
        self.sheet.append(values)
        self.rows += 1


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
