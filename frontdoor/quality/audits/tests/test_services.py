"""Auditing, moderating and learning actions, through the services.

Expected values are worked out by hand: with the rubric all "good" but the rationale
"requires improvement", an overall "good" moderated to "requires improvement" stands as
"requires improvement"."""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.accounts.models import User
from frontdoor.accounts.tests.factories import DecisionFactory, london
from frontdoor.casework.tests.factories import (
    assessed_referral,
    locality_team,
    social_worker,
    team_manager,
)
from frontdoor.casework.trays import tray_for
from frontdoor.contacts.models import Decision
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.core.models import AuditEvent
from frontdoor.quality.audits import services
from frontdoor.quality.audits.models import Audit, AuditItem, LearningAction

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

KEYS = (
    "threshold",
    "rationale",
    "child_voice",
    "history",
    "consent",
    "culture_identity",
    "timeliness",
)


def rubric(**changed: tuple[str, str]) -> dict[str, tuple[str, str]]:
    """Every item "good" with no comment, but those given."""
    return dict.fromkeys(KEYS, ("good", "")) | changed


def audit_of(decision: Decision, auditor: User, overall: str = "good") -> Audit:
    return services.audit_record(
        actor=auditor,
        decision_id=decision.pk,
        grades=rubric(rationale=("requires_improvement", "Says what, not why.")),
        overall_grade=overall,
    )


def test_an_audit_is_moderated_and_the_moderated_grade_stands(
    auditor: User, moderator: User
) -> None:
    decision = DecisionFactory()
    audit = audit_of(decision, auditor)
    assert (audit.worker, audit.auditor, audit.person) == (
        decision.decided_by,
        auditor,
        decision.contact_child.person,
    )
    assert audit.audited_at == london(2026, 11, 16, 10)
    assert list(AuditItem.objects.filter(audit=audit).values_list("item", "grade", "comment")) == [
        ("threshold", "good", ""),
        ("rationale", "requires_improvement", "Says what, not why."),
        ("child_voice", "good", ""),
        ("history", "good", ""),
        ("consent", "good", ""),
        ("culture_identity", "good", ""),
        ("timeliness", "good", ""),
    ]
    assert audit.grade_standing == "good"
    services.audit_moderate(
        actor=moderator,
        audit_id=audit.pk,
        version=audit.version,
        agrees=False,
        grade="requires_improvement",
        reason="  The rationale is the heart of the decision.  ",
    )
    audit.refresh_from_db()
    assert (audit.moderated_by, audit.moderation_agrees, audit.moderation_reason) == (
        moderator,
        False,
        "The rationale is the heart of the decision.",
    )
    assert (audit.overall_grade, audit.grade_standing) == ("good", "requires_improvement")
    event = AuditEvent.objects.filter(action="quality.audit_moderate").get()
    assert event.changes == {"moderated_grade": [None, "requires_improvement"]}
    with pytest.raises(ConflictError, match="already been moderated"):
        services.audit_moderate(
            actor=moderator, audit_id=audit.pk, version=audit.version, agrees=True
        )


def test_a_moderator_who_agrees_keeps_the_auditors_grade(auditor: User, moderator: User) -> None:
    audit = audit_of(DecisionFactory(), auditor, overall="outstanding")
    services.audit_moderate(actor=moderator, audit_id=audit.pk, version=1, agrees=True)
    audit.refresh_from_db()
    assert (audit.moderation_agrees, audit.grade_standing) == (True, "outstanding")


def _refusals() -> list[str]:
    return list(
        AuditEvent.objects.filter(action="refused").order_by("id").values_list("summary", flat=True)
    )


def test_no_one_audits_a_decision_they_made_or_authorised(
    cads_manager: User, auditor: User
) -> None:
    decision = DecisionFactory(
        status=Decision.Status.AUTHORISED,
        authorised_by=cads_manager,
        authorised_at=london(2026, 11, 6, 15),
    )
    for author in (decision.decided_by, cads_manager):
        with pytest.raises(
            PermissionDeniedError, match="^You cannot audit a decision you made or authorised$"
        ):
            audit_of(decision, author)
    assert not Audit.objects.exists()
    assert _refusals() == ["quality: You cannot audit a decision you made or authorised"] * 2
    audit_of(decision, auditor)  # anyone else may
    assert Audit.objects.count() == 1


def test_no_one_audits_an_assessment_they_wrote_or_authorised() -> None:
    norwich = locality_team()
    worker, manager = social_worker(norwich), team_manager(norwich)
    assessment = assessed_referral(worker, manager).assessments.get()
    for author in (worker, manager):
        with pytest.raises(
            PermissionDeniedError, match="^You cannot audit an assessment you wrote or authorised$"
        ):
            services.audit_record(
                actor=author, assessment_id=assessment.pk, grades=rubric(), overall_grade="good"
            )
    assert not Audit.objects.exists()
    colleague = social_worker(norwich)
    audit = services.audit_record(
        actor=colleague, assessment_id=assessment.pk, grades=rubric(), overall_grade="good"
    )
    assert (audit.worker, audit.assessment) == (worker, assessment)
    with pytest.raises(ConflictError, match="already been audited"):
        services.audit_record(
            actor=social_worker(norwich),
            assessment_id=assessment.pk,
            grades=rubric(),
            overall_grade="good",
        )


def test_no_one_moderates_their_own_audit_or_an_audit_of_their_work(
    cads_manager: User, auditor: User
) -> None:
    decision = DecisionFactory(
        status=Decision.Status.AUTHORISED,
        authorised_by=cads_manager,
        authorised_at=london(2026, 11, 6, 15),
    )
    audit = audit_of(decision, auditor)
    for who, message in (
        (auditor, "You cannot moderate your own audit"),
        (decision.decided_by, "You cannot moderate an audit of your own work"),
        (cads_manager, "You cannot moderate an audit of your own work"),
    ):
        with pytest.raises(PermissionDeniedError, match=f"^{message}$"):
            services.audit_moderate(actor=who, audit_id=audit.pk, version=1, agrees=True)
    audit.refresh_from_db()
    assert (audit.is_moderated, audit.version) == (False, 1)
    assert _refusals() == [
        "quality: You cannot moderate your own audit",
        "quality: You cannot moderate an audit of your own work",
        "quality: You cannot moderate an audit of your own work",
    ]


@pytest.mark.parametrize(
    ("item", "grade", "message"),
    [
        ("rationale", "requires_improvement", "Enter why the rationale requires improvement"),
        ("child_voice", "inadequate", "Enter why the child's voice is inadequate"),
        ("history", "", "Select a grade for the use of history"),
    ],
)
def test_a_low_grade_needs_a_comment(auditor: User, item: str, grade: str, message: str) -> None:
    decision = DecisionFactory()
    with pytest.raises(DomainError, match=f"^{message}$") as error:
        services.audit_record(
            actor=auditor,
            decision_id=decision.pk,
            grades=rubric(**{item: (grade, "   ")}),
            overall_grade="good",
        )
    assert error.value.field == (f"{item}_comment" if grade else f"{item}_grade")
    assert not Audit.objects.exists()
    # Outstanding and good need no comment.
    services.audit_record(
        actor=auditor,
        decision_id=decision.pk,
        grades=rubric(**{item: ("outstanding", "")}),
        overall_grade="good",
    )


def test_moderation_that_disagrees_needs_a_different_grade_and_a_reason(
    auditor: User, moderator: User
) -> None:
    audit = audit_of(DecisionFactory(), auditor)
    for agrees, grade, reason, message in (
        (None, "", "", "Select whether you agree with the overall grade"),
        (False, "", "x", "Select the moderated grade"),
        (False, "good", "x", "Select a grade other than the auditor's, or say that you agree"),
        (False, "inadequate", " ", "Enter why the grade should be different"),
    ):
        with pytest.raises(DomainError, match=f"^{message}"):
            services.audit_moderate(
                actor=moderator,
                audit_id=audit.pk,
                version=1,
                agrees=agrees,
                grade=grade,
                reason=reason,
            )
    audit.refresh_from_db()
    assert not audit.is_moderated


def test_a_learning_action_is_in_the_workers_tray_until_they_mark_it_done(
    auditor: User, moderator: User
) -> None:
    decision = DecisionFactory()
    worker = decision.decided_by
    audit = audit_of(decision, auditor)
    with pytest.raises(PermissionDeniedError):  # only the auditor or moderator sets one
        services.learning_action_set(
            actor=worker, audit_id=audit.pk, text="x", due_on=date(2026, 11, 20)
        )
    with pytest.raises(
        DomainError, match="^The learning action's due date must be today or later$"
    ):
        services.learning_action_set(
            actor=auditor,
            audit_id=audit.pk,
            text="Read the threshold guidance",
            due_on=date(2026, 11, 13),
        )
    action = services.learning_action_set(
        actor=auditor,
        audit_id=audit.pk,
        text="Read the threshold guidance",
        due_on=date(2026, 11, 20),
    )
    mine = [(i.kind, i.worker, i.due_on, i.url) for i in tray_for(worker).mine]
    assert (
        "learning_action",
        worker,
        date(2026, 11, 20),
        f"/quality/audits/learning/{action.pk}/",
    ) in mine
    with pytest.raises(PermissionDeniedError, match="Only the worker"):
        services.learning_action_done(actor=auditor, action_id=action.pk)
    services.learning_action_done(actor=worker, action_id=action.pk, note="Read it with Maya.")
    action.refresh_from_db()
    assert (action.done_at, action.done_note) == (london(2026, 11, 16, 10), "Read it with Maya.")
    assert not [i for i in tray_for(worker).mine if i.kind == "learning_action"]
    with pytest.raises(ConflictError):
        services.learning_action_done(actor=worker, action_id=action.pk)
    assert LearningAction.objects.count() == 1
