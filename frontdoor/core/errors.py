"""Domain errors raised by services and turned into messages at the field by views."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the service was broken. `field` names the form field it belongs to, if any."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class PermissionDeniedError(DomainError):
    pass


class ConflictError(DomainError):
    """Somebody else changed the record since it was read."""
