"""The catalog pages: public (行政处罚法 Arts 34, 39), filterable, without N+1."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from zhifa.law.catalog_io import load_default_catalog
from zhifa.testing.law import ViolationItemFactory, add_fine_rule

pytestmark = pytest.mark.django_db


def test_anyone_may_read_the_catalog():
    """Discretion benchmarks must be published (Art 34): no login needed."""
    ViolationItemFactory(code="SR-T01", name="随地吐痰")
    page = Client().get("/catalog/").content.decode()
    assert "权责清单与裁量基准" in page
    assert "随地吐痰" in page


def test_the_list_shows_the_statutory_range_of_each_party_kind():
    item = ViolationItemFactory(code="GF-T01", name="随意倾倒生活垃圾", rule=False)
    add_fine_rule(item, party_kind="person", min=100, max=500)
    add_fine_rule(item, party_kind="organisation", min=50000, max=500000)
    page = Client().get("/catalog/").content.decode()
    assert "<dt>自然人</dt><dd>¥100–¥500</dd>" in page
    assert "<dt>法人或其他组织</dt><dd>¥50,000–¥500,000</dd>" in page


def test_the_list_filters_by_category():
    ViolationItemFactory(code="RQ-T01", name="擅自操作公用燃气阀门", category="gas")
    ViolationItemFactory(code="DL-T01", name="擅自挖掘城市道路", category="roads")
    page = Client().get("/catalog/", {"category": "gas"}).content.decode()
    assert "擅自操作公用燃气阀门" in page
    assert "擅自挖掘城市道路" not in page


@pytest.mark.parametrize("q", ["RQ-T01", "燃气阀门", "城镇燃气管理条例》第四十九条"])
def test_the_list_searches_code_name_and_provision(q):
    ViolationItemFactory(
        code="RQ-T01",
        name="擅自操作公用燃气阀门",
        violated_provision="《城镇燃气管理条例》第四十九条",
        penalty_provision="《城镇燃气管理条例》第四十九条",
    )
    ViolationItemFactory(code="DL-T01", name="擅自挖掘城市道路")
    page = Client().get("/catalog/", {"q": q}).content.decode()
    assert "擅自操作公用燃气阀门" in page
    assert "擅自挖掘城市道路" not in page


def test_inactive_items_are_listed_only_on_request():
    ViolationItemFactory(code="JZ-T04", name="停用的事项", active=False)
    assert "停用的事项" not in Client().get("/catalog/").content.decode()
    assert "停用的事项" in Client().get("/catalog/", {"inactive": "1"}).content.decode()


def test_the_list_needs_the_same_queries_for_3_or_30_items():
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert Client().get("/catalog/").status_code == 200
        return len(queries)

    for _ in range(3):
        ViolationItemFactory()
    few = count()
    for _ in range(27):
        ViolationItemFactory()
    assert count() == few


def test_the_item_page_shows_provisions_bands_and_procedures():
    load_default_catalog()
    page = Client().get("/catalog/SR-014/").content.decode()
    assert "《北京市市容环境卫生条例》第三十五条第一款" in page
    assert "数额采用地方标准" in page
    assert 'id="local-default"' in page
    assert "已核对原文" in page
    assert "没收非法财物" in page
    for level in ("轻微", "一般", "较重", "严重"):
        assert level in page
    assert "¥3,500–¥5,000" in page  # the serious band
    assert "可能" in page  # a hearing: ¥5,000 is above the person threshold


def test_the_item_page_says_whether_the_simple_procedure_applies():
    load_default_catalog()
    page = Client().get("/catalog/YQ-001/").content.decode()
    assert "可以当场" in page or "可以适用简易程序" in page
    dig = Client().get("/catalog/DL-002/").content.decode()
    assert "破路" in dig
    assert "不超过 ¥20,000" in dig


def test_an_unverified_item_carries_a_warning():
    load_default_catalog()
    page = Client().get("/catalog/JZ-004/").content.decode()
    assert "未核实" in page
    assert "须由法制科核对" in page


def test_the_item_page_queries_do_not_grow_with_its_bands():
    item = ViolationItemFactory(code="T-FEW")
    many = ViolationItemFactory(code="T-MANY")
    add_fine_rule(many, party_kind="person", min=100, max=500)
    add_fine_rule(many, party_kind="organisation", min=1000, max=10000)
    counts = []
    for code in (item.code, many.code):
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(f"/catalog/{code}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_an_unknown_code_is_404():
    assert Client().get("/catalog/NOPE-1/").status_code == 404


@pytest.mark.parametrize(
    "persona",
    ["handler", "auxiliary", "reviewer", "leader", "street_officer", "admin_persona"],
)
def test_every_role_has_the_catalog_in_its_navigation(persona, request):
    page = request.getfixturevalue(persona).client().get("/").content.decode()
    assert '<a href="/catalog/">权责清单</a>' in page


@pytest.mark.parametrize("persona", ["reviewer", "admin_persona"])
def test_those_who_keep_the_catalog_see_its_state_on_their_home_page(persona, request):
    ViolationItemFactory(legal_status="secondary")
    ViolationItemFactory(rule__bands=False)
    page = request.getfixturevalue(persona).client().get("/").content.decode()
    assert 'id="panel-catalog"' in page
    assert "依据待核对原文" in page


def test_the_home_panel_says_how_to_load_an_empty_catalog(admin_persona):
    page = admin_persona.client().get("/").content.decode()
    assert "zhifa catalog load-default" in page
