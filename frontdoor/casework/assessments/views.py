"""Starting an assessment, and the assessment page as the worker writes it and as the manager
authorises or returns it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from frontdoor.casework.assessments import services
from frontdoor.casework.assessments.forms import (
    AssessmentForm,
    AssessmentStartForm,
    AuthoriseAssessmentForm,
)
from frontdoor.casework.clocks import rag_for_day, today
from frontdoor.casework.models import Assessment, Referral
from frontdoor.casework.referrals.views import (
    action_page,
    referral_for_action,
    refresh_version,
)
from frontdoor.core.codes import AssessmentFactor
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.core.forms import yes_no
from frontdoor.core.record_checks import record_checks
from frontdoor.core.view_helpers import GET_OR_POST, posted, require_permission
from frontdoor.people.access import CASE_OR_RETURNS, Scope, open_record


@GET_OR_POST
def assessment_start(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = referral_for_action(request, referral_id, "casework.work_on_referral")
    form = AssessmentStartForm(posted(request), initial={"started_on": today()})

    def run(data: dict[str, Any]) -> tuple[str, str]:
        assessment = services.assessment_start(
            actor=request.user, referral_id=referral.pk, started_on=data["started_on"]
        )
        return "Assessment started", reverse("casework:assessment", args=[assessment.pk])

    return action_page(
        request, referral, form, run, title="Start an assessment", button="Start assessment"
    )


# --- The assessment page ---------------------------------------------------------------------


def _assessment_initial(assessment: Assessment) -> dict[str, Any]:
    initial = {name: getattr(assessment, name) for name in services.ASSESSMENT_FIELDS}
    initial["child_seen_alone"] = yes_no(assessment.child_seen_alone)
    initial["requires_support"] = yes_no(assessment.requires_support)
    return initial | {"version": assessment.version}


class AssessmentScreen:
    """The assessment as the worker writes it and as the manager authorises or returns it.

    "Save" keeps the draft; "Complete" saves then sends it for authorisation, showing every
    problem at its field. The manager's form has "Authorise" and "Return".
    """

    def __init__(self, request: HttpRequest, assessment: Assessment, case: bool) -> None:
        self.request = request
        self.assessment = assessment
        self.case = case  # the whole record; False: what the returns need, read only
        self.form = AssessmentForm(initial=_assessment_initial(assessment))
        self.authorise_form = AuthoriseAssessmentForm(
            initial={"version": assessment.version, "authorised_on": today()}
        )
        self.conflict: Assessment | None = None

    @property
    def referral(self) -> Referral:
        return self.assessment.referral

    def _may(self, permission: str) -> bool:
        return self.case and self.request.user.has_perm(permission, self.referral)

    def handle(self) -> HttpResponse:
        if self.request.method != "POST":
            return self.render()
        action = self.request.POST.get("action", "")
        if action in ("save", "complete"):
            if not self._may("casework.work_on_referral"):
                raise PermissionDenied
            self.form = AssessmentForm(self.request.POST)
            if self.form.is_valid():
                done = self._save() if action == "save" else self._complete()
                if done:
                    return done
        elif action in ("authorise", "return"):
            if not self._may("casework.authorise_assessment"):
                raise PermissionDenied
            self.authorise_form = AuthoriseAssessmentForm(self.request.POST)
            if self.authorise_form.is_valid():
                done = self._decide(action)
                if done:
                    return done
        return self.render()

    def _done(self, message: str) -> HttpResponse:
        messages.success(self.request, message)
        return redirect("casework:assessment", assessment_id=self.assessment.pk)

    def _update(self) -> Assessment:
        return services.assessment_update(
            actor=self.request.user,
            assessment_id=self.assessment.pk,
            version=self.form.cleaned_data["version"],
            **self.form.details(),
        )

    def _save(self) -> HttpResponse | None:
        try:
            self.assessment = self._update()
        except ConflictError as error:
            self._show_conflict(error)
        except DomainError as error:
            self.form.add_domain_error(error.field, error.message)
        else:
            return self._done("Assessment saved")
        return None

    def _complete(self) -> HttpResponse | None:
        """Save, then send for authorisation. A refusal for who the user is (not a registered
        social worker) undoes the save too; a missing answer keeps the draft saved."""
        problem: DomainError | None = None
        try:
            with transaction.atomic():
                saved = self._update()
                try:
                    services.assessment_complete(
                        actor=self.request.user,
                        assessment_id=saved.pk,
                        version=saved.version,
                    )
                except (ConflictError, PermissionDeniedError):
                    raise
                except DomainError as error:
                    problem = error
        except ConflictError as error:
            self._show_conflict(error)
            return None
        except PermissionDeniedError as error:
            self.form.add_error(None, error.message)
            return None
        except DomainError as error:
            self.form.add_domain_error(error.field, error.message)
            return None
        self.assessment = saved
        if problem is None:
            return self._done("Assessment completed and sent to a manager for authorisation")
        problems = services.assessment_problems(saved, today())
        self._show_problems(problems or {problem.field or "": problem.message})
        return None

    def _show_problems(self, problems: dict[str, str]) -> None:
        """Re-show what was typed (now saved) with every problem at its field, in page order."""
        data = self.request.POST.copy()
        data["version"] = str(self.assessment.version)
        self.form = AssessmentForm(data)
        self.form.is_valid()
        for field in [*self.form.fields, *problems]:
            if field in problems:
                self.form.add_domain_error(field, problems.pop(field))

    def _show_conflict(self, error: ConflictError) -> None:
        latest = Assessment.objects.select_related("referral__person").get(pk=self.assessment.pk)
        self.assessment = latest
        refresh_version(self.form, latest.version)
        self.form.add_error(None, error.message)
        self.conflict = latest

    def _decide(self, action: str) -> HttpResponse | None:
        data = self.authorise_form.cleaned_data
        try:
            if action == "return":
                services.assessment_return(
                    actor=self.request.user,
                    assessment_id=self.assessment.pk,
                    version=data["version"],
                    comment=data["comment"],
                )
            else:
                services.assessment_authorise(
                    actor=self.request.user,
                    assessment_id=self.assessment.pk,
                    version=data["version"],
                    authorised_on=data["authorised_on"],
                    comment=data["comment"],
                    late_reason=data["late_reason"],
                )
        except ConflictError as error:
            self.assessment.refresh_from_db()
            refresh_version(self.authorise_form, self.assessment.version)
            self.authorise_form.add_error(None, error.message)
        except DomainError as error:
            self.authorise_form.add_domain_error(error.field, error.message)
        else:
            done = "returned to the worker" if action == "return" else "authorised"
            return self._done(f"Assessment {done}")
        return None

    def render(self) -> HttpResponse:
        assessment, on = self.assessment, today()
        editable = assessment.status in (Assessment.Status.IN_PROGRESS, Assessment.Status.RETURNED)
        can_edit = editable and self._may("casework.work_on_referral")
        return render(
            self.request,
            "casework/assessment.html",
            {
                "assessment": assessment,
                "referral": self.referral,
                "person": self.referral.person,
                "form": self.form,
                "authorise_form": self.authorise_form,
                # A form with typed text is shown even if the user can no longer save it,
                # so that nothing typed is lost.
                "show_form": can_edit or self.form.is_bound,
                "can_authorise": assessment.status == Assessment.Status.SUBMITTED
                and self._may("casework.authorise_assessment"),
                "rag": rag_for_day(assessment.due_on, on) if assessment.is_open else None,
                "late": assessment.is_open and on > assessment.due_on,
                "conflict": self.conflict,
                "factors": [
                    f"{code} {AssessmentFactor(code).label}" for code in assessment.factors
                ],
                "record_checks": record_checks(self.referral.person_id),
                "case": self.case,
            },
        )


def assessment_detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    require_permission(request, "casework.view_casework")
    assessment = get_object_or_404(
        Assessment.objects.select_related(
            "referral__person",
            "referral__team",
            "referral__worker",
            "worker",
            "submitted_by",
            "authorised_by",
        ),
        pk=assessment_id,
    )
    opened = open_record(
        request,
        people=[assessment.referral.person],
        scope=CASE_OR_RETURNS if request.method == "GET" else Scope.CASE,
        obj=assessment,
        audit=request.method == "GET",
    )
    return AssessmentScreen(request, assessment, opened.case).handle()
