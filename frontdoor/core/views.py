from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from .audit import audit_refusal
from .forms import GovukDateField, GovukForm
from .selectors import audit_events


class AuditSearchForm(GovukForm):
    actor = forms.CharField(label="Username", required=False)
    action = forms.CharField(
        label="Action", required=False, help_text="For example, contact.record or view"
    )
    object_type = forms.CharField(
        label="Record type", required=False, help_text="For example, people.person"
    )
    object_id = forms.CharField(label="Record ID", required=False)
    date_from = GovukDateField(label="From", required=False)
    date_to = GovukDateField(label="To", required=False)


def audit_log(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("accounts.view_audit_log"):
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    events = audit_events(**form.cleaned_data) if form.is_bound and form.is_valid() else None
    if events is None:
        events = audit_events()
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "core/audit_log.html", {"form": form, "page": page, "query": query.urlencode()}
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Every refusal (HTTP 403) is audited. An exception may bring its own page, as the
    access model's refusals do (the break-the-glass form, or whom to ask)."""
    person = getattr(exception, "person_id", None)
    reason = str(exception or "") or "Permission denied"
    audit_refusal(actor=request.user, reason=reason, person=person)
    page = getattr(exception, "page", None)
    if callable(page):
        return page(request)
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    audit_refusal(actor=request.user, reason=f"Form check failed: {reason}"[:300])
    return render(request, "403_csrf.html", status=403)


# Queued background work older than this means the worker is not running.
TASKS_STALE_AFTER = timedelta(minutes=15)


def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer and monitoring, without signing in: can the service reach its
    database, and is the background worker taking queued tasks? No data about anyone."""
    from django.db import DatabaseError, connection
    from django_tasks_db.models import DBTaskResult

    checks: dict[str, Any] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
        oldest = (
            DBTaskResult.objects.filter(status="READY")
            .order_by("enqueued_at")
            .values_list("enqueued_at", flat=True)
            .first()
        )
        waited = (timezone.now() - oldest) if oldest else timedelta(0)
        checks["tasks"] = "ok" if waited < TASKS_STALE_AFTER else "stale"
        checks["oldest_queued_seconds"] = int(waited.total_seconds())
        # each failed try of a task (core/tasks.py retries); the admin shows their tracebacks
        checks["failed_tasks_last_day"] = DBTaskResult.objects.filter(
            status="FAILED", finished_at__gte=timezone.now() - timedelta(days=1)
        ).count()
    except DatabaseError:
        checks["database"] = "unavailable"
    healthy = checks.get("database") == "ok" and checks.get("tasks") == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "failing", **checks}, status=200 if healthy else 503
    )
