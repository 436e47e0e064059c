"""The early help queue through Django's test client, JavaScript off; every read audited.

Dates used below, worked out by hand with England's bank holidays:
- an early help decision made on 9 November 2026 opens early help that day; it is to
  be taken on within 5 working days, by 16 November 2026;
- a plan started on 20 November 2026 is first reviewed 30 working days later, on
  6 January 2027 (Christmas Day on Friday 25 December, Boxing Day's substitute on
  Monday 28 December and New Year's Day on Friday 1 January are skipped);
- a review on 14 December 2026 sets the next one 30 working days later: 8 working days
  to Thursday 24 December, then (25 and 28 December and 1 January skipped) 3 more to
  Thursday 31 December, 5 to Friday 8 January and 14 more to 28 January 2027."""

from __future__ import annotations

from datetime import date

import pytest

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import (
    CONFLICT,
    audit_since_now,
    error_summary,
    freeze,
    london,
    make_user,
)
from frontdoor.casework.early_help import services as early_help_services
from frontdoor.casework.early_help.tests.pages import QUEUE, progress, url

pytestmark = pytest.mark.django_db

# --- the queue -------------------------------------------------------------------------------


def test_an_early_help_decision_is_in_the_queue(client, decided, advisor) -> None:
    client.force_login(advisor)
    response = client.get(QUEUE)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="episode-{decided.pk}"' in body
    assert f'href="{url(decided)}">{decided.person.full_name}</a>' in body
    assert "9 November 2026" in body
    contact = decided.origin.contact  # type: ignore[union-attr]
    assert f'href="/contacts/{contact.pk}/">Contact {contact.reference}</a>' in body
    assert "Additional needs; the school knows the family well." in body
    assert '16 November 2026 <strong class="govuk-tag govuk-tag--green">On time' in body
    assert 'value="take"' in body
    assert f'name="e{decided.pk}-advisor"' not in body  # assigning is for managers


@pytest.mark.parametrize(
    ("moment", "colour", "label"),
    [
        (london(2026, 11, 12, 9, 0), "orange", "Due soon"),  # 2 working days left
        (london(2026, 11, 16, 9, 0), "orange", "Due today"),
        (london(2026, 11, 17, 9, 0), "red", "Overdue"),
    ],
)
def test_the_queue_shows_how_close_allocation_is(
    client, monkeypatch, decided, advisor, moment, colour, label
) -> None:
    freeze(monkeypatch, moment)
    client.force_login(advisor)
    body = client.get(QUEUE).content.decode()
    assert f'<strong class="govuk-tag govuk-tag--{colour}">{label}</strong>' in body


def test_an_advisor_takes_it_on(client, decided, advisor) -> None:
    client.force_login(advisor)
    response = client.post(
        QUEUE, {"episode": decided.pk, "action": "take", f"e{decided.pk}-version": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == url(decided)
    decided.refresh_from_db()
    assert (decided.advisor, decided.lead_organisation, decided.version) == (advisor, "", 2)

    body = client.get(QUEUE).content.decode()
    assert f'id="episode-{decided.pk}"' not in body
    assert "No early help decisions are waiting." in body
    mine = body.split('id="mine"')[1]
    assert f'href="{url(decided)}">{decided.person.full_name}</a>' in mine
    assert "Assessment due 21 December 2026" in mine  # 30 working days from 9 November
    workloads = body.split('id="workloads"')[1].split('id="mine"')[0]
    assert "Priya Shah" in workloads and ">1</td>" in workloads

    page = client.get(url(decided)).content.decode()
    assert "Priya Shah, pathway advisor" in page


def test_a_manager_assigns_to_a_lead_organisation(client, decided, manager) -> None:
    client.force_login(manager)
    prefix = f"e{decided.pk}"
    response = client.post(
        QUEUE,
        {
            "episode": decided.pk,
            "action": "assign",
            f"{prefix}-version": "1",
            f"{prefix}-advisor": "",
            f"{prefix}-lead_organisation": "Northshire Primary School",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == QUEUE
    decided.refresh_from_db()
    assert (decided.advisor, decided.lead_organisation) == (None, "Northshire Primary School")


def test_a_manager_assigns_to_an_advisor(client, decided, manager, advisor) -> None:
    client.force_login(manager)
    prefix = f"e{decided.pk}"
    body = client.get(QUEUE).content.decode()
    assert f'<option value="{advisor.pk}">Priya Shah</option>' in body
    client.post(
        QUEUE,
        {
            "episode": decided.pk,
            "action": "assign",
            f"{prefix}-version": "1",
            f"{prefix}-advisor": str(advisor.pk),
            f"{prefix}-lead_organisation": "",
        },
    )
    decided.refresh_from_db()
    assert decided.advisor == advisor


def test_assigning_to_nobody_is_shown_at_the_advisor_field(client, decided, manager) -> None:
    client.force_login(manager)
    prefix = f"e{decided.pk}"
    response = client.post(
        QUEUE,
        {
            "episode": decided.pk,
            "action": "assign",
            f"{prefix}-version": "1",
            f"{prefix}-advisor": "",
            f"{prefix}-lead_organisation": "  ",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [
        (f"#id_{prefix}-advisor", "Select the pathway advisor or enter the lead organisation")
    ]
    assert f'id="id_{prefix}-advisor-error"' in body
    decided.refresh_from_db()
    assert decided.version == 1


def test_an_advisor_may_not_assign_to_others(client, decided, advisor) -> None:
    client.force_login(advisor)
    prefix = f"e{decided.pk}"
    response = client.post(
        QUEUE,
        {
            "episode": decided.pk,
            "action": "assign",
            f"{prefix}-version": "1",
            f"{prefix}-lead_organisation": "Somewhere",
        },
    )
    assert response.status_code == 403


def test_taking_what_another_advisor_just_took_is_a_conflict(client, decided, advisor) -> None:
    other = make_user(Role.PATHWAY_ADVISOR, first_name="Alex", last_name="Kerr")
    early_help_services.early_help_assign(
        actor=other, episode_id=decided.pk, version=1, advisor_id=other.pk
    )
    client.force_login(advisor)
    response = client.post(
        QUEUE, {"episode": decided.pk, "action": "take", f"e{decided.pk}-version": "1"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [("", CONFLICT)]
    assert "is now led by Alex Kerr" in body
    decided.refresh_from_db()
    assert decided.advisor == other


@pytest.mark.parametrize("role", [Role.CSW, Role.MASH_PARTNER, Role.LOCALITY_SOCIAL_WORKER])
def test_only_advisors_and_managers_see_the_queue(client, decided, role) -> None:
    client.force_login(make_user(role))
    assert client.get(QUEUE).status_code == 403
    response = client.post(
        QUEUE, {"episode": decided.pk, "action": "take", f"e{decided.pk}-version": "1"}
    )
    assert response.status_code == 403
    decided.refresh_from_db()
    assert decided.advisor is None


def test_the_queue_is_in_the_navigation_of_advisors_only(client, advisor) -> None:
    client.force_login(advisor)
    assert 'href="/casework/early-help/"' in client.get("/").content.decode()
    client.force_login(make_user(Role.CSW))
    assert 'href="/casework/early-help/"' not in client.get("/").content.decode()


def test_a_partner_may_not_open_an_episode(client, decided) -> None:
    client.force_login(make_user(Role.MASH_PARTNER))
    assert client.get(url(decided)).status_code == 403


# --- the audit trail of views ----------------------------------------------------------------


def test_every_get_writes_a_view_event(client, decided, advisor) -> None:
    client.force_login(advisor)
    new = audit_since_now()
    client.get(QUEUE)
    client.get(url(decided))
    events = [
        (e.actor_id, e.action, e.object_type, e.object_id, e.summary) for e in new.order_by("id")
    ]
    episode = ("casework.earlyhelpepisode", str(decided.pk))
    assert events == [
        (advisor.pk, "view", *episode, "Early help queue"),
        (advisor.pk, "view", *episode, ""),
    ]


def test_a_form_sent_back_with_a_problem_is_not_a_view(client, taken, advisor) -> None:
    client.force_login(advisor)
    new = audit_since_now()
    client.post(
        url(taken), progress(taken, "not_yet_asked", assessment_started_on=date(2026, 11, 9))
    )
    assert not new.exists()
