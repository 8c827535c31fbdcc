"""The audit log's export (CSV or XLSX), streamed: rows are read in chunks, the CSV goes out line
by line, the XLSX is written by openpyxl's write-only mode to an anonymous temporary file that is
then streamed — memory stays flat whatever the number of rows.

Text that a spreadsheet would take for a formula (a username tried at the login page may begin
with ``=``) is written with a leading apostrophe."""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.utils import timezone
from openpyxl import Workbook

from zhifa.security.models import SecurityEvent

COLUMNS = [
    "序号",
    "时间",
    "事件",
    "账号",
    "姓名",
    "客户端地址",
    "对象类型",
    "对象标识",
    "对象",
    "结果",
    "详情",
    "SM3 摘要",
]
EXCEL_MAX_ROWS = 1_048_576
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def row_of(event: SecurityEvent) -> list[Any]:
    actor = event.actor
    name = str(getattr(actor, "name", "") or "") if actor is not None else ""
    texts = [
        event.get_kind_display(),
        event.actor_name,
        name,
        event.address,
        event.object_type,
        event.object_id,
        event.object_label,
        event.get_outcome_display(),
        json.dumps(event.detail, ensure_ascii=False, sort_keys=True),
        event.digest,
    ]
    at = timezone.localtime(event.at).replace(tzinfo=None)
    return [event.seq, at, *(_text(t) for t in texts)]


class _Line:
    """A file-like object that hands back what csv.writer writes."""

    def write(self, value: str) -> str:
        return value


def csv_lines(events: Iterable[SecurityEvent]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(COLUMNS)  # the BOM: Excel opens it as UTF-8
    for event in events:
        row = row_of(event)
        row[1] = f"{row[1]:%Y-%m-%d %H:%M:%S}"
        yield writer.writerow(row)


def xlsx_file(events: Iterable[SecurityEvent]) -> IO[bytes]:
    """The workbook in a temporary file (deleted when closed), positioned at its start."""
    book = Workbook(write_only=True)
    sheet, rows = None, 0
    for event in events:
        if sheet is None or rows == EXCEL_MAX_ROWS:
            sheet = _sheet(book)
            rows = 1
        sheet.append(row_of(event))
        rows += 1
    if sheet is None:
        _sheet(book)
    out = tempfile.TemporaryFile()  # noqa: SIM115  (closed by the response that streams it)
    book.save(out)
    out.seek(0)
    return out


def _sheet(book: Workbook) -> Any:
    sheet = book.create_sheet(title=f"安全审计日志{len(book.worksheets) + 1}")
    sheet.column_dimensions["B"].width = 20
    sheet.append(COLUMNS)
    return sheet
