"""Every write of the case review meeting: opening the week's meeting and drawing its sample,
attendance, findings and themes, and the actions with their owners."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from frontdoor.accounts.models import Agency, Role, User
from frontdoor.core.audit import audit_write
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.core.services import check_version, due_date, lock, require, required_text

from .models import (
    CaseReviewAction,
    CaseReviewItem,
    CaseReviewMeeting,
    CaseReviewPartner,
    CaseReviewTheme,
)
from .sampling import draw_sample, monday_of, rules_in_force

DEFAULT_THEMES = [
    "Threshold applied",
    "Consent",
    "History used",
    "Child's voice",
    "Partner information",
]
# Roles that hold no work, so own no action: partners, analysts, administrators.
NOT_OWNERS = (Role.MASH_PARTNER, Role.PERFORMANCE_ANALYST, Role.SYSTEM_ADMINISTRATOR)


def action_owners() -> Any:
    return User.objects.filter(is_active=True).exclude(role__in=NOT_OWNERS)


def themes_seed(*, actor: Any) -> None:
    """The default themes, the first time a meeting opens and there are none (the admin edits
    them from then on)."""
    if CaseReviewTheme.objects.exists():
        return
    for name in DEFAULT_THEMES:
        theme = CaseReviewTheme.objects.create(name=name)
        audit_write(actor=actor, action="case_review_theme.add", obj=theme, summary=name)


@transaction.atomic
def case_review_open(*, actor: Any, week_starting: date) -> CaseReviewMeeting:
    """The meeting of the week starting `week_starting` (a Monday), opened with its sample of
    the week before's decisions if it is not open yet; the open one if it is."""
    require(actor, "quality.run_case_review")
    if week_starting.weekday() != 0:
        raise DomainError("A case review week starts on a Monday", field="week_starting")
    found = CaseReviewMeeting.objects.filter(week_starting=week_starting).first()
    if found is not None:
        return found
    themes_seed(actor=actor)
    rules = rules_in_force()
    try:
        with transaction.atomic():
            meeting = CaseReviewMeeting.objects.create(
                week_starting=week_starting,
                chair=actor,
                rules=rules,
                opened_by=actor,
                opened_at=timezone.now(),
            )
    except IntegrityError:  # another session opened it at the same moment: theirs stands
        return CaseReviewMeeting.objects.get(week_starting=week_starting)
    sample = draw_sample(week_starting, rules)
    CaseReviewItem.objects.bulk_create(
        CaseReviewItem(
            meeting=meeting,
            position=position,
            decision=sampled.decision,
            person=sampled.decision.contact_child.person,
            reasons=sampled.reasons,
        )
        for position, sampled in enumerate(sample, start=1)
    )
    audit_write(
        actor=actor,
        action="case_review.open",
        obj=meeting,
        summary=f"{meeting}: {len(sample)} case{'s' if len(sample) != 1 else ''} drawn",
    )
    # bulk_create writes no audit event by itself: one for each case put on the agenda.
    for item in meeting.items.all():
        audit_write(
            actor=actor,
            action="case_review.sample",
            obj=item,
            summary="; ".join(item.reasons),
            person=item.person_id,
        )
    return meeting


def this_week() -> date:
    return monday_of(timezone.localdate())


@transaction.atomic
def case_review_attendance(
    *,
    actor: Any,
    meeting_id: int,
    version: int | None,
    chair_id: int | None,
    held_on: date | None,
    staff_ids: Iterable[int],
) -> CaseReviewMeeting:
    require(actor, "quality.run_case_review")
    meeting = lock(CaseReviewMeeting, meeting_id)
    check_version(meeting, version)
    runners = User.objects.filter(
        is_active=True, role__in=[Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE]
    )
    chair = runners.filter(pk=chair_id).first() if chair_id else None
    if chair is None:
        raise DomainError("Select who chaired the meeting", field="chair")
    if held_on is not None and held_on > timezone.localdate():
        raise DomainError(
            "The date the meeting was held must be today or in the past", field="held_on"
        )
    if held_on is not None and held_on < meeting.week_starting:
        raise DomainError(
            f"The date the meeting was held must be in or after the week of "
            f"{meeting.week_starting:%-d %B %Y}",
            field="held_on",
        )
    staff = list(action_owners().filter(pk__in=list(staff_ids)))
    before = sorted(meeting.staff_attending.values_list("pk", flat=True))
    meeting.chair = chair
    meeting.held_on = held_on
    meeting.version += 1
    meeting.save()
    meeting.staff_attending.set(staff)
    audit_write(
        actor=actor,
        action="case_review.attendance",
        obj=meeting,
        changes={"staff": [before, sorted(u.pk for u in staff)], "held_on": [None, held_on]},
        summary=f"Chaired by {chair}; {len(staff)} staff attending",
    )
    return meeting


@transaction.atomic
def case_review_partner_add(
    *, actor: Any, meeting_id: int, name: str, agency: str
) -> CaseReviewPartner:
    require(actor, "quality.run_case_review")
    meeting = lock(CaseReviewMeeting, meeting_id)
    name = required_text(name, "name", "Enter the representative's name")
    if agency not in Agency.values:
        raise DomainError("Select the representative's agency", field="agency")
    partner = CaseReviewPartner.objects.create(meeting=meeting, name=name, agency=agency)
    audit_write(actor=actor, action="case_review.partner_add", obj=partner, summary=str(partner))
    return partner


@transaction.atomic
def case_review_partner_remove(*, actor: Any, partner_id: int) -> None:
    require(actor, "quality.run_case_review")
    partner = CaseReviewPartner.objects.filter(pk=partner_id).first()
    if partner is None:
        raise ConflictError("That representative has already been removed")
    audit_write(actor=actor, action="case_review.partner_remove", obj=partner, summary=str(partner))
    partner.delete()


@transaction.atomic
def case_review_finding(
    *,
    actor: Any,
    item_id: int,
    version: int | None,
    finding: str,
    finding_how: str = "",
    theme_ids: Iterable[int] = (),
) -> CaseReviewItem:
    """The meeting's finding on a case: the decision was right, or should have been different
    and how; and the themes it shows."""
    require(actor, "quality.run_case_review")
    item = lock(CaseReviewItem, item_id)
    check_version(item, version)
    if finding not in CaseReviewItem.Finding.values:
        raise DomainError("Select whether the decision was right", field="finding")
    how = (finding_how or "").strip()
    if finding == CaseReviewItem.Finding.DIFFERENT:
        how = required_text(how, "finding_how", "Enter how the decision should have been different")
    else:
        how = ""
    wanted = list(theme_ids)
    themes = list(CaseReviewTheme.objects.filter(pk__in=wanted))
    if len(themes) != len(set(wanted)):
        raise DomainError("Select themes from the list", field="themes")
    before = [item.finding, item.finding_how]
    item.finding, item.finding_how = finding, how
    item.reviewed_by, item.reviewed_at = actor, timezone.now()
    item.version += 1
    item.save()
    item.themes.set(themes)
    audit_write(
        actor=actor,
        action="case_review.finding",
        obj=item,
        changes={"finding": before, "after": [finding, how]},
        summary=f"{item.get_finding_display()}; themes: "
        + (", ".join(t.name for t in themes) or "none"),
        person=item.person_id,
    )
    return item


@transaction.atomic
def case_review_action_add(
    *, actor: Any, item_id: int, text: str, owner_id: int | None, due_on: date | None
) -> CaseReviewAction:
    require(actor, "quality.run_case_review")
    item = lock(CaseReviewItem, item_id)
    text = required_text(text, "text", "Enter the action")
    owner = action_owners().filter(pk=owner_id).first() if owner_id else None
    if owner is None:
        raise DomainError("Select who owns the action", field="owner")
    due_on = due_date(due_on, field="due_on", what="the action")
    action = CaseReviewAction.objects.create(
        item=item,
        text=text,
        owner=owner,
        due_on=due_on,
        created_by=actor,
        created_at=timezone.now(),
    )
    audit_write(
        actor=actor,
        action="case_review.action_add",
        obj=action,
        summary=f"For {owner}, due {due_on:%-d %B %Y}: {text}",
        person=item.person_id,
    )
    return action


def may_complete(user: Any, action: CaseReviewAction) -> bool:
    return bool(user.pk == action.owner_id or user.has_perm("quality.run_case_review"))


@transaction.atomic
def case_review_action_done(*, actor: Any, action_id: int) -> CaseReviewAction:
    action = lock(CaseReviewAction, action_id)
    if not may_complete(actor, action):
        raise PermissionDeniedError("Only the action's owner or a manager can mark it done")
    if action.done_at is not None:
        raise ConflictError("This action has already been marked done")
    action.done_at, action.done_by = timezone.now(), actor
    action.save()
    audit_write(
        actor=actor,
        action="case_review.action_done",
        obj=action,
        summary=action.text,
        person=action.item.person_id,
    )
    return action
