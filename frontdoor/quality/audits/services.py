"""Auditing a decision or an assessment, moderating the audit, and the learning actions it
sets for the worker.

No one audits their own work, and no one moderates their own audit or an audit of their own
work: "their own work" is a decision they made or authorised, or an assessment they wrote,
submitted or authorised. Such a refusal is audited (as `refused`) before it is raised, outside
the write's transaction, so that the record of the attempt stays when nothing else is saved.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from frontdoor.casework.models import Assessment
from frontdoor.contacts.models import Decision
from frontdoor.core.audit import audit_refusal, audit_write
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.core.services import bump, check_version, due_date, lock, require, required_text
from frontdoor.quality.grading import Grade, checked_grades

from .models import AUDIT_RUBRIC, Audit, AuditItem, LearningAction


class OwnWorkRefused(PermissionDeniedError):
    """Auditing or moderating one's own work, or moderating one's own audit."""


def _refuse(actor: Any, message: str, person_id: int | None) -> None:
    audit_refusal(actor=actor, reason=f"quality: {message}", person=person_id)
    raise OwnWorkRefused(message)


def authors_of_decision(decision: Decision) -> set[int]:
    return {pk for pk in (decision.decided_by_id, decision.authorised_by_id) if pk}


def authors_of_assessment(assessment: Assessment) -> set[int]:
    ids = (assessment.worker_id, assessment.submitted_by_id, assessment.authorised_by_id)
    return {pk for pk in ids if pk}


def authors_of(audit: Audit) -> set[int]:
    if audit.decision is not None:
        return authors_of_decision(audit.decision)
    assert audit.assessment is not None
    return authors_of_assessment(audit.assessment)


def audit_record(
    *,
    actor: Any,
    grades: dict[str, tuple[str, str]],
    overall_grade: str,
    summary: str = "",
    decision_id: int | None = None,
    assessment_id: int | None = None,
) -> Audit:
    """Audit a settled decision or an authorised assessment (exactly one of the two)."""
    require(actor, "quality.audit_work")
    if (decision_id is None) == (assessment_id is None):
        raise DomainError("Choose a decision or an assessment to audit")
    decision = assessment = None
    if decision_id is not None:
        decision = Decision.objects.select_related("contact_child").filter(pk=decision_id).first()
        if decision is None or not decision.is_settled:
            raise DomainError("Only a settled decision can be audited")
        person_id, worker_id = decision.contact_child.person_id, decision.decided_by_id
        if actor.pk in authors_of_decision(decision):
            _refuse(actor, "You cannot audit a decision you made or authorised", person_id)
    elif assessment_id is not None:
        assessment = Assessment.objects.select_related("referral").filter(pk=assessment_id).first()
        if assessment is None or assessment.status != Assessment.Status.AUTHORISED:
            raise DomainError("Only an authorised assessment can be audited")
        person_id, worker_id = assessment.referral.person_id, assessment.worker_id
        if actor.pk in authors_of_assessment(assessment):
            _refuse(actor, "You cannot audit an assessment you wrote or authorised", person_id)
    checked = checked_grades(AUDIT_RUBRIC, grades)
    if overall_grade not in Grade.values:
        raise DomainError("Select the overall grade", field="overall_grade")
    with transaction.atomic():
        try:
            with transaction.atomic():  # one audit of a piece of work: the unique index says
                audit = Audit.objects.create(
                    decision=decision,
                    assessment=assessment,
                    person_id=person_id,
                    worker_id=worker_id,
                    auditor=actor,
                    audited_at=timezone.now(),
                    overall_grade=overall_grade,
                    summary=summary.strip(),
                )
        except IntegrityError:
            raise ConflictError("This has already been audited") from None
        AuditItem.objects.bulk_create(
            AuditItem(audit=audit, item=key, grade=grade, comment=comment)
            for key, grade, comment in checked
        )
        audit_write(  # the items' bulk insert is in this one event's changes
            actor=actor,
            action="quality.audit_record",
            obj=audit,
            summary=f"Audit of {audit.work_label}: {Grade(overall_grade).label}",
            changes={"overall_grade": [None, overall_grade]}
            | {key: [None, grade] for key, grade, _ in checked},
        )
    return audit


def audit_moderate(
    *,
    actor: Any,
    audit_id: int,
    version: int | None,
    agrees: bool | None,
    grade: str = "",
    reason: str = "",
) -> Audit:
    """A second auditor agrees with the overall grade, or gives their own with a reason; from
    then on the moderated grade stands."""
    require(actor, "quality.moderate_audit")
    audit = Audit.objects.select_related("decision", "assessment").get(pk=audit_id)
    if actor.pk == audit.auditor_id:
        _refuse(actor, "You cannot moderate your own audit", audit.person_id)
    if actor.pk in authors_of(audit):
        _refuse(actor, "You cannot moderate an audit of your own work", audit.person_id)
    if agrees is None:
        raise DomainError("Select whether you agree with the overall grade", field="agrees")
    reason = reason.strip()
    if agrees:
        grade = audit.overall_grade
    else:
        if grade not in Grade.values:
            raise DomainError("Select the moderated grade", field="grade")
        if grade == audit.overall_grade:
            raise DomainError(
                "Select a grade other than the auditor's, or say that you agree", field="grade"
            )
        reason = required_text(reason, "reason", "Enter why the grade should be different")
    with transaction.atomic():
        audit = lock(Audit, audit_id)
        if audit.is_moderated:
            raise ConflictError("This audit has already been moderated")
        check_version(audit, version)
        audit.moderated_by = actor
        audit.moderated_at = timezone.now()
        audit.moderation_agrees = agrees
        audit.moderated_grade = grade
        audit.moderation_reason = reason
        bump(audit)
        audit_write(
            actor=actor,
            action="quality.audit_moderate",
            obj=audit,
            summary="Agreed the grade" if agrees else f"Moderated to {Grade(grade).label}",
            changes={"moderated_grade": [None, grade]},
        )
    return audit


def may_set_learning(actor: Any, audit: Audit) -> bool:
    return actor.pk in (audit.auditor_id, audit.moderated_by_id)


@transaction.atomic
def learning_action_set(
    *, actor: Any, audit_id: int, text: str, due_on: date | None
) -> LearningAction:
    """The auditor or the moderator sets the worker something to do or learn, by a date."""
    audit = Audit.objects.get(pk=audit_id)
    if not may_set_learning(actor, audit):
        raise PermissionDeniedError("Only the auditor or the moderator can set learning actions")
    text = required_text(text, "text", "Enter the learning action")
    due_on = due_date(due_on, field="due_on", what="the learning action")
    action = LearningAction.objects.create(
        audit=audit,
        worker_id=audit.worker_id,
        text=text,
        due_on=due_on,
        set_by=actor,
        set_at=timezone.now(),
    )
    audit_write(
        actor=actor,
        action="quality.learning_action_set",
        obj=action,
        person=audit.person_id,
        summary=text,
        changes={"due_on": [None, due_on]},
    )
    return action


@transaction.atomic
def learning_action_done(*, actor: Any, action_id: int, note: str = "") -> LearningAction:
    """The worker marks their learning action done."""
    action = lock(LearningAction, action_id)
    if actor.pk != action.worker_id:
        raise PermissionDeniedError("Only the worker the learning action is for can mark it done")
    if action.done_at is not None:
        raise ConflictError("This learning action has already been marked done")
    action.done_at = timezone.now()
    action.done_note = note.strip()
    bump(action)
    audit_write(
        actor=actor,
        action="quality.learning_action_done",
        obj=action,
        person=action.audit.person_id,
        summary=action.done_note or "Done",
    )
    return action
