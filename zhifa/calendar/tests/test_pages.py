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


DUE = "/api/v1/calendar/deadline"


# Found by the fuzzing pass (tests/api/test_schemathesis.py): each was an HTTP 500, or a request
# that counted for as long as the number typed.
@pytest.mark.parametrize(
    ("path", "params", "code", "field"),
    [
        (DUE, {"start": "2099-01-01", "days": 300}, "calendar_out_of_range", None),
        (DUE, {"start": "2026-01-05", "working_days": 10**9}, "invalid_request", "working_days"),
        (DUE, {"start": "2026-01-05", "months": -(10**6)}, "invalid_request", "months"),
        ("/api/v1/calendar/working-day", {"on": "2099-01-01"}, "calendar_out_of_range", None),
        ("/api/v1/calendar/working-day", {"on": "0001-01-01"}, "calendar_out_of_range", None),
        ("/api/v1/cases/", {"year": 0}, "invalid_request", "year"),
        ("/api/v1/cases/", {"page": -3}, "invalid_request", "page"),
    ],
)  # fmt: skip
def test_the_api_refuses_a_date_or_period_it_cannot_count_with_a_chinese_422(
    handler, path, params, code, field
):
    response = handler.client().get(path, params)
    assert response.status_code == 422, response.content.decode()
    body = response.json()
    assert (body["code"], body["field"]) == (code, field)
    assert "超出法定日历可以计算的范围" in body["message"] or "数值过" in body["message"]


@pytest.mark.parametrize(
    ("params", "text"),
    [
        ({"from": "2026-01-05", "n": str(10**9), "kind": "working_days"}, "「期间」最长为 2500"),
        ({"from": "2099-12-01", "n": "300", "kind": "days"}, "超出法定日历可以计算的范围"),
        ({"from": "9999-12-01", "n": "3000", "kind": "days"}, "超出法定日历可以计算的范围"),
    ],
)
def test_the_calculator_explains_a_period_it_cannot_count(handler, params, text):
    response = handler.client().get("/calendar/deadline/", params)
    assert response.status_code == 200
    assert text in response.content.decode()
