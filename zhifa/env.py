"""Reading configuration from the environment: one place, typed, with ``*_FILE`` secrets.

Every variable read here is documented in ``.env.example``; a test keeps the two in step.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

READ: set[str] = set()  # names looked up, for the .env.example check


def env(name: str, default: str | None = None) -> str | None:
    """The value of ``name``, or of the file named by ``name_FILE`` (Docker/K8s secrets)."""
    READ.add(name)
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_path} 无法读取: {exc}") from exc
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value


def env_str(name: str, default: str) -> str:
    value = env(name, default)
    assert value is not None
    return value


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} 不是布尔值 (应为 1/0、true/false)")


def env_int(name: str, default: int) -> int:
    value = env(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} 不是整数") from exc


def env_decimal(name: str, default: str) -> Decimal:
    value = env(name, default)
    assert value is not None
    try:
        return Decimal(value)
    except ArithmeticError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} 不是数字") from exc


def env_list(name: str, default: str = "") -> list[str]:
    value = env(name, default) or ""
    return [item.strip() for item in value.split(",") if item.strip()]
