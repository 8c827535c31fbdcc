"""Catalog import and export: every bad row reported with its place, nothing imported when one
row is bad, upsert by code, identical round trips in JSON and XLSX."""

import json
import subprocess
import sys
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from zhifa.law import catalog_io
from zhifa.law.catalog_io import CatalogImportError
from zhifa.law.models import DiscretionBand, FineRule, ViolationItem

pytestmark = pytest.mark.django_db


def small_catalog() -> list[dict]:
    """Two items, as an officer would write them by hand."""
    return [
        {
            "code": "A-001",
            "name": "随意倾倒生活垃圾",
            "category": "solid_waste",
            "violated_provision": "《固体废物污染环境防治法》第一百一十一条第(一)项",
            "penalty_provision": "《固体废物污染环境防治法》第一百一十一条第(一)项",
            "penalty_kinds": ["correction_order", "fine"],
            "legal_status": "verified",
            "fines": [
                {"party_kind": "organisation", "rule": "range", "min": 50000, "max": "500000"},
                {"party_kind": "person", "rule": "range", "min": "100", "max": 500, "unit": "元"},
            ],
            "discretion_bands": [
                {"level": "minor", "party_kind": "person", "min": 100, "max": 200, "facts": "初次"},
                {
                    "level": "serious",
                    "party_kind": "person",
                    "min": 400,
                    "max": 500,
                    "facts": "再犯",
                },
            ],
        },
        {
            "code": "A-002",
            "name": "携犬出户未清除犬只粪便",
            "category": "dogs",
            "violated_provision": "《北京市养犬管理规定》第三十条",
            "penalty_provision": "《北京市养犬管理规定》第三十条",
            "penalty_kinds": ["fine"],
            "jurisdiction": "北京",
            "fines": [{"party_kind": "any", "rule": "fixed", "min": 50, "max": 50}],
        },
    ]


def write_json(tmp_path, data, name="catalog.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_it_imports_a_json_file_with_defaults(tmp_path):
    result = catalog_io.import_file(write_json(tmp_path, small_catalog()))
    assert (result.created, result.updated, result.unchanged) == (["A-001", "A-002"], [], [])
    dog = ViolationItem.objects.get(code="A-002")
    assert (dog.jurisdiction, dog.legal_status, dog.active) == ("北京", "unverified", True)
    assert FineRule.objects.get(item=dog).unit == "元"
    assert DiscretionBand.objects.filter(item__code="A-001").count() == 2


def test_it_upserts_by_code_and_leaves_other_items_alone(tmp_path):
    catalog_io.import_file(write_json(tmp_path, small_catalog()))
    changed = small_catalog()[:1]
    changed[0]["name"] = "随意倾倒、抛撒生活垃圾"
    changed[0]["fines"] = [{"party_kind": "person", "rule": "range", "min": 100, "max": 500}]
    changed[0]["discretion_bands"] = []
    result = catalog_io.import_file(write_json(tmp_path, changed, "changed.json"))
    assert (result.created, result.updated) == ([], ["A-001"])
    item = ViolationItem.objects.get(code="A-001")
    assert item.name == "随意倾倒、抛撒生活垃圾"
    assert list(item.fine_rules.values_list("party_kind", flat=True)) == ["person"]
    assert not item.discretion_bands.exists()
    assert ViolationItem.objects.filter(code="A-002").exists()


@pytest.mark.parametrize(
    ("mutate", "where", "field", "words"),
    [
        (lambda d: d[1].update(category="parking"), "第 2 条（A-002）", "category", "无效"),
        (
            lambda d: d[0]["fines"][1].update(max=50),
            "第 1 条（A-001）",
            "fines[1].max",
            "上限不能小于下限",
        ),
        (
            lambda d: d[0]["discretion_bands"][1].update(max=900),
            "第 1 条（A-001）",
            "discretion_bands[1].max",
            "超出法定幅度",
        ),
        (
            lambda d: d[0]["fines"][0].update(min="5万"),
            "第 1 条（A-001）",
            "fines[0].min",
            "不是数字",
        ),
        (lambda d: d[1].update(code="A-001"), "第 2 条（A-001）", "code", "重复"),
        (
            lambda d: d[1].update(penalty_kinds=["detention"]),
            "第 2 条（A-002）",
            "penalty_kinds",
            "无效的处罚种类",
        ),
        (
            lambda d: d[1].update(penalty_kinds=["warning"]),
            "第 2 条（A-002）",
            "penalty_kinds",
            "不含罚款",
        ),
        (lambda d: d[1]["fines"][0].update(max=60), "第 2 条（A-002）", "fines[0].max", "必须相同"),
        (lambda d: d[1].pop("fines"), "第 2 条（A-002）", "fines", "缺少"),
        (lambda d: d[1].update(active="maybe"), "第 2 条（A-002）", "active", "不是是/否"),
        (lambda d: d[1].update(nmae="x"), "第 2 条（A-002）", "nmae", "未知字段"),
    ],
)
def test_a_bad_json_row_is_reported_with_its_path_and_nothing_is_imported(
    tmp_path, mutate, where, field, words
):
    data = small_catalog()
    mutate(data)
    with pytest.raises(CatalogImportError) as exc:
        catalog_io.import_file(write_json(tmp_path, data))
    issues = [(i.where, i.field) for i in exc.value.issues]
    assert (where, field) in issues, exc.value.message
    assert words in exc.value.message
    assert not ViolationItem.objects.exists()


def test_every_bad_row_is_reported_not_only_the_first(tmp_path):
    data = small_catalog()
    data[0]["fines"][0]["rule"] = "lots"
    data[1]["name"] = ""
    with pytest.raises(CatalogImportError) as exc:
        catalog_io.import_file(write_json(tmp_path, data))
    fields = {i.field for i in exc.value.issues}
    assert {"fines[0].rule", "name"} <= fields
    assert "第 1 条（A-001） fines[0].rule:" in exc.value.message


def test_a_bad_file_does_not_touch_the_existing_catalog(tmp_path):
    catalog_io.import_file(write_json(tmp_path, small_catalog()))
    data = small_catalog()
    data[0]["name"] = "改名"
    data[1]["category"] = "nonsense"
    with pytest.raises(CatalogImportError):
        catalog_io.import_file(write_json(tmp_path, data, "bad.json"))
    assert ViolationItem.objects.get(code="A-001").name == "随意倾倒生活垃圾"


@pytest.mark.parametrize(
    "content",
    [b"{not json", b'{"code": "A"}', b"[1]"],
)
def test_a_file_that_is_not_a_list_of_items_is_refused(tmp_path, content):
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(CatalogImportError):
        catalog_io.import_file(path)


# --- XLSX ------------------------------------------------------------------------------------


def xlsx_of_small_catalog(tmp_path) -> bytes:
    catalog_io.import_file(write_json(tmp_path, small_catalog()))
    content = catalog_io.export_xlsx()
    ViolationItem.objects.all().delete()
    return content


def edit(content: bytes, sheet: str, row: int, column: str, value) -> bytes:
    book = load_workbook(BytesIO(content))
    ws = book[sheet]
    header = [c.value for c in ws[1]]
    ws.cell(row=row, column=header.index(column) + 1, value=value)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_xlsx_export_has_the_three_sheets(tmp_path):
    book = load_workbook(BytesIO(xlsx_of_small_catalog(tmp_path)))
    assert book.sheetnames[:3] == ["items", "fines", "discretion_bands"]
    items = list(book["items"].iter_rows(values_only=True))
    assert items[1][:3] == ("A-001", "随意倾倒生活垃圾", "solid_waste")
    assert "correction_order,fine" in items[1]
    fines = list(book["fines"].iter_rows(values_only=True))
    assert fines[1] == ("A-001", "person", "range", 100, 500, "元", None, None, None)


@pytest.mark.parametrize(
    ("sheet", "row", "column", "value", "where", "field", "words"),
    [
        ("items", 3, "category", "parking", "items 表第 3 行", "category", "无效"),
        ("items", 2, "sort_order", "first", "items 表第 2 行", "sort_order", "整数"),
        ("fines", 3, "max", 50, "fines 表第 3 行", "max", "上限不能小于下限"),
        ("fines", 4, "code", "Z-999", "fines 表第 4 行", "code", "不存在"),
        ("discretion_bands", 3, "max", 900, "discretion_bands 表第 3 行", "max", "超出法定幅度"),
        ("discretion_bands", 2, "level", "mild", "discretion_bands 表第 2 行", "level", "无效"),
    ],
)
def test_a_bad_xlsx_row_is_reported_with_sheet_and_row_and_nothing_is_imported(
    tmp_path, sheet, row, column, value, where, field, words
):
    content = edit(xlsx_of_small_catalog(tmp_path), sheet, row, column, value)
    path = tmp_path / "catalog.xlsx"
    path.write_bytes(content)
    with pytest.raises(CatalogImportError) as exc:
        catalog_io.import_file(path)
    assert (where, field) in [(i.where, i.field) for i in exc.value.issues], exc.value.message
    assert words in exc.value.message
    assert not ViolationItem.objects.exists()


def test_a_duplicate_code_in_the_items_sheet_is_reported(tmp_path):
    content = edit(xlsx_of_small_catalog(tmp_path), "items", 3, "code", "A-001")
    with pytest.raises(CatalogImportError) as exc:
        catalog_io.import_bytes(content, "xlsx")
    assert "items 表第 3 行 code: 编号「A-001」与items 表第 2 行重复" in exc.value.message


def test_a_workbook_without_the_items_sheet_is_refused(tmp_path):
    book = load_workbook(BytesIO(xlsx_of_small_catalog(tmp_path)))
    book["items"].title = "事项"
    out = BytesIO()
    book.save(out)
    with pytest.raises(CatalogImportError, match="缺少工作表「items」"):
        catalog_io.import_bytes(out.getvalue(), "xlsx")


def test_a_file_that_is_not_xlsx_is_refused(tmp_path):
    path = tmp_path / "catalog.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(CatalogImportError, match="不是有效的 Excel"):
        catalog_io.import_file(path)


# --- Round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_export_then_import_gives_the_identical_catalog(fmt):
    catalog_io.load_default_catalog()
    before = catalog_io.catalog_records()
    content = catalog_io.export_xlsx() if fmt == "xlsx" else catalog_io.export_json().encode()
    ViolationItem.objects.all().delete()
    result = catalog_io.import_bytes(content, fmt)
    assert len(result.created) == len(before)
    assert catalog_io.catalog_records() == before
    again = catalog_io.export_xlsx() if fmt == "xlsx" else catalog_io.export_json().encode()
    assert catalog_io.import_bytes(again, fmt).unchanged == [r.code for r in before]


def test_the_json_export_is_the_seed_file_byte_for_byte():
    catalog_io.load_default_catalog()
    assert catalog_io.export_json() == catalog_io.DEFAULT_CATALOG.read_text(encoding="utf-8")


# --- The command -----------------------------------------------------------------------------


def test_the_command_exports_json_to_stdout_and_imports_it_back(tmp_path):
    catalog_io.import_file(write_json(tmp_path, small_catalog()))
    out = StringIO()
    call_command("catalog", "export", "--format", "json", stdout=out)
    exported = json.loads(out.getvalue())
    assert [i["code"] for i in exported] == ["A-001", "A-002"]
    assert exported[0]["fines"][0] == {
        "party_kind": "person",
        "rule": "range",
        "min": "100",
        "max": "500",
        "unit": "元",
        "note": "",
    }
    path = tmp_path / "out.json"
    path.write_text(out.getvalue(), encoding="utf-8")
    done = StringIO()
    call_command("catalog", "import", str(path), stdout=done)
    assert "未变 2 项" in done.getvalue()


def test_the_command_writes_xlsx_to_a_file_only(tmp_path):
    with pytest.raises(CommandError, match="--out"):
        call_command("catalog", "export", "--format", "xlsx")
    path = tmp_path / "out.xlsx"
    call_command("catalog", "export", "--format", "xlsx", "--out", str(path), stderr=StringIO())
    assert load_workbook(path).sheetnames[0] == "items"


def test_the_command_lists_every_bad_row_and_fails(tmp_path):
    data = small_catalog()
    data[1]["category"] = "parking"
    err = StringIO()
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command("catalog", "import", str(write_json(tmp_path, data)), stderr=err)
    assert "第 2 条（A-002） category:" in err.getvalue()


def test_the_command_refuses_an_unknown_extension(tmp_path):
    path = tmp_path / "catalog.csv"
    path.write_text("code,name")
    err = StringIO()
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command("catalog", "import", str(path), stderr=err)
    assert "catalog.csv: 文件扩展名应为 .json 或 .xlsx" in err.getvalue()


def test_the_installed_command_exits_non_zero_on_a_bad_file(tmp_path):
    """The operator's view: exit status and the row on stderr."""
    env = {"ZHIFA_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-m", "zhifa.manage", "migrate", "-v0"], env=env, check=True)
    data = small_catalog()
    data[0]["discretion_bands"][0]["max"] = 9999
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "zhifa.manage",
            "catalog",
            "import",
            str(write_json(tmp_path, data)),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert bad.returncode != 0
    assert "第 1 条（A-001） discretion_bands[0].max" in bad.stderr
    good = subprocess.run(
        [
            sys.executable,
            "-m",
            "zhifa.manage",
            "catalog",
            "import",
            str(write_json(tmp_path, small_catalog(), "good.json")),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert (good.returncode, good.stdout.strip()) == (
        0,
        "权责清单导入完成：新增 2 项，更新 0 项，未变 0 项",
    )


# --- 分档 (tiered) fines: "可以处50元罚款，情节严重的处200元罚款" -----------------------------

TIERED = {"party_kind": "any", "rule": "tiered", "min": 50, "ordinary_max": 50}
TIERED |= {"serious_min": 200, "max": 200}


def _with_fine(fine: dict, bands: list[dict] | None = None) -> list[dict]:
    data = small_catalog()
    data[1]["fines"] = [fine]
    data[1]["discretion_bands"] = bands or []
    return data


def test_a_tiered_rule_round_trips_through_json_and_xlsx(tmp_path):
    catalog_io.import_file(write_json(tmp_path, _with_fine(TIERED)))
    rule = FineRule.objects.get(item__code="A-002")
    assert (rule.rule, rule.ordinary_max, rule.serious_min) == ("tiered", 50, 200)
    assert rule.describe() == "¥50；情节严重的 ¥200 (其间金额不适用)"
    exports = {"json": catalog_io.export_json().encode(), "xlsx": catalog_io.export_xlsx()}
    for fmt, content in exports.items():
        FineRule.objects.all().delete()
        ViolationItem.objects.all().delete()
        path = tmp_path / f"again.{fmt}"
        path.write_bytes(content)
        catalog_io.import_file(path)
        again = FineRule.objects.get(item__code="A-002")
        assert (again.rule, again.ordinary_max, again.serious_min) == ("tiered", 50, 200)


@pytest.mark.parametrize(
    ("fine", "field"),
    [
        (TIERED | {"ordinary_max": None}, "ordinary_max"),  # a tier missing
        (TIERED | {"serious_min": 40}, "serious_min"),  # tiers out of order
        ({"party_kind": "any", "rule": "range", "min": 50, "max": 200, "serious_min": 200}, None),
    ],
)
def test_a_bad_tiered_rule_is_refused_naming_the_field(tmp_path, fine, field):
    fine = {k: v for k, v in fine.items() if v is not None}
    with pytest.raises(CatalogImportError) as exc:
        catalog_io.import_file(write_json(tmp_path, _with_fine(fine)))
    fields = [i.field for i in exc.value.issues]
    assert any((field or "ordinary_max") in f for f in fields), exc.value.message
    assert not ViolationItem.objects.exists()


def test_a_band_of_a_tiered_rule_lies_in_one_tier(tmp_path):
    band = {"level": "general", "party_kind": "any", "min": 50, "max": 200, "facts": "一般"}
    with pytest.raises(CatalogImportError) as exc:
        catalog_io.import_file(write_json(tmp_path, _with_fine(TIERED, [band])))
    assert "不在同一档内" in exc.value.message
