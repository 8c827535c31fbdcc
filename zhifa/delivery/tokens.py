"""Link tokens and confirmation codes. Only digests are stored: the token's SHA-256 (it is
looked up by it) and the code's HMAC keyed with SECRET_KEY and bound to its link (a copied
digest is useless for another link, and six digits cannot be reversed from it offline without
the key)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

CODE_DIGITS = 6


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def code_digest(link_id: int, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"delivery-code:{link_id}:{code}".encode(), hashlib.sha256).hexdigest()


def code_matches(link_id: int, code: str, stored: str) -> bool:
    return bool(stored) and hmac.compare_digest(code_digest(link_id, code), stored)
