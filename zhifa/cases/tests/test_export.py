"""``zhifa export cases``: one record per case, JSONL or XLSX, streamed in chunks with no
per-case query, and nothing personal beyond the kind of party."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from zhifa.cases import actions, exporting
from zhifa.cases.record import Place

pytestmark = pytest.mark.django_db

REQUIRED = [
    "number",
    "procedure",
    "status",
    "violation_code",
    "category",
    "street",
    "party_kind",
    "found_on",
    "filed_on",
    "decided_on",
    "served_on",
    "fine",
    "paid",
    "surcharge",
    "legal_review",
    "collective_discussion",
    "hearing",
    "closed_on",
]


@pytest.fixture
def cases(flow, handler, handler2, items, citizen, east_street, frozen):
    """A served general case, a paid on-the-spot case, and two clues (one found in 2025)."""
    served = flow.served()
    spot = actions.decide_on_the_spot(
        actor=handler.user,
        co_handler=handler2.officer,
        violation_item=items["spit"],
        party=citizen,
        facts="随地吐痰",
        place=Place("人民路地铁站口"),
        street=east_street,
        penalty_kinds=["fine"],
        fine=Decimal("50"),
        collect_on_spot=True,
        on=date(2026, 3, 2),
    ).case
    clue = actions.register_clue(
        source="complaint",
        found_on=date(2026, 3, 1),
        facts="群众举报",
        place=Place("和平里"),
        street=None,
        actor=handler.user,
    )
    old = actions.register_clue(
        source="patrol",
        found_on=date(2025, 12, 30),
        facts="巡查发现",
        place=Place("和平里"),
        street=east_street,
        actor=handler.user,
    )
    return {"served": served, "spot": spot, "clue": clue, "old": old}


def _export(*args: str) -> tuple[list[dict], str]:
    out, err = StringIO(), StringIO()
    call_command("export", "cases", *args, stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_it_exports_one_jsonl_record_per_case_to_standard_output(cases):
    records, summary = _export("--format", "jsonl")
    assert "已导出 4 个案件" in summary
    by_number = {r["number"]: r for r in records}
    assert set(by_number) == {c.number for c in cases.values()}
    for record in records:
        assert set(REQUIRED) <= set(record)
    served = by_number[cases["served"].number]
    assert served == served | {
        "procedure": "general",
        "status": "served",
        "violation_code": "DL-002",
        "category": "roads",
        "street": "东城街道",
        "party_kind": "organisation",
        "found_on": "2026-03-02",
        "filed_on": "2026-03-02",
        "decided_on": "2026-03-16",
        "served_on": "2026-03-17",
        "fine": "5000.00",
        "paid": "0.00",
        "surcharge": "0.00",
        "legal_review": True,
        "collective_discussion": False,
        "hearing": False,
        "closed_on": None,
    }
    spot = by_number[cases["spot"].number]
    assert (spot["procedure"], spot["status"], spot["fine"], spot["paid"]) == (
        "simple",
        "performed",
        "50.00",
        "50.00",
    )
    clue = by_number[cases["clue"].number]
    assert (clue["violation_code"], clue["street"], clue["party_kind"], clue["fine"]) == (
        None,
        None,
        None,
        None,
    )


def test_it_filters_by_the_year_the_case_was_found(cases):
    records, _ = _export("--year", "2025")
    assert [r["number"] for r in records] == [cases["old"].number]


def test_it_exports_nothing_personal_beyond_the_kind_of_party(cases, company, citizen):
    out = StringIO()
    call_command("export", "cases", stdout=out, stderr=StringIO())
    text = out.getvalue()
    for secret in (citizen.name, citizen.id_number, company.name, company.id_number):
        assert secret not in text
    for place in ("人民路", "和平里"):
        assert place not in text  # addresses and facts stay in the case file


def test_it_reads_in_chunks_without_a_query_per_case(cases):
    with CaptureQueriesContext(connection) as captured:
        records, _ = _export("--chunk-size", "2")
    assert len(records) == 4
    assert len(captured) == 3  # two chunks of two, then an empty one
    with CaptureQueriesContext(connection) as captured:
        _export("--chunk-size", "1000")
    assert len(captured) == 2


def test_it_writes_jsonl_to_a_file(cases, tmp_path):
    target = tmp_path / "cases.jsonl"
    call_command("export", "cases", "--out", str(target), stdout=StringIO(), stderr=StringIO())
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4
    assert json.loads(lines[0])["number"] == exporting.Case.objects.order_by("pk")[0].number


def test_it_writes_xlsx_with_a_key_row_and_a_chinese_label_row(cases, tmp_path):
    target = tmp_path / "cases.xlsx"
    call_command("export", "cases", "--format", "xlsx", "--out", str(target), stderr=StringIO())
    sheet = load_workbook(target, read_only=True)["cases"]
    rows = list(sheet.iter_rows(values_only=True))
    keys, labels = rows[0], rows[1]
    assert set(REQUIRED) <= set(keys)
    assert labels[keys.index("number")] == "案件编号"
    assert labels[keys.index("fine")] == "罚款金额"
    assert len(rows) == 2 + 4
    served = next(r for r in rows[2:] if r[0] == cases["served"].number)
    record = dict(zip(keys, served + (None,) * (len(keys) - len(served)), strict=True))
    assert record["fine"] == 5000
    assert record["found_on"].date() == date(2026, 3, 2)
    assert (record["legal_review"], record["hearing"], record["closed_on"]) == (True, False, None)


def test_a_sheet_that_reaches_the_row_limit_continues_on_the_next(cases, tmp_path, monkeypatch):
    monkeypatch.setattr(exporting, "EXCEL_MAX_ROWS", 4)  # two header rows + two cases
    target = tmp_path / "cases.xlsx"
    call_command("export", "cases", "--format", "xlsx", "--out", str(target), stderr=StringIO())
    book = load_workbook(target, read_only=True)
    assert book.sheetnames == ["cases", "cases (2)"]
    assert [len(list(book[name].iter_rows())) for name in book.sheetnames] == [4, 4]


def test_an_empty_export_still_has_its_headers(db, tmp_path):
    target = tmp_path / "empty.xlsx"
    call_command("export", "cases", "--format", "xlsx", "--out", str(target), stderr=StringIO())
    rows = list(load_workbook(target, read_only=True)["cases"].iter_rows(values_only=True))
    assert len(rows) == 2
    assert _export()[0] == []


def test_xlsx_needs_an_output_file(db):
    with pytest.raises(CommandError, match="--out"):
        call_command("export", "cases", "--format", "xlsx", stderr=StringIO())


def test_a_jsonl_line_is_json_dumps_of_the_record_whatever_the_text(monkeypatch):
    """The writer fills a line template a chunk at a time: each line must still be exactly
    ``json.dumps(record, ensure_ascii=False)`` — quotes, backslashes, control and non-ASCII
    characters, empty and unknown values, chunk boundaries."""
    monkeypatch.setattr(exporting, "CHUNK", 3)
    texts = ['引号"与\\反斜杠', "制表\t换行\n", "\u2028\x00\x1f", "", None, "🙂 emoji", "'/<>&"]
    values: dict[str, list] = {
        exporting.TEXT: texts,
        exporting.DATE: [date(2026, 3, 2), None, date(1999, 12, 31)],
        exporting.MONEY: [Decimal("5000.00"), Decimal("0.00"), None, Decimal("-0.50")],
        exporting.BOOL: [True, False],
    }
    rows = [
        tuple(
            values[c.kind][(i + n) % len(values[c.kind])] for n, c in enumerate(exporting.COLUMNS)
        )
        for i in range(10)
    ]

    def expected(value, kind):
        if value is None or value == "":
            return None
        if kind == exporting.DATE:
            return value.isoformat()
        if kind == exporting.MONEY:
            return f"{value:.2f}"
        return value

    out = StringIO()
    assert exporting.write_jsonl(rows, out) == 10
    assert out.getvalue() == "".join(
        json.dumps(
            {c.key: expected(v, c.kind) for c, v in zip(exporting.COLUMNS, row, strict=True)},
            ensure_ascii=False,
        )
        + "\n"
        for row in rows
    )


def test_xlsx_amounts_are_numbers_shown_to_the_fen(cases, tmp_path):
    target = tmp_path / "cases.xlsx"
    call_command("export", "cases", "--format", "xlsx", "--out", str(target), stderr=StringIO())
    sheet = load_workbook(target)["cases"]
    keys = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == cases["served"].number)
    cells = dict(zip(keys, row, strict=False))
    for key, value in (("fine", 5000), ("paid", 0), ("surcharge", 0)):
        assert (cells[key].value, cells[key].number_format) == (value, "0.00")
    assert cells["found_on"].is_date
    assert cells["number"].number_format == "General"
