"""The audit pages: the month's sample, the audit form for a decision or an assessment, the
audit with its moderation and learning actions, a learning action, and "my audits"."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from frontdoor.accounts.models import Role
from frontdoor.casework.clocks import today
from frontdoor.casework.models import Assessment
from frontdoor.contacts.models import Decision
from frontdoor.core.view_helpers import GET_OR_POST, attempt, posted, require_permission
from frontdoor.people.access import Scope, open_record
from frontdoor.quality.grading import rubric_rows

from . import selectors, services
from .forms import AuditForm, LearningActionForm, LearningDoneForm, ModerationForm
from .models import AUDIT_RUBRIC, Audit, LearningAction


def audit_url(audit: Audit) -> str:
    return reverse("quality:audit", args=[audit.pk])


def _month(request: HttpRequest) -> date:
    """The month asked for (`?month=2026-10`), or last month; a month not understood or in
    the future is last month."""
    last = selectors.previous_month(today())
    text = request.GET.get("month", "")
    try:
        asked = date.fromisoformat(f"{text}-01")
    except ValueError:
        return last
    return asked if asked <= today() else last


def audit_sample(request: HttpRequest) -> HttpResponse:
    require_permission(request, "quality.audit_work")
    month = _month(request)
    rows = selectors.audit_sample(month=month, user=request.user)
    months = [selectors.previous_month(today())]
    for _ in range(11):
        months.append(selectors.previous_month(months[-1]))
    return render(
        request,
        "quality/audits/sample.html",
        {
            "month": month,
            "months": [today().replace(day=1), *months],
            "rows": rows,
            "per_worker": selectors.sample_per_worker(),
        },
    )


def _open_work(
    request: HttpRequest, *, decision: Decision | None, assessment: Assessment | None, obj: Any
) -> None:
    """Read the decision (intake) or the assessment (the whole case) through the access
    model: audited on a GET, refused when the user may not read it."""
    person = decision.contact_child.person if decision else assessment.referral.person  # type: ignore[union-attr]
    open_record(
        request,
        people=[person],
        scope=Scope.INTAKE if decision else Scope.CASE,
        obj=obj,
        summary="Opened to audit",
        audit=request.method == "GET",
    )


def _audit_form_page(
    request: HttpRequest, *, decision: Decision | None = None, assessment: Assessment | None = None
) -> HttpResponse:
    require_permission(request, "quality.audit_work")
    work: Any = decision or assessment
    _open_work(request, decision=decision, assessment=assessment, obj=work)
    existing = Audit.objects.filter(decision=decision, assessment=assessment).first()
    if existing is not None:
        messages.info(request, "This has already been audited")
        return redirect(audit_url(existing))
    authors = (
        services.authors_of_decision(decision)
        if decision
        else services.authors_of_assessment(assessment)  # type: ignore[arg-type]
    )
    form = AuditForm(posted(request))
    if request.method == "POST" and form.is_valid():
        made = attempt(
            form,
            lambda: services.audit_record(
                actor=request.user,
                decision_id=decision.pk if decision else None,
                assessment_id=assessment.pk if assessment else None,
                **form.details(),
            ),
        )
        if made is not None:
            messages.success(request, "Audit recorded")
            return redirect(audit_url(made))
    return render(
        request,
        "quality/audits/audit_form.html",
        {
            "form": form,
            "rubric": rubric_rows(form, AUDIT_RUBRIC),
            "decision": decision,
            "assessment": assessment,
            "own_work": request.user.pk in authors,
        },
    )


@GET_OR_POST
def audit_decision(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_object_or_404(
        Decision.objects.select_related(
            "contact_child__person", "contact_child__contact", "decided_by", "authorised_by"
        ),
        pk=decision_id,
    )
    return _audit_form_page(request, decision=decision)


@GET_OR_POST
def audit_assessment(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = get_object_or_404(
        Assessment.objects.select_related("referral__person", "worker", "authorised_by"),
        pk=assessment_id,
    )
    return _audit_form_page(request, assessment=assessment)


def _may_read_audit(user: Any, audit: Audit) -> bool:
    return user.has_perm("quality.audit_work") or user.pk == audit.worker_id


@GET_OR_POST
def audit_detail(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = get_object_or_404(
        Audit.objects.select_related(
            "auditor",
            "worker",
            "moderated_by",
            "decision__contact_child__person",
            "decision__contact_child__contact",
            "decision__decided_by",
            "decision__authorised_by",
            "assessment__referral__person",
            "assessment__worker",
            "assessment__authorised_by",
        ),
        pk=audit_id,
    )
    if not _may_read_audit(request.user, audit):
        raise PermissionDenied
    _open_work(request, decision=audit.decision, assessment=audit.assessment, obj=audit)
    which = request.POST.get("which") if request.method == "POST" else None
    moderation = ModerationForm(
        posted(request) if which == "moderate" else None, initial={"version": audit.version}
    )
    learning = LearningActionForm(posted(request) if which == "learning" else None)
    if which == "moderate":
        if moderation.is_valid() and attempt(
            moderation,
            lambda: services.audit_moderate(
                actor=request.user, audit_id=audit.pk, **moderation.details()
            ),
        ):
            messages.success(request, "Moderation recorded")
            return redirect(audit_url(audit))
        audit.refresh_from_db()
    elif which == "learning":
        if learning.is_valid() and attempt(
            learning,
            lambda: services.learning_action_set(
                actor=request.user, audit_id=audit.pk, **learning.cleaned_data
            ),
        ):
            messages.success(request, "Learning action set")
            return redirect(audit_url(audit))
    elif request.method == "POST":
        raise BadRequest("Choose to moderate the audit or to set a learning action")
    user = request.user
    return render(
        request,
        "quality/audits/audit.html",
        {
            "audit": audit,
            "decision": audit.decision,
            "assessment": audit.assessment,
            "items": list(audit.items.all()),
            "actions": list(audit.learning_actions.all()),
            "moderation": moderation,
            "learning": learning,
            "can_moderate": not audit.is_moderated or moderation.is_bound,
            "own": user.pk == audit.auditor_id or user.pk in services.authors_of(audit),
            "can_set_learning": services.may_set_learning(user, audit),
        },
    )


def _may_see_action(user: Any, action: LearningAction) -> bool:
    audit = action.audit
    if user.pk in (action.worker_id, action.set_by_id, audit.auditor_id, audit.moderated_by_id):
        return True
    if user.role == Role.HEAD_OF_SERVICE:
        return True
    return bool(
        user.role == Role.TEAM_MANAGER and user.team_id and user.team_id == action.worker.team_id
    )


@GET_OR_POST
def learning_action(request: HttpRequest, action_id: int) -> HttpResponse:
    action = get_object_or_404(
        LearningAction.objects.select_related("audit", "worker", "set_by"), pk=action_id
    )
    if not _may_see_action(request.user, action):
        raise PermissionDenied
    form = LearningDoneForm(posted(request))
    if request.method == "POST":
        if form.is_valid() and attempt(
            form,
            lambda: services.learning_action_done(
                actor=request.user, action_id=action.pk, note=form.cleaned_data["note"]
            ),
        ):
            messages.success(request, "Learning action marked done")
            return redirect("quality:learning_action", action_id=action.pk)
        action.refresh_from_db()
    return render(
        request,
        "quality/audits/learning_action.html",
        {
            "action": action,
            "form": form,
            "can_mark_done": request.user.pk == action.worker_id
            and (action.done_at is None or form.is_bound),
        },
    )


def my_audits(request: HttpRequest) -> HttpResponse:
    require_permission(request, "quality.view_own_quality")
    user = request.user
    return render(
        request,
        "quality/audits/mine.html",
        {
            "actions": list(selectors.learning_actions_for(user)),
            "of_my_work": list(selectors.audits_of_work_by(user)),
            "by_me": list(selectors.audits_by(user)),
            "to_moderate": selectors.audits_to_moderate(user)
            if user.has_perm("quality.moderate_audit")
            else [],
        },
    )
