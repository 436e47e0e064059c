"""Assessment services: started, drafted, completed and authorised or returned.

"Now" is frozen at Monday 16 November 2026, 10:00 unless a test says otherwise. Referrals
are dated Friday 6 November 2026 (see factories). Every expected date was counted on a
printed calendar: England bank holidays in the period are Fri 25 Dec 2026, Mon 28 Dec 2026
(Boxing Day's substitute, 26 Dec being a Saturday) and Fri 1 Jan 2027.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from frontdoor.accounts.models import Team, User
from frontdoor.accounts.tests.factories import (
    freeze,
    london,
)
from frontdoor.casework.assessments import services as assessment_services
from frontdoor.casework.models import (
    Assessment,
)
from frontdoor.casework.tests.factories import (
    allocated_referral,
    db_state,
    head_of_service,
    last_event,
    social_worker,
    submitted_assessment,
    team_manager,
    written_assessment,
)
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.core.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

# --- assessments -------------------------------------------------------------------------------


def test_assessment_starts_with_its_45_working_day_clock(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = allocated_referral(worker, manager)
    # Started by the manager, it is still the allocated worker's assessment.
    assessment = assessment_services.assessment_start(
        actor=manager, referral_id=referral.pk, started_on=date(2026, 11, 9)
    )
    assert (assessment.worker, assessment.status) == (worker, "in_progress")
    # Fri 6 Nov + 45: Nov 9-30 (16), Dec 1-24 (34), skip 25 and 28, Dec 29-31 (37),
    # skip 1 Jan, Jan 4-8 (42), 11, 12, 13 -> Wed 13 Jan 2027.
    assert assessment.due_on == date(2027, 1, 13)
    event = last_event("assessment.start")
    assert (event.actor, event.object_type) == (manager, "casework.assessment")
    assert event.changes == {"started_on": [None, "2026-11-09"]}


@pytest.mark.parametrize(
    ("started_on", "message"),
    [
        (None, "Enter the date the assessment started"),
        (date(2026, 11, 17), "The date the assessment started must be today or in the past"),
        (
            date(2026, 11, 5),
            "The date the assessment started must be the same as or after the referral date "
            r"\(6 November 2026\)",
        ),
    ],
)
def test_assessment_start_date_checked(
    norwich: Team, manager: User, worker: User, started_on: date | None, message: str
) -> None:
    referral = allocated_referral(worker, manager)
    before = db_state()
    with pytest.raises(DomainError, match=f"^{message}$"):
        assessment_services.assessment_start(
            actor=worker, referral_id=referral.pk, started_on=started_on
        )
    assert db_state() == before


def test_only_one_assessment_in_progress(norwich: Team, manager: User, worker: User) -> None:
    referral = allocated_referral(worker, manager)
    assessment_services.assessment_start(
        actor=worker, referral_id=referral.pk, started_on=date(2026, 11, 9)
    )
    before = db_state()
    with pytest.raises(DomainError, match="already has an assessment in progress"):
        assessment_services.assessment_start(
            actor=worker, referral_id=referral.pk, started_on=date(2026, 11, 10)
        )
    assert db_state() == before


def test_a_worker_not_allocated_cannot_start_the_assessment(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = allocated_referral(worker, manager)
    with pytest.raises(PermissionDeniedError):
        assessment_services.assessment_start(
            actor=social_worker(norwich), referral_id=referral.pk, started_on=date(2026, 11, 9)
        )
    assert not Assessment.objects.exists()


def test_assessment_update_saves_and_audits_what_changed(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = allocated_referral(worker, manager)
    assessment = assessment_services.assessment_start(
        actor=worker, referral_id=referral.pk, started_on=date(2026, 11, 9)
    )
    assessment = assessment_services.assessment_update(
        actor=worker,
        assessment_id=assessment.pk,
        version=assessment.version,
        child_seen_on=date(2026, 11, 10),
        factors=["3B", "4B", "3B"],
        analysis="  Parents separated.  ",
    )
    assessment.refresh_from_db()
    assert assessment.factors == ["3B", "4B"]  # the repeat is dropped
    assert assessment.analysis == "Parents separated."
    assert assessment.version == 2
    assert last_event("assessment.update").changes == {
        "analysis": ["", "Parents separated."],
        "child_seen_on": [None, "2026-11-10"],
        "factors": [[], ["3B", "4B"]],
    }
    # Saving the same again changes nothing and writes no audit row.
    count = AuditEvent.objects.count()
    assessment_services.assessment_update(
        actor=worker, assessment_id=assessment.pk, version=2, analysis="Parents separated."
    )
    assert AuditEvent.objects.count() == count
    assert Assessment.objects.get().version == 2


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"factors": ["21", "3B"]},
            "Select \u201cNo factors identified\u201d on its own, or only the factors identified",
        ),
        ({"factors": ["3B", "99Z"]}, "Not an assessment factor: 99Z"),
        (
            {"child_seen_on": date(2026, 11, 5)},
            r"The date the child was seen must be the same as or after the referral date "
            r"\(6 November 2026\)",
        ),
        (
            {"child_seen_on": date(2026, 11, 17)},
            "The date the child was seen must be today or in the past",
        ),
        ({"outcome": "adoption"}, "Select the outcome of the assessment"),
    ],
)
def test_assessment_update_refuses_bad_values_and_saves_nothing(
    norwich: Team, manager: User, worker: User, fields: dict[str, Any], message: str
) -> None:
    referral = allocated_referral(worker, manager)
    assessment = assessment_services.assessment_start(
        actor=worker, referral_id=referral.pk, started_on=date(2026, 11, 9)
    )
    before = db_state()
    with pytest.raises(DomainError, match=f"^{message}$"):
        # The good analysis in the same call is not kept either.
        assessment_services.assessment_update(
            actor=worker,
            assessment_id=assessment.pk,
            version=assessment.version,
            analysis="A good analysis.",
            **fields,
        )
    assert db_state() == before


def test_no_factors_code_alone_is_accepted(norwich: Team, manager: User, worker: User) -> None:
    referral = allocated_referral(worker, manager)
    assessment = assessment_services.assessment_start(
        actor=worker, referral_id=referral.pk, started_on=date(2026, 11, 9)
    )
    assessment_services.assessment_update(
        actor=worker, assessment_id=assessment.pk, version=1, factors=["21"]
    )
    assert Assessment.objects.get().factors == ["21"]


def test_completion_sends_the_assessment_for_authorisation(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = allocated_referral(worker, manager)
    assessment = written_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    assessment_services.assessment_complete(
        actor=worker, assessment_id=assessment.pk, version=assessment.version
    )
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    assert (assessment.submitted_by, assessment.submitted_at) == (
        worker,
        london(2026, 11, 16, 10, 0),
    )
    event = last_event("assessment.complete")
    assert (event.actor, event.changes) == (worker, {"status": ["in_progress", "submitted"]})


def test_completion_by_an_unregistered_worker_is_refused(norwich: Team, manager: User) -> None:
    unqualified = social_worker(norwich, registered=False)
    referral = allocated_referral(unqualified, manager)
    assessment = written_assessment(
        referral, unqualified, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    before = db_state()
    with pytest.raises(PermissionDeniedError, match="^Only a registered social worker"):
        assessment_services.assessment_complete(
            actor=unqualified, assessment_id=assessment.pk, version=assessment.version
        )
    assert db_state() == before
    # Their registered manager can complete it for them.
    assessment_services.assessment_complete(actor=manager, assessment_id=assessment.pk, version=2)
    assert Assessment.objects.get().submitted_by == manager


def test_completion_refused_while_something_is_missing(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = allocated_referral(worker, manager)
    assessment = written_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    assessment = assessment_services.assessment_update(
        actor=worker, assessment_id=assessment.pk, version=assessment.version, child_views=""
    )
    before = db_state()
    with pytest.raises(DomainError, match="^Enter the child's views$") as raised:
        assessment_services.assessment_complete(
            actor=worker, assessment_id=assessment.pk, version=assessment.version
        )
    assert raised.value.field == "child_views"
    assert db_state() == before


def test_a_late_assessment_needs_a_reason(monkeypatch: Any, norwich: Team) -> None:
    manager, worker = team_manager(norwich), social_worker(norwich)
    referral = allocated_referral(worker, manager)
    assessment = written_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    freeze(monkeypatch, london(2027, 1, 14, 9, 0))  # Thu 14 Jan: the day after it was due
    before = db_state()
    with pytest.raises(
        DomainError, match="^The assessment was due on 13 January 2027: enter why it is late$"
    ) as raised:
        assessment_services.assessment_complete(
            actor=worker, assessment_id=assessment.pk, version=assessment.version
        )
    assert raised.value.field == "late_reason"
    assert db_state() == before
    assessment = assessment_services.assessment_update(
        actor=worker,
        assessment_id=assessment.pk,
        version=assessment.version,
        late_reason="Father could not be seen until January.",
    )
    assessment_services.assessment_complete(
        actor=worker, assessment_id=assessment.pk, version=assessment.version
    )
    assert Assessment.objects.get().status == "submitted"


def test_completion_on_the_due_date_needs_no_reason(monkeypatch: Any, norwich: Team) -> None:
    manager, worker = team_manager(norwich), social_worker(norwich)
    referral = allocated_referral(worker, manager)
    assessment = written_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    freeze(monkeypatch, london(2027, 1, 13, 16, 0))  # Wed 13 Jan 2027: the due date
    assessment_services.assessment_complete(
        actor=worker, assessment_id=assessment.pk, version=assessment.version
    )
    assert Assessment.objects.get().status == "submitted"


def test_authorisation_by_the_manager(norwich: Team, manager: User, worker: User) -> None:
    referral = allocated_referral(worker, manager)
    assessment = submitted_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    assessment_services.assessment_authorise(
        actor=manager,
        assessment_id=assessment.pk,
        version=assessment.version,
        authorised_on=date(2026, 11, 13),
        comment="  Good work.  ",
    )
    assessment.refresh_from_db()
    assert assessment.status == "authorised"
    assert (assessment.authorised_by, assessment.authorised_on) == (manager, date(2026, 11, 13))
    assert assessment.manager_comment == "Good work."
    event = last_event("assessment.authorise")
    assert event.actor == manager
    assert event.changes == {
        "status": ["submitted", "authorised"],
        "authorised_on": [None, "2026-11-13"],
    }


@pytest.mark.parametrize(
    ("authorised_on", "message"),
    [
        (
            date(2026, 11, 6),
            r"The date of authorisation must be the same as or after the date the assessment "
            r"started \(9 November 2026\)",
        ),
        (date(2026, 11, 17), "The date of authorisation must be today or in the past"),
        (None, "Enter the date of authorisation"),
    ],
)
def test_authorisation_date_checked(
    norwich: Team, manager: User, worker: User, authorised_on: date | None, message: str
) -> None:
    referral = allocated_referral(worker, manager)
    assessment = submitted_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    before = db_state()
    with pytest.raises(DomainError, match=f"^{message}$"):
        assessment_services.assessment_authorise(
            actor=manager,
            assessment_id=assessment.pk,
            version=assessment.version,
            authorised_on=authorised_on,
        )
    assert db_state() == before


def test_nobody_authorises_an_assessment_they_wrote(norwich: Team) -> None:
    manager = team_manager(norwich)
    # The manager allocated to themselves, wrote and completed it.
    referral = allocated_referral(manager, manager)
    assessment = submitted_assessment(
        referral, manager, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    before = db_state()
    with pytest.raises(DomainError, match="^You cannot authorise an assessment you wrote"):
        assessment_services.assessment_authorise(
            actor=manager,
            assessment_id=assessment.pk,
            version=assessment.version,
            authorised_on=date(2026, 11, 16),
        )
    assert db_state() == before
    # Another manager can: the head of service.
    hos = head_of_service()
    assessment_services.assessment_authorise(
        actor=hos,
        assessment_id=assessment.pk,
        version=assessment.version,
        authorised_on=date(2026, 11, 16),
    )
    assert Assessment.objects.get().authorised_by == hos


def test_the_manager_who_completed_it_cannot_authorise_it(norwich: Team) -> None:
    manager = team_manager(norwich)
    unqualified = social_worker(norwich, registered=False)
    referral = allocated_referral(unqualified, manager)
    assessment = written_assessment(
        referral, unqualified, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    assessment_services.assessment_complete(actor=manager, assessment_id=assessment.pk, version=2)
    before = db_state()
    with pytest.raises(DomainError, match="^You cannot authorise an assessment you wrote"):
        assessment_services.assessment_authorise(
            actor=manager, assessment_id=assessment.pk, version=3, authorised_on=date(2026, 11, 16)
        )
    assert db_state() == before


def test_another_teams_manager_cannot_authorise(
    norwich: Team, lynn: Team, manager: User, worker: User
) -> None:
    referral = allocated_referral(worker, manager)
    assessment = submitted_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    before = db_state()
    with pytest.raises(PermissionDeniedError):
        assessment_services.assessment_authorise(
            actor=team_manager(lynn),
            assessment_id=assessment.pk,
            version=assessment.version,
            authorised_on=date(2026, 11, 16),
        )
    assert db_state() == before


def test_late_authorisation_needs_a_reason(monkeypatch: Any, norwich: Team) -> None:
    manager, worker = team_manager(norwich), social_worker(norwich)
    referral = allocated_referral(worker, manager)
    assessment = submitted_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    freeze(monkeypatch, london(2027, 1, 14, 9, 0))
    before = db_state()
    with pytest.raises(DomainError, match="^The assessment was due on 13 January 2027"):
        assessment_services.assessment_authorise(
            actor=manager,
            assessment_id=assessment.pk,
            version=assessment.version,
            authorised_on=date(2027, 1, 14),  # Thu 14 Jan: a day late
        )
    assert db_state() == before
    assessment_services.assessment_authorise(
        actor=manager,
        assessment_id=assessment.pk,
        version=assessment.version,
        authorised_on=date(2027, 1, 14),
        late_reason="  Manager on leave over Christmas.  ",
    )
    assert Assessment.objects.get().late_reason == "Manager on leave over Christmas."


def test_authorising_on_the_due_date_needs_no_reason(monkeypatch: Any, norwich: Team) -> None:
    manager, worker = team_manager(norwich), social_worker(norwich)
    referral = allocated_referral(worker, manager)
    assessment = submitted_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    freeze(monkeypatch, london(2027, 1, 14, 9, 0))
    assessment_services.assessment_authorise(
        actor=manager,
        assessment_id=assessment.pk,
        version=assessment.version,
        authorised_on=date(2027, 1, 13),  # dated on the due day: not late
    )
    assert Assessment.objects.get().late_reason == ""


def test_return_and_resubmit(norwich: Team, manager: User, worker: User) -> None:
    referral = allocated_referral(worker, manager)
    assessment = submitted_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    with pytest.raises(DomainError, match="^Enter what needs to change$"):
        assessment_services.assessment_return(
            actor=manager, assessment_id=assessment.pk, version=assessment.version, comment=" "
        )
    assessment_services.assessment_return(
        actor=manager,
        assessment_id=assessment.pk,
        version=assessment.version,
        comment="Say more about the father.",
    )
    assessment.refresh_from_db()
    assert (assessment.status, assessment.manager_comment) == (
        "returned",
        "Say more about the father.",
    )
    event = last_event("assessment.return")
    assert event.changes == {"status": ["submitted", "returned"]}
    assessment = assessment_services.assessment_update(
        actor=worker,
        assessment_id=assessment.pk,
        version=assessment.version,
        analysis="Father seen too.",
    )
    assessment_services.assessment_complete(
        actor=worker, assessment_id=assessment.pk, version=assessment.version
    )
    assert Assessment.objects.get().status == "submitted"


def test_a_submitted_assessment_cannot_be_changed(
    norwich: Team, manager: User, worker: User
) -> None:
    referral = allocated_referral(worker, manager)
    assessment = submitted_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    before = db_state()
    with pytest.raises(DomainError, match="has been submitted"):
        assessment_services.assessment_update(
            actor=worker, assessment_id=assessment.pk, version=assessment.version, analysis="x"
        )
    with pytest.raises(ConflictError):
        assessment_services.assessment_complete(
            actor=worker, assessment_id=assessment.pk, version=assessment.version
        )
    assert db_state() == before
