"""The public portal, read by an anonymous visitor (行政处罚法 Arts 34, 39, 48; 政府信息公开条例
Art 20(6)): 事前公开, search and detail of published decisions, withdrawal notices, 每月公开."""

from __future__ import annotations

from datetime import date

import pytest

from zhifa.disclosure import seeds
from zhifa.disclosure.models import Publication, RandomCheckItem
from zhifa.disclosure.tests.conftest import on_the_spot, publication_of, remedy_result, run_job
from zhifa.testing import parties as pf
from zhifa.testing.service import serve_decision

DAY = date(2026, 10, 20)


def page(client, url: str, status: int = 200, **params: object) -> str:
    response = client.get(url, params)
    assert response.status_code == status, response.content.decode()[:500]
    return response.content.decode()


@pytest.fixture
def district(
    decided, clock, handler, handler2, leader, items, citizen, company, east_street, west_street
):
    """On 2026-09-28 a general decision against a company and an on-the-spot one against a
    citizen (later revoked and withdrawn); on 2026-10-09 three on the spot in the west street."""
    d = decided(date(2026, 9, 28))
    serve_decision(d.case, actor=handler.user, on=date(2026, 9, 28))
    revoked = on_the_spot(handler, handler2, items["spit"], citizen, east_street)
    run_job(date(2026, 9, 28))
    clock(date(2026, 10, 9))
    others = [
        on_the_spot(handler, handler2, items["dog"], pf.person(), west_street, fine="50")
        for _ in range(3)
    ]
    remedy_result(
        revoked,
        leader.user,
        result="revoked",
        applied_on=date(2026, 9, 29),
        decided_on=date(2026, 10, 9),
    )
    run_job(date(2026, 10, 12))
    return {"company": d.case, "revoked": revoked, "others": others}


def test_it_shows_the_portal_without_login(anonymous, district):
    html = page(anonymous, "/gongshi/")
    assert "行政执法公示" in html
    assert publication_of(district["company"]).number in html
    assert "退出" not in html  # no staff navigation


def test_it_finds_a_decision_by_its_number_with_any_brackets(anonymous, district):
    number = publication_of(district["company"]).number
    typed = number.replace("〔", "(").replace("〕", ")")
    html = page(anonymous, "/gongshi/jueding/", number=typed)
    assert "共 1 条" in html
    assert number in html


@pytest.mark.parametrize("q", ["示范市鑫源", "鑫源", "建筑工程", "鑫"])
def test_it_finds_decisions_by_any_continuous_part_of_the_name(anonymous, district, company, q):
    """The page promises 名称中的连续文字: two characters from the middle find it too (they
    found nothing while the index took prefixes only)."""
    html = page(anonymous, "/gongshi/jueding/", q=q)
    assert company.name in html
    assert "共 1 条" in html


def test_characters_of_the_name_in_another_order_find_nothing(anonymous, district):
    assert "没有符合条件的公示决定" in page(anonymous, "/gongshi/jueding/", q="源鑫")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"category": "roads"}, 1),
        ({"category": "dogs"}, 3),
        ({"from": "2026-09-28", "to": "2026-09-28"}, 1),
        ({"from": "2026-10-01"}, 3),
    ],
)
def test_it_filters_by_category_and_date(anonymous, district, params, expected):
    html = page(anonymous, "/gongshi/jueding/", **params)
    assert f"共 {expected} 条" in html


def test_it_filters_by_street(anonymous, district, west_street):
    html = page(anonymous, "/gongshi/jueding/", street=west_street.pk)
    assert "共 3 条" in html
    assert "东城街道" not in html.split('<ul class="p-list">')[1]


def test_it_reports_a_bad_date_in_chinese(anonymous, district):
    html = page(anonymous, "/gongshi/jueding/", **{"from": "2026-13-01"})
    assert "起始日期「2026-13-01」不是有效日期" in html


def test_it_pages_twenty_at_a_time_without_counting_everything(
    anonymous, handler, handler2, items, east_street, clock, django_assert_max_num_queries
):
    clock(DAY)
    for _ in range(23):
        on_the_spot(handler, handler2, items["dog"], pf.person(), east_street)
    run_job(DAY)
    first = page(anonymous, "/gongshi/jueding/")
    assert first.count('class="p-item"') == 20
    assert "下一页" in first
    with django_assert_max_num_queries(4):  # streets, one page (+1 row), the capped count
        second = page(anonymous, "/gongshi/jueding/", page=2)
    assert second.count('class="p-item"') == 3
    assert "上一页" in second
    assert "下一页" not in second


def test_it_shows_a_decision_with_its_public_fields_only(anonymous, district, company):
    p = publication_of(district["company"])
    html = page(anonymous, f"/gongshi/jueding/{p.pk}/")
    for text in (p.number, company.name, company.id_number, "罚款人民币5,000.00元", "5,000.00 元"):
        assert text in html
    assert company.phone not in html
    assert company.address not in html
    assert "/catalog/DL-002/" in html


def test_it_shows_the_withdrawal_notice_and_reason(anonymous, district):
    p = publication_of(district["revoked"])
    html = page(anonymous, f"/gongshi/jueding/{p.pk}/")
    assert "撤回公告" in html
    assert "该行政处罚决定经行政复议于2026年10月9日被撤销。" in html
    assert "处罚依据" not in html  # the withdrawn decision itself is no longer shown
    listing = page(anonymous, "/gongshi/jueding/")
    assert "撤回公告" in listing  # listed under the notices, not among the decisions


def test_an_expired_decision_is_gone(anonymous, district):
    p = publication_of(district["company"])
    run_job(date(2027, 9, 29))
    page(anonymous, f"/gongshi/jueding/{p.pk}/", status=404)
    assert "没有符合条件的公示决定" in page(anonymous, "/gongshi/jueding/", number=p.number)


def test_a_decision_not_yet_published_is_not_shown(anonymous, decided):
    d = decided(date(2026, 9, 28))
    run_job(date(2026, 9, 28))
    p = publication_of(d.case)
    assert p.status == "pending"
    page(anonymous, f"/gongshi/jueding/{p.pk}/", status=404)


def test_the_before_page_lists_officers_by_name_and_certificate_only(
    anonymous, handler, handler2, auxiliary, items
):
    # Migration 0003 loads the list; a transactional test earlier on this worker empties every
    # table, so load it again (idempotent) rather than depend on the order tests run in.
    seeds.seed(RandomCheckItem)
    html = page(anonymous, "/gongshi/shiqian/")
    certificate = handler.officer.certificates.get()
    assert handler.officer.name in html
    assert certificate.number in html
    assert handler.officer.employee_number not in html.replace(certificate.number, "")
    assert auxiliary.officer.name not in html  # auxiliary staff hold no certificate
    for text in (
        "示范区人民政府",
        "示范区人民法院",
        "60日",
        "6个月",
        "擅自挖掘城市道路",
        "随机抽查事项",
    ):
        assert text in html
    assert "燃气经营企业经营行为检查" in html  # the seeded random-check list


def test_the_monthly_page_counts_decisions_by_procedure_and_category(anonymous, district, clock):
    clock(DAY)
    html = page(anonymous, "/gongshi/tongji/", year=2026)
    assert "每月公开：2026年行政处罚决定" in html
    # 9月: one general (¥5,000) and one on the spot, which was revoked and is not counted;
    # 10月: three on the spot (¥50 each)
    september = '<td class="p-month">9月</td><td class="num">1</td><td class="num">1</td>'
    assert september + '<td class="num">0</td>' in html
    assert (
        '<td class="num">3</td><td class="num">0</td><td class="num">3</td><td class="num">150.00'
        in html
    )
    assert "养犬" in html
    assert "市政道路" in html


def test_the_portal_pages_can_be_printed_and_read_on_a_phone(anonymous, district):
    html = page(anonymous, "/gongshi/")
    assert 'name="viewport"' in html
    assert "disclosure/portal.css" in html


def test_staff_pages_need_a_login(anonymous, leader, handler, district):
    assert anonymous.get("/disclosure/").status_code == 302
    assert handler.client().get("/disclosure/").status_code == 403
    html = page(leader.client(), "/disclosure/")
    assert "待公示" in html
    p = Publication.objects.order_by("id").first()
    assert p is not None
    assert "公示记录" in page(leader.client(), f"/disclosure/{p.pk}/")


@pytest.mark.parametrize("limit", [0, 1000])
def test_a_name_matches_the_same_decisions_whether_rare_or_common(
    anonymous, district, company, monkeypatch, limit
):
    """namesearch: a rare word reads the matching ids found through the name index; a common
    one (more than RARE_LIMIT matches) walks the date index newest first — same results."""
    from zhifa.disclosure import namesearch

    monkeypatch.setattr(namesearch, "RARE_LIMIT", limit)
    html = page(anonymous, "/gongshi/jueding/", q="示范市鑫源")
    assert company.name in html
    assert ("超过 200 条" if limit == 0 else "共 1 条") in html


@pytest.mark.parametrize(
    ("path", "patches"),
    [
        ("the index's ids (rare)", {}),
        ("the walk (common by the index)", {"namesearch.RARE_LIMIT": 0}),
        ("the newest rows' ids (common among them)", {"public.COUNT_CAP": 0}),
        (
            "the walk (common among the newest, the page beyond them)",
            {"public.COUNT_CAP": 0, "namesearch.WINDOW": 3},
        ),
    ],
)
def test_a_name_search_reads_the_same_pages_by_every_path(
    handler, handler2, items, east_street, clock, monkeypatch, path, patches
):
    """namesearch chooses how to read a name's pages (on SQLite the newest rows are not tested
    first: the index's own stream stops at its limit); every choice gives the same pages, in the
    same order, with the same "next page"."""
    from zhifa.core import textsearch
    from zhifa.disclosure import namesearch, public

    clock(DAY)
    for name in ["鑫源", "宏达", "鑫达", "鑫源恒", "达鑫", "源鑫"]:
        party = pf.organisation(name=f"示范市{name}建材有限公司", street=east_street)
        on_the_spot(handler, handler2, items["dog"], party, east_street)
    on_the_spot(handler, handler2, items["dog"], pf.person(name="鑫源"), east_street)
    run_job(DAY)
    monkeypatch.setattr(public, "PAGE_SIZE", 2)
    published = Publication.objects.filter(status="published").order_by("-decided_on", "-id")
    for q in ("鑫源", "鑫", "有限公司", "示范 建材"):
        want = [p.pk for p in published if textsearch.contains(q, p.party_name)]
        assert len(want) >= 2, q
        for name, value in patches.items():
            module = {"namesearch": namesearch, "public": public}[name.split(".")[0]]
            monkeypatch.setattr(module, name.split(".")[1], value)
        got, more = [], True
        for number in range(1, 6):
            if not more:
                break
            result = public.search(public.SearchQuery(q=q, page=number))
            got += [row["id"] for row in result.rows]
            more = result.has_next
        assert got == want, (path, q)
        assert not more, (path, q)
        monkeypatch.undo()
        monkeypatch.setattr(public, "PAGE_SIZE", 2)
