"""Signed-in pages are never kept by a browser or a proxy (GB/T 22239-2019 §8.1.4.10 剩余信息
保护: a shared office computer keeps no party's data after the officer has left it)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/cases/", "/parties/", "/api/v1/org/me"])
def test_a_signed_in_answer_is_private_and_not_stored(handler, path):
    response = handler.client().get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_the_public_portal_keeps_its_own_caching(db):
    response = Client().get("/gongshi/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
