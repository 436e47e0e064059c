"""The call monitoring pages: the team's feedback, recording a call listened to, one call's
feedback with the worker's acknowledgement, and "my call feedback"."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from frontdoor.accounts.models import User
from frontdoor.core.parsing import parse_id
from frontdoor.core.view_helpers import (
    GET_OR_POST,
    attempt,
    attempt_once,
    posted,
    require_permission,
)
from frontdoor.quality.grading import rubric_rows

from . import selectors, services
from .forms import AcknowledgeForm, CallForm
from .models import CALL_RUBRIC, MonitoredCall


def team_feedback(request: HttpRequest) -> HttpResponse:
    require_permission(request, "quality.monitor_calls")
    user = request.user
    workers = User.objects.filter(call_feedback__in=selectors.team_calls(user)).distinct()
    worker_id = parse_id(request.GET.get("worker"))
    return render(
        request,
        "quality/calls/team.html",
        {
            "calls": list(selectors.team_calls(user, worker_id=worker_id)),
            "workers": workers,
            "worker_id": worker_id,
        },
    )


@GET_OR_POST
def call_record(request: HttpRequest) -> HttpResponse:
    require_permission(request, "quality.monitor_calls")
    asked = request.GET.get("contact", "")
    form = CallForm(
        posted(request), initial={"contact": f"C{int(asked):06d}"} if asked.isdigit() else {}
    )
    if request.method == "POST" and form.is_valid():
        url = attempt_once(
            request,
            form,
            lambda: services.call_record(actor=request.user, **form.details()),
            lambda call: reverse("quality:call", args=[call.pk]),
        )
        if url is not None:
            messages.success(
                request, "Call monitoring recorded: the worker has been given the feedback"
            )
            return redirect(url)
    return render(
        request,
        "quality/calls/record.html",
        {"form": form, "rubric": rubric_rows(form, CALL_RUBRIC)},
    )


@GET_OR_POST
def call_detail(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_object_or_404(
        MonitoredCall.objects.select_related("worker", "recorded_by", "contact"), pk=call_id
    )
    if not selectors.may_see_call(request.user, call):
        raise PermissionDenied
    form = AcknowledgeForm(posted(request))
    if request.method == "POST":
        if form.is_valid() and attempt(
            form,
            lambda: services.call_acknowledge(
                actor=request.user, call_id=call.pk, reply=form.cleaned_data["reply"]
            ),
        ):
            messages.success(request, "Feedback acknowledged")
            return redirect("quality:call", call_id=call.pk)
        call.refresh_from_db()
    return render(
        request,
        "quality/calls/call.html",
        {
            "call": call,
            "items": list(call.items.all()),
            "form": form,
            "can_acknowledge": request.user.pk == call.worker_id
            and (call.acknowledged_at is None or form.is_bound),
        },
    )


def my_feedback(request: HttpRequest) -> HttpResponse:
    require_permission(request, "quality.view_own_quality")
    return render(
        request, "quality/calls/mine.html", {"calls": list(selectors.calls_of(request.user))}
    )
