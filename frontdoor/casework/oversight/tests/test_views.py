"""Recording oversight with a direction, and marking the direction done.

Through Django's test client, as a browser without JavaScript would use them. Referrals are
received on Friday 6 November 2026; assessments are due on Wednesday 13 January 2027. "Now"
is fixed in each test with `freeze`.
"""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.accounts.tests.factories import (
    date_fields,
    error_summary,
)
from frontdoor.casework.models import Oversight
from frontdoor.casework.oversight import services as oversight_services
from frontdoor.casework.tests.factories import (
    allocated_referral,
    social_worker,
)
from frontdoor.casework.tests.pages import referral_url

pytestmark = pytest.mark.django_db

# --- oversight -------------------------------------------------------------------------------


def test_a_manager_records_a_direction_and_the_worker_marks_it_done(
    client, on_20_november, team, manager, worker
) -> None:
    referral = allocated_referral(worker, manager)
    client.force_login(manager)
    data = {
        "kind": "supervision",
        "discussion": "Reviewed progress with Sam.",
        "direction": "Visit the father before the plan review.",
        "direction_for": str(worker.pk),
    }
    response = client.post(
        referral_url(referral, "oversight"),
        data | date_fields("direction_due_on", date(2026, 11, 19)),
    )
    assert error_summary(response.content.decode()) == [
        ("#id_direction_due_on_day", "The direction's due date must be today or later")
    ]
    response = client.post(
        referral_url(referral, "oversight"),
        data | date_fields("direction_due_on", date(2026, 11, 27)),
    )
    assert response.status_code == 302
    oversight = Oversight.objects.get()
    assert (oversight.direction_for, oversight.direction_due_on) == (worker, date(2026, 11, 27))

    lee = social_worker(team)
    client.force_login(lee)
    page = client.get(f"/casework/oversight/{oversight.pk}/").content.decode()
    assert "Visit the father before the plan review." in page
    assert "Mark the direction done" not in page
    assert client.post(f"/casework/oversight/{oversight.pk}/", {"note": "x"}).status_code == 403

    client.force_login(worker)
    page = client.get(f"/casework/oversight/{oversight.pk}/").content.decode()
    assert "Mark the direction done" in page
    response = client.post(f"/casework/oversight/{oversight.pk}/", {"note": ""})
    assert error_summary(response.content.decode()) == [("#id_note", "Enter what was done")]
    response = client.post(
        f"/casework/oversight/{oversight.pk}/", {"note": "Visited on 24 November."}
    )
    assert response.status_code == 302
    oversight.refresh_from_db()
    assert (oversight.completed_by, oversight.completion_note) == (
        worker,
        "Visited on 24 November.",
    )


def test_a_direction_done_by_someone_else_meanwhile_keeps_the_note_typed(
    client, on_20_november, team, manager, worker
) -> None:
    referral = allocated_referral(worker, manager)
    oversight = oversight_services.oversight_record(
        actor=manager,
        person=referral.person,
        kind="supervision",
        discussion="Reviewed progress with Sam.",
        direction="Visit the father before the plan review.",
        direction_for_id=worker.pk,
        direction_due_on=date(2026, 11, 27),
    )
    client.force_login(worker)
    assert (
        "Mark the direction done"
        in client.get(f"/casework/oversight/{oversight.pk}/").content.decode()
    )
    oversight_services.oversight_direction_complete(
        actor=manager, oversight_id=oversight.pk, note="Father seen at the office on 19 November."
    )
    response = client.post(
        f"/casework/oversight/{oversight.pk}/", {"note": "Visited the father at home."}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert error_summary(page) == [("", "This direction has already been completed")]
    assert "Visited the father at home." in page  # what the worker typed, kept
    assert "Father seen at the office on 19 November." in page  # beside the change made
    oversight.refresh_from_db()
    assert oversight.completion_note == "Father seen at the office on 19 November."
