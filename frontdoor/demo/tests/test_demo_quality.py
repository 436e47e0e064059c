"""The demo's quality loop: audits, moderation, learning actions, monitored calls and the
partner survey keep the services' rules (nobody audits or moderates their own work, only the
worker acknowledges, answers only before expiry), in realistic shares, and the app can go on
from them."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from frontdoor.accounts.models import Role, User
from frontdoor.contacts.models import Channel, Contact, Decision
from frontdoor.core.errors import ConflictError
from frontdoor.people.access import Scope, access_for
from frontdoor.quality.audits import services as audit_services
from frontdoor.quality.models import (
    Audit,
    CallItem,
    LearningAction,
    MonitoredCall,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from frontdoor.quality.survey import services as survey_services
from frontdoor.quality.survey.selectors import SurveyLinkError
from frontdoor.quality.survey.tokens import sign

from .test_demo import NOW, run_demo, run_small

TODAY = timezone.localtime(NOW).date()
LOW = {"requires_improvement", "inadequate"}
GRADES = {"outstanding", "good", "requires_improvement", "inadequate"}
AUDIT_ITEMS = {
    "threshold",
    "rationale",
    "child_voice",
    "history",
    "consent",
    "culture_identity",
    "timeliness",
}
CALL_ITEMS = {"best_placed", "threshold", "consent", "advice", "tone"}
PHONE = {Channel.PROFESSIONAL_LINE, Channel.CONTACT_CENTRE, Channel.OUT_OF_HOURS}


def local_day(moment):  # type: ignore[no-untyped-def]
    return timezone.localtime(moment).date()


def could_read(user: User, audit: Audit, at) -> bool:  # type: ignore[no-untyped-def]
    """Whether the access model let `user` read the audited work at `at`: the decision's
    intake, or the assessment's whole case."""
    scope = Scope.INTAKE if audit.decision_id else Scope.CASE
    with mock.patch("django.utils.timezone.now", return_value=at):
        return access_for(user, audit.person_id).allows(scope)


@pytest.mark.django_db
def test_audits_moderation_and_learning_actions_keep_the_rules():
    run_small(contacts=2000)

    audits = list(
        Audit.objects.select_related(
            "decision__contact_child", "assessment__referral", "auditor", "moderated_by"
        ).prefetch_related("items")
    )
    settled = Decision.objects.filter(status__in=["final", "authorised"]).count()
    on_decisions = [a for a in audits if a.decision is not None]
    # About 5 % of settled decisions (the last weeks' not audited yet), and some assessments.
    assert 0.03 * settled <= len(on_decisions) <= 0.07 * settled
    assert any(a.assessment is not None for a in audits)
    for audit in audits:
        assert (audit.decision is None) != (audit.assessment is None)
        if audit.decision is not None:
            decision = audit.decision
            assert decision.status in ("final", "authorised")
            authors = {decision.decided_by_id, decision.authorised_by_id} - {None}
            assert audit.person_id == decision.contact_child.person_id
            assert audit.worker_id == decision.decided_by_id
            settled_at = decision.authorised_at or decision.decided_at
            assert audit.audited_at > settled_at
        else:
            assessment = audit.assessment
            assert assessment is not None and assessment.status == "authorised"
            authors = {
                assessment.worker_id,
                assessment.submitted_by_id,
                assessment.authorised_by_id,
            } - {None}
            assert audit.person_id == assessment.referral.person_id
            assert audit.worker_id == assessment.worker_id
            assert assessment.authorised_on is not None
            assert local_day(audit.audited_at) > assessment.authorised_on
        # Nobody audits their own work, and only those who may audit do.
        assert audit.auditor_id not in authors
        assert audit.auditor.has_perm("quality.audit_work")
        assert could_read(audit.auditor, audit, audit.audited_at)
        assert audit.audited_at <= NOW
        items = {item.item: item for item in audit.items.all()}
        assert set(items) == AUDIT_ITEMS and audit.overall_grade in GRADES
        for item in items.values():
            assert item.grade in GRADES
            if item.grade in LOW:
                assert item.comment.strip()
        if audit.moderated_at is None:
            assert audit.moderated_by is None and audit.moderation_agrees is None
            assert not audit.moderated_grade and not audit.moderation_reason
            continue
        # The moderator is neither the auditor nor an author, and moderates later.
        assert audit.moderated_by is not None
        assert audit.moderated_by_id != audit.auditor_id
        assert audit.moderated_by_id not in authors
        assert audit.moderated_by.has_perm("quality.moderate_audit")
        assert could_read(audit.moderated_by, audit, audit.moderated_at)
        assert audit.audited_at < audit.moderated_at <= NOW
        if audit.moderation_agrees:
            assert audit.moderated_grade == audit.overall_grade
        else:
            assert audit.moderated_grade in GRADES - {audit.overall_grade}
            assert audit.moderation_reason.strip()

    grades = Counter(a.overall_grade for a in audits)
    assert grades["good"] + grades["requires_improvement"] >= 0.7 * len(audits)
    moderated = [a for a in audits if a.moderated_at is not None]
    assert 0.2 * len(audits) <= len(moderated) <= 0.45 * len(audits)
    assert 1 <= sum(not a.moderation_agrees for a in moderated) <= 0.3 * len(moderated)

    by_audit = {a.pk: a for a in audits}
    actions = list(LearningAction.objects.all())
    for action in actions:
        audit = by_audit[action.audit_id]
        assert audit.grade_standing in LOW
        assert action.worker_id == audit.worker_id
        assert action.set_by_id in (audit.auditor_id, audit.moderated_by_id)
        assert action.text.strip()
        assert audit.audited_at <= action.set_at <= NOW
        assert action.due_on >= local_day(action.set_at)  # set for today or later
        if action.done_at is not None:
            assert action.set_at <= action.done_at <= NOW
        else:
            assert not action.done_note
    low_audits = [a for a in audits if a.grade_standing in LOW]
    with_action = {action.audit_id for action in actions}
    assert len(with_action) >= 0.6 * len(low_audits)
    done = [action for action in actions if action.done_at is not None]
    assert len(done) >= 0.6 * len(actions)
    assert any(action.done_at is None for action in actions)


@pytest.mark.django_db
def test_monitored_calls_are_by_the_workers_manager_and_acknowledged_by_the_worker():
    run_small(contacts=2000)

    calls = list(MonitoredCall.objects.select_related("contact", "worker", "recorded_by"))
    csws = list(User.objects.filter(role=Role.CSW, username__in=["csw1", "csw2", "csw3"]))
    # About two a month for each of the three consultant social workers, over two years.
    assert 1.5 * 24 * len(csws) <= len(calls) <= 2.5 * 25 * len(csws)
    per_worker = Counter(call.worker.username for call in calls)
    assert set(per_worker) == {"csw1", "csw2", "csw3"}
    for call in calls:
        contact = call.contact
        assert contact.channel in PHONE and contact.status == Contact.Status.RECORDED
        assert call.worker_id == contact.csw_id and call.worker.role == Role.CSW
        monitor = call.recorded_by
        assert monitor.pk != call.worker_id  # nobody monitors their own call
        assert monitor.role == Role.HEAD_OF_SERVICE or (
            monitor.role == Role.TEAM_MANAGER and monitor.team_id == call.worker.team_id
        )
        assert contact.received_at <= call.listened_at <= call.recorded_at <= NOW
        assert call.mode in ("live", "recorded") and call.feedback.strip()
        if call.acknowledged_at is None:
            assert not call.reply
        else:
            assert call.recorded_at < call.acknowledged_at <= NOW
    items = CallItem.objects.filter(call__in=calls)
    assert items.count() == len(CALL_ITEMS) * len(calls)
    assert set(items.values_list("item", flat=True)) == CALL_ITEMS
    assert not items.filter(grade__in=LOW, comment="").exists()
    acknowledged = [call for call in calls if call.acknowledged_at is not None]
    assert len(acknowledged) >= 0.75 * len(calls)
    assert any(call.reply for call in acknowledged)


@pytest.mark.django_db
def test_every_contact_with_feedback_sent_has_a_survey_invitation_some_answered_in_time():
    run_small(contacts=2000)

    sent = Contact.objects.filter(feedback_sent_at__isnull=False)
    invitations = list(SurveyInvitation.objects.select_related("contact"))
    assert sorted(i.contact_id for i in invitations) == sorted(sent.values_list("pk", flat=True))
    for invitation in invitations:
        contact = invitation.contact
        assert invitation.created_at == contact.feedback_sent_at
        assert invitation.expires_at == invitation.created_at + timedelta(days=28)
        assert invitation.agency == contact.referrer_agency.strip()
        assert invitation.created_by_id == contact.csw_id
    assert len({i.token_id for i in invitations}) == len(invitations)

    questions = list(SurveyQuestion.objects.filter(active=True))
    assert len(questions) == 4  # the migration's
    responses = list(SurveyResponse.objects.select_related("invitation"))
    assert 0.2 * len(invitations) <= len(responses) <= 0.4 * len(invitations)
    assert SurveyInvitation.objects.filter(used_at__isnull=False).count() == len(responses)
    for response in responses:
        invitation = response.invitation
        # Answered while the link was open, and by now.
        assert invitation.used_at == response.answered_at
        assert invitation.created_at < response.answered_at < invitation.expires_at
        assert response.answered_at <= NOW
    answers = SurveyAnswer.objects.all()
    assert answers.count() == len(questions) * len(responses)  # all four are required
    texts = {q.pk: (q.text, q.kind) for q in questions}
    for answer in answers:
        assert answer.question_id is not None
        assert (answer.question_text, answer.kind) == texts[answer.question_id]
        low = 1 if answer.kind == "scale" else 0
        high = 5 if answer.kind == "scale" else 1
        assert low <= answer.value <= high
    scores = Counter(answers.filter(kind="scale").values_list("value", flat=True))
    total = sum(scores.values())
    assert scores[4] + scores[5] >= 0.65 * total
    assert scores[2] + scores[3] >= 0.1 * total
    comments = [r.comment for r in responses if r.comment]
    assert 0.03 * len(responses) <= len(comments) <= 0.25 * len(responses)
    assert len(set(comments)) >= 5


@pytest.mark.django_db
def test_the_app_carries_on_from_the_demos_quality_data():
    run_small(contacts=600)
    manager = User.objects.get(username="manager")

    # An open link can be answered once; an answered one is refused as used.
    open_one = (
        SurveyInvitation.objects.filter(used_at__isnull=True, expires_at__gt=NOW)
        .order_by("pk")
        .first()
    )
    assert open_one is not None
    answers = {q.pk: 1 for q in SurveyQuestion.objects.filter(active=True)}
    response = survey_services.survey_answer(
        token=sign(open_one.token_id), answers=answers, now=NOW
    )
    assert response.invitation_id == open_one.pk
    with pytest.raises(SurveyLinkError):
        survey_services.survey_answer(token=sign(open_one.token_id), answers=answers, now=NOW)

    # A decision already audited cannot be audited again; another one can.
    others = Audit.objects.filter(decision__isnull=False).exclude(decision__decided_by=manager)
    audited = others.exclude(decision__authorised_by=manager).order_by("pk").first()
    assert audited is not None
    grades = dict.fromkeys(AUDIT_ITEMS, ("good", ""))
    with pytest.raises(ConflictError, match="already been audited"):
        audit_services.audit_record(
            actor=manager, grades=grades, overall_grade="good", decision_id=audited.decision_id
        )
    fresh = (
        Decision.objects.filter(status="final", quality_audit__isnull=True)
        .exclude(decided_by=manager)
        .order_by("pk")
        .first()
    )
    assert fresh is not None
    audit = audit_services.audit_record(
        actor=manager, grades=grades, overall_grade="good", decision_id=fresh.pk
    )
    assert audit.pk > audited.pk


@pytest.mark.django_db
def test_reset_replaces_the_quality_data_with_the_same_again():
    def fingerprint() -> list[tuple]:
        return [
            *Audit.objects.order_by(
                "audited_at", "decision__contact_child__contact__received_at"
            ).values_list("audited_at", "overall_grade", "auditor__username", "moderated_grade"),
            *MonitoredCall.objects.order_by("listened_at").values_list(
                "listened_at", "worker__username", "acknowledged_at"
            ),
            *SurveyResponse.objects.order_by("answered_at").values_list("answered_at", "comment"),
        ]

    run_small(contacts=400)
    first = fingerprint()
    counts = (Audit.objects.count(), MonitoredCall.objects.count(), SurveyAnswer.objects.count())
    assert all(counts)

    run_small(contacts=400)

    assert fingerprint() == first
    assert (
        Audit.objects.count(),
        MonitoredCall.objects.count(),
        SurveyAnswer.objects.count(),
    ) == counts
    run_demo("--contacts=400")  # data present: nothing added
    assert Audit.objects.count() == counts[0]
