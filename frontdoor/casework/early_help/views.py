"""Early help: the pathway advisors' queue and the page of one early help episode.

Each page handles its own forms: a button's `action` says which form was sent. A rule the
service refuses is shown at its field with everything typed kept; a stale version shows
the conflict message with the latest values and the form's version brought up to date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from frontdoor.accounts.models import Role
from frontdoor.accounts.rules import is_manager
from frontdoor.casework.clocks import rag_for_day, today
from frontdoor.casework.early_help import selectors, services
from frontdoor.casework.early_help.forms import (
    EarlyHelpAssignForm,
    EarlyHelpCloseForm,
    EarlyHelpProgressForm,
    OversightForm,
    StepUpForm,
    TakeOnForm,
)
from frontdoor.casework.models import EarlyHelpEpisode
from frontdoor.casework.oversight import services as oversight_services
from frontdoor.casework.plans import services as plan_services
from frontdoor.casework.plans.forms import PlanReviewForm
from frontdoor.casework.transitions import services as transition_services
from frontdoor.core.audit import audit_view
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.core.forms import GovukForm
from frontdoor.core.parsing import parse_id
from frontdoor.core.view_helpers import require_permission
from frontdoor.core.working_days import calendar
from frontdoor.people.access import Scope, open_record

# The service's own words for a stale version, used when a stale form meets a permission
# that has since changed (another advisor took the episode first).
STALE_MESSAGE = (
    "Somebody else changed this record while you were working on it. "
    "Your changes have not been saved: check the latest version below."
)


def _can_take(user: Any) -> bool:
    """Whether `user` may lead early help themselves (the service's rule for an advisor)."""
    return user.role in (Role.PATHWAY_ADVISOR, Role.TEAM_MANAGER)


def _led_by(episode: EarlyHelpEpisode) -> str:
    return str(episode.advisor or episode.lead_organisation or "nobody yet")


def _posted_id(request: HttpRequest, name: str) -> int:
    pk = parse_id(request.POST.get(name))
    if pk is None:
        raise Http404
    return pk


def _is_stale(form: GovukForm, episode_id: int) -> bool:
    """Whether the version `form` was sent with is no longer the episode's."""
    if not form.is_valid() or "version" not in form.cleaned_data:
        return False
    latest = EarlyHelpEpisode.objects.filter(pk=episode_id).values_list("version", flat=True)
    return latest.first() != form.cleaned_data["version"]


def _conflicted(form: GovukForm, message: str, episode_id: int) -> GovukForm:
    """`form` again with what was typed, the latest version, and the conflict message."""
    latest = EarlyHelpEpisode.objects.get(pk=episode_id)
    data = form.data.copy()  # type: ignore[attr-defined]
    data[form.add_prefix("version")] = str(latest.version)
    again = type(form)(data, prefix=form.prefix)
    again.is_valid()
    again.add_error(None, message)
    return again


# --- The queue -------------------------------------------------------------------------------


def _queue_prefix(episode_id: int) -> str:
    return f"e{episode_id}"


def early_help_queue(request: HttpRequest) -> HttpResponse:
    """Early help decisions waiting for a pathway advisor, the advisors' workloads and the
    user's own open episodes. "Take this on" and, for managers, assigning are posted here."""
    require_permission(request, "casework.view_early_help_queue")
    if request.method == "POST":
        return _queue_action(request)
    return _queue_page(request, audit=True)


def _queue_action(request: HttpRequest) -> HttpResponse:
    user = request.user
    episode = get_object_or_404(
        EarlyHelpEpisode.objects.select_related("person"), pk=_posted_id(request, "episode")
    )
    action = request.POST.get("action", "")
    prefix = _queue_prefix(episode.pk)
    form: GovukForm
    if action == "take":
        if not _can_take(user):
            raise PermissionDenied
        form = TakeOnForm(request.POST, prefix=prefix)
    elif action == "assign":
        if not is_manager(user):
            raise PermissionDenied
        form = EarlyHelpAssignForm(request.POST, prefix=prefix)
    else:
        return _queue_page(request, status=400)
    if not form.is_valid():
        return _queue_page(request, bound=(episode.pk, form))
    data = form.cleaned_data
    advisor = user if action == "take" else data["advisor"]
    try:
        episode = services.early_help_assign(
            actor=user,
            episode_id=episode.pk,
            version=data["version"],
            advisor_id=advisor.pk if advisor else None,
            lead_organisation=data.get("lead_organisation", ""),
        )
    except PermissionDeniedError:
        if not _is_stale(form, episode.pk):
            raise PermissionDenied from None
        return _queue_conflict(request, form, STALE_MESSAGE, episode.pk)
    except ConflictError as error:
        return _queue_conflict(request, form, error.message, episode.pk)
    except DomainError as error:
        form.add_domain_error(error.field, error.message)
        return _queue_page(request, bound=(episode.pk, form))
    if action == "take":
        messages.success(request, f"You now lead early help for {episode.person.full_name}")
        return redirect("casework:early_help", episode_id=episode.pk)
    messages.success(
        request, f"Early help for {episode.person.full_name} is now led by {_led_by(episode)}"
    )
    return redirect("casework:early_help_queue")


def _queue_conflict(
    request: HttpRequest, form: GovukForm, message: str, episode_id: int
) -> HttpResponse:
    latest = EarlyHelpEpisode.objects.select_related("person", "advisor").get(pk=episode_id)
    return _queue_page(
        request,
        bound=(episode_id, _conflicted(form, message, episode_id)),
        conflict=latest,
    )


def _queue_page(
    request: HttpRequest,
    *,
    bound: tuple[int, GovukForm] | None = None,
    conflict: EarlyHelpEpisode | None = None,
    status: int = 200,
    audit: bool = False,
) -> HttpResponse:
    user = request.user
    on, cal = today(), calendar()
    rows = []
    for episode in selectors.early_help_queue():
        if audit:  # the queue shows each child's decision and its rationale
            audit_view(actor=user, obj=episode, summary="Early help queue")
        prefix = _queue_prefix(episode.pk)
        initial = {"version": episode.version}
        take: GovukForm = TakeOnForm(initial=initial, prefix=prefix)
        assign: GovukForm = EarlyHelpAssignForm(initial=initial, prefix=prefix)
        if bound is not None and bound[0] == episode.pk:
            if isinstance(bound[1], TakeOnForm):
                take = bound[1]
            else:
                assign = bound[1]
        origin = episode.origin
        rows.append(
            {
                "episode": episode,
                "decision": getattr(origin, "decision", None) if origin else None,
                "rag": rag_for_day(episode.allocation_due_on, on, cal),
                "take_form": take,
                "assign_form": assign,
            }
        )
    error_form = bound[1] if bound is not None else None
    return render(
        request,
        "casework/early_help_queue.html",
        {
            "rows": rows,
            "form": error_form,
            "conflict": conflict,
            "can_take": _can_take(user),
            "can_assign": is_manager(user),
            "workloads": selectors.early_help_workloads(),
            "mine": selectors.early_help_led_by(user=user),
        },
        status=status,
    )


# --- One episode -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Action:
    """One form of the episode page: who may send it and the service it calls."""

    form: type[GovukForm]
    permission: str
    run: Callable[[Any, EarlyHelpEpisode, dict[str, Any]], str]  # returns the success message
    with_episode: bool = True  # whether the permission is checked against the episode
    fields: dict[str, str] = field(default_factory=dict)  # a service's field -> the form's
    may: Callable[[Any], bool] = lambda user: True


def _take(user: Any, episode: EarlyHelpEpisode, data: dict[str, Any]) -> str:
    services.early_help_assign(
        actor=user, episode_id=episode.pk, version=data["version"], advisor_id=user.pk
    )
    return f"You now lead early help for {episode.person.full_name}"


def _assign(user: Any, episode: EarlyHelpEpisode, data: dict[str, Any]) -> str:
    advisor = data["advisor"]
    episode = services.early_help_assign(
        actor=user,
        episode_id=episode.pk,
        version=data["version"],
        advisor_id=advisor.pk if advisor else None,
        lead_organisation=data["lead_organisation"],
    )
    return f"Early help is now led by {_led_by(episode)}"


def _update(user: Any, episode: EarlyHelpEpisode, data: dict[str, Any]) -> str:
    services.early_help_update(
        actor=user,
        episode_id=episode.pk,
        version=data["version"],
        **{name: data[name] for name in services.EARLY_HELP_PROGRESS_FIELDS},
    )
    return "Progress recorded"


def _review(user: Any, episode: EarlyHelpEpisode, data: dict[str, Any]) -> str:
    if not episode.is_open:  # plan_review_record does not check this itself (yet)
        raise DomainError("This early help episode is closed")
    review = plan_services.plan_review_record(
        actor=user, reviewed_on=data["reviewed_on"], note=data["note"], early_help_id=episode.pk
    )
    return f"Review recorded. The next review is due by {review.next_review_on:%-d %B %Y}"


def _close(user: Any, episode: EarlyHelpEpisode, data: dict[str, Any]) -> str:
    services.early_help_close(
        actor=user,
        episode_id=episode.pk,
        version=data["version"],
        closed_on=data["closed_on"],
        reason=data["closure_reason"],
    )
    return "Early help closed"


def _step_up(user: Any, episode: EarlyHelpEpisode, data: dict[str, Any]) -> str:
    step = transition_services.step_up(
        actor=user,
        episode_id=episode.pk,
        version=data["version"],
        stepped_on=data["stepped_on"],
        reason=data["reason"],
    )
    return f"Stepped up to social work: referral {step.referral.reference} opened"


def _oversight(user: Any, episode: EarlyHelpEpisode, data: dict[str, Any]) -> str:
    direction_for = data["direction_for"]
    oversight = oversight_services.oversight_record(
        actor=user,
        person=episode.person,
        kind=data["kind"],
        discussion=data["discussion"],
        direction=data["direction"],
        direction_for_id=direction_for.pk if direction_for else None,
        direction_due_on=data["direction_due_on"],
        early_help_id=episode.pk,
    )
    return f"{oversight.get_kind_display()} recorded"


WORK = "casework.work_on_early_help"
ACTIONS = {
    "take": _Action(TakeOnForm, WORK, _take, may=_can_take),
    "assign": _Action(EarlyHelpAssignForm, WORK, _assign),
    "update": _Action(EarlyHelpProgressForm, WORK, _update),
    "review": _Action(PlanReviewForm, WORK, _review),
    "close": _Action(EarlyHelpCloseForm, WORK, _close),
    # step_up checks its date as the closure of early help: show that at the step's date
    "step_up": _Action(StepUpForm, WORK, _step_up, fields={"closed_on": "stepped_on"}),
    "oversight": _Action(
        OversightForm, "casework.record_oversight", _oversight, with_episode=False
    ),
}


def early_help_detail(request: HttpRequest, episode_id: int) -> HttpResponse:
    require_permission(request, "casework.view_casework")
    episode = get_object_or_404(EarlyHelpEpisode.objects.select_related("person"), pk=episode_id)
    open_record(
        request,
        people=[episode.person],
        scope=Scope.CASE,
        obj=episode,
        audit=request.method != "POST",
    )
    if request.method != "POST":
        return _episode_page(request, episode.pk)
    name = request.POST.get("action", "")
    action = ACTIONS.get(name)
    if action is None:
        return _episode_page(request, episode.pk, status=400)
    form = action.form(request.POST)
    user = request.user
    allowed = user.has_perm(action.permission, episode if action.with_episode else None)
    if not allowed or not action.may(user):
        if allowed or not _is_stale(form, episode.pk):
            raise PermissionDenied
        # Another advisor took the episode after this page was read: a conflict, not a 403.
        return _episode_page(
            request, episode.pk, name, _conflicted(form, STALE_MESSAGE, episode.pk)
        )
    if not form.is_valid():
        return _episode_page(request, episode.pk, name, form)
    try:
        message = action.run(user, episode, form.cleaned_data)
    except PermissionDeniedError:
        if not _is_stale(form, episode.pk):
            raise PermissionDenied from None
        form = _conflicted(form, STALE_MESSAGE, episode.pk)
        return _episode_page(request, episode.pk, name, form)
    except ConflictError as error:
        form = _conflicted(form, error.message, episode.pk)
        return _episode_page(request, episode.pk, name, form)
    except DomainError as error:
        form.add_domain_error(action.fields.get(error.field or "", error.field), error.message)
        return _episode_page(request, episode.pk, name, form)
    messages.success(request, message)
    return redirect("casework:early_help", episode_id=episode.pk)


def _episode_forms(episode: EarlyHelpEpisode) -> dict[str, GovukForm]:
    version = {"version": episode.version}
    progress = {name: getattr(episode, name) for name in services.EARLY_HELP_PROGRESS_FIELDS}
    return {
        "take": TakeOnForm(initial=version),
        "assign": EarlyHelpAssignForm(
            initial=version
            | {"advisor": episode.advisor_id, "lead_organisation": episode.lead_organisation}
        ),
        "update": EarlyHelpProgressForm(initial=version | progress),
        "review": PlanReviewForm(),
        "close": EarlyHelpCloseForm(initial=version),
        "step_up": StepUpForm(initial=version),
        "oversight": OversightForm(),
    }


def _episode_page(
    request: HttpRequest,
    episode_id: int,
    action: str = "",
    bound: GovukForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    episode = selectors.early_help_for_page(episode_id=episode_id)
    on, cal = today(), calendar()
    forms = _episode_forms(episode)
    if bound is not None:
        forms[action] = bound
    can_work = episode.is_open and user.has_perm(WORK, episode)
    waiting = episode.advisor_id is None and not episode.lead_organisation
    rags = {
        "allocation_rag": rag_for_day(episode.allocation_due_on, on, cal)
        if episode.is_open and waiting
        else None,
        "assessment_rag": rag_for_day(episode.assessment_due_on, on, cal)
        if episode.is_open and not episode.assessment_completed_on
        else None,
        "review_rag": rag_for_day(episode.next_review_on, on, cal)
        if episode.is_open and episode.next_review_on
        else None,
    }
    return render(
        request,
        "casework/early_help.html",
        {
            "episode": episode,
            "person": episode.person,
            "decision": getattr(episode.origin, "decision", None) if episode.origin else None,
            "form": bound,
            "can_work": can_work,
            "can_take": can_work and waiting and _can_take(user),
            "can_oversee": oversight_services.manages_the_work(
                user, episode.person, episode=episode
            ),
        }
        | {f"{name}_form": form for name, form in forms.items()}
        | rags,
        status=status,
    )
