"""What every app's views share."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.views.decorators.http import require_http_methods

# A page that shows a form (GET) and takes it (POST); anything else is a 405.
GET_OR_POST = require_http_methods(["GET", "POST"])


def require_permission(request: HttpRequest, permission: str, obj: Any = None) -> None:
    """A 403 (the refusal page, audited) unless the user has `permission`, on `obj` if given."""
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def posted(request: HttpRequest) -> Any:
    """The form's data on a POST; None on a GET, for an unbound form."""
    return request.POST if request.method == "POST" else None
