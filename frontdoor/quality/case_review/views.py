"""The case review meeting's pages: this week's meeting, its agenda (each case opening with
the child's history), a case with its finding and actions, attendance, the printable minutes,
an action in its owner's tray, and themes and findings over time.

Every page that shows a child's records reads them through `people.access` at the intake
scope: the agenda and minutes audit each child they show and leave out, saying so, those the
reader may not read; a case's own page refuses them (with the break-the-glass form)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from frontdoor.casework.referrals.views import refresh_version
from frontdoor.core.audit import audit_view
from frontdoor.core.errors import ConflictError, DomainError
from frontdoor.core.forms import GovukForm
from frontdoor.core.view_helpers import (
    GET_OR_POST,
    attempt_once,
    is_print_version,
    posted,
    require_permission,
)
from frontdoor.people.access import Scope, access_to, open_record

from . import services
from .forms import ActionForm, AttendanceForm, FindingForm, PartnerForm
from .models import CaseReviewAction, CaseReviewItem, CaseReviewMeeting
from .selectors import case_history, findings_over_time, meeting_items

VIEW = "quality.view_case_review"
RUN = "quality.run_case_review"


def _week(text: str) -> date:
    try:
        week = date.fromisoformat(text)
    except ValueError:
        raise Http404("Not a date") from None
    if week.weekday() != 0:
        raise Http404("A case review week starts on a Monday")
    return week


def _meeting(week: str) -> CaseReviewMeeting:
    return get_object_or_404(
        CaseReviewMeeting.objects.select_related("chair"), week_starting=_week(week)
    )


def meeting_url(meeting: CaseReviewMeeting) -> str:
    return reverse("quality:case_review", args=[meeting.week_starting.isoformat()])


def _run_form(request: HttpRequest, form: GovukForm, call: Any) -> bool:
    """Call the service for a valid form; on a refusal show it on the form. Whether it saved."""
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except ConflictError as error:
        form.add_error(None, error.message)
        return False
    except DomainError as error:
        form.add_domain_error(error.field, error.message)
        return False
    return True


# --- this week's meeting ---------------------------------------------------------------------


@GET_OR_POST
def case_review_this_week(request: HttpRequest) -> HttpResponse:
    require_permission(request, VIEW)
    week = services.this_week()
    if request.method == "POST":
        require_permission(request, RUN)
        opened = services.case_review_open(actor=request.user, week_starting=week)
        return redirect(meeting_url(opened))
    meeting = CaseReviewMeeting.objects.filter(week_starting=week).first()
    if meeting is not None:
        return redirect(meeting_url(meeting))
    return render(
        request,
        "quality/case_review/this_week.html",
        {
            "week": week,
            "can_run": request.user.has_perm(RUN),
            "earlier": CaseReviewMeeting.objects.all()[:12],
        },
    )


def _readable(
    request: HttpRequest, meeting: CaseReviewMeeting, items: list[CaseReviewItem], summary: str
) -> dict[int, Any]:
    """Each child's access; a read audited for each child the user may read."""
    accesses = access_to(request.user, [item.person_id for item in items])
    if is_print_version(request):
        summary = f"{summary} (printed)"
    for pk, access in accesses.items():
        if access.allows(Scope.INTAKE):
            audit_view(actor=request.user, obj=meeting, summary=summary, person=pk)
    return accesses


def _cases(
    request: HttpRequest, meeting: CaseReviewMeeting, summary: str, history: bool
) -> list[dict[str, Any]]:
    items = list(meeting_items(meeting))
    accesses = _readable(request, meeting, items, summary)
    cases = []
    for item in items:
        access = accesses[item.person_id]
        readable = access.allows(Scope.INTAKE)
        cases.append(
            {
                "item": item,
                "readable": readable,
                "access": access,
                "history": case_history(item) if readable and history else None,
            }
        )
    return cases


def case_review(request: HttpRequest, week: str) -> HttpResponse:
    require_permission(request, VIEW)
    meeting = _meeting(week)
    cases = _cases(request, meeting, "Case review agenda", history=True)
    return render(
        request,
        "quality/case_review/agenda.html",
        {
            "meeting": meeting,
            "cases": cases,
            "reviewed": sum(1 for c in cases if c["item"].finding),
            "can_run": request.user.has_perm(RUN),
            "partners": meeting.partners.all(),
            "staff": meeting.staff_attending.order_by("first_name", "last_name"),
        },
    )


def case_review_minutes(request: HttpRequest, week: str) -> HttpResponse:
    require_permission(request, VIEW)
    meeting = _meeting(week)
    return render(
        request,
        "quality/case_review/minutes.html",
        {
            "meeting": meeting,
            "cases": _cases(request, meeting, "Case review minutes", history=False),
            "partners": meeting.partners.all(),
            "staff": meeting.staff_attending.order_by("first_name", "last_name"),
        },
    )


# --- attendance ------------------------------------------------------------------------------


@GET_OR_POST
def case_review_attendance(request: HttpRequest, week: str) -> HttpResponse:
    require_permission(request, RUN)
    meeting = _meeting(week)
    which = request.POST.get("form") if request.method == "POST" else None
    form = AttendanceForm(
        posted(request) if which == "attendance" else None,
        initial={
            "version": meeting.version,
            "chair": meeting.chair_id,
            "held_on": meeting.held_on,
            "staff": list(meeting.staff_attending.values_list("pk", flat=True)),
        },
    )
    partner_form = PartnerForm(posted(request) if which == "partner" else None)
    if which == "attendance":
        saved = _run_form(
            request,
            form,
            lambda data: services.case_review_attendance(
                actor=request.user,
                meeting_id=meeting.pk,
                version=data["version"],
                chair_id=data["chair"],
                held_on=data["held_on"],
                staff_ids=data["staff"],
            ),
        )
        if saved:
            messages.success(request, "Attendance saved")
            return redirect(meeting_url(meeting))
        meeting.refresh_from_db()
        refresh_version(form, meeting.version)
    elif which == "partner" and _run_form(
        request,
        partner_form,
        lambda data: services.case_review_partner_add(
            actor=request.user, meeting_id=meeting.pk, name=data["name"], agency=data["agency"]
        ),
    ):
        messages.success(request, f"{partner_form.cleaned_data['name'].strip()} added")
        return redirect("quality:case_review_attendance", week=week)
    return render(
        request,
        "quality/case_review/attendance.html",
        {
            "meeting": meeting,
            "form": form,
            "partner_form": partner_form,
            "partners": meeting.partners.all(),
        },
    )


@require_POST
def case_review_partner_remove(request: HttpRequest, week: str, partner_id: int) -> HttpResponse:
    require_permission(request, RUN)
    meeting = _meeting(week)
    partner = meeting.partners.filter(pk=partner_id).first()
    if partner is None:
        messages.info(request, "That representative has already been removed")
    else:
        services.case_review_partner_remove(actor=request.user, partner_id=partner.pk)
        messages.success(request, f"{partner.name} removed")
    return redirect("quality:case_review_attendance", week=week)


# --- a case ----------------------------------------------------------------------------------


@GET_OR_POST
def case_review_case(request: HttpRequest, item_id: int) -> HttpResponse:
    require_permission(request, VIEW)
    item = get_object_or_404(
        CaseReviewItem.objects.select_related(
            "meeting", "person", "decision__contact_child__contact", "decision__decided_by"
        ),
        pk=item_id,
    )
    open_record(
        request,
        people=[item.person],
        scope=Scope.INTAKE,
        obj=item,
        summary="Case review",
        audit=request.method == "GET",
    )
    can_run = request.user.has_perm(RUN)
    which = request.POST.get("form") if request.method == "POST" else None
    if which and not can_run:
        raise PermissionDenied
    finding_form = FindingForm(
        posted(request) if which == "finding" else None,
        item=item,
        initial={
            "version": item.version,
            "finding": item.finding,
            "finding_how": item.finding_how,
            "themes": [t.pk for t in item.themes.all()],
        },
    )
    action_form = ActionForm(posted(request) if which == "action" else None, prefix="action")
    case_url = reverse("quality:case_review_case", args=[item.pk])
    if which == "finding":
        if _run_form(
            request,
            finding_form,
            lambda data: services.case_review_finding(
                actor=request.user,
                item_id=item.pk,
                version=data["version"],
                finding=data["finding"],
                finding_how=data["finding_how"],
                theme_ids=data["themes"],
            ),
        ):
            messages.success(request, f"Finding recorded for case {item.position}")
            return redirect(case_url)
        item.refresh_from_db()
        refresh_version(finding_form, item.version)
    elif which == "action" and action_form.is_valid():
        data = action_form.cleaned_data
        done = attempt_once(
            request,
            action_form,
            lambda: services.case_review_action_add(
                actor=request.user,
                item_id=item.pk,
                text=data["text"],
                owner_id=data["owner"],
                due_on=data["due_on"],
            ),
            lambda action: case_url,
        )
        if done:
            messages.success(request, "Action added")
            return redirect(done)
    return render(
        request,
        "quality/case_review/case.html",
        {
            "item": item,
            "meeting": item.meeting,
            "person": item.person,
            "history": case_history(item),
            "actions": item.actions.select_related("owner", "done_by"),
            "finding_form": finding_form,
            "action_form": action_form,
            "can_run": can_run,
            "next_item": item.meeting.items.filter(position__gt=item.position).first(),
        },
    )


# --- an action, from its owner's tray --------------------------------------------------------


@GET_OR_POST
def case_review_action(request: HttpRequest, action_id: int) -> HttpResponse:
    action = get_object_or_404(
        CaseReviewAction.objects.select_related(
            "item__person", "item__meeting", "owner", "done_by"
        ),
        pk=action_id,
    )
    may_complete = services.may_complete(request.user, action)
    if not (may_complete or request.user.has_perm(VIEW)):
        raise PermissionDenied
    open_record(
        request,
        people=[action.item.person],
        scope=Scope.INTAKE,
        obj=action,
        summary="Case review action",
        audit=request.method == "GET",
    )
    problem = ""
    if request.method == "POST":
        if not may_complete:
            raise PermissionDenied
        try:
            services.case_review_action_done(actor=request.user, action_id=action.pk)
        except DomainError as error:
            problem = error.message
            action.refresh_from_db()
        else:
            messages.success(request, "Action marked as done")
            return redirect("quality:case_review_action", action_id=action.pk)
    return render(
        request,
        "quality/case_review/action.html",
        {
            "action": action,
            "person": action.item.person,
            "problem": problem,
            "can_complete": may_complete and action.done_at is None,
        },
    )


# --- over time -------------------------------------------------------------------------------


def case_review_over_time(request: HttpRequest) -> HttpResponse:
    require_permission(request, VIEW)
    return render(request, "quality/case_review/over_time.html", {"table": findings_over_time()})
