"""Pages of the access model: breaking the glass, the managers' report of it, restricting a
record and the review queue, who has seen a child, and the subject access export."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from frontdoor.accounts.models import Role
from frontdoor.core.audit import audit_write
from frontdoor.core.errors import DomainError, PermissionDeniedError
from frontdoor.core.parsing import parse_id
from frontdoor.core.view_helpers import GET_OR_POST

from . import access_services as services
from .access import (
    RecordRefused,
    Scope,
    access_for,
    access_setting,
    holding_team_ids,
    open_record,
)
from .access_selectors import break_glass_for_manager, seen_by, staff_to_name
from .forms_access import BreakGlassForm, BreakGlassReviewForm, RestrictForm, RestrictionReviewForm
from .models import BreakGlass, Person, Restriction
from .subject_access import subject_access_sections


def _safe_next(request: HttpRequest, url: str, fallback: str) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback


@require_POST
def break_glass(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=person_id)
    form = BreakGlassForm(request.POST)
    detail = reverse("people:detail", args=[person.pk])
    if form.is_valid():
        try:
            services.break_glass_open(
                actor=request.user, person_id=person.pk, reason=form.cleaned_data["reason"]
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from None
        except DomainError as error:
            form.add_domain_error(error.field, error.message)
        else:
            minutes = access_setting("break_glass_minutes")
            messages.success(request, f"The record is open to you for {minutes} minutes")
            return redirect(_safe_next(request, form.cleaned_data["next"], detail))
    access = access_for(request.user, person)
    if not access.can_break_glass:
        raise RecordRefused(access, person, detail)
    audit_write(
        actor=request.user,
        action="break_glass.refused",
        obj=person,
        summary="; ".join(str(m) for errors in form.errors.values() for m in errors)[:300],
    )
    return render(
        request,
        "people/refused.html",
        {
            "person": person,
            "access": access,
            "form": form,
            "minutes": access_setting("break_glass_minutes"),
        },
    )


def _require_manager(user: Any) -> None:
    if not user.has_perm("people.view_break_glass_report"):
        raise PermissionDenied("Only managers see who broke the glass")


@GET_OR_POST
def break_glass_report(request: HttpRequest) -> HttpResponse:
    """Records opened by breaking the glass, for the manager of the team holding each
    child's work (every one for a head of service), waiting for review first."""
    _require_manager(request.user)
    bound: tuple[int, BreakGlassReviewForm] | None = None
    if request.method == "POST":
        opened_id = request.POST.get("break_glass", "")
        form = BreakGlassReviewForm(request.POST, prefix=f"r{opened_id}")
        if parse_id(opened_id) is not None and form.is_valid():
            try:
                services.break_glass_review(
                    actor=request.user,
                    break_glass_id=int(opened_id),
                    note=form.cleaned_data["note"],
                )
            except BreakGlass.DoesNotExist:
                raise PermissionDenied from None
            except PermissionDeniedError as error:
                raise PermissionDenied(error.message) from None
            except DomainError as error:
                form.add_domain_error(error.field, error.message)
            else:
                messages.success(request, "Marked as reviewed")
                return redirect("people:break_glass_report")
        if parse_id(opened_id) is not None:
            bound = (int(opened_id), form)
    rows = break_glass_for_manager(request.user)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for opened in page:
        form = BreakGlassReviewForm(prefix=f"r{opened.pk}")
        if bound and bound[0] == opened.pk:
            form = bound[1]
        opened.review_form = form  # type: ignore[attr-defined]
    return render(
        request,
        "people/break_glass_report.html",
        {"page": page, "form": bound[1] if bound else None},
    )


def _require_head_of_service(user: Any) -> None:
    if not user.has_perm("people.restrict_person"):
        raise PermissionDenied("Only a head of service restricts records")


@GET_OR_POST
def restrict(request: HttpRequest, person_id: int) -> HttpResponse:
    _require_head_of_service(request.user)
    person = get_object_or_404(Person, pk=person_id)
    open_record(request, people=[person], scope=Scope.CASE, obj=person, audit=False)
    staff = staff_to_name()
    form = RestrictForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.person_restrict(
                actor=request.user,
                person_id=person.pk,
                category=data["category"],
                reason=data["reason"],
                named_user_ids=data["named_users"],
            )
        except DomainError as error:
            form.add_domain_error(error.field, error.message)
        else:
            messages.success(request, "The record is restricted to the people named")
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/restrict.html", {"person": person, "form": form})


def restrictions(request: HttpRequest) -> HttpResponse:
    """Every restricted record in force, the review most overdue first."""
    _require_head_of_service(request.user)
    rows = (
        Restriction.objects.filter(lifted_at__isnull=True)
        .select_related("person", "restricted_by")
        .prefetch_related("named_users")
        .order_by("review_due_on", "id")
    )
    audit_write(
        actor=request.user,
        action="view",
        object_type="people.restriction",
        object_id="list",
        summary="Restricted records",
    )
    return render(
        request,
        "people/restrictions.html",
        {"rows": rows, "today": timezone.localdate()},
    )


@GET_OR_POST
def restriction_review(request: HttpRequest, restriction_id: int) -> HttpResponse:
    _require_head_of_service(request.user)
    restriction = get_object_or_404(
        Restriction.objects.select_related("person"), pk=restriction_id, lifted_at__isnull=True
    )
    open_record(
        request,
        people=[restriction.person],
        scope=Scope.CASE,
        obj=restriction,
        summary="Review of the restriction",
        audit=request.method == "GET",
    )
    initial = {
        "version": restriction.version,
        "named_users": [u.pk for u in restriction.named_users.all()],
    }
    form = RestrictionReviewForm(request.POST or None, initial=initial, staff=staff_to_name())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reviewed = services.restriction_review(
                actor=request.user,
                restriction_id=restriction.pk,
                version=data["version"],
                keep=data["keep"],
                note=data["note"],
                named_user_ids=data["named_users"],
            )
        except DomainError as error:
            form.add_domain_error(error.field, error.message)
        else:
            messages.success(
                request,
                f"Kept restricted: next review by {reviewed.review_due_on:%-d %B %Y}"
                if reviewed.in_force
                else "The restriction is lifted",
            )
            return redirect("people:restrictions")
    return render(
        request,
        "people/restriction_review.html",
        {"restriction": restriction, "person": restriction.person, "form": form},
    )


def _may_see_who_has_seen(user: Any, person: Person) -> bool:
    if user.role == Role.HEAD_OF_SERVICE:
        return True
    return user.role == Role.TEAM_MANAGER and user.team_id in holding_team_ids(person.pk)


def who_has_seen(request: HttpRequest, person_id: int) -> HttpResponse:
    """Everybody who opened, changed, searched into or was refused this child's records,
    for the manager of the team holding the child's work."""
    person = get_object_or_404(Person, pk=person_id)
    if not _may_see_who_has_seen(request.user, person):
        raise PermissionDenied("Only the manager of the child's team sees who has seen them")
    open_record(request, people=[person], scope=Scope.CASE, obj=person, summary="Who has seen")
    page = Paginator(seen_by(person.pk), 100).get_page(request.GET.get("page"))
    return render(request, "people/who_has_seen.html", {"person": person, "page": page})


def subject_access(request: HttpRequest, person_id: int) -> HttpResponse:
    """Everything Frontdoor holds about a person, for a subject access request: a printable
    page, or JSON with ?format=json. Heads of service only, and audited."""
    _require_head_of_service(request.user)
    person = get_object_or_404(Person, pk=person_id)
    as_json = request.GET.get("format") == "json"
    open_record(
        request,
        people=[person],
        scope=Scope.CASE,
        obj=person,
        summary="Subject access export (JSON)" if as_json else "Subject access export",
    )
    sections = subject_access_sections(person)
    if as_json:
        body = {
            "person_id": person.pk,
            "exported_at": timezone.now().isoformat(),
            "exported_by": request.user.get_username(),
            "sections": [{"title": s.title, "records": s.rows} for s in sections],
        }
        response = HttpResponse(
            json.dumps(body, indent=2, ensure_ascii=False, default=str),
            content_type="application/json; charset=utf-8",
        )
        name = f"subject-access-{person.la_child_id or person.pk}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(
        request,
        "people/subject_access.html",
        {"person": person, "sections": sections, "exported_at": timezone.localtime()},
    )
