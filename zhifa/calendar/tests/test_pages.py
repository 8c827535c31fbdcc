import pytest

pytestmark = pytest.mark.django_db


def test_it_shows_the_year_with_make_up_days(handler):
    page = handler.client().get("/calendar/2026/").content.decode()
    assert "2026 年法定日历" in page
    assert "国庆节调休上班" in page


def test_it_warns_that_an_uncovered_year_cannot_be_computed(handler):
    page = handler.client().get("/calendar/2027/").content.decode()
    assert "尚未录入 2027 年的节假日安排" in page


def test_it_computes_a_deadline_on_the_calculator(handler):
    page = (
        handler.client()
        .get("/calendar/deadline/", {"from": "2026-09-28", "n": "7", "kind": "working_days"})
        .content.decode()
    )
    assert "2026年10月13日" in page


def test_it_explains_a_bad_calculator_input(handler):
    page = (
        handler.client()
        .get("/calendar/deadline/", {"from": "2026-13-45", "n": "x", "kind": "working_days"})
        .content.decode()
    )
    assert "请填写正确的起算日" in page


def test_the_api_computes_a_deadline_with_a_token(handler):
    from zhifa.core.actions import create_api_token

    _, raw = create_api_token(handler.user)
    from django.test import Client

    response = Client().get(
        "/api/v1/calendar/deadline",
        {"start": "2026-09-28", "working_days": 7},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 200
    assert response.json() == {
        "start": "2026-09-28",
        "rule": "working_days=7",
        "due": "2026-10-13",
        "provisional": False,
    }


def test_the_api_refuses_an_uncovered_year_with_409_when_configured(handler, settings):
    settings.ZHIFA_LOCAL_RULES = {**settings.ZHIFA_LOCAL_RULES, "CALENDAR_UNCOVERED_YEAR": "refuse"}
    response = handler.client().get(
        "/api/v1/calendar/deadline", {"start": "2026-12-28", "working_days": 7}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "calendar_year_missing"


@pytest.mark.parametrize(("side", "due"), [("party", "2027-01-11"), ("bureau", "2027-01-05")])
def test_the_api_gives_a_provisional_date_for_the_side(handler, side, due):
    response = handler.client().get(
        "/api/v1/calendar/deadline", {"start": "2026-12-28", "working_days": 7, "side": side}
    )
    assert response.status_code == 200
    assert (response.json()["due"], response.json()["provisional"]) == (due, True)


def test_the_calculator_marks_a_provisional_date(handler):
    page = (
        handler.client()
        .get("/calendar/deadline/", {"from": "2026-12-28", "n": "7", "kind": "working_days"})
        .content.decode()
    )
    assert "2027年1月11日" in page
    assert "暂定" in page
