"""Typed domain errors. Every refusal carries a machine code and a Chinese message.

Views turn them into a message on the page; the API turns them into JSON with the HTTP status
below (``{"code": ..., "message": ..., "field": ...}``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """A rule refused the action. Nothing was written (actions run in one transaction)."""

    status = 409

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "field": self.field}


class InvalidInput(DomainError):
    """The input itself is wrong (a field breaks a rule)."""

    status = 422


class NotAllowed(DomainError):
    """The actor may not do this."""

    status = 403


class NotFound(DomainError):
    status = 404


def from_validation_error(exc: ValidationError, code: str = "invalid") -> InvalidInput:
    """The first message of a Django ValidationError as an InvalidInput naming its field."""
    if hasattr(exc, "error_dict"):
        field, errors = next(iter(exc.error_dict.items()))
        message = "; ".join(str(m) for e in errors for m in e.messages)
        return InvalidInput(code, message, field=None if field == "__all__" else field)
    return InvalidInput(code, "; ".join(exc.messages))
