"""Every write in casework: one function each, one transaction each, each audited.

The rules live here, not only in forms: dates in order and not in the future, the "21 no
factors" code alone, only registered social workers complete assessments, nobody authorises
their own, and a child has at most one open referral and one open early help episode.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from frontdoor.accounts.models import Role, Team, User
from frontdoor.contacts.models import REFERRAL_OUTCOMES, Decision, Immediacy, Outcome
from frontdoor.core.audit import audit_write, changes_between, snapshot
from frontdoor.core.codes import AssessmentFactor, ClosureReason, PrimaryNeed, ReferralSource
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.core.services import bump, check_version, lock, past_date, require, required_text
from frontdoor.core.working_days import calendar
from frontdoor.people.access import holders_of
from frontdoor.people.models import Person

from .clocks import due_on, today
from .models import (
    Allocation,
    Assessment,
    AssessmentOutcome,
    CinPlan,
    EarlyHelpClosure,
    EarlyHelpEpisode,
    Oversight,
    PlanReview,
    Referral,
    ReferralContact,
    RiskReview,
    Step,
)
from .signals import referral_closing

# Roles that hold no casework, so cannot be given a direction on a child's case.
NOT_CASEWORKERS = (Role.MASH_PARTNER, Role.PERFORMANCE_ANALYST, Role.SYSTEM_ADMINISTRATOR)
RE_REFERRAL_DAYS = 365  # DfE: a re-referral is a referral within 12 months of the last one
NO_FACTORS = AssessmentFactor.NO_FACTORS.value
ASSESSMENT_FIELDS = (
    "child_seen_on",
    "child_seen_alone",
    "child_views",
    "culture_identity",
    "factors",
    "analysis",
    "outcome",
    "requires_support",
    "late_reason",
)


# --- Referrals: opened from the front door's decision ---------------------------------------


def locality_team_for(person: Person) -> tuple[Team | None, str]:
    """The locality team covering the child's current postcode, and why, in words."""
    address = person.addresses.filter(moved_out__isnull=True).exclude(postcode="").first()
    if address is None:
        return None, "No current postcode: choose the locality team"
    district = address.postcode.upper().split()[0] if address.postcode.strip() else ""
    for team in Team.objects.filter(kind=Team.Kind.LOCALITY).exclude(postcode_districts=""):
        if district in team.districts:
            return team, f"By postcode district {district}"
    return None, f"No locality team covers {district}: choose one"


def _is_re_referral(person: Person, referral_date: date) -> bool:
    # Called before the new referral is saved, so a previous one on the same day (opened and
    # closed that day) counts: it is within 12 months too.
    return Referral.objects.filter(
        person=person,
        referral_date__lte=referral_date,
        referral_date__gte=referral_date - timedelta(days=RE_REFERRAL_DAYS),
    ).exists()


def referral_open(
    *,
    actor: Any,
    person: Person,
    referral_date: date,
    source: str,
    urgent: bool = False,
    origin: Any = None,
) -> Referral:
    """Open a child in need episode, or join the child's open one. Called inside a service."""
    open_referral = _open_referral_of(person)
    if open_referral is None:
        try:
            with transaction.atomic():
                return _new_referral(
                    actor=actor,
                    person=person,
                    referral_date=referral_date,
                    source=source,
                    urgent=urgent,
                    origin=origin,
                )
        except IntegrityError:
            # Another session opened the child's referral after we looked (there was no row
            # to lock yet) and the one-open-referral index refused ours: join theirs.
            open_referral = _open_referral_of(person)
            if open_referral is None:
                raise
    if origin is not None:
        ReferralContact.objects.get_or_create(referral=open_referral, contact_child=origin)
        audit_write(
            actor=actor,
            action="referral.contact_attach",
            obj=open_referral,
            summary=f"Contact {origin.contact.reference} joined the open referral",
        )
    return open_referral


def open_referral_of(person: Person) -> Referral | None:
    """The child's open referral, locked for the rest of the transaction, or None."""
    return _open_referral_of(person)


def _open_referral_of(person: Person) -> Referral | None:
    return (
        Referral.objects.select_for_update().filter(person=person, closed_on__isnull=True).first()
    )


def _new_referral(
    *,
    actor: Any,
    person: Person,
    referral_date: date,
    source: str,
    urgent: bool,
    origin: Any,
) -> Referral:
    cal = calendar()
    team, why = locality_team_for(person)
    seen_clock = "child_seen_urgent_working_days" if urgent else "child_seen_working_days"
    referral = Referral.objects.create(
        person=person,
        origin=origin,
        referral_date=referral_date,
        source=source or ReferralSource.UNKNOWN,
        is_re_referral=_is_re_referral(person, referral_date),
        team=team,
        allocation_due_on=due_on(referral_date, "allocation_working_days", cal),
        risk_review_due_on=due_on(referral_date, "risk_review_working_days", cal),
        child_seen_due_on=due_on(referral_date, seen_clock, cal),
        opened_by=actor,
    )
    if origin is not None:
        ReferralContact.objects.create(referral=referral, contact_child=origin)
    Allocation.objects.create(
        referral=referral, team=team, reason=why, allocated_by=actor, allocated_at=timezone.now()
    )
    audit_write(
        actor=actor,
        action="referral.open",
        obj=referral,
        changes={k: [None, v] for k, v in snapshot(referral).items()},
        summary=f"Referral opened for {person.full_name}"
        + (" (re-referral)" if referral.is_re_referral else ""),
    )
    return referral


def casework_from_decision(*, decision: Decision, actor: Any) -> None:
    """What a settled decision starts: a referral, or early help. Runs in its transaction."""
    link = decision.contact_child
    contact = link.contact
    received_on = timezone.localtime(contact.received_at).date()
    if decision.outcome in REFERRAL_OUTCOMES:
        referral = referral_open(
            actor=actor,
            person=link.person,
            referral_date=received_on,
            source=contact.referral_source,
            urgent=contact.immediacy == Immediacy.IMMEDIATE
            or decision.outcome != Outcome.SOCIAL_WORK_ASSESSMENT,
            origin=link,
        )
        _step_up_from_early_help(actor, referral, decision)
    elif decision.outcome == Outcome.EARLY_HELP and _open_referral_of(link.person):
        # The child is open to social work: the contact goes to the worker who holds them,
        # rather than opening early help beside it.
        referral_open(
            actor=actor,
            person=link.person,
            referral_date=received_on,
            source=contact.referral_source,
            origin=link,
        )
    elif decision.outcome == Outcome.EARLY_HELP:
        early_help_open(
            actor=actor,
            person=link.person,
            opened_on=timezone.localtime(decision.decided_at).date(),
            origin=link,
        )


def _step_up_from_early_help(actor: Any, referral: Referral, decision: Decision) -> None:
    step_up_from_early_help(
        actor=actor,
        referral=referral,
        # Settled when decided, or when a manager authorised it.
        on=timezone.localtime(decision.authorised_at or decision.decided_at).date(),
        reason=f"{decision.get_outcome_display()} decided on contact "
        f"{decision.contact_child.contact.reference}: {decision.rationale}",
    )


def step_up_from_early_help(*, actor: Any, referral: Referral, on: date, reason: str) -> None:
    """A child in early help who is referred for a social work response steps up from it.

    Called inside the service that opened the referral."""
    episode = _open_early_help_of(referral.person)
    if episode is None:
        return
    stepped_on = max(on, episode.opened_on)
    _close_early_help(actor, episode, stepped_on, EarlyHelpClosure.STEPPED_UP)
    _record_step(actor, Step.Direction.UP, referral, episode, stepped_on, reason)


# --- Allocation ------------------------------------------------------------------------------


@transaction.atomic
def referral_team_change(
    *, actor: Any, referral_id: int, version: int | None, team_id: int | None, reason: str
) -> Referral:
    """Send a referral to another locality team (overriding the postcode)."""
    referral = lock(Referral, referral_id)
    require(actor, "casework.change_referral_team", referral)
    check_version(referral, version)
    _open(referral)
    team = Team.objects.filter(pk=team_id, kind=Team.Kind.LOCALITY).first() if team_id else None
    if team is None:
        raise DomainError("Select the locality team", field="team")
    reason = required_text(reason, "reason", "Enter why the referral goes to this team")
    audited = ["team_id", "worker_id", "risk_review_due_on", "allocation_due_on"]
    before = snapshot(referral, audited)
    referral.team = team
    referral.worker = None
    referral.allocated_at = None
    # The new team's allocation clock starts now.
    referral.allocation_due_on = due_on(today(), "allocation_working_days")
    if referral.risk_review_due_on is None:
        # Unallocated again: the child's risk must be reviewed until a new worker is named.
        referral.risk_review_due_on = due_on(today(), "risk_review_working_days")
    bump(referral)
    Allocation.objects.create(
        referral=referral,
        team=team,
        reason=reason,
        allocated_by=actor,
        allocated_at=timezone.now(),
    )
    audit_write(
        actor=actor,
        action="referral.team_change",
        obj=referral,
        changes=changes_between(before, snapshot(referral, audited)),
        summary=reason,
    )
    return referral


@transaction.atomic
def referral_allocate(
    *, actor: Any, referral_id: int, version: int | None, worker_id: int | None
) -> Referral:
    """A team manager allocates the referral to a named worker in their team."""
    referral = lock(Referral, referral_id)
    require(actor, "casework.allocate_referral", referral)
    check_version(referral, version)
    _open(referral)
    if referral.team_id is None:
        raise DomainError("Choose the locality team before allocating a worker", field="team")
    worker = User.objects.filter(pk=worker_id, is_active=True).first() if worker_id else None
    if worker is None:
        raise DomainError("Select the worker", field="worker")
    if worker.team_id != referral.team_id:
        raise DomainError(f"{worker} is not in {referral.team}", field="worker")
    before = snapshot(referral, ["worker_id"])
    referral.worker = worker
    referral.allocated_at = timezone.now()
    referral.risk_review_due_on = None
    bump(referral)
    Allocation.objects.create(
        referral=referral,
        team=referral.team,
        worker=worker,
        allocated_by=actor,
        allocated_at=referral.allocated_at,
    )
    audit_write(
        actor=actor,
        action="referral.allocate",
        obj=referral,
        changes=changes_between(before, snapshot(referral, ["worker_id"])),
        summary=f"Allocated to {worker}",
    )
    return referral


@transaction.atomic
def risk_review_record(
    *, actor: Any, referral_id: int, note: str, next_review_on: date | None
) -> RiskReview:
    """A manager reviews the risk to a child still waiting for a worker, and sets the next date."""
    referral = lock(Referral, referral_id)
    require(actor, "casework.allocate_referral", referral)
    _open(referral)
    if referral.worker_id:
        raise DomainError("This referral is allocated: no risk review is needed")
    note = required_text(note, "note", "Enter what you reviewed and what you decided")
    if next_review_on is None:
        raise DomainError("Enter the date of the next risk review", field="next_review_on")
    latest = due_on(today(), "risk_review_working_days")
    if not today() < next_review_on <= latest:
        raise DomainError(
            f"The next risk review must be after today and no later than {latest:%-d %B %Y}",
            field="next_review_on",
        )
    previous = referral.risk_review_due_on
    review = RiskReview.objects.create(
        referral=referral,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
        note=note,
        next_review_on=next_review_on,
    )
    referral.risk_review_due_on = next_review_on
    bump(referral)
    audit_write(
        actor=actor,
        action="referral.risk_review",
        obj=referral,
        changes={
            "risk_review_due_on": [
                previous.isoformat() if previous else None,
                next_review_on.isoformat(),
            ]
        },
        summary=note,
    )
    return review


@transaction.atomic
def referral_primary_need_set(
    *, actor: Any, referral_id: int, version: int | None, primary_need: str
) -> Referral:
    referral = lock(Referral, referral_id)
    require(actor, "casework.work_on_referral", referral)
    check_version(referral, version)
    if primary_need not in PrimaryNeed.values:
        raise DomainError("Select the primary need", field="primary_need")
    before = referral.primary_need
    referral.primary_need = primary_need
    bump(referral)
    audit_write(
        actor=actor,
        action="referral.primary_need",
        obj=referral,
        changes={"primary_need": [before, primary_need]},
    )
    return referral


def _open(referral: Referral) -> None:
    if not referral.is_open:
        raise DomainError("This referral is closed")


# --- Assessments -----------------------------------------------------------------------------


@transaction.atomic
def assessment_start(*, actor: Any, referral_id: int, started_on: date | None) -> Assessment:
    referral = lock(Referral, referral_id)
    require(actor, "casework.work_on_referral", referral)
    _open(referral)
    if referral.assessments.exclude(status=Assessment.Status.AUTHORISED).exists():
        raise DomainError("This referral already has an assessment in progress")
    started_on = past_date(
        started_on,
        field="started_on",
        label="the date the assessment started",
        not_before=referral.referral_date,
        before_label="the referral date",
    )
    assessment = Assessment.objects.create(
        referral=referral,
        started_on=started_on,
        due_on=due_on(referral.referral_date, "assessment_working_days"),
        worker=referral.worker or actor,
    )
    audit_write(
        actor=actor,
        action="assessment.start",
        obj=assessment,
        changes={"started_on": [None, started_on.isoformat()]},
        summary=f"Assessment started for {referral.person.full_name}",
    )
    return assessment


def _clean_factors(factors: list[str] | None) -> list[str]:
    chosen = list(dict.fromkeys(factors or []))
    unknown = [code for code in chosen if code not in AssessmentFactor.values]
    if unknown:
        raise DomainError(f"Not an assessment factor: {', '.join(unknown)}", field="factors")
    if NO_FACTORS in chosen and len(chosen) > 1:
        raise DomainError(
            "Select \u201cNo factors identified\u201d on its own, or only the factors identified",
            field="factors",
        )
    return chosen


def _check_assessment_fields(assessment: Assessment, fields: dict[str, Any]) -> dict[str, Any]:
    """The rules a draft must keep even before it is complete."""
    unknown = set(fields) - set(ASSESSMENT_FIELDS)
    if unknown:
        raise ValueError(f"Not assessment fields: {sorted(unknown)}")
    if "factors" in fields:
        fields["factors"] = _clean_factors(fields["factors"])
    seen = fields.get("child_seen_on")
    if seen is not None:
        past_date(
            seen,
            field="child_seen_on",
            label="the date the child was seen",
            not_before=assessment.referral.referral_date,
            before_label="the referral date",
        )
    outcome = fields.get("outcome")
    if outcome and outcome not in AssessmentOutcome.values:
        raise DomainError("Select the outcome of the assessment", field="outcome")
    return fields


@transaction.atomic
def assessment_update(
    *, actor: Any, assessment_id: int, version: int | None, **fields: Any
) -> Assessment:
    """Save what has been written so far. Nothing is required yet; nothing wrong is kept."""
    assessment = lock(Assessment, assessment_id)
    require(actor, "casework.work_on_referral", assessment.referral)
    check_version(assessment, version)
    if assessment.status not in (Assessment.Status.IN_PROGRESS, Assessment.Status.RETURNED):
        raise DomainError("This assessment has been submitted and can no longer be changed")
    fields = _check_assessment_fields(assessment, fields)
    before = snapshot(assessment, ASSESSMENT_FIELDS)
    for name, value in fields.items():
        setattr(assessment, name, value.strip() if isinstance(value, str) else value)
    changes = changes_between(before, snapshot(assessment, ASSESSMENT_FIELDS))
    if changes:
        bump(assessment)
        audit_write(actor=actor, action="assessment.update", obj=assessment, changes=changes)
    return assessment


def assessment_problems(assessment: Assessment, on: date) -> dict[str, str]:
    """What stops an assessment being completed on `on`, by field."""
    problems: dict[str, str] = {}
    required = {
        "child_seen_on": "Enter the date the child was seen",
        "child_views": "Enter the child's views",
        "culture_identity": "Enter how the child's culture, identity and ethnicity were considered",
        "factors": "Select the factors identified, or \u201cNo factors identified\u201d",
        "analysis": "Enter the analysis",
        "outcome": "Select the outcome of the assessment",
    }
    for field, message in required.items():
        value = getattr(assessment, field)
        if not (value.strip() if isinstance(value, str) else value):
            problems[field] = message
    if assessment.child_seen_on and assessment.child_seen_alone is None:
        problems["child_seen_alone"] = "Select whether the child was seen alone"
    if assessment.requires_support is None:
        problems["requires_support"] = (
            "Select whether the child requires children's social care support"
        )
    if on > assessment.due_on and not assessment.late_reason.strip():
        problems["late_reason"] = (
            f"The assessment was due on {assessment.due_on:%-d %B %Y}: enter why it is late"
        )
    return problems


@transaction.atomic
def assessment_complete(*, actor: Any, assessment_id: int, version: int | None) -> Assessment:
    """A registered social worker finishes the assessment and sends it for authorisation."""
    assessment = lock(Assessment, assessment_id)
    require(actor, "casework.work_on_referral", assessment.referral)
    check_version(assessment, version)
    if not actor.is_registered_social_worker:
        raise PermissionDeniedError(
            "Only a registered social worker can complete an assessment. "
            "Ask the allocated social worker or your manager."
        )
    if assessment.status not in (Assessment.Status.IN_PROGRESS, Assessment.Status.RETURNED):
        raise ConflictError("This assessment has already been submitted")
    problems = assessment_problems(assessment, today())
    if problems:
        field, message = next(iter(problems.items()))
        raise DomainError(message, field=field)
    before = assessment.status
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_by = actor
    assessment.submitted_at = timezone.now()
    bump(assessment)
    audit_write(
        actor=actor,
        action="assessment.complete",
        obj=assessment,
        changes={"status": [before, assessment.status]},
    )
    return assessment


def _submitted(actor: Any, assessment_id: int, version: int | None) -> Assessment:
    assessment = lock(Assessment, assessment_id)
    require(actor, "casework.authorise_assessment", assessment.referral)
    check_version(assessment, version)
    if assessment.status != Assessment.Status.SUBMITTED:
        raise ConflictError("This assessment is not waiting for authorisation")
    if actor.pk in (assessment.submitted_by_id, assessment.worker_id):
        raise DomainError("You cannot authorise an assessment you wrote: ask another manager")
    return assessment


@transaction.atomic
def assessment_authorise(
    *,
    actor: Any,
    assessment_id: int,
    version: int | None,
    authorised_on: date | None,
    comment: str = "",
    late_reason: str = "",
) -> Assessment:
    assessment = _submitted(actor, assessment_id, version)
    authorised_on = past_date(
        authorised_on,
        field="authorised_on",
        label="the date of authorisation",
        not_before=assessment.started_on,
        before_label="the date the assessment started",
    )
    if authorised_on > assessment.due_on and not (assessment.late_reason or late_reason.strip()):
        raise DomainError(
            f"The assessment was due on {assessment.due_on:%-d %B %Y}: enter why it is late",
            field="late_reason",
        )
    assessment.late_reason = assessment.late_reason or late_reason.strip()
    assessment.status = Assessment.Status.AUTHORISED
    assessment.authorised_by = actor
    assessment.authorised_on = authorised_on
    assessment.manager_comment = comment.strip()
    bump(assessment)
    audit_write(
        actor=actor,
        action="assessment.authorise",
        obj=assessment,
        changes={
            "status": [Assessment.Status.SUBMITTED, assessment.status],
            "authorised_on": [None, authorised_on.isoformat()],
        },
    )
    return assessment


@transaction.atomic
def assessment_return(
    *, actor: Any, assessment_id: int, version: int | None, comment: str
) -> Assessment:
    comment = required_text(comment, "comment", "Enter what needs to change")
    assessment = _submitted(actor, assessment_id, version)
    assessment.status = Assessment.Status.RETURNED
    assessment.manager_comment = comment
    bump(assessment)
    audit_write(
        actor=actor,
        action="assessment.return",
        obj=assessment,
        changes={"status": [Assessment.Status.SUBMITTED, assessment.status]},
        summary=comment,
    )
    return assessment


# --- Plans and closure -----------------------------------------------------------------------


@transaction.atomic
def cin_plan_start(*, actor: Any, referral_id: int, start_date: date | None) -> CinPlan:
    referral = lock(Referral, referral_id)
    require(actor, "casework.work_on_referral", referral)
    _open(referral)
    if referral.cin_plans.filter(end_date__isnull=True).exists():
        raise DomainError("This child already has a child in need plan")
    start_date = past_date(
        start_date,
        field="start_date",
        label="the plan start date",
        not_before=referral.referral_date,
        before_label="the referral date",
    )
    plan = CinPlan.objects.create(
        referral=referral,
        start_date=start_date,
        next_review_on=due_on(start_date, "cin_plan_review_working_days"),
        started_by=actor,
    )
    audit_write(
        actor=actor,
        action="cin_plan.start",
        obj=plan,
        changes={"start_date": [None, start_date.isoformat()]},
        summary=f"Child in need plan for {referral.person.full_name}",
    )
    return plan


def _end_plan(actor: Any, plan: CinPlan, end_date: date) -> None:
    plan.end_date = end_date
    plan.next_review_on = None
    plan.save()
    audit_write(
        actor=actor,
        action="cin_plan.end",
        obj=plan,
        changes={"end_date": [None, end_date.isoformat()]},
    )


@transaction.atomic
def cin_plan_end(*, actor: Any, plan_id: int, end_date: date | None) -> CinPlan:
    plan = lock(CinPlan, plan_id)
    require(actor, "casework.work_on_referral", plan.referral)
    if plan.end_date:
        raise ConflictError("This plan has already ended")
    end_date = past_date(
        end_date,
        field="end_date",
        label="the plan end date",
        not_before=plan.start_date,
        before_label="the plan start date",
    )
    _end_plan(actor, plan, end_date)
    return plan


@transaction.atomic
def plan_review_record(
    *,
    actor: Any,
    reviewed_on: date | None,
    note: str,
    cin_plan_id: int | None = None,
    early_help_id: int | None = None,
) -> PlanReview:
    """A review of a child in need plan or an early help plan; sets the next review date."""
    if cin_plan_id:
        plan = lock(CinPlan, cin_plan_id)
        require(actor, "casework.work_on_referral", plan.referral)
        started, clock, target = plan.start_date, "cin_plan_review_working_days", {"cin_plan": plan}
        if plan.end_date:
            raise DomainError("This plan has ended")
    else:
        episode = lock(EarlyHelpEpisode, early_help_id)  # type: ignore[arg-type]
        require(actor, "casework.work_on_early_help", episode)
        _episode_open(episode)
        if not episode.plan_started_on:
            raise DomainError("Record the start of the early help plan first")
        started, clock, target = (
            episode.plan_started_on,
            "early_help_review_working_days",
            {"early_help": episode},
        )
    reviewed_on = past_date(
        reviewed_on,
        field="reviewed_on",
        label="the review date",
        not_before=started,
        before_label="the plan start date",
    )
    note = required_text(note, "note", "Enter what the review found and decided")
    next_review_on = due_on(reviewed_on, clock)
    review = PlanReview.objects.create(
        reviewed_on=reviewed_on,
        note=note,
        next_review_on=next_review_on,
        recorded_by=actor,
        **target,
    )
    plan_record = next(iter(target.values()))
    previous = plan_record.next_review_on
    plan_record.next_review_on = next_review_on
    if isinstance(plan_record, EarlyHelpEpisode):
        bump(plan_record)
    else:
        plan_record.save()
    audit_write(
        actor=actor,
        action="plan.review",
        obj=plan_record,
        changes={
            "next_review_on": [
                previous.isoformat() if previous else None,
                next_review_on.isoformat(),
            ]
        },
        summary=note,
    )
    return review


@transaction.atomic
def referral_close(
    *, actor: Any, referral_id: int, version: int | None, closed_on: date | None, reason: str
) -> Referral:
    referral = lock(Referral, referral_id)
    require(actor, "casework.work_on_referral", referral)
    _require_registered_to_close(actor)
    check_version(referral, version)
    _open(referral)
    _close(actor, referral, closed_on, reason)
    return referral


def _require_registered_to_close(actor: Any) -> None:
    """Ending a statutory social work episode (closing it, stepping it down) is a social
    worker's decision, not a support worker's."""
    if not actor.is_registered_social_worker:
        raise PermissionDeniedError(
            "Only a registered social worker can close a referral or step it down. "
            "Ask the allocated social worker or your manager."
        )


def _close(
    actor: Any,
    referral: Referral,
    closed_on: date | None,
    reason: str,
    *,
    field: str = "closed_on",
    label: str = "the closure date",
) -> None:
    closed_on = past_date(
        closed_on,
        field=field,
        label=label,
        not_before=referral.referral_date,
        before_label="the referral date",
    )
    if reason not in ClosureReason.values:
        raise DomainError("Select the reason for closure", field="closure_reason")
    if referral.assessments.exclude(status=Assessment.Status.AUTHORISED).exists():
        raise DomainError(
            "An assessment is still open: have it authorised before closing", field="closed_on"
        )
    assessed = referral.assessments.exists()
    if reason in (ClosureReason.RC8, ClosureReason.RC9) and not assessed:
        raise DomainError(
            "RC8 and RC9 are for cases closed after an assessment, and this referral has none",
            field="closure_reason",
        )
    if reason in (ClosureReason.RC8, ClosureReason.RC9) and referral.cin_plans.exists():
        # CIN census rule 2990: an episode closed straight after assessment has no plan.
        raise DomainError(
            "RC8 and RC9 are for cases closed straight after an assessment, and this child "
            "had a child in need plan: choose another reason",
            field="closure_reason",
        )
    if reason == ClosureReason.RC2 and not referral.person.date_of_death:
        raise DomainError(
            "Record the child's date of death on their record before closing with RC2",
            field="closure_reason",
        )
    if assessed and not referral.primary_need:
        raise DomainError("Select the primary need before closing", field="primary_need")
    referral_closing.send(Referral, referral=referral, closed_on=closed_on, reason=reason)
    for plan in referral.cin_plans.filter(end_date__isnull=True):
        if closed_on < plan.start_date:
            raise DomainError(
                f"The child in need plan started on {plan.start_date:%-d %B %Y}: "
                "the closure date cannot be before it",
                field="closed_on",
            )
        _end_plan(actor, plan, closed_on)
    referral.closed_on = closed_on
    referral.closure_reason = reason
    referral.risk_review_due_on = None
    bump(referral)
    audit_write(
        actor=actor,
        action="referral.close",
        obj=referral,
        changes={"closed_on": [None, closed_on.isoformat()], "closure_reason": [None, reason]},
        summary=ClosureReason(reason).label,
    )


# --- Early help ------------------------------------------------------------------------------


def early_help_open(
    *,
    actor: Any,
    person: Person,
    opened_on: date,
    origin: Any = None,
    stepped_down_from: Referral | None = None,
) -> EarlyHelpEpisode:
    """Open an early help episode for the pathway advisors' queue (or return the open one)."""
    existing = _open_early_help_of(person)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _new_early_help(
                actor=actor,
                person=person,
                opened_on=opened_on,
                origin=origin,
                stepped_down_from=stepped_down_from,
            )
    except IntegrityError:
        # Opened by another session after we looked: the one-open-episode index refused ours.
        existing = _open_early_help_of(person)
        if existing is None:
            raise
        return existing


def _open_early_help_of(person: Person) -> EarlyHelpEpisode | None:
    return (
        EarlyHelpEpisode.objects.select_for_update()
        .filter(person=person, closed_on__isnull=True)
        .first()
    )


def _new_early_help(
    *,
    actor: Any,
    person: Person,
    opened_on: date,
    origin: Any,
    stepped_down_from: Referral | None,
) -> EarlyHelpEpisode:
    cal = calendar()
    episode = EarlyHelpEpisode.objects.create(
        person=person,
        origin=origin,
        stepped_down_from=stepped_down_from,
        opened_on=opened_on,
        allocation_due_on=due_on(opened_on, "early_help_allocation_working_days", cal),
        assessment_due_on=due_on(opened_on, "early_help_assessment_working_days", cal),
        opened_by=actor,
    )
    audit_write(
        actor=actor,
        action="early_help.open",
        obj=episode,
        changes={"opened_on": [None, opened_on.isoformat()]},
        summary=f"Early help opened for {person.full_name}",
    )
    return episode


@transaction.atomic
def early_help_assign(
    *,
    actor: Any,
    episode_id: int,
    version: int | None,
    advisor_id: int | None = None,
    lead_organisation: str = "",
) -> EarlyHelpEpisode:
    """A pathway advisor takes an episode from the queue, or it goes to another organisation."""
    episode = lock(EarlyHelpEpisode, episode_id)
    # Version first: an advisor acting on a page read before a colleague took the episode on
    # is told it changed, not refused.
    check_version(episode, version)
    require(actor, "casework.work_on_early_help", episode)
    _episode_open(episode)
    lead_organisation = lead_organisation.strip()
    advisor = User.objects.filter(pk=advisor_id, is_active=True).first() if advisor_id else None
    if advisor is None and not lead_organisation:
        raise DomainError(
            "Select the pathway advisor or enter the lead organisation", field="advisor"
        )
    if advisor is not None and advisor.role not in (Role.PATHWAY_ADVISOR, Role.TEAM_MANAGER):
        raise DomainError(f"{advisor} is not a pathway advisor", field="advisor")
    before = snapshot(episode, ["advisor_id", "lead_organisation"])
    episode.advisor = advisor
    episode.lead_organisation = lead_organisation
    bump(episode)
    audit_write(
        actor=actor,
        action="early_help.assign",
        obj=episode,
        changes=changes_between(before, snapshot(episode, ["advisor_id", "lead_organisation"])),
    )
    return episode


EARLY_HELP_PROGRESS_FIELDS = (
    "consent",
    "assessment_started_on",
    "assessment_completed_on",
    "plan_started_on",
)


@transaction.atomic
def early_help_update(
    *, actor: Any, episode_id: int, version: int | None, **fields: Any
) -> EarlyHelpEpisode:
    """Consent, the early help assessment and the start of the plan."""
    episode = lock(EarlyHelpEpisode, episode_id)
    # Version first: an advisor acting on a page read before a colleague took the episode on
    # is told it changed, not refused.
    check_version(episode, version)
    require(actor, "casework.work_on_early_help", episode)
    _episode_open(episode)
    unknown = set(fields) - set(EARLY_HELP_PROGRESS_FIELDS)
    if unknown:
        raise ValueError(f"Not early help fields: {sorted(unknown)}")
    merged = {name: fields.get(name, getattr(episode, name)) for name in EARLY_HELP_PROGRESS_FIELDS}
    _check_early_help_progress(episode, merged)
    before = snapshot(episode, EARLY_HELP_PROGRESS_FIELDS)
    for name, value in merged.items():
        setattr(episode, name, value)
    if not episode.reviews.exists():
        # Until the first review, it is due a review period after the plan started.
        episode.next_review_on = (
            due_on(episode.plan_started_on, "early_help_review_working_days")
            if episode.plan_started_on
            else None
        )
    changes = changes_between(before, snapshot(episode, EARLY_HELP_PROGRESS_FIELDS))
    if changes:
        bump(episode)
        audit_write(actor=actor, action="early_help.update", obj=episode, changes=changes)
    return episode


def _check_early_help_progress(episode: EarlyHelpEpisode, values: dict[str, Any]) -> None:
    if values["consent"] not in EarlyHelpEpisode.Consent.values:
        raise DomainError("Select whether the family consented", field="consent")
    started = values["assessment_started_on"]
    completed = values["assessment_completed_on"]
    plan = values["plan_started_on"]
    if (started or completed or plan) and values["consent"] != EarlyHelpEpisode.Consent.GIVEN:
        raise DomainError(
            "Early help is voluntary: record the family's consent before the assessment",
            field="consent",
        )
    if started:
        past_date(
            started,
            field="assessment_started_on",
            label="the assessment start date",
            not_before=episode.opened_on,
            before_label="the date early help was requested",
        )
    if completed:
        if not started:
            raise DomainError("Enter when the assessment started", field="assessment_started_on")
        past_date(
            completed,
            field="assessment_completed_on",
            label="the assessment completion date",
            not_before=started,
            before_label="the assessment start date",
        )
    if plan:
        if not completed:
            raise DomainError(
                "Complete the early help assessment before the plan starts",
                field="assessment_completed_on",
            )
        past_date(
            plan,
            field="plan_started_on",
            label="the plan start date",
            not_before=completed,
            before_label="the assessment completion date",
        )


def _episode_open(episode: EarlyHelpEpisode) -> None:
    if not episode.is_open:
        raise DomainError("This early help episode is closed")


@transaction.atomic
def early_help_close(
    *, actor: Any, episode_id: int, version: int | None, closed_on: date | None, reason: str
) -> EarlyHelpEpisode:
    episode = lock(EarlyHelpEpisode, episode_id)
    # Version first: an advisor acting on a page read before a colleague took the episode on
    # is told it changed, not refused.
    check_version(episode, version)
    require(actor, "casework.work_on_early_help", episode)
    _episode_open(episode)
    _close_early_help(actor, episode, closed_on, reason)
    return episode


def _close_early_help(
    actor: Any,
    episode: EarlyHelpEpisode,
    closed_on: date | None,
    reason: str,
    *,
    field: str = "closed_on",
    label: str = "the closure date",
) -> None:
    closed_on = past_date(
        closed_on,
        field=field,
        label=label,
        not_before=episode.opened_on,
        before_label="the date early help was requested",
    )
    if reason not in EarlyHelpClosure.values:
        raise DomainError("Select the reason for closure", field="closure_reason")
    episode.closed_on = closed_on
    episode.closure_reason = reason
    episode.next_review_on = None
    bump(episode)
    audit_write(
        actor=actor,
        action="early_help.close",
        obj=episode,
        changes={"closed_on": [None, closed_on.isoformat()], "closure_reason": [None, reason]},
        summary=EarlyHelpClosure(reason).label,
    )


# --- Step up and step down -------------------------------------------------------------------


@transaction.atomic
def step_down(
    *, actor: Any, referral_id: int, version: int | None, stepped_on: date | None, reason: str
) -> Step:
    """Close the social work episode and open early help for the child, as one event."""
    referral = lock(Referral, referral_id)
    require(actor, "casework.work_on_referral", referral)
    _require_registered_to_close(actor)
    check_version(referral, version)
    _open(referral)
    reason = required_text(reason, "reason", "Enter why the child steps down to early help")
    straight_after_assessment = referral.assessments.exists() and not referral.cin_plans.exists()
    closure = ClosureReason.RC9 if straight_after_assessment else ClosureReason.RC7
    _close(
        actor, referral, stepped_on, closure, field="stepped_on", label="the date of the step down"
    )
    assert stepped_on is not None  # _close checked it
    episode = early_help_open(
        actor=actor, person=referral.person, opened_on=stepped_on, stepped_down_from=referral
    )
    return _record_step(actor, Step.Direction.DOWN, referral, episode, stepped_on, reason)


@transaction.atomic
def step_up(
    *, actor: Any, episode_id: int, version: int | None, stepped_on: date | None, reason: str
) -> Step:
    """Close early help and refer the child for a social work assessment, as one event."""
    episode = lock(EarlyHelpEpisode, episode_id)
    # Version first: an advisor acting on a page read before a colleague took the episode on
    # is told it changed, not refused.
    check_version(episode, version)
    require(actor, "casework.work_on_early_help", episode)
    _episode_open(episode)
    reason = required_text(reason, "reason", "Enter why the child needs a social work response")
    if Referral.objects.filter(person=episode.person, closed_on__isnull=True).exists():
        raise DomainError("This child already has an open referral to social work")
    _close_early_help(
        actor,
        episode,
        stepped_on,
        EarlyHelpClosure.STEPPED_UP,
        field="stepped_on",
        label="the date of the step up",
    )
    assert stepped_on is not None
    referral = referral_open(
        actor=actor,
        person=episode.person,
        referral_date=stepped_on,
        source=ReferralSource.LA_EARLY_HELP,
    )
    return _record_step(actor, Step.Direction.UP, referral, episode, stepped_on, reason)


def _record_step(
    actor: Any,
    direction: str,
    referral: Referral,
    episode: EarlyHelpEpisode,
    stepped_on: date,
    reason: str,
) -> Step:
    step = Step.objects.create(
        person=referral.person,
        direction=direction,
        referral=referral,
        early_help=episode,
        stepped_on=stepped_on,
        reason=reason,
        recorded_by=actor,
    )
    audit_write(
        actor=actor,
        action=f"step.{direction}",
        obj=step,
        summary=f"{step.get_direction_display()}: {reason}",
    )
    return step


# --- Management oversight --------------------------------------------------------------------


@transaction.atomic
def oversight_record(
    *,
    actor: Any,
    person: Person,
    kind: str,
    discussion: str,
    direction: str = "",
    direction_for_id: int | None = None,
    direction_due_on: date | None = None,
    referral_id: int | None = None,
    early_help_id: int | None = None,
) -> Oversight:
    require(actor, "casework.record_oversight")
    referral = (
        Referral.objects.filter(pk=referral_id, person=person).first() if referral_id else None
    )
    if referral_id and referral is None:
        raise DomainError("That referral is not this child's")
    episode = (
        EarlyHelpEpisode.objects.select_related("advisor")
        .filter(pk=early_help_id, person=person)
        .first()
        if early_help_id
        else None
    )
    if early_help_id and episode is None:
        raise DomainError("That early help episode is not this child's")
    if not manages_the_work(actor, person, referral, episode):
        raise PermissionDeniedError(
            "Only a manager of the team that holds this child's work can record oversight"
        )
    if kind not in Oversight.Kind.values:
        raise DomainError("Select oversight or supervision", field="kind")
    discussion = required_text(discussion, "discussion", "Enter what was discussed")
    direction = direction.strip()
    direction_for = None
    if direction:
        direction_for = (
            User.objects.filter(pk=direction_for_id, is_active=True)
            .exclude(role__in=NOT_CASEWORKERS)
            .first()
            if direction_for_id
            else None
        )
        if direction_for is None:
            raise DomainError("Select who the direction is for", field="direction_for")
        if direction_due_on is None:
            raise DomainError("Enter the date the direction is due", field="direction_due_on")
        if direction_due_on < today():
            raise DomainError(
                "The direction's due date must be today or later", field="direction_due_on"
            )
    elif direction_for_id or direction_due_on:
        raise DomainError("Enter the direction given", field="direction")
    oversight = Oversight.objects.create(
        person=person,
        referral_id=referral_id,
        early_help_id=early_help_id,
        kind=kind,
        discussion=discussion,
        direction=direction,
        direction_for=direction_for,
        direction_due_on=direction_due_on if direction else None,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    audit_write(
        actor=actor,
        action="oversight.record",
        obj=oversight,
        summary=f"{oversight.get_kind_display()} for {person.full_name}",
        changes={"direction": [None, direction]} if direction else None,
    )
    return oversight


def manages_the_work(
    actor: Any,
    person: Person,
    referral: Referral | None = None,
    episode: EarlyHelpEpisode | None = None,
) -> bool:
    """A head of service oversees every child's work; a team manager only their own team's:
    the referral's team, the early help advisor's team (the early help team's while the
    episode waits for an advisor), or, for oversight of the child as a whole, a team that
    holds work with the child (the front door's, for a contact)."""
    if actor.role == Role.HEAD_OF_SERVICE:
        return True
    if actor.role != Role.TEAM_MANAGER or actor.team_id is None:
        return False
    if referral is not None:
        return referral.team_id == actor.team_id
    if episode is not None:
        if episode.advisor is None:  # waiting in the early help queue
            return bool(actor.team.kind == Team.Kind.EARLY_HELP)
        return episode.advisor.team_id == actor.team_id
    return any(holder.includes(actor) for holder in holders_of([person.pk])[person.pk])


@transaction.atomic
def oversight_direction_complete(*, actor: Any, oversight_id: int, note: str) -> Oversight:
    oversight = lock(Oversight, oversight_id)
    if actor.pk not in (
        oversight.direction_for_id,
        oversight.recorded_by_id,
    ) and not actor.has_perm("casework.record_oversight"):
        raise PermissionDeniedError("Only the worker directed or a manager can complete this")
    if not oversight.direction:
        raise DomainError("This record has no direction to complete")
    if oversight.completed_at:
        raise ConflictError("This direction has already been completed")
    oversight.completion_note = required_text(note, "note", "Enter what was done")
    oversight.completed_at = timezone.now()
    oversight.completed_by = actor
    bump(oversight)
    audit_write(
        actor=actor,
        action="oversight.complete",
        obj=oversight,
        summary=oversight.completion_note,
    )
    return oversight
