"""Rows only actions write (the case record's neighbours: issued documents, services and their
access log, publications and their events, credit batches) are read-only in Django admin, even
for a superuser: a change there would bypass the action and its event."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from zhifa.core.admin import ReadOnlyAdmin

READ_ONLY = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, ReadOnlyAdmin)
)


def test_the_frozen_rows_of_every_app_are_covered():
    apps = {app for app, _ in READ_ONLY}
    assert {"documents", "delivery", "disclosure"} <= apps
    assert ("disclosure", "publicationevent") in READ_ONLY


@pytest.mark.parametrize(("app", "model"), READ_ONLY)
def test_a_superuser_may_look_but_not_add(admin_persona, app, model):
    client = admin_persona.client()
    assert client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{app}_{model}_add")).status_code == 403
