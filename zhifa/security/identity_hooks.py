"""Signing in and out, for the session list and the second factor, and the password an
administrator sets (connected from ``SecurityConfig.ready``; the audit rows of all three are
``security.receivers``')."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_save
from django.dispatch import receiver

from zhifa.security import sessions, two_factor
from zhifa.security.middleware import current_request


@receiver(user_logged_in, dispatch_uid="security_identity_logged_in")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is None or getattr(request, "session", None) is None:
        return
    sessions.started(request, user)
    two_factor.logged_in(request, user)


@receiver(user_logged_out, dispatch_uid="security_identity_logged_out")
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None:
        sessions.logged_out(request)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="security_password_set_by_other")
def _password_set_by_someone_else(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A password set by someone else — an administrator creating the account or resetting
    its password, in Django admin or on a page — must be changed at the next login. Every path
    that sets a password does it through ``set_password`` and ``save``, so this is the one
    place that sees them all (``_password`` is Django's mark of a password set in this save).
    Commands (no request: the demo, the operator's console) are not flagged."""
    if getattr(instance, "_password", None) is None or kwargs.get("raw"):
        return
    request = current_request()
    actor = getattr(request, "user", None)
    if actor is None or not actor.is_authenticated or actor.pk == instance.pk:
        return
    sender._default_manager.filter(pk=instance.pk).update(must_change_password=True)
    instance.must_change_password = True
