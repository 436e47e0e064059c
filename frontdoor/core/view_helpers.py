"""What every app's views share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.views.decorators.http import require_http_methods

from frontdoor.core.errors import DomainError
from frontdoor.core.forms import GovukForm
from frontdoor.core.once import made_once

# A page that shows a form (GET) and takes it (POST); anything else is a 405.
GET_OR_POST = require_http_methods(["GET", "POST"])


def require_permission(request: HttpRequest, permission: str, obj: Any = None) -> None:
    """A 403 (the refusal page, audited) unless the user has `permission`, on `obj` if given."""
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def posted(request: HttpRequest) -> Any:
    """The form's data on a POST; None on a GET, for an unbound form."""
    return request.POST if request.method == "POST" else None


def attempt(form: GovukForm, call: Callable[[], Any]) -> Any:
    """Call a service; on refusal show why on `form` (at the field the service names) and
    return None."""
    try:
        return call()
    except DomainError as error:  # conflicts and refusals included: shown on the form
        form.add_domain_error(error.field, error.message)
        return None


def attempt_once(request: HttpRequest, form: GovukForm, call: Callable[[], Any], then: Any) -> Any:
    """`attempt`, once for each time the form was shown (`core/once.py`): sent twice, it
    records once. The URL to go to next (`then` of what was made), or None on a refusal."""
    return made_once(request, lambda: attempt(form, call), then)


def is_print_version(request: Any) -> bool:
    """Whether the page is asked for as its print version (`?print=1`): shown without its
    forms (core.context_processors.print_version) and audited as printed (people.access)."""
    return bool(request.GET.get("print") == "1")
