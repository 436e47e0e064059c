"""Opening the meeting, findings, actions and attendance through the services: permissions,
the refusals at their fields, and that a refusal saves nothing."""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.accounts.models import Agency
from frontdoor.accounts.tests.factories import audit_since_now, london
from frontdoor.casework.trays import tray_for
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.quality.case_review import services
from frontdoor.quality.case_review.models import (
    CaseReviewAction,
    CaseReviewItem,
    CaseReviewMeeting,
    CaseReviewTheme,
)
from frontdoor.quality.case_review.tests.factories import decided

pytestmark = pytest.mark.django_db

WEEK = date(2026, 11, 16)


@pytest.fixture
def meeting(head):  # type: ignore[no-untyped-def]
    decided("strategy_discussion", london(2026, 11, 10, 9, 0))
    decided("advice", london(2026, 11, 11, 9, 0), source="6")
    return services.case_review_open(actor=head, week_starting=WEEK)


def test_opening_the_week_draws_its_sample_once_and_seeds_the_themes(head) -> None:
    strategy = decided("strategy_discussion", london(2026, 11, 10, 9, 0))
    events = audit_since_now()
    meeting = services.case_review_open(actor=head, week_starting=WEEK)
    assert [(i.position, i.decision, i.reasons) for i in meeting.items.all()] == [
        (1, strategy, ["Strategy discussion"])
    ]
    assert (meeting.chair, meeting.held_on) == (head, None)
    assert meeting.rules["random_share"] == 0
    assert list(CaseReviewTheme.objects.values_list("name", flat=True)) == sorted(
        ["Threshold applied", "Consent", "History used", "Child's voice", "Partner information"]
    )
    actions = list(events.values_list("action", flat=True))
    assert actions.count("case_review.open") == 1 and actions.count("case_review.sample") == 1

    decided("strategy_discussion", london(2026, 11, 12, 9, 0))  # recorded late
    again = services.case_review_open(actor=head, week_starting=WEEK)
    assert again.pk == meeting.pk and again.items.count() == 1
    assert CaseReviewMeeting.objects.count() == 1


def test_a_week_starts_on_a_monday(head) -> None:
    with pytest.raises(DomainError) as refused:
        services.case_review_open(actor=head, week_starting=date(2026, 11, 17))
    assert refused.value.field == "week_starting"


def test_a_practitioner_cannot_open_a_meeting_or_record_a_finding(meeting, csw) -> None:
    with pytest.raises(PermissionDeniedError):
        services.case_review_open(actor=csw, week_starting=date(2026, 11, 23))
    item = meeting.items.first()
    with pytest.raises(PermissionDeniedError):
        services.case_review_finding(actor=csw, item_id=item.pk, version=None, finding="right")
    item.refresh_from_db()
    assert item.finding == ""


def test_should_have_been_different_needs_how_and_nothing_is_half_saved(
    meeting, cads_manager
) -> None:
    item = meeting.items.first()
    consent = CaseReviewTheme.objects.get(name="Consent")
    with pytest.raises(DomainError) as refused:
        services.case_review_finding(
            actor=cads_manager,
            item_id=item.pk,
            version=item.version,
            finding="different",
            finding_how="   ",
            theme_ids=[consent.pk],
        )
    assert (refused.value.field, refused.value.message) == (
        "finding_how",
        "Enter how the decision should have been different",
    )
    item.refresh_from_db()
    assert (item.finding, list(item.themes.all()), item.version) == ("", [], 1)

    with pytest.raises(DomainError) as refused:
        services.case_review_finding(
            actor=cads_manager, item_id=item.pk, version=item.version, finding=""
        )
    assert refused.value.field == "finding"

    saved = services.case_review_finding(
        actor=cads_manager,
        item_id=item.pk,
        version=item.version,
        finding="different",
        finding_how="A strategy discussion was needed.",
        theme_ids=[consent.pk],
    )
    assert (saved.finding, saved.finding_how, saved.reviewed_by) == (
        "different",
        "A strategy discussion was needed.",
        cads_manager,
    )
    assert list(saved.themes.all()) == [consent]
    with pytest.raises(ConflictError):  # a second manager's form from before the save
        services.case_review_finding(
            actor=cads_manager, item_id=item.pk, version=1, finding="right"
        )


def test_a_right_decision_keeps_no_how(meeting, head) -> None:
    item = meeting.items.first()
    saved = services.case_review_finding(
        actor=head, item_id=item.pk, version=None, finding="right", finding_how="left over"
    )
    assert (saved.finding, saved.finding_how) == ("right", "")


@pytest.mark.parametrize(
    ("owner", "due_on", "field", "message"),
    [
        (False, date(2026, 11, 30), "owner", "Select who owns the action"),
        (True, None, "due_on", "Enter the date the action is due"),
        (True, date(2026, 11, 15), "due_on", "The action's due date must be today or later"),
    ],
)
def test_an_action_needs_an_owner_and_a_due_date_not_in_the_past(
    meeting, head, csw, owner, due_on, field, message
) -> None:
    item = meeting.items.first()
    with pytest.raises(DomainError) as refused:
        services.case_review_action_add(
            actor=head,
            item_id=item.pk,
            text="Talk to the CSW about consent.",
            owner_id=csw.pk if owner else None,
            due_on=due_on,
        )
    assert (refused.value.field, refused.value.message) == (field, message)
    assert not CaseReviewAction.objects.exists()


def test_an_action_is_in_its_owners_tray_until_they_mark_it_done(meeting, head, csw) -> None:
    item = meeting.items.get(position=2)
    action = services.case_review_action_add(
        actor=head,
        item_id=item.pk,
        text="Ask the police for the incident log.",
        owner_id=csw.pk,
        due_on=date(2026, 11, 16),  # today will do
    )
    mine = [i for i in tray_for(csw).mine if i.kind == "case_review_action"]
    assert [(i.title, i.due_on, i.url) for i in mine] == [
        (
            f"{item.person.full_name}: Ask the police for the incident log.",
            date(2026, 11, 16),
            f"/quality/case-review/actions/{action.pk}/",
        )
    ]
    assert mine[0].kind_label == "Action from the case review"
    services.case_review_action_done(actor=csw, action_id=action.pk)
    assert not [i for i in tray_for(csw).mine if i.kind == "case_review_action"]
    with pytest.raises(ConflictError):
        services.case_review_action_done(actor=csw, action_id=action.pk)


def test_only_the_owner_or_a_manager_marks_an_action_done(meeting, head, csw, cads) -> None:
    from frontdoor.accounts.tests.factories import make_user

    other = make_user(team=cads)
    item = meeting.items.first()
    action = services.case_review_action_add(
        actor=head, item_id=item.pk, text="Check.", owner_id=csw.pk, due_on=date(2026, 11, 20)
    )
    with pytest.raises(PermissionDeniedError):
        services.case_review_action_done(actor=other, action_id=action.pk)
    action.refresh_from_db()
    assert action.done_at is None


def test_attendance_and_partners(meeting, head, cads_manager, csw) -> None:
    with pytest.raises(DomainError) as refused:  # a CSW does not chair
        services.case_review_attendance(
            actor=head,
            meeting_id=meeting.pk,
            version=meeting.version,
            chair_id=csw.pk,
            held_on=None,
            staff_ids=[],
        )
    assert refused.value.field == "chair"
    with pytest.raises(DomainError) as refused:
        services.case_review_attendance(
            actor=head,
            meeting_id=meeting.pk,
            version=meeting.version,
            chair_id=head.pk,
            held_on=date(2026, 11, 17),
            staff_ids=[],
        )
    assert (refused.value.field, refused.value.message) == (
        "held_on",
        "The date the meeting was held must be today or in the past",
    )
    saved = services.case_review_attendance(
        actor=head,
        meeting_id=meeting.pk,
        version=meeting.version,
        chair_id=cads_manager.pk,
        held_on=date(2026, 11, 16),
        staff_ids=[csw.pk, head.pk],
    )
    assert (saved.chair, saved.held_on) == (cads_manager, date(2026, 11, 16))
    assert set(saved.staff_attending.all()) == {csw, head}
    with pytest.raises(DomainError) as refused:
        services.case_review_partner_add(
            actor=head, meeting_id=meeting.pk, name="DS Kim Lowe", agency=""
        )
    assert refused.value.field == "agency"
    partner = services.case_review_partner_add(
        actor=head, meeting_id=meeting.pk, name=" DS Kim Lowe ", agency=Agency.POLICE
    )
    assert str(partner) == "DS Kim Lowe (Police)"
    assert CaseReviewItem.objects.filter(meeting=meeting).count() == 2
