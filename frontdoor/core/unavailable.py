"""The page for a request the database could not answer (it restarted, or the connection
dropped): HTTP 503, "try again", and on a form everything that was sent, in a form that sends
it again (with its one-time token, so a save that did happen is not made twice).

It is Django's handler500, so it sees every uncaught error; other errors get the usual
"problem with the service" page. It is rendered without the request's context processors,
which would ask the database again."""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

UNAVAILABLE = (OperationalError, InterfaceError)
NOT_SHOWN = ("csrfmiddlewaretoken", "once", "version")


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    reference = getattr(request, "request_id", "")  # core/logs.py: the id on its log lines
    if not isinstance(error, UNAVAILABLE):
        return HttpResponse(render_to_string("500.html", {"reference": reference}), status=500)
    logger.warning("database unavailable: %s", type(error).__name__)
    sent = list(request.POST.lists()) if request.method == "POST" else []
    typed = [
        (name, value)
        for name, values in sent
        if name not in NOT_SHOWN and not name.endswith("-version")
        for value in values
        if len(value.strip()) > 0
    ]
    page = render_to_string(
        "core/unavailable.html",
        {
            "sent": sent,
            "typed": typed,
            "action": request.get_full_path(),
            "reference": reference,
        },
    )
    return HttpResponse(page, status=503, headers={"Retry-After": "5"})
