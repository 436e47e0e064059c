from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import add_never_cache_headers

from .audit import bind_request, unbind_request

PUBLIC_PREFIXES = (
    "/accounts/login/",
    "/accounts/password-reset/",
    "/accounts/sso/",  # single sign-on: the start, the provider's callback, a refusal
    "/static/",
    "/healthz",
    "/survey/",  # a partner agency's feedback survey, opened from its signed link (quality)
)


class RequestOrigin:
    """Lets audit rows written while a request is served record its address, session, path
    and id (the id core/logs.RequestLog gave it, on its log lines too)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = bind_request(request)
        try:
            response = self.get_response(request)
        finally:
            unbind_request(token)
        return response


class NoStore:
    """Pages and exports may hold a child's data: no browser or proxy keeps a copy of any."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            add_never_cache_headers(response)
        return response


class NoNulCharacters:
    """Nobody types a NUL character and PostgreSQL cannot store one (a 500 wherever one was
    pasted or probed): it is dropped from the query string and the form before any view
    reads them, so that everything else that was typed is kept."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # the stubs type these as immutable QueryDicts; _without_nul's are made immutable too
        request.GET = _without_nul(request.GET)  # type: ignore[assignment]
        if request.method == "POST":
            request.POST = _without_nul(request.POST)  # type: ignore[assignment]
        return self.get_response(request)


def _without_nul(data: QueryDict) -> QueryDict:
    if not any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists()):
        return data
    clean = QueryDict(mutable=True)
    for key, values in data.lists():
        clean.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
    clean._mutable = False
    return clean


class LoginRequiredEverywhere:
    """Every page needs a signed-in user except the sign-in page itself and static files."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)
