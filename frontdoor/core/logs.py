"""Structured logs (structlog): one JSON object a line on standard error, each carrying the id
of the request it came from, which the response also carries (X-Request-ID) and the error
pages show, so that a worker's "it failed at ten past three" finds its lines.

No personal data: a request is logged by its URL pattern and view, never its address's query
string (a search is a name) nor anything sent; the user by their id; a database error without
the DETAIL line in which PostgreSQL quotes the values it refused."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from time import perf_counter
from typing import TYPE_CHECKING, Any

import structlog

if TYPE_CHECKING:  # settings import this module: nothing of Django's at import time
    from django.http import HttpRequest, HttpResponse

log = structlog.get_logger("frontdoor.request")

# A request id handed in by the proxy in front is kept when it looks like one (and fits the
# audit log's column: the audit rows a request writes carry the same id).
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,32}")

SHARED_PROCESSORS: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def without_database_detail(_: Any, __: str, event: dict[str, Any]) -> dict[str, Any]:
    for key in ("exception", "event"):
        if isinstance(event.get(key), str) and "DETAIL:" in event[key]:
            event[key] = "\n".join(
                line for line in event[key].splitlines() if not line.lstrip().startswith("DETAIL:")
            )
    return event


def logging_config(json: bool) -> dict[str, Any]:
    """Django's LOGGING: everything logged, Django's own and ours, through one formatter."""
    structlog.configure(
        processors=[*SHARED_PROCESSORS, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    renderer = structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structured": {
                "()": structlog.stdlib.ProcessorFormatter,
                "foreign_pre_chain": SHARED_PROCESSORS,
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info,
                    without_database_detail,
                    renderer,
                ],
            }
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
        "root": {"handlers": ["console"], "level": "INFO"},
        "loggers": {
            # one line per request comes from RequestLog; Django's own repeats the path
            "django": {"handlers": [], "level": "INFO"},  # not Django's own console as well
            "django.request": {"level": "ERROR"},
            "django.server": {"level": "WARNING"},
            "axes": {"level": "WARNING"},  # its version at each start; sign-ins are audited
        },
    }


class RequestLog:
    """First of the middleware: gives the request its id and logs it when answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = perf_counter()
        response = self.get_response(request)
        match = request.resolver_match
        # the user Django has already read for this request, if any (never a query of ours)
        user = getattr(request, "_cached_user", None)
        log.log(
            logging.ERROR if response.status_code >= 500 else logging.INFO,
            "request",
            method=request.method,
            route=match.route if match else None,
            view=match.view_name if match else None,
            status=response.status_code,
            ms=round((perf_counter() - started) * 1000, 1),
            user=user.pk if user is not None and user.is_authenticated else None,
        )
        response["X-Request-ID"] = request_id
        return response
