"""Referral, allocation, assessment and oversight pages.

Views are thin: each form is parsed, one service is called (closing with a missing primary
need sets it first, in the same transaction), and a service's `DomainError` is shown at its
field with everything typed kept. Each action on a referral has its own page and URL, so all
of it works with JavaScript off; the referral page links to the actions the user may take.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from frontdoor.accounts.models import Role, User
from frontdoor.core.audit import audit_view
from frontdoor.core.codes import AssessmentFactor
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.core.forms import GovukForm
from frontdoor.core.once import create_once
from frontdoor.core.record_checks import record_checks
from frontdoor.core.view_helpers import GET_OR_POST, posted, require_permission
from frontdoor.core.working_days import WorkingCalendar, calendar
from frontdoor.people.access import Scope, open_record

from . import selectors, services
from .clocks import DayRag, due_on, rag_for_day, today
from .forms import (
    AllocateForm,
    AssessmentForm,
    AssessmentStartForm,
    AuthoriseAssessmentForm,
    CinPlanEndForm,
    CinPlanStartForm,
    CloseForm,
    DirectionDoneForm,
    OversightForm,
    PlanReviewForm,
    PrimaryNeedForm,
    RiskReviewForm,
    StepDownForm,
    TeamChangeForm,
    yes_no,
)
from .models import Assessment, CinPlan, Oversight, Referral

# The referral and assessment pages open to the whole record, or (for performance analysts)
# to what the statutory returns need, with the narrative left out.
READ_SCOPES = (Scope.CASE, Scope.RETURNS)


def _referral_url(referral: Referral) -> str:
    return reverse("casework:referral", args=[referral.pk])


# --- The referral page -----------------------------------------------------------------------


@dataclass(frozen=True)
class Clock:
    label: str
    due_on: date
    rag: DayRag | None  # None once the step is done
    done: str = ""


def _clocks(referral: Referral, on: date, cal: WorkingCalendar) -> list[Clock]:
    """Every clock still running on an open referral, and the child-seen clock once met."""
    if not referral.is_open:
        return []

    def running(label: str, due: date) -> Clock:
        return Clock(label, due, rag_for_day(due, on, cal))

    clocks = []
    if referral.worker_id is None:
        clocks.append(running("Allocation to a worker", referral.allocation_due_on))
        if referral.risk_review_due_on:
            clocks.append(running("Risk review while unallocated", referral.risk_review_due_on))
    assessments = list(referral.assessments.all())
    seen = [a.child_seen_on for a in assessments if a.child_seen_on]
    if seen:
        clocks.append(
            Clock("Child seen", referral.child_seen_due_on, None, f"Seen {min(seen):%-d %B %Y}")
        )
    else:
        clocks.append(running("Child seen", referral.child_seen_due_on))
    in_progress = [a for a in assessments if a.is_open]
    if in_progress:
        clocks.append(running("Assessment authorised", in_progress[0].due_on))
    elif not assessments:
        due = due_on(referral.referral_date, "assessment_working_days", cal)
        clocks.append(running("Assessment authorised (not started yet)", due))
    for plan in referral.cin_plans.all():
        if plan.end_date is None and plan.next_review_on:
            clocks.append(running("Child in need plan review", plan.next_review_on))
    return clocks


def _actions(user: Any, referral: Referral) -> list[dict[str, str]]:
    """The actions this user may take on the referral now, each a link to its own page."""
    if not referral.is_open:
        return []

    def link(label: str, name: str) -> dict[str, str]:
        return {"label": label, "url": reverse(f"casework:{name}", args=[referral.pk])}

    actions = []
    if user.has_perm("casework.allocate_referral", referral) and referral.team_id:
        label = "Reallocate" if referral.worker_id else "Allocate to a worker"
        actions.append(link(label, "referral_allocate"))
    if user.has_perm("casework.change_referral_team", referral):
        actions.append(link("Change locality team", "referral_team"))
    if user.has_perm("casework.allocate_referral", referral) and not referral.worker_id:
        actions.append(link("Record a risk review", "referral_risk_review"))
    if user.has_perm("casework.work_on_referral", referral):
        need = "Change primary need" if referral.primary_need else "Set primary need"
        actions.append(link(need, "referral_primary_need"))
        if not any(a.is_open for a in referral.assessments.all()):
            actions.append(link("Start an assessment", "assessment_start"))
        if not any(p.end_date is None for p in referral.cin_plans.all()):
            actions.append(link("Start a child in need plan", "cin_plan_start"))
        actions.append(link("Step down to early help", "referral_step_down"))
        actions.append(link("Close the episode", "referral_close"))
    if user.has_perm("casework.record_oversight", referral):
        actions.append(link("Record oversight or supervision", "oversight_record"))
    return actions


def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    require_permission(request, "casework.view_casework")
    try:
        referral = selectors.referral_for_page(referral_id=referral_id)
    except Referral.DoesNotExist:
        raise Http404 from None
    opened = open_record(request, people=[referral.person], scope=READ_SCOPES, obj=referral)
    on, cal = today(), calendar()
    return render(
        request,
        "casework/referral.html",
        {
            "referral": referral,
            "person": referral.person,
            "clocks": _clocks(referral, on, cal),
            "actions": _actions(request.user, referral),
            "can_work": referral.is_open
            and request.user.has_perm("casework.work_on_referral", referral),
            "steps": referral.steps.select_related("early_help"),
            "record_checks": record_checks(referral.person_id),
            "case": opened.case,
        },
    )


# --- One page per action ---------------------------------------------------------------------

# What an action does once its form is valid: call the service, and say where to go next
# and what to tell the user.
Run = Callable[[dict[str, Any]], tuple[str, str]]


def _referral(request: HttpRequest, referral_id: int, permission: str) -> Referral:
    require_permission(request, "casework.view_casework")
    referral = get_object_or_404(
        Referral.objects.select_related("person", "team", "worker"), pk=referral_id
    )
    require_permission(request, permission, referral)
    open_record(request, people=[referral.person], scope=Scope.CASE, obj=referral, audit=False)
    return referral


def _refresh_version(form: GovukForm, version: int) -> None:
    """Keep what was typed but take the latest version, so saving again is not a conflict."""
    data = form.data.copy()  # type: ignore[attr-defined]
    data["version"] = str(version)
    form.data = data


def _action(
    request: HttpRequest,
    referral: Referral,
    form: GovukForm,
    run: Run,
    *,
    title: str,
    button: str,
    **extra: Any,
) -> HttpResponse:
    if request.method == "POST":
        if form.is_valid():

            def act() -> str:
                message, url = run(form.cleaned_data)
                messages.success(request, message)
                return url

            try:
                return redirect(create_once(request, act))
            except ConflictError as error:
                referral.refresh_from_db()
                if "version" in form.fields:
                    _refresh_version(form, referral.version)
                form.add_error(None, error.message)
            except DomainError as error:
                form.add_domain_error(error.field, error.message)
    else:
        audit_view(
            actor=request.user, obj=referral, summary=f"Opened to {title[0].lower()}{title[1:]}"
        )
    return render(
        request,
        "casework/referral_action.html",
        {"referral": referral, "person": referral.person, "form": form, "title": title}
        | {"button": button}
        | extra,
    )


@GET_OR_POST
def referral_team(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id, "casework.change_referral_team")
    form = TeamChangeForm(
        posted(request), initial={"version": referral.version, "team": referral.team_id}
    )

    def run(data: dict[str, Any]) -> tuple[str, str]:
        changed = services.referral_team_change(
            actor=request.user,
            referral_id=referral.pk,
            version=data["version"],
            team_id=data["team"].pk if data["team"] else None,
            reason=data["reason"],
        )
        return f"Referral sent to {changed.team}", _referral_url(referral)

    return _action(
        request,
        referral,
        form,
        run,
        title="Change locality team",
        button="Change team",
        intro="Any worker allocated now is taken off the case: the new team allocates it.",
    )


@GET_OR_POST
def referral_allocate(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id, "casework.allocate_referral")
    caseloads = selectors.caseloads(team=referral.team) if referral.team else []
    form = AllocateForm(
        posted(request),
        initial={"version": referral.version, "worker": referral.worker_id},
        caseloads=caseloads,
    )

    def run(data: dict[str, Any]) -> tuple[str, str]:
        allocated = services.referral_allocate(
            actor=request.user,
            referral_id=referral.pk,
            version=data["version"],
            worker_id=form.worker_id(),
        )
        return f"Allocated to {allocated.worker}", _referral_url(referral)

    return _action(
        request,
        referral,
        form,
        run,
        title="Allocate to a worker",
        button="Allocate",
        intro=f"Workers in {referral.team}, fewest open cases first."
        if referral.team
        else "Choose the locality team before allocating a worker.",
    )


@GET_OR_POST
def referral_risk_review(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id, "casework.allocate_referral")
    form = RiskReviewForm(posted(request))

    def run(data: dict[str, Any]) -> tuple[str, str]:
        review = services.risk_review_record(
            actor=request.user,
            referral_id=referral.pk,
            note=data["note"],
            next_review_on=data["next_review_on"],
        )
        return (
            f"Risk review recorded: next due {review.next_review_on:%-d %B %Y}",
            _referral_url(referral),
        )

    return _action(
        request,
        referral,
        form,
        run,
        title="Record a risk review",
        button="Record risk review",
        intro="While the case waits for a worker, review the risk to the child and set the "
        "date of the next review.",
    )


@GET_OR_POST
def referral_primary_need(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id, "casework.work_on_referral")
    form = PrimaryNeedForm(
        posted(request),
        initial={"version": referral.version, "primary_need": referral.primary_need},
    )

    def run(data: dict[str, Any]) -> tuple[str, str]:
        changed = services.referral_primary_need_set(
            actor=request.user,
            referral_id=referral.pk,
            version=data["version"],
            primary_need=data["primary_need"],
        )
        return f"Primary need: {changed.get_primary_need_display()}", _referral_url(referral)

    return _action(request, referral, form, run, title="Set primary need", button="Save")


@GET_OR_POST
def assessment_start(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id, "casework.work_on_referral")
    form = AssessmentStartForm(posted(request), initial={"started_on": today()})

    def run(data: dict[str, Any]) -> tuple[str, str]:
        assessment = services.assessment_start(
            actor=request.user, referral_id=referral.pk, started_on=data["started_on"]
        )
        return "Assessment started", reverse("casework:assessment", args=[assessment.pk])

    return _action(
        request, referral, form, run, title="Start an assessment", button="Start assessment"
    )


@GET_OR_POST
def cin_plan_start(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id, "casework.work_on_referral")
    form = CinPlanStartForm(posted(request))

    def run(data: dict[str, Any]) -> tuple[str, str]:
        plan = services.cin_plan_start(
            actor=request.user, referral_id=referral.pk, start_date=data["start_date"]
        )
        return (
            f"Child in need plan started: first review due {plan.next_review_on:%-d %B %Y}",
            _referral_url(referral),
        )

    return _action(
        request, referral, form, run, title="Start a child in need plan", button="Start plan"
    )


def _plan(referral: Referral, plan_id: int) -> CinPlan:
    return get_object_or_404(CinPlan, pk=plan_id, referral=referral)


@GET_OR_POST
def cin_plan_end(request: HttpRequest, referral_id: int, plan_id: int) -> HttpResponse:
    referral = _referral(request, referral_id, "casework.work_on_referral")
    plan = _plan(referral, plan_id)
    form = CinPlanEndForm(posted(request))

    def run(data: dict[str, Any]) -> tuple[str, str]:
        services.cin_plan_end(actor=request.user, plan_id=plan.pk, end_date=data["end_date"])
        return "Child in need plan ended", _referral_url(referral)

    return _action(
        request,
        referral,
        form,
        run,
        title="End the child in need plan",
        button="End plan",
        intro=f"The plan started on {plan.start_date:%-d %B %Y}.",
    )


@GET_OR_POST
def cin_plan_review(request: HttpRequest, referral_id: int, plan_id: int) -> HttpResponse:
    referral = _referral(request, referral_id, "casework.work_on_referral")
    plan = _plan(referral, plan_id)
    form = PlanReviewForm(posted(request))

    def run(data: dict[str, Any]) -> tuple[str, str]:
        review = services.plan_review_record(
            actor=request.user,
            cin_plan_id=plan.pk,
            reviewed_on=data["reviewed_on"],
            note=data["note"],
        )
        return (
            f"Plan review recorded: next due {review.next_review_on:%-d %B %Y}",
            _referral_url(referral),
        )

    return _action(
        request,
        referral,
        form,
        run,
        title="Record a child in need plan review",
        button="Record review",
        intro=f"The plan started on {plan.start_date:%-d %B %Y}."
        + (f" Review due {plan.next_review_on:%-d %B %Y}." if plan.next_review_on else ""),
    )


def _set_need_then(
    request: HttpRequest, referral: Referral, data: dict[str, Any], close: Callable[[int], Any]
) -> None:
    """Set the primary need if one was chosen, then close: both or neither."""
    with transaction.atomic():
        version = data["version"]
        if data.get("primary_need"):
            version = services.referral_primary_need_set(
                actor=request.user,
                referral_id=referral.pk,
                version=version,
                primary_need=data["primary_need"],
            ).version
        close(version)


@GET_OR_POST
def referral_close(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id, "casework.work_on_referral")
    form = CloseForm(
        posted(request),
        initial={"version": referral.version},
        ask_primary_need=not referral.primary_need,
    )

    def run(data: dict[str, Any]) -> tuple[str, str]:
        _set_need_then(
            request,
            referral,
            data,
            lambda version: services.referral_close(
                actor=request.user,
                referral_id=referral.pk,
                version=version,
                closed_on=data["closed_on"],
                reason=data["closure_reason"],
            ),
        )
        return "Episode closed", _referral_url(referral)

    return _action(
        request,
        referral,
        form,
        run,
        title="Close the episode",
        button="Close episode",
        warning="Any child in need plan still open ends on the closure date.",
    )


@GET_OR_POST
def referral_step_down(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id, "casework.work_on_referral")
    form = StepDownForm(
        posted(request),
        initial={"version": referral.version},
        ask_primary_need=not referral.primary_need,
    )

    def run(data: dict[str, Any]) -> tuple[str, str]:
        _set_need_then(
            request,
            referral,
            data,
            lambda version: services.step_down(
                actor=request.user,
                referral_id=referral.pk,
                version=version,
                stepped_on=data["stepped_on"],
                reason=data["reason"],
            ),
        )
        return "Stepped down: early help is open for the pathway advisors", _referral_url(referral)

    return _action(
        request,
        referral,
        form,
        run,
        title="Step down to early help",
        button="Step down",
        warning="This closes the social work episode (RC9 after an assessment, RC7 before one) "
        "and opens early help for the child.",
    )


def _oversight_people(request: HttpRequest, referral: Referral) -> Any:
    """Who a direction may be for: the team, the allocated worker, and the manager."""
    who = Q(pk=request.user.pk)
    if referral.team_id:
        who |= Q(team_id=referral.team_id)
    if referral.worker_id:
        who |= Q(pk=referral.worker_id)
    return User.objects.filter(who, is_active=True)


@GET_OR_POST
def oversight_record(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id, "casework.record_oversight")
    form = OversightForm(
        posted(request),
        initial={"direction_for": referral.worker_id},
        people=_oversight_people(request, referral),
    )

    def run(data: dict[str, Any]) -> tuple[str, str]:
        oversight = services.oversight_record(
            actor=request.user,
            person=referral.person,
            referral_id=referral.pk,
            **form.details(),
        )
        return f"{oversight.get_kind_display()} recorded", _referral_url(referral)

    return _action(
        request,
        referral,
        form,
        run,
        title="Record oversight or supervision",
        button="Record",
    )


# --- The unallocated list --------------------------------------------------------------------


def unallocated(request: HttpRequest) -> HttpResponse:
    require_permission(request, "casework.allocate_referral")
    on, cal = today(), calendar()
    teams: list[tuple[Any, Any]] = [
        (team, selectors.unallocated_referrals(team=team))
        for team in selectors.teams_managed_by(request.user)
    ]
    if getattr(request.user, "role", "") == Role.HEAD_OF_SERVICE:
        teams.append((None, selectors.unallocated_referrals(team=None)))
    groups = []
    for team, referrals in teams:
        if team is not None:
            audit_view(actor=request.user, obj=team, summary="Unallocated cases")
        rows = [
            {
                "referral": referral,
                "days_waiting": (on - referral.referral_date).days,
                "rag": rag_for_day(referral.risk_review_due_on, on, cal)
                if referral.risk_review_due_on
                else None,
                "allocation_rag": rag_for_day(referral.allocation_due_on, on, cal),
            }
            for referral in referrals
        ]
        groups.append({"team": team, "rows": rows})
    return render(request, "casework/unallocated.html", {"groups": groups, "on": on})


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
        _refresh_version(self.form, latest.version)
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
            _refresh_version(self.authorise_form, self.assessment.version)
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
        scope=READ_SCOPES if request.method == "GET" else Scope.CASE,
        obj=assessment,
        audit=request.method == "GET",
    )
    return AssessmentScreen(request, assessment, opened.case).handle()


# --- The oversight page ----------------------------------------------------------------------


def _may_complete_direction(user: Any, oversight: Oversight) -> bool:
    return user.pk in (oversight.direction_for_id, oversight.recorded_by_id) or user.has_perm(
        "casework.record_oversight", oversight.referral
    )


@GET_OR_POST
def oversight_detail(request: HttpRequest, oversight_id: int) -> HttpResponse:
    require_permission(request, "casework.view_casework")
    oversight = get_object_or_404(
        Oversight.objects.select_related(
            "person", "referral", "early_help", "recorded_by", "direction_for", "completed_by"
        ),
        pk=oversight_id,
    )
    open_record(
        request,
        people=[oversight.person],
        scope=Scope.CASE,
        obj=oversight,
        audit=request.method == "GET",
    )
    may_complete = _may_complete_direction(request.user, oversight)
    form = DirectionDoneForm(posted(request))
    if request.method == "POST":
        if not may_complete:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.oversight_direction_complete(
                    actor=request.user, oversight_id=oversight.pk, note=form.cleaned_data["note"]
                )
            except ConflictError as error:
                oversight.refresh_from_db()
                form.add_error(None, error.message)
            except DomainError as error:
                form.add_domain_error(error.field, error.message)
            else:
                messages.success(request, "Direction marked as done")
                return redirect("casework:oversight", oversight_id=oversight.pk)
    return render(
        request,
        "casework/oversight.html",
        {
            "oversight": oversight,
            "person": oversight.person,
            "form": form,
            "rag": rag_for_day(oversight.direction_due_on, today())
            if oversight.direction_due_on and not oversight.completed_at
            else None,
            "can_complete": may_complete
            and bool(oversight.direction)
            and (oversight.completed_at is None or form.is_bound),
        },
    )
