"""Pages of staff administration (/staff/) and the managers' recertification."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from frontdoor.accounts.models import Role, Team, User
from frontdoor.accounts.services import two_factor_reset
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.core.view_helpers import GET_OR_POST

from . import selectors, services
from .forms import RecertifyForm, TeamForm, UserForm


def _need_admin(request: HttpRequest) -> None:
    if not request.user.has_perm("staff.manage_users"):
        raise PermissionDenied("Staff administration is for system administrators")


def _team_id(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else None


def staff_home(request: HttpRequest) -> HttpResponse:
    _need_admin(request)
    query = request.GET.get("q", "").strip()[:100]
    role = request.GET.get("role", "")
    team_id = _team_id(request.GET.get("team", ""))
    users = selectors.users_matching(
        query=query,
        role=role if role in Role.values else "",
        team_id=team_id,
        active=request.GET.get("active", ""),
    )[:500]
    return render(
        request,
        "staff/home.html",
        {
            "users": users,
            "query": query,
            "role": role,
            "team_id": team_id,
            "roles": Role.choices,
            "teams": Team.objects.order_by("name"),
            "requests": selectors.role_requests_waiting(),
            "flags": selectors.access_flags_open(),
        },
    )


def _user_initial(user: User) -> dict[str, Any]:
    initial = {name: getattr(user, name) for name in services.USER_FIELDS}
    initial["team"] = initial.pop("team_id")
    initial["stamp"] = services.user_stamp(user)
    return initial


def _saved_message(request: HttpRequest, user: User, pending: Any) -> None:
    if pending is not None:
        messages.success(
            request,
            f"{user}: {pending.get_requested_role_display()} waits for another administrator",
        )
    else:
        messages.success(request, f"{user} saved")


@GET_OR_POST
def user_new(request: HttpRequest) -> HttpResponse:
    _need_admin(request)
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, pending = services.user_create(
                actor=request.user,
                username=form.cleaned_data["username"],
                details=form.details(),
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_domain_error(error.field, error.message)
        else:
            _saved_message(request, user, pending)
            if pending is None:
                messages.info(request, f"A link to set their password was sent to {user.email}")
            return redirect("staff:user", user_id=user.pk)
    return render(request, "staff/user_form.html", {"form": form, "title": "Add a member of staff"})


@GET_OR_POST
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    _need_admin(request)
    user = get_object_or_404(User, pk=user_id)
    action = request.POST.get("action", "save")
    if request.method == "POST" and action != "save":
        return _user_action(request, user, action)
    form = UserForm(request.POST or None, initial=_user_initial(user), editing=True)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            user, pending = services.user_update(
                actor=request.user,
                user_id=user.pk,
                stamp=form.cleaned_data["stamp"],
                details=form.details(),
                reason=form.cleaned_data["reason"],
            )
        except ConflictError as error:
            user.refresh_from_db()
            data = request.POST.copy()
            data["stamp"] = services.user_stamp(user)
            form = UserForm(data, initial=_user_initial(user), editing=True)
            form.is_valid()
            form.add_error(None, error.message)
            conflict = user
        except DomainError as error:
            form.add_domain_error(error.field, error.message)
        else:
            _saved_message(request, user, pending)
            return redirect("staff:user", user_id=user.pk)
    return render(
        request,
        "staff/user_form.html",
        {
            "form": form,
            "member": user,
            "conflict": conflict,
            "title": f"{user.get_full_name() or user.username}",
            "is_self": user.pk == request.user.pk,
        },
        status=409 if conflict else 200,
    )


def _user_action(request: HttpRequest, user: User, action: str) -> HttpResponse:
    try:
        if action == "send_link":
            services.send_reset_link(actor=request.user, user_id=user.pk)
            messages.success(request, f"A link to set their password was sent to {user.email}")
        elif action == "reset_two_factor":
            if not request.user.has_perm("accounts.reset_two_factor") or user == request.user:
                raise PermissionDenied("Another administrator resets your two-factor sign-in")
            two_factor_reset(actor=request.user, user=user)  # type: ignore[arg-type]
            messages.success(request, f"{user} sets up a new authenticator app at next sign-in")
        elif action in ("deactivate", "activate"):
            services.user_set_active(
                actor=request.user, user_id=user.pk, active=action == "activate"
            )
            messages.success(request, f"{user} {action}d")
        else:
            return redirect("staff:user", user_id=user.pk)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("staff:user", user_id=user.pk)


@GET_OR_POST
def role_requests(request: HttpRequest) -> HttpResponse:
    _need_admin(request)
    if request.method == "POST":
        request_id = _team_id(request.POST.get("request", ""))
        decision = request.POST.get("decision", "")
        if request_id is None or decision not in ("approve", "refuse"):
            return redirect("staff:role_requests")
        try:
            decided = services.role_request_decide(
                actor=request.user, request_id=request_id, approve=decision == "approve"
            )
        except PermissionDeniedError as error:
            messages.error(request, error.message)
        except ConflictError as error:
            messages.error(request, error.message)
        except services.RoleChangeRequest.DoesNotExist:
            raise PermissionDenied from None
        else:
            messages.success(request, f"{decided}: {decided.get_outcome_display().lower()}")
        return redirect("staff:role_requests")
    return render(
        request,
        "staff/role_requests.html",
        {"requests": selectors.role_requests_waiting()},
    )


@require_POST
def flag_resolve(request: HttpRequest, flag_id: int) -> HttpResponse:
    _need_admin(request)
    services.flag_resolve(
        actor=request.user, flag_id=get_object_or_404(services.AccessFlag, pk=flag_id).pk
    )
    messages.success(request, "Marked as dealt with")
    return redirect("staff:home")


def teams(request: HttpRequest) -> HttpResponse:
    _need_admin(request)
    return render(request, "staff/teams.html", {"teams": Team.objects.order_by("name")})


@GET_OR_POST
def team_edit(request: HttpRequest, team_id: int | None = None) -> HttpResponse:
    _need_admin(request)
    team = get_object_or_404(Team, pk=team_id) if team_id else None
    initial = {name: getattr(team, name) for name in services.TEAM_FIELDS} if team else {}
    form = TeamForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.team_save(actor=request.user, team_id=team_id, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error.field, error.message)
        else:
            messages.success(request, f"{saved} saved")
            return redirect("staff:teams")
    return render(request, "staff/team_form.html", {"form": form, "team": team})


@GET_OR_POST
def recertify(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_object_or_404(Team, pk=team_id)
    if not request.user.has_perm("staff.recertify_team", team):
        raise PermissionDenied("Only the team's manager recertifies it")
    members = User.objects.filter(team=team, is_active=True).order_by("last_name", "first_name")
    form = RecertifyForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_recertify(actor=request.user, team_id=team.pk, flags=form.flags())
        except DomainError as error:
            form.add_domain_error(error.field, error.message)
        else:
            messages.success(request, f"{team}: access recertified")
            return redirect("home")
    return render(
        request,
        "staff/recertify.html",
        {"team": team, "form": form, "days": services.recertify_days()},
    )
