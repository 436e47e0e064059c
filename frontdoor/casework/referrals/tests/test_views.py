"""The unallocated list, allocation, team changes, risk reviews and the referral page; every
page read audited.

Through Django's test client, as a browser without JavaScript would use them. Referrals are
received on 6 November 2026; assessments are due on 13 January 2027. "Now"
is fixed in each test with `freeze`.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import (
    CONFLICT,
    ContactFactory,
    audit_since_now,
    checked_values,
    date_fields,
    error_summary,
    freeze,
    input_value,
    london,
    make_user,
    only_child,
    textarea_text,
)
from frontdoor.casework.oversight import services as oversight_services
from frontdoor.casework.referrals import services as referral_services
from frontdoor.casework.tests.factories import (
    allocated_referral,
    child_at,
    locality_team,
    make_referral,
    social_worker,
)
from frontdoor.casework.tests.pages import assessment_url, referral_url, started
from frontdoor.core.models import AuditEvent

pytestmark = pytest.mark.django_db

# --- the unallocated list and allocation -----------------------------------------------------


def test_a_team_manager_allocates_from_the_unallocated_list(
    client, monkeypatch, team, manager, worker
) -> None:
    freeze(monkeypatch, london(2026, 11, 9, 10, 0))
    lee = social_worker(team, first_name="Lee", last_name="Ward")
    allocated_referral(lee, manager)  # Lee already has one open case
    referral = make_referral(child_at(first_name="Amelia", last_name="Hart"))
    client.force_login(manager)

    listing = client.get("/casework/unallocated/").content.decode()
    assert "Locality: Norwich" in listing
    assert "Amelia Hart" in listing
    assert "6 November 2026" in listing  # referred
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in listing
    assert '13 November 2026 <strong class="govuk-tag govuk-tag--green">On time</strong>' in listing
    due_today = '9 November 2026 <strong class="govuk-tag govuk-tag--orange">Due today</strong>'
    assert due_today in listing
    assert f'href="/casework/referrals/{referral.pk}/allocate/"' in listing

    page = client.get(referral_url(referral, "allocate")).content.decode()
    assert f'value="{worker.pk}"' in page
    assert "Sam Okafor, 0 open cases" in page
    assert "Lee Ward, 1 open case<" in page
    assert page.index("Sam Okafor, 0 open cases") < page.index("Lee Ward, 1 open case")

    response = client.post(
        referral_url(referral, "allocate"), {"worker": str(worker.pk), "version": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == referral_url(referral)
    referral.refresh_from_db()
    assert (referral.worker, referral.risk_review_due_on, referral.version) == (worker, None, 2)
    follow = client.get(response["Location"]).content.decode()
    assert "Allocated to Sam Okafor" in follow
    assert "Amelia Hart" not in client.get("/casework/unallocated/").content.decode()


def test_an_unregistered_worker_is_offered_last_and_marked(client, team, manager, worker) -> None:
    # Jo, a family support worker with no cases, is below Lee, a social worker with one, and
    # below Sam with none: a statutory assessment needs a registered social worker.
    jo = social_worker(team, registered=False, first_name="Jo", last_name="Reed")
    lee = social_worker(team, first_name="Lee", last_name="Ward")
    allocated_referral(lee, manager)
    referral = make_referral()
    client.force_login(manager)

    page = client.get(referral_url(referral, "allocate")).content.decode()

    sam_at, lee_at = page.index("Sam Okafor, 0 open cases"), page.index("Lee Ward, 1 open case")
    jo_at = page.index(
        "Jo Reed, 0 open cases (not a registered social worker: cannot complete the assessment)"
    )
    assert sam_at < lee_at < jo_at
    assert f'value="{jo.pk}"' in page
    assert "Sam Okafor, 0 open cases (not" not in page


def test_allocating_without_choosing_a_worker_says_so(client, manager, worker) -> None:
    referral = make_referral()
    client.force_login(manager)
    response = client.post(referral_url(referral, "allocate"), {"version": "1"})
    assert response.status_code == 200
    assert error_summary(response.content.decode()) == [("#id_worker_0", "Select the worker")]
    referral.refresh_from_db()
    assert referral.worker is None


def test_allocating_over_someone_elses_allocation_is_a_conflict(
    client, team, manager, worker
) -> None:
    referral = make_referral()
    lee = social_worker(team, first_name="Lee", last_name="Ward")
    referral_services.referral_allocate(
        actor=manager, referral_id=referral.pk, version=1, worker_id=lee.pk
    )
    client.force_login(manager)
    response = client.post(
        referral_url(referral, "allocate"), {"worker": str(worker.pk), "version": "1"}
    )
    body = response.content.decode()
    assert error_summary(body) == [("", CONFLICT)]
    assert input_value(body, "version") == "2"
    assert checked_values(body, "worker") == [str(worker.pk)]  # the choice is kept
    assert "Lee Ward" in body  # the latest allocation
    referral.refresh_from_db()
    assert referral.worker == lee


def test_head_of_service_sees_every_team_and_referrals_with_no_team(client, team) -> None:
    other = locality_team("Locality: King's Lynn", "PE30")
    make_referral(child_at(first_name="Amelia", last_name="Hart"))
    make_referral(child_at("PE30 1AA", first_name="Ben", last_name="Cole"))
    nowhere = make_referral(child_at("IP1 1AA", first_name="Cara", last_name="Dunn"))
    client.force_login(make_user(Role.HEAD_OF_SERVICE))
    body = client.get("/casework/unallocated/").content.decode()
    assert "Locality: Norwich" in body and other.name.replace("'", "&#x27;") in body
    assert "Amelia Hart" in body and "Ben Cole" in body
    assert "No locality team yet" in body and "Cara Dunn" in body
    assert f'href="/casework/referrals/{nowhere.pk}/team/"' in body


def test_a_team_manager_sees_only_their_own_team(client, manager) -> None:
    locality_team("Locality: King's Lynn", "PE30")
    make_referral(child_at("PE30 1AA", first_name="Ben", last_name="Cole"))
    client.force_login(manager)
    body = client.get("/casework/unallocated/").content.decode()
    assert "Ben Cole" not in body
    assert "No cases waiting." in body


@pytest.mark.parametrize("role", [Role.CSW, Role.MASH_PARTNER, Role.LOCALITY_SOCIAL_WORKER])
def test_only_managers_see_the_unallocated_list(client, role) -> None:
    client.force_login(make_user(role))
    assert client.get("/casework/unallocated/").status_code == 403
    assert "/casework/unallocated/" not in client.get("/").content.decode()


def test_managers_have_unallocated_cases_in_the_navigation(client, manager) -> None:
    client.force_login(manager)
    assert 'href="/casework/unallocated/"' in client.get("/").content.decode()


def test_changing_team_needs_a_reason(client, manager) -> None:
    other = locality_team("Locality: Thetford", "IP24")
    referral = make_referral()
    client.force_login(manager)
    response = client.post(
        referral_url(referral, "team"), {"team": str(other.pk), "reason": " ", "version": "1"}
    )
    assert error_summary(response.content.decode()) == [
        ("#id_reason", "Enter why the referral goes to this team")
    ]
    response = client.post(
        referral_url(referral, "team"),
        {"team": str(other.pk), "reason": "Family moved to Thetford", "version": "1"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.team == other
    assert referral.allocations.filter(team=other, reason="Family moved to Thetford").exists()


def test_a_risk_review_needs_a_date_after_today(client, monkeypatch, manager) -> None:
    freeze(monkeypatch, london(2026, 11, 9, 10, 0))
    referral = make_referral()
    client.force_login(manager)
    data = {"note": "Spoke to the school: child attending and presenting well."}
    response = client.post(
        referral_url(referral, "risk-review"),
        data | date_fields("next_review_on", date(2026, 11, 9)),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [
        (
            "#id_next_review_on_day",
            "The next risk review must be after today and no later than 16 November 2026",
        )
    ]
    assert textarea_text(body, "note") == data["note"]
    assert not referral.risk_reviews.exists()

    response = client.post(
        referral_url(referral, "risk-review"),
        data | date_fields("next_review_on", date(2026, 11, 12)),
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.risk_review_due_on == date(2026, 11, 12)
    assert referral.risk_reviews.get().note == data["note"]


# --- the referral page -----------------------------------------------------------------------


def test_the_referral_page_shows_the_child_the_clocks_and_the_actions(
    client, on_20_november, manager, worker
) -> None:
    referral = allocated_referral(worker, manager, child_at(first_name="Amelia", last_name="Hart"))
    client.force_login(worker)
    response = client.get(referral_url(referral))
    body = response.content.decode()
    assert response.status_code == 200
    assert f'href="/people/{referral.person_id}/"' in body
    assert f"R{referral.pk:06d}" in body
    assert "2A: Schools" in body
    assert "Sam Okafor" in body
    # Child seen was due 13 November; the assessment is due 13 January 2027.
    assert "13 November 2026" in body and "Overdue" in body
    assert "13 January 2027" in body and "On time" in body
    assert "Allocation to a worker" not in body  # allocated: that clock has stopped
    assert f'href="/casework/referrals/{referral.pk}/assessments/start/"' in body
    assert f'href="/casework/referrals/{referral.pk}/close/"' in body
    assert f'href="/casework/referrals/{referral.pk}/allocate/"' not in body  # managers only
    assert f'href="/casework/referrals/{referral.pk}/oversight/"' not in body


def test_the_referral_page_lists_the_contacts_in_the_episode(client, manager) -> None:
    contact = ContactFactory()
    link = only_child(contact)
    with transaction.atomic():
        referral = referral_services.referral_open(
            actor=manager,
            person=link.person,
            referral_date=date(2026, 11, 6),
            source="2A",
            origin=link,
        )
    # No team holds a referral for a child with no postcode: it is the head of service's.
    client.force_login(make_user(Role.HEAD_OF_SERVICE))
    body = client.get(referral_url(referral)).content.decode()
    assert f'href="/contacts/{contact.pk}/">Contact C{contact.pk:06d}</a>' in body
    assert "No team yet" in body  # the child has no postcode


def test_a_manager_sees_the_unallocated_clocks_and_manager_actions(
    client, on_20_november, manager
) -> None:
    referral = make_referral()
    client.force_login(manager)
    body = client.get(referral_url(referral)).content.decode()
    assert "Allocation to a worker" in body and "9 November 2026" in body
    assert "Risk review while unallocated" in body
    for action in ("allocate", "team", "risk-review", "oversight"):
        assert f'href="/casework/referrals/{referral.pk}/{action}/"' in body


def test_partners_cannot_see_casework(client, manager, worker) -> None:
    referral = allocated_referral(worker, manager)
    assessment = started(referral, worker)
    client.force_login(make_user(Role.MASH_PARTNER))
    assert client.get(referral_url(referral)).status_code == 403
    assert client.get(assessment_url(assessment)).status_code == 403
    assert client.get(referral_url(referral, "allocate")).status_code == 403
    assert not AuditEvent.objects.filter(action="view").exists()


# --- the audit trail -------------------------------------------------------------------------


def test_every_page_get_is_audited(client, on_20_november, team, manager, worker) -> None:
    referral = allocated_referral(worker, manager)
    assessment = started(referral, worker)
    oversight = oversight_services.oversight_record(
        actor=manager, person=referral.person, kind="oversight", discussion="Agreed the plan."
    )
    client.force_login(manager)
    pages = [
        (referral_url(referral), "casework.referral", referral.pk),
        (referral_url(referral, "allocate"), "casework.referral", referral.pk),
        (referral_url(referral, "close"), "casework.referral", referral.pk),
        (assessment_url(assessment), "casework.assessment", assessment.pk),
        (f"/casework/oversight/{oversight.pk}/", "casework.oversight", oversight.pk),
        ("/casework/unallocated/", "accounts.team", team.pk),
    ]
    for url, object_type, object_id in pages:
        new = audit_since_now()
        assert client.get(url).status_code == 200, url
        event = new.get(action="view")
        assert (event.actor, event.object_type, event.object_id) == (
            manager,
            object_type,
            str(object_id),
        ), url


def test_a_missing_referral_is_404(client, manager) -> None:
    client.force_login(manager)
    assert client.get("/casework/referrals/999999/").status_code == 404
    assert client.get("/casework/assessments/999999/").status_code == 404
    assert client.get("/casework/oversight/999999/").status_code == 404


def test_the_primary_need_is_set_on_the_referral_page_where_it_is_missing(
    client, manager, worker
) -> None:
    referral = allocated_referral(worker, manager)
    client.force_login(worker)
    page = client.get(referral_url(referral)).content.decode()
    assert 'id="primary-need"' in page
    assert f'action="{referral_url(referral, "primary-need")}"' in page

    response = client.post(
        referral_url(referral, "primary-need"), {"version": "2", "primary_need": "N1"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.primary_need == "N1"
    page = client.get(referral_url(referral)).content.decode()
    assert 'id="primary-need"' not in page
    assert "N1: Abuse or neglect" in page
