"""Call monitoring through the services: who may record it, what it needs, who acknowledges
it, and whose feedback a manager sees."""

from __future__ import annotations

from typing import Any

import pytest

from frontdoor.accounts.models import Role, Team, User
from frontdoor.accounts.tests.factories import ContactFactory, TeamFactory, london, make_user
from frontdoor.casework.tests.factories import team_manager
from frontdoor.core.errors import ConflictError, DomainError, PermissionDeniedError
from frontdoor.quality.calls import selectors, services
from frontdoor.quality.calls.models import CallItem, MonitoredCall

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("now")]

GOOD = dict.fromkeys(("best_placed", "threshold", "consent", "advice", "tone"), ("good", ""))


def record(actor: User, contact: Any, **changed: Any) -> MonitoredCall:
    fields: dict[str, Any] = {
        "contact_id": contact.pk,
        "listened_at": london(2026, 11, 6, 14, 5),
        "mode": "live",
        "grades": GOOD,
        "feedback": "A clear conversation about who is best placed.",
    }
    return services.call_record(actor=actor, **(fields | changed))


def test_a_manager_records_feedback_and_only_the_worker_acknowledges_it_once(
    cads_manager: User,
) -> None:
    contact = ContactFactory()
    worker = contact.csw
    assert worker is not None
    call = record(
        cads_manager, contact, grades=GOOD | {"tone": ("requires_improvement", "Rushed the close.")}
    )
    assert (call.worker, call.recorded_by, call.mode) == (worker, cads_manager, "live")
    assert list(CallItem.objects.filter(call=call).values_list("item", "grade")) == [
        ("best_placed", "good"),
        ("threshold", "good"),
        ("consent", "good"),
        ("advice", "good"),
        ("tone", "requires_improvement"),
    ]
    for other in (cads_manager, make_user(Role.CSW, team=worker.team)):
        with pytest.raises(PermissionDeniedError, match="^Only the worker the feedback is for"):
            services.call_acknowledge(actor=other, call_id=call.pk)
    services.call_acknowledge(actor=worker, call_id=call.pk, reply=" Thanks, noted. ")
    call.refresh_from_db()
    assert (call.acknowledged_at, call.reply) == (london(2026, 11, 16, 10), "Thanks, noted.")
    with pytest.raises(
        ConflictError,
        match="^You have already acknowledged this feedback, on 16 November 2026: thank you$",
    ):
        services.call_acknowledge(actor=worker, call_id=call.pk, reply="again")
    call.refresh_from_db()
    assert call.reply == "Thanks, noted."


@pytest.mark.parametrize(
    ("changed", "field", "message"),
    [
        ({"feedback": "  "}, "feedback", "Enter the feedback to the worker"),
        ({"mode": ""}, "mode", "Select whether you listened live or to a recording"),
        ({"listened_at": None}, "listened_at", "Enter when you listened to the call"),
        (
            {"listened_at": london(2026, 11, 6, 13, 59)},
            "listened_at",
            "When you listened must be the same as or after the call (6 November 2026, 14:00)",
        ),
        (
            {"listened_at": london(2026, 11, 16, 10, 1)},
            "listened_at",
            "When you listened must be now or in the past",
        ),
        (
            {"grades": GOOD | {"consent": ("inadequate", "")}},
            "consent_comment",
            "Enter why consent is inadequate",
        ),
        (
            {"contact_id": 999999},
            "contact",
            "Enter the reference of a recorded contact, like C000123",
        ),
    ],
)
def test_what_a_monitored_call_needs(
    cads_manager: User, changed: dict[str, Any], field: str, message: str
) -> None:
    contact = ContactFactory()
    with pytest.raises(
        DomainError, match=f"^{message.replace('(', '.').replace(')', '.')}$"
    ) as error:
        record(cads_manager, contact, **changed)
    assert error.value.field == field
    assert not MonitoredCall.objects.exists()


def test_only_the_workers_team_manager_or_a_head_of_service_monitors(
    cads_manager: User, moderator: User
) -> None:
    contact = ContactFactory()
    other_manager = team_manager(TeamFactory(name="MASH", kind=Team.Kind.MASH))
    with pytest.raises(PermissionDeniedError, match="team manager or a head of service"):
        record(other_manager, contact)
    with pytest.raises(PermissionDeniedError):
        record(contact.csw, contact)  # type: ignore[arg-type]  # a CSW does not monitor calls
    record(moderator, contact)  # the head of service
    assert MonitoredCall.objects.count() == 1


def test_each_worker_sees_their_own_and_the_manager_their_teams(
    cads: Team, cads_manager: User, moderator: User
) -> None:
    ours = ContactFactory(csw=make_user(Role.CSW, team=cads))
    colleague = ContactFactory(csw=make_user(Role.CSW, team=cads))
    mash = TeamFactory(name="MASH", kind=Team.Kind.MASH)
    theirs = ContactFactory(csw=make_user(Role.CSW, team=mash))
    mine = record(cads_manager, ours)
    colleagues = record(cads_manager, colleague)
    other_team = record(moderator, theirs)
    assert list(selectors.calls_of(ours.csw)) == [mine]
    assert set(selectors.team_calls(cads_manager)) == {mine, colleagues}
    assert set(selectors.team_calls(moderator)) == {mine, colleagues, other_team}
    assert list(selectors.team_calls(cads_manager, worker_id=colleague.csw_id)) == [colleagues]
    assert not selectors.team_calls(ours.csw).exists()  # a worker is no manager
    assert selectors.may_see_call(cads_manager, mine)
    assert not selectors.may_see_call(cads_manager, other_team)
    assert not selectors.may_see_call(colleague.csw, mine)
