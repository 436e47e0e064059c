"""The call monitoring pages through Django's test client. "Now" is Monday 16 November 2026,
10:00; the contact came in on Friday 6 November 2026 at 14:00."""

from __future__ import annotations

import pytest

from frontdoor.accounts.models import Role, Team, User
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    TeamFactory,
    datetime_fields,
    error_summary,
    input_value,
    london,
    make_user,
    textarea_text,
)
from frontdoor.quality.calls import services
from frontdoor.quality.calls.models import MonitoredCall

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

ITEMS = ("best_placed", "threshold", "consent", "advice", "tone")
GOOD = {f"{key}_grade": "good" for key in ("best_placed", "threshold", "consent", "advice", "tone")}


def test_a_manager_records_a_call_and_a_bad_form_keeps_the_feedback(
    client, cads_manager: User
) -> None:
    contact = ContactFactory()
    client.force_login(cads_manager)
    page = client.get(f"/quality/calls/new/?contact={contact.pk}").content.decode()
    assert input_value(page, "contact") == contact.reference
    data = {
        "contact": contact.reference,
        "mode": "recorded",
        **datetime_fields("listened_at", london(2026, 11, 9, 15, 30)),
        **GOOD,
        "tone_grade": "requires_improvement",
        "feedback": "Good use of the consent conversation.",
    }
    page = client.post("/quality/calls/new/", data).content.decode()
    assert error_summary(page) == [("#id_tone_comment", "Enter why the tone requires improvement")]
    assert textarea_text(page, "feedback") == "Good use of the consent conversation."
    response = client.post("/quality/calls/new/", data | {"tone_comment": "Sounded hurried."})
    call = MonitoredCall.objects.get()
    assert response["Location"] == f"/quality/calls/{call.pk}/"
    assert (call.worker, call.listened_at) == (contact.csw, london(2026, 11, 9, 15, 30))
    page = client.get("/quality/calls/").content.decode()
    assert f'href="/quality/calls/{call.pk}/">9 November 2026, 15:30</a>' in page
    client.force_login(contact.csw)
    assert client.get("/quality/calls/").status_code == 403  # not a manager
    assert client.get("/quality/calls/new/").status_code == 403


def test_the_worker_acknowledges_once_and_sees_their_history(client, cads_manager: User) -> None:
    contact = ContactFactory()
    call = services.call_record(
        actor=cads_manager,
        contact_id=contact.pk,
        listened_at=london(2026, 11, 6, 14, 5),
        mode="live",
        grades=dict.fromkeys(
            ("best_placed", "threshold", "consent", "advice", "tone"), ("good", "")
        ),
        feedback="Warm and clear with the school.",
    )
    url = f"/quality/calls/{call.pk}/"
    client.force_login(cads_manager)
    assert "Acknowledge the feedback" not in client.get(url).content.decode()
    assert client.post(url, {"reply": "x"}).status_code == 200  # refused on the page
    call.refresh_from_db()
    assert call.acknowledged_at is None
    client.force_login(contact.csw)
    assert "Warm and clear with the school." in client.get("/quality/calls/mine/").content.decode()
    assert "Acknowledge the feedback" in client.get(url).content.decode()
    assert client.post(url, {"reply": "Thank you."}).status_code == 302
    page = client.post(url, {"reply": "Thanks again."}).content.decode()
    assert error_summary(page) == [
        ("", "You have already acknowledged this feedback, on 16 November 2026: thank you")
    ]
    assert textarea_text(page, "reply") == "Thanks again."
    call.refresh_from_db()
    assert call.reply == "Thank you."


def test_a_manager_sees_only_their_teams_feedback(
    client, cads: Team, cads_manager: User, moderator: User
) -> None:
    mash = TeamFactory(name="MASH", kind=Team.Kind.MASH)
    theirs = ContactFactory(csw=make_user(Role.CSW, team=mash, first_name="Kit", last_name="Other"))
    call = services.call_record(
        actor=moderator,
        contact_id=theirs.pk,
        listened_at=london(2026, 11, 6, 14, 5),
        mode="live",
        grades=dict.fromkeys(
            ("best_placed", "threshold", "consent", "advice", "tone"), ("good", "")
        ),
        feedback="Fine.",
    )
    client.force_login(cads_manager)
    assert 'id="team-calls-none"' in client.get("/quality/calls/").content.decode()
    assert client.get(f"/quality/calls/{call.pk}/").status_code == 403
    client.force_login(moderator)
    assert "Kit Other" in client.get("/quality/calls/?worker=banana").content.decode()
