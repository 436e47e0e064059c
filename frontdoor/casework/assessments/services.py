"""Every write to an assessment: started, drafted, completed by a registered social worker,
then authorised or returned by a manager who did not write it.

The rules live here, not only in forms: dates in order and not in the future, and the "21
no factors" code alone."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from frontdoor.casework.clocks import due_on, today
from frontdoor.casework.models import (
    Assessment,
    AssessmentOutcome,
    Referral,
)
from frontdoor.casework.referrals.services import require_open
from frontdoor.core.audit import audit_write, changes_between, snapshot
from frontdoor.core.codes import AssessmentFactor
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.core.services import bump, check_version, lock, past_date, require, required_text

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


# --- Assessments -----------------------------------------------------------------------------


@transaction.atomic
def assessment_start(*, actor: Any, referral_id: int, started_on: date | None) -> Assessment:
    referral = lock(Referral, referral_id)
    require(actor, "casework.work_on_referral", referral)
    require_open(referral)
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
