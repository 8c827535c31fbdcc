"""The portal on its own host name (ZHIFA_PUBLIC_HOST): only the portal's URLconf is routed
there, so internal pages, the admin and the internal API cannot be reached and no session is
honoured; on the main host the portal lives under /gongshi/."""

from __future__ import annotations

import pytest
from django.test import Client

PUBLIC = "gongshi.example.gov.cn"


@pytest.fixture
def public_host(settings):
    settings.ZHIFA_PUBLIC_HOST = PUBLIC
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, PUBLIC]
    return Client(HTTP_HOST=PUBLIC)


@pytest.mark.parametrize(
    "path", ["/", "/shiqian/", "/jueding/", "/tongji/", "/catalog/", "/api/v1/public/decisions"]
)
def test_the_public_host_serves_the_portal(public_host, path, db):
    assert public_host.get(path).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/cases/",
        "/parties/",
        "/org/",
        "/disclosure/",
        "/admin/",
        "/admin/login/",
        "/accounts/login/",
        "/api/v1/cases/",
        "/api/v1/parties/",
        "/api/v1/openapi.json",
        "/gongshi/",
        "/healthz",
    ],
)
def test_the_public_host_routes_nothing_else(public_host, path, db):
    assert public_host.get(path).status_code == 404


def test_the_public_host_answers_404_in_chinese(public_host, db):
    response = public_host.get("/cases/")
    assert response.status_code == 404
    assert "未找到该页面" in response.content.decode()


def test_a_staff_session_is_ignored_on_the_public_host(public_host, leader):
    public_host.force_login(leader.user)
    assert public_host.get("/disclosure/").status_code == 404
    html = public_host.get("/").content.decode()
    assert "退出" not in html
    assert leader.user.name not in html


def test_links_on_the_public_host_point_at_its_root(public_host, db):
    html = public_host.get("/").content.decode()
    assert 'href="/jueding/"' in html
    assert "/gongshi/" not in html


def test_the_main_host_serves_the_portal_under_gongshi(client, settings, db):
    settings.ZHIFA_PUBLIC_HOST = PUBLIC
    assert client.get("/gongshi/").status_code == 200
    assert 'href="/gongshi/jueding/"' in client.get("/gongshi/").content.decode()
    assert client.get("/api/v1/public/decisions").status_code == 200
    assert client.get("/cases/").status_code == 302  # the internal site asks for a login


def test_without_a_public_host_everything_is_on_the_main_host(client, db):
    assert client.get("/gongshi/jueding/").status_code == 200
