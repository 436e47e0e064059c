"""Recording oversight or supervision on a referral, and the page of one record with its
direction."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from frontdoor.accounts.models import User
from frontdoor.casework.clocks import rag_for_day, today
from frontdoor.casework.models import Oversight, Referral
from frontdoor.casework.oversight import services
from frontdoor.casework.oversight.forms import DirectionDoneForm, OversightForm
from frontdoor.casework.referrals.views import action_page, referral_for_action, referral_url
from frontdoor.core.errors import ConflictError, DomainError
from frontdoor.core.view_helpers import GET_OR_POST, posted, require_permission
from frontdoor.people.access import Scope, open_record


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
    referral = referral_for_action(request, referral_id, "casework.record_oversight")
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
        return f"{oversight.get_kind_display()} recorded", referral_url(referral)

    return action_page(
        request,
        referral,
        form,
        run,
        title="Record oversight or supervision",
        button="Record",
    )


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
