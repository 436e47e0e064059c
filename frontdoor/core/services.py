"""What every app's services do the same way: check a permission, lock the row being
changed, refuse a stale version, and move the version on after a change."""

from __future__ import annotations

from typing import Any

from django.db import models

from .errors import ConflictError, PermissionDeniedError


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
