"""Writes of staff administration. Every one needs `staff.manage_users` (recertifying needs
`staff.recertify_team`), runs in one transaction and is audited. Nothing here sets a password,
a superuser or staff flag, a group or a Django permission; an administrator cannot change
their own role, team or whether they are active; a change to a guarded role waits for a
second administrator. Refusals are audited outside the refused transaction, so they stay."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from frontdoor.accounts.models import Role, Team, User, validate_swe_registration
from frontdoor.core.audit import audit_refusal, audit_write, changes_between, snapshot
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.core.services import lock, require, required_text

from .models import GUARDED_ROLES, AccessFlag, Recertification, RoleChangeRequest

USER_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "role",
    "team_id",
    "job_title",
    "agency",
    "swe_registration",
)
TEAM_FIELDS = ("name", "kind", "locality", "postcode_districts")


@dataclass(frozen=True)
class UserDetails:
    first_name: str
    last_name: str
    email: str
    role: str
    team_id: int | None
    job_title: str = ""
    agency: str = ""
    swe_registration: str = ""


def user_stamp(user: User) -> str:
    """A fingerprint of what the edit form shows: a save made to an older one is refused."""
    values = repr([getattr(user, name) for name in (*USER_FIELDS, "is_active")])
    return hashlib.sha256(values.encode()).hexdigest()[:16]


def _refuse(actor: Any, user: User, field: str, message: str) -> None:
    audit_refusal(actor=actor, reason=f"staff: {message} ({user.username})")
    raise DomainError(message, field=field)


def _checked(details: UserDetails) -> dict[str, Any]:
    registration = details.swe_registration.strip().upper()
    fields: dict[str, Any] = {
        "first_name": required_text(details.first_name, "first_name", "Enter the first name"),
        "last_name": required_text(details.last_name, "last_name", "Enter the last name"),
        "email": required_text(details.email, "email", "Enter the email address"),
        "role": details.role,
        "team_id": details.team_id,
        "job_title": details.job_title.strip(),
        "agency": details.agency if details.role == Role.MASH_PARTNER else "",
        "swe_registration": registration,
    }
    if details.role not in Role.values:
        raise DomainError("Select the role", field="role")
    if details.role == Role.MASH_PARTNER and not details.agency:
        raise DomainError("Select the partner's agency", field="agency")
    if details.team_id is not None and not Team.objects.filter(pk=details.team_id).exists():
        raise DomainError("Select the team", field="team")
    if registration:
        try:
            validate_swe_registration(registration)
        except ValidationError as error:
            raise DomainError(error.messages[0], field="swe_registration") from None
    return fields


def send_reset_link(*, actor: Any, user_id: int) -> None:
    """Email the user a link to set their own password (nobody else ever sets it)."""
    require(actor, "staff.manage_users")
    user = User.objects.get(pk=user_id)
    if not user.email:
        raise DomainError("Add an email address first", field="email")
    if not user.is_active:
        raise DomainError("Reactivate the account first")
    context = {
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "protocol": "https",
        "domain": getattr(settings, "FRONTDOOR_SITE_DOMAIN", "frontdoor.localhost"),
    }
    subject = render_to_string("accounts/email/password_reset_subject.txt", context).strip()
    body = render_to_string("accounts/email/password_reset.txt", context)
    send_mail(subject, body, None, [user.email])
    audit_write(actor=actor, action="staff.reset_link_sent", obj=user, summary="Password link sent")


def user_create(
    *, actor: Any, username: str, details: UserDetails, reason: str = ""
) -> tuple[User, RoleChangeRequest | None]:
    """A new account with no password: the user sets one from the emailed link. An account
    for a guarded role stays inactive until a second administrator approves it."""
    require(actor, "staff.manage_users")
    username = required_text(username, "username", "Enter the username").lower()
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise DomainError("That username is taken", field="username")
        fields = _checked(details)
        guarded = fields["role"] in GUARDED_ROLES
        if guarded:
            reason = required_text(reason, "reason", "Enter why they need this role")
        user = User(username=username, is_active=not guarded, **fields)
        user.set_unusable_password()
        user.save()
        audit_write(
            actor=actor,
            action="staff.user_create",
            obj=user,
            changes={k: [None, v] for k, v in snapshot(user, USER_FIELDS).items() if v},
            summary=f"Account for {user}",
        )
        request = (
            _request_role(actor, user, fields["role"], reason, new_user=True) if guarded else None
        )
    if not guarded:
        send_reset_link(actor=actor, user_id=user.pk)
    return user, request


def _request_role(
    actor: Any, user: User, role: str, reason: str, *, new_user: bool = False
) -> RoleChangeRequest:
    if RoleChangeRequest.objects.filter(user=user, decided_at__isnull=True).exists():
        raise DomainError("A change of role for them is already waiting", field="role")
    request = RoleChangeRequest.objects.create(
        user=user,
        requested_role=role,
        reason=reason,
        requested_by=actor,
        requested_at=timezone.now(),
        new_user=new_user,
    )
    audit_write(
        actor=actor,
        action="staff.role_requested",
        obj=request,
        changes={"role": [user.role if not new_user else None, role]},
        summary=reason,
    )
    return request


def user_update(
    *, actor: Any, user_id: int, stamp: str, details: UserDetails, reason: str = ""
) -> tuple[User, RoleChangeRequest | None]:
    """Change an account. A change to a guarded role is asked for, not made."""
    require(actor, "staff.manage_users")
    current = User.objects.get(pk=user_id)
    if current.pk == actor.pk and (
        details.role != current.role or details.team_id != current.team_id
    ):
        field = "role" if details.role != current.role else "team"
        _refuse(actor, current, field, "You cannot change your own role or team")
    with transaction.atomic():
        user = lock(User, user_id)
        if user_stamp(user) != stamp:
            raise ConflictError(
                "Somebody else changed this account while you were working on it. "
                "Your changes have not been saved: check the latest version below."
            )
        fields = _checked(details)
        request = None
        if fields["role"] != user.role and fields["role"] in GUARDED_ROLES:
            reason = required_text(reason, "reason", "Enter why they need this role")
            request = _request_role(actor, user, fields["role"], reason)
            fields["role"] = user.role
        before = snapshot(user, USER_FIELDS)
        for name, value in fields.items():
            setattr(user, name, value)
        changes = changes_between(before, snapshot(user, USER_FIELDS))
        if changes:
            user.save()
            audit_write(actor=actor, action="staff.user_update", obj=user, changes=changes)
    return user, request


def user_set_active(*, actor: Any, user_id: int, active: bool) -> User:
    require(actor, "staff.manage_users")
    if user_id == actor.pk:
        _refuse(actor, actor, "active", "You cannot deactivate your own account")
    with transaction.atomic():
        user = lock(User, user_id)
        if user.is_active == active:
            return user
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit_write(
            actor=actor,
            action="staff.user_activate" if active else "staff.user_deactivate",
            obj=user,
            changes={"is_active": [not active, active]},
        )
    return user


def role_request_decide(*, actor: Any, request_id: int, approve: bool) -> RoleChangeRequest:
    """A second administrator approves or refuses a change to a guarded role."""
    require(actor, "staff.manage_users")
    pending = RoleChangeRequest.objects.get(pk=request_id)
    if actor.pk in (pending.requested_by_id, pending.user_id):
        audit_refusal(actor=actor, reason="staff: decided their own role request")
        raise PermissionDeniedError(
            "Another administrator must decide this: not the one who asked, nor the user"
        )
    with transaction.atomic():
        pending = lock(RoleChangeRequest, request_id)
        if pending.decided_at is not None:
            raise ConflictError("This request has already been decided")
        pending.decided_by = actor
        pending.decided_at = timezone.now()
        pending.outcome = (
            RoleChangeRequest.Outcome.APPROVED if approve else RoleChangeRequest.Outcome.REFUSED
        )
        pending.save()
        user = lock(User, pending.user_id)
        before = {"role": user.role, "is_active": user.is_active}
        if approve:
            user.role = pending.requested_role
            user.is_active = user.is_active or pending.new_user
            user.save(update_fields=["role", "is_active"])
        audit_write(
            actor=actor,
            action="staff.role_approved" if approve else "staff.role_refused",
            obj=pending,
            changes=changes_between(before, {"role": user.role, "is_active": user.is_active}),
            summary=f"{user}: {pending.get_requested_role_display()}",
        )
    if approve and pending.new_user:
        send_reset_link(actor=actor, user_id=user.pk)
    return pending


# --- teams -------------------------------------------------------------------------------------


def _team_fields(name: str, kind: str, locality: str, postcode_districts: str) -> dict[str, Any]:
    if kind not in Team.Kind.values:
        raise DomainError("Select the kind of team", field="kind")
    return {
        "name": required_text(name, "name", "Enter the team's name"),
        "kind": kind,
        "locality": locality.strip(),
        "postcode_districts": " ".join(postcode_districts.upper().replace(",", " ").split()),
    }


@transaction.atomic
def team_save(*, actor: Any, team_id: int | None, **values: str) -> Team:
    require(actor, "staff.manage_users")
    fields = _team_fields(**values)
    clash = Team.objects.filter(name__iexact=fields["name"])
    if team_id is not None:
        clash = clash.exclude(pk=team_id)
    if clash.exists():
        raise DomainError("A team has that name already", field="name")
    team = lock(Team, team_id) if team_id is not None else Team()
    before = snapshot(team, TEAM_FIELDS) if team_id else {}
    for name, value in fields.items():
        setattr(team, name, value)
    team.save()
    audit_write(
        actor=actor,
        action="staff.team_update" if team_id else "staff.team_create",
        obj=team,
        changes=changes_between(before, snapshot(team, TEAM_FIELDS))
        if team_id
        else {k: [None, v] for k, v in fields.items() if v},
    )
    return team


# --- recertification ---------------------------------------------------------------------------


def recertify_days() -> int:
    return int(getattr(settings, "FRONTDOOR_RECERTIFY_DAYS", 90))


def recertification_due_on(team: Team) -> Any:
    """The day the team's next recertification is due (today when it has had none)."""
    last = team.recertifications.order_by("-recertified_at").first()
    if last is None:
        return timezone.localdate()
    return timezone.localtime(last.recertified_at).date() + timedelta(days=recertify_days())


def team_recertify(*, actor: Any, team_id: int, flags: dict[int, str]) -> Recertification:
    """The manager confirms every member still needs their access, except those in `flags`
    (user id: what should change), which go to the administrators' to-do list."""
    team = Team.objects.get(pk=team_id)
    require(actor, "staff.recertify_team", team)
    with transaction.atomic():
        members = list(User.objects.filter(team=team, is_active=True).order_by("pk"))
        member_ids = {m.pk for m in members}
        if set(flags) - member_ids:
            raise DomainError("That person is not in the team")
        now = timezone.now()
        notes = {pk: note.strip() for pk, note in flags.items()}
        for pk, note in notes.items():
            if not note:
                raise DomainError("Say what should change", field=f"note_{pk}")
            AccessFlag.objects.create(user_id=pk, note=note, flagged_by=actor, flagged_at=now)
        done = Recertification.objects.create(
            team=team,
            recertified_by=actor,
            recertified_at=now,
            members=[[m.pk, m.role] for m in members],
            flagged=[[pk, note] for pk, note in notes.items()],
        )
        audit_write(
            actor=actor,
            action="staff.team_recertified",
            obj=done,
            changes={"flagged": sorted(notes)},
            summary=f"{team}: {len(members) - len(notes)} confirmed, {len(notes)} to change",
        )
    return done


@transaction.atomic
def flag_resolve(*, actor: Any, flag_id: int) -> AccessFlag:
    require(actor, "staff.manage_users")
    flag = lock(AccessFlag, flag_id)
    if flag.resolved_at is None:
        flag.resolved_by = actor
        flag.resolved_at = timezone.now()
        flag.save()
        audit_write(actor=actor, action="staff.flag_resolved", obj=flag, summary=flag.note)
    return flag
