"""The credit "双公示" export (rules.md §4.3, §4.4): penalty records in the organisation and the
natural-person layouts, amounts in 万元, every record validated against the required items
(必填); a record that cannot be exported is reported, not exported; batches remember what was
sent, so a record changed after export is re-sent and a revoked one is sent as a withdrawal
(行政处罚法 Art 48 ¶2)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from zhifa.disclosure.credit.records import wan
from zhifa.disclosure.models import CreditExportBatch, CreditExportRecord
from zhifa.disclosure.tests.conftest import on_the_spot, remedy_result, run_job
from zhifa.parties import actions as party_actions
from zhifa.parties.models import Party
from zhifa.testing import parties as pf
from zhifa.testing.service import serve_decision

SEPTEMBER = ("--from", "2026-09-01", "--to", "2026-09-30")


def export(*args: str) -> tuple[dict, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("credit", "export", *args, stdout=out, stderr=err)
    text = out.getvalue()
    return (json.loads(text) if text.strip() else {}), err.getvalue()


@pytest.fixture
def september(decided, handler, handler2, items, citizen, east_street):
    """A company's general decision, a citizen's and an unlicensed stall's on-the-spot ones."""
    d = decided(date(2026, 9, 28))
    serve_decision(d.case, actor=handler.user, on=date(2026, 9, 28))
    on_the_spot(handler, handler2, items["spit"], citizen, east_street)
    stall = pf.sole_trader(with_code=False, name="李记早餐铺", street=east_street)
    on_the_spot(handler, handler2, items["spit"], stall, east_street, fine="50")
    run_job(date(2026, 9, 28))
    return d


def test_amounts_are_in_wan_yuan_exact_to_the_fen():
    assert wan(5000) == "0.500000"
    assert wan(50) == "0.005000"
    assert wan(123456.78) == "12.345678"
    assert wan(None) == ""


def test_it_exports_both_layouts_with_the_required_items(september, company, citizen):
    document, err = export(*SEPTEMBER, "--format", "json")
    (org,) = document["organisations"]
    assert org["CF_XDR_MC"] == company.name
    assert org["CF_XDR_LB"] == "法人及非法人组织"
    assert org["CF_XDR_SHXYM"] == company.id_number
    assert org["CF_NR_FK"] == "0.500000"
    assert org["CF_CFLB"] == "罚款"
    assert org["CF_JDRQ"] == "2026-09-28"
    assert org["CF_YXQ"] == org["CF_GSJZQ"] == "2027-09-28"
    assert org["CF_CFJGDM"] == "11110000MB0000000Y"
    assert org["CZLX"] == "新增"
    persons = {p["CF_XDR_MC"]: p for p in document["persons"]}
    assert persons[citizen.name]["CF_XDR_ZJHM"] == citizen.id_number  # not public display
    assert persons[citizen.name]["CF_XDR_ZJLX"] == "居民身份证"
    assert persons["李记早餐铺"]["CF_XDR_LB"] == "个体工商户"
    assert persons["李记早餐铺"]["CF_NR_FK"] == "0.005000"  # ¥50 in 万元
    assert document["rejected"] == []
    assert "新增 3 条，修改 0 条，撤销 0 条，无法导出 0 条" in err


def test_a_record_missing_a_required_item_is_reported_not_exported(september, company):
    Party.objects.filter(pk=company.pk).update(id_number="")  # an organisation without its code
    document, err = export(*SEPTEMBER, "--format", "json")
    assert document["organisations"] == []
    number = september.case.decisions.get().number
    assert document["rejected"] == [
        {"CF_WSH": number, "reasons": "缺少统一社会信用代码 (CF_XDR_SHXYM)"}
    ]
    assert f"无法导出 {number}：缺少统一社会信用代码 (CF_XDR_SHXYM)" in err
    assert not CreditExportRecord.objects.filter(number=number).exists()  # tried again next time


def test_a_second_batch_sends_nothing_that_has_not_changed(september):
    export(*SEPTEMBER, "--format", "json")
    document, err = export(*SEPTEMBER, "--format", "json")
    assert document["organisations"] == document["persons"] == []
    assert "新增 0 条，修改 0 条，撤销 0 条" in err
    assert CreditExportBatch.objects.count() == 2


def test_a_record_changed_after_export_is_re_sent(september, company, leader):
    export(*SEPTEMBER, "--format", "json")
    party_actions.update_party(company, actor=leader.user, name="示范市鑫源建设集团有限公司")
    document, err = export("--from", "2026-10-01", "--to", "2026-10-31", "--format", "json")
    (org,) = document["organisations"]
    assert (org["CF_XDR_MC"], org["CZLX"]) == ("示范市鑫源建设集团有限公司", "修改")
    assert "修改 1 条" in err


def test_a_revoked_decision_is_sent_as_a_withdrawal_once(september, leader):
    export(*SEPTEMBER, "--format", "json")
    remedy_result(
        september.case,
        leader.user,
        result="revoked",
        applied_on=date(2026, 9, 29),
        decided_on=date(2026, 9, 30),
    )
    run_job(date(2026, 10, 8))
    document, err = export(*SEPTEMBER, "--format", "json")
    (org,) = document["organisations"]
    assert org["CZLX"] == "撤销"
    assert org["BZ"] == "该行政处罚决定经行政复议于2026年9月30日被撤销。"
    assert "撤销 1 条" in err
    again, _ = export(*SEPTEMBER, "--format", "json")
    assert again["organisations"] == []


def test_a_dry_run_records_no_batch(september):
    export(*SEPTEMBER, "--format", "json", "--dry-run")
    assert not CreditExportBatch.objects.exists()


def test_it_writes_csv_files_per_layout_and_the_rejected_list(september, tmp_path: Path, company):
    Party.objects.filter(pk=company.pk).update(id_number="")
    export(*SEPTEMBER, "--format", "csv", "--out", str(tmp_path / "cf.csv"))
    person = list(csv.DictReader((tmp_path / "cf_person.csv").read_text("utf-8-sig").splitlines()))
    assert len(person) == 2
    assert person[0]["CF_WSH"]
    legal = (tmp_path / "cf_legal.csv").read_text("utf-8-sig").splitlines()
    assert legal[0].startswith("CF_XDR_MC,CF_XDR_LB,CF_XDR_SHXYM")
    assert len(legal) == 1
    rejected = (tmp_path / "cf_rejected.csv").read_text("utf-8-sig")
    assert "CF_XDR_SHXYM" in rejected


def test_it_writes_an_excel_workbook(september, tmp_path: Path):
    out = tmp_path / "cf.xlsx"
    export(*SEPTEMBER, "--format", "xlsx", "--out", str(out))
    book = load_workbook(out)
    assert book.sheetnames == ["法人及非法人组织", "自然人", "无法导出"]
    sheet = book["自然人"]
    assert sheet["A1"].value == "CF_XDR_MC"
    assert sheet["A2"].value == "行政相对人名称(必填)"
    assert sheet.max_row == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "2026-09-31", "--to", "2026-10-01"), "不是有效日期"),
        (("--from", "2026-10-01", "--to", "2026-09-01"), "不能早于"),
        (("--from", "2026-09-01", "--to", "2026-09-30", "--format", "xlsx"), "--out"),
    ],
)
def test_it_refuses_bad_arguments_in_chinese(db, args, message):
    with pytest.raises(CommandError, match=message):
        export(*args)
