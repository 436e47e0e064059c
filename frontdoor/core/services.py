"""What every app's services do the same way: check a permission, lock the row being
changed, refuse a stale version, move the version on after a change, and check the text
and dates typed."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.utils import timezone

from .errors import ConflictError, DomainError, PermissionDeniedError


def require(actor: Any, permission: str, obj: Any = None) -> None:
    if not actor.has_perm(permission, obj):
        raise PermissionDeniedError("You do not have permission to do this")


def lock(model: type[models.Model], pk: int) -> Any:
    """The row, locked until the end of the transaction (on PostgreSQL)."""
    return model._default_manager.select_for_update().get(pk=pk)


def check_version(record: Any, version: int | None) -> None:
    """Refuse a change made to a version of `record` other than the latest (None: unchecked)."""
    if version is not None and record.version != version:
        raise ConflictError(
            "Somebody else changed this record while you were working on it. "
            "Your changes have not been saved: check the latest version below."
        )


def bump(record: Any) -> None:
    """Save a changed record under its next version."""
    record.version += 1
    record.save()


def required_text(value: str | None, field: str, message: str) -> str:
    """The text stripped, or `message` at `field` when there is none."""
    text = (value or "").strip()
    if not text:
        raise DomainError(message, field=field)
    return text


def due_date(value: date | None, *, field: str, what: str) -> date:
    """A due date that is given and not already past: `what` is due ("the action")."""
    if value is None:
        raise DomainError(f"Enter the date {what} is due", field=field)
    if value < timezone.localdate():
        raise DomainError(f"{what.capitalize()}'s due date must be today or later", field=field)
    return value


def past_date(
    value: date | None,
    *,
    field: str,
    label: str,
    not_before: date | None = None,
    before_label: str = "",
) -> date:
    """A date that is given, not in the future and, if asked, not before `not_before`."""
    if value is None:
        raise DomainError(f"Enter {label}", field=field)
    if value > timezone.localdate():
        raise DomainError(f"{label.capitalize()} must be today or in the past", field=field)
    if not_before is not None and value < not_before:
        raise DomainError(
            f"{label.capitalize()} must be the same as or after {before_label} "
            f"({not_before:%-d %B %Y})",
            field=field,
        )
    return value
