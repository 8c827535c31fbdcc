"""Load test of one ``zhifa serve`` on PostgreSQL with the demo district (docs/benchmarks.md,
"Several servers"): a realistic mix of officers signed in through the login page, an
integrator reading the API with a bearer token, and citizens on the public portal.

Run it headless, bounded in users and time, against 127.0.0.1 only::

    ZHIFA_LOCUST_TOKEN=$(zhifa token create handler --name locust --days 1) \\
    .venv/bin/locust -f benchmarks/locustfile.py --headless -u 20 -r 5 -t 60s \\
        --host http://127.0.0.1:8000 --csv var/locust

``ZHIFA_LOCUST_WAIT=0`` removes the think time (a saturation run: the server's capacity);
the default is 1–3 s between a user's requests. The server under test should trust 127.0.0.1
as a proxy (``ZHIFA_TRUSTED_PROXIES=127.0.0.1``): each portal request then carries a visitor's
own ``X-Forwarded-For`` address and the portal's per-address rate limit applies to each, as in
production, instead of to the load generator. Officers sign in before the statistics start
(``on_start``, unmeasured: a password check is ~0.4 s of CPU).

The mix (weights): officers — home 10, case list 8 (filtered 2), case page 10, deadlines 4, a
new clue (a write: the case row, its number from the year's locked sequence row, the first
chained event) 1; the integrator —
case list 3, case 4, its record 2, deadlines 2; citizens — portal search 6, portal home 2,
statistics 1, the public API 2. Staff 10 : integrators 3 : citizens 7.
"""

from __future__ import annotations

import itertools
import os
import random
import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import requests
from locust import HttpUser, between, constant, events, task

PASSWORD = os.environ.get("ZHIFA_DEMO_PASSWORD", "zhifa-demo-2026")
TOKEN = os.environ.get("ZHIFA_LOCUST_TOKEN", "")
OFFICERS = ("handler", "handler2")
SEARCH_WORDS = ("餐饮", "建筑", "鑫源", "王", "有限公司", "广告", "物业", "装饰")
CATEGORIES = ("city_appearance", "roads", "construction", "advertising", "environment")
_addresses = itertools.count(1)


def _wait() -> Any:
    return constant(0) if os.environ.get("ZHIFA_LOCUST_WAIT") == "0" else between(1, 3)


@events.init.add_listener
def _only_here(environment: Any, **kwargs: Any) -> None:
    """127.0.0.1 only: never point this at a server someone else uses."""
    host = urlsplit(environment.host or "").hostname
    if host not in {"127.0.0.1", "localhost"}:
        raise SystemExit(f"benchmarks/locustfile.py runs against 127.0.0.1 only, not {host!r}")


class Officer(HttpUser):
    """An officer signed in through the login page (a session, like a browser)."""

    weight = 10
    wait_time = _wait()
    case_ids: list[int] = []
    street_id = 0

    def on_start(self) -> None:
        """Sign in through the login page — outside the statistics: an officer signs in once a
        shift, and a password check is ~0.4 s of CPU (PBKDF2, 1.5 M iterations), so 20 users
        signing in at once would be a login storm, not the mix."""
        browser = requests.Session()
        page = browser.get(self.host + "/accounts/login/", timeout=120)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token is not None, "no CSRF token on the login page"
        signed = browser.post(
            self.host + "/accounts/login/",
            {
                "username": random.choice(OFFICERS),
                "password": PASSWORD,
                "csrfmiddlewaretoken": token[1],
            },
            headers={"Referer": self.host + "/accounts/login/"},
            allow_redirects=False,
            timeout=120,
        )
        assert signed.status_code == 302, f"login refused: {signed.status_code}"
        self.client.cookies.update(browser.cookies)
        if not Officer.case_ids and TOKEN:
            rows = browser.get(
                self.host + "/api/v1/cases/",
                headers={"Authorization": f"Bearer {TOKEN}"},
                timeout=120,
            ).json()["items"]
            Officer.case_ids = [r["id"] for r in rows]
            units = browser.get(
                self.host + "/api/v1/org/units",
                headers={"Authorization": f"Bearer {TOKEN}"},
                timeout=120,
            ).json()
            Officer.street_id = next(u["id"] for u in units if u["kind"] == "street")

    def _case(self) -> int:
        return random.choice(Officer.case_ids) if Officer.case_ids else 1

    @task(10)
    def home(self) -> None:
        self.client.get("/", name="home")

    @task(8)
    def case_list(self) -> None:
        self.client.get("/cases/", name="case list")

    @task(2)
    def case_list_filtered(self) -> None:
        self.client.get("/cases/?status=investigating", name="case list (filtered)")

    @task(10)
    def case_page(self) -> None:
        self.client.get(f"/cases/{self._case()}/", name="case page")

    @task(4)
    def deadlines(self) -> None:
        self.client.get("/cases/deadlines/", name="deadline list")

    @task(1)
    def new_clue(self) -> None:
        """A cheap write: 登记线索 — a case row, its number (the year's sequence row, locked
        until commit), the first chained event — through the API with the session."""
        self.client.post(
            "/api/v1/cases/clues",
            {
                "source": "patrol",
                "found_on": date.today().isoformat(),
                "facts": "巡查发现占道经营 (负荷测试)",
                "place": "人民路12号",
                "street_id": str(Officer.street_id),
            },
            headers={"X-CSRFToken": self.client.cookies.get("csrftoken", "")},
            name="new clue (write)",
        )


class Integrator(HttpUser):
    """Another system reading the API with a bearer token."""

    weight = 3
    wait_time = _wait()

    def on_start(self) -> None:
        if not TOKEN:
            raise SystemExit("ZHIFA_LOCUST_TOKEN: a bearer token (zhifa token create handler …)")
        self.client.headers["Authorization"] = f"Bearer {TOKEN}"

    def _case(self) -> int:
        return random.choice(Officer.case_ids) if Officer.case_ids else 1

    @task(3)
    def cases(self) -> None:
        self.client.get(f"/api/v1/cases/?page={random.randint(1, 3)}", name="api case list")

    @task(4)
    def case(self) -> None:
        self.client.get(f"/api/v1/cases/{self._case()}", name="api case")

    @task(2)
    def record(self) -> None:
        self.client.get(f"/api/v1/cases/{self._case()}/events", name="api case record")

    @task(2)
    def deadlines(self) -> None:
        self.client.get("/api/v1/cases/deadlines?scope=unit", name="api deadlines")


def _visitor() -> dict[str, str]:
    """Each portal request from another visitor's address (the portal has many visitors; one
    simulated user without think time would pass the per-address limit of 120 a minute)."""
    n = next(_addresses)
    return {"X-Forwarded-For": f"198.51.{n // 250 % 250}.{n % 250 + 1}"}


class Citizen(HttpUser):
    """The public on the portal."""

    weight = 7
    wait_time = _wait()

    @task(6)
    def search(self) -> None:
        if random.random() < 0.5:
            params = {"q": random.choice(SEARCH_WORDS)}
        else:
            params = {"category": random.choice(CATEGORIES)}
        self.client.get(
            "/gongshi/jueding/", params=params, headers=_visitor(), name="portal search"
        )

    @task(2)
    def index(self) -> None:
        self.client.get("/gongshi/", headers=_visitor(), name="portal home")

    @task(1)
    def statistics(self) -> None:
        self.client.get("/gongshi/tongji/", headers=_visitor(), name="portal statistics")

    @task(2)
    def public_api(self) -> None:
        self.client.get(
            "/api/v1/public/decisions",
            params={"q": random.choice(SEARCH_WORDS)},
            headers=_visitor(),
            name="public api search",
        )
