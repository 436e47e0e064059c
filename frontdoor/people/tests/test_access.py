"""Who may read a child's records (people/access.py), through the pages a user would use.

The Norwich child has an open referral held by the Norwich locality team, with a written
assessment whose analysis reads ANALYSIS. Everyone below is worked out from the model's
rules by hand: the Norwich team and its manager hold the work; a Breckland social worker,
business support and an analyst do not.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from frontdoor.accounts.models import Role, Team, User
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    DecisionFactory,
    PersonFactory,
    TeamFactory,
    audit_since_now,
    error_summary,
    freeze,
    london,
    make_user,
    only_child,
)
from frontdoor.casework.tests.factories import (
    allocated_referral,
    child_at,
    head_of_service,
    locality_team,
    social_worker,
    team_manager,
    written_assessment,
)
from frontdoor.people import access_services
from frontdoor.people.access import Scope, access_for
from frontdoor.people.models import BreakGlass, Restriction

pytestmark = pytest.mark.django_db

ANALYSIS = "Domestic abuse between the parents; mother engaging with support."
NOW = london(2026, 11, 16, 10, 0)


@pytest.fixture
def norwich(monkeypatch: Any) -> Any:
    freeze(monkeypatch, NOW)
    team = locality_team()
    manager = team_manager(team, username="lmanager")
    worker = social_worker(team, username="nrsw1")
    child = child_at("NR2 4AB", first_name="Ava", last_name="Norwich")
    referral = allocated_referral(worker, manager, child)
    assessment = written_assessment(
        referral, worker, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    return type(
        "Norwich",
        (),
        {
            "team": team,
            "manager": manager,
            "worker": worker,
            "child": child,
            "referral": referral,
            "assessment": assessment,
            "url": reverse("casework:assessment", args=[assessment.pk]),
        },
    )


def breckland_worker() -> User:
    return social_worker(locality_team("Locality: Breckland", "IP24 IP25"), username="brsw1")


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_team_holding_the_work_reads_the_analysis(norwich: Any) -> None:
    for user in (norwich.worker, norwich.manager, head_of_service()):
        page = signed_in(user).get(norwich.url)
        assert page.status_code == 200
        assert ANALYSIS in page.content.decode()


@pytest.mark.parametrize(
    "make",
    [
        breckland_worker,
        lambda: make_user(
            Role.BUSINESS_SUPPORT,
            team=TeamFactory(name="Business support", kind=Team.Kind.BUSINESS_SUPPORT),
        ),
    ],
    ids=["another locality team", "business support"],
)
def test_others_are_refused_and_break_the_glass_with_a_reason_the_manager_sees(
    norwich: Any, make: Any
) -> None:
    outsider = make()
    client = signed_in(outsider)
    events = audit_since_now()
    refused = client.get(norwich.url)
    assert refused.status_code == 403
    html = refused.content.decode()
    assert ANALYSIS not in html
    assert "You need a reason to open this record" in html
    assert [(e.action, e.person_id) for e in events] == [("refused", norwich.child.pk)]

    # A reason of spaces is refused at the field, and the attempt audited.
    glass = reverse("people:break_glass", args=[norwich.child.pk])
    blank = client.post(glass, {"reason": "   ", "next": norwich.url})
    assert blank.status_code == 200
    assert error_summary(blank.content.decode()) == [
        ("#id_reason", "Enter why you need to open this record")
    ]
    assert not BreakGlass.objects.exists()
    assert events.filter(action="break_glass.refused").count() == 1

    reason = "Police called about the child out of hours; the duty worker is unavailable."
    opened = client.post(glass, {"reason": reason, "next": norwich.url})
    assert opened.status_code == 302
    assert opened["Location"] == norwich.url
    page = client.get(norwich.url)
    assert page.status_code == 200
    assert ANALYSIS in page.content.decode()
    (row,) = BreakGlass.objects.all()
    assert (row.user, row.reason, row.expires_at) == (outsider, reason, NOW + timedelta(hours=1))
    assert events.filter(action="break_glass.open", person_id=norwich.child.pk).count() == 1

    # The Norwich manager sees the opening with its reason, and marks it reviewed.
    manager = signed_in(norwich.manager)
    report = manager.get(reverse("people:break_glass_report"))
    assert report.status_code == 200
    assert reason in report.content.decode()
    reviewed = manager.post(
        reverse("people:break_glass_report"),
        {"break_glass": row.pk, f"r{row.pk}-note": "Checked with the police: needed."},
    )
    assert reviewed.status_code == 302
    row.refresh_from_db()
    assert (row.reviewed_by, row.review_note) == (
        norwich.manager,
        "Checked with the police: needed.",
    )
    # A manager of another team does not see it.
    other = team_manager(locality_team("Locality: Breckland", "IP24 IP25"))
    assert reason not in signed_in(other).get(reverse("people:break_glass_report")).content.decode()


def test_an_analyst_sees_what_the_returns_need_and_never_the_analysis(norwich: Any) -> None:
    analyst = make_user(
        Role.PERFORMANCE_ANALYST, team=TeamFactory(name="Performance", kind=Team.Kind.PERFORMANCE)
    )
    client = signed_in(analyst)
    page = client.get(norwich.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert ANALYSIS not in html
    assert "?full=1" in html  # the way to give a reason for the rest
    whole = client.get(norwich.url + "?full=1")
    assert whole.status_code == 403
    assert "You need a reason to open this record" in whole.content.decode()
    access_services.break_glass_open(
        actor=analyst, person_id=norwich.child.pk, reason="Census query 8670Q on this child"
    )
    assert ANALYSIS in client.get(norwich.url).content.decode()


def test_the_glass_closes_after_its_minutes(norwich: Any, monkeypatch: Any) -> None:
    outsider = breckland_worker()
    access_services.break_glass_open(
        actor=outsider, person_id=norwich.child.pk, reason="Sibling's case conference"
    )
    freeze(monkeypatch, NOW + timedelta(minutes=59))
    assert access_for(outsider, norwich.child).case
    freeze(monkeypatch, NOW + timedelta(minutes=60))
    assert not access_for(outsider, norwich.child).case
    assert signed_in(outsider).get(norwich.url).status_code == 403


def test_a_team_keeps_access_for_90_days_after_closing(norwich: Any, monkeypatch: Any) -> None:
    referral = norwich.referral
    referral.closed_on = date(2026, 11, 16)
    referral.closure_reason = "RC7"
    referral.save()
    freeze(monkeypatch, london(2027, 2, 14, 10, 0))  # 90 days later
    assert access_for(norwich.worker, norwich.child).case
    freeze(monkeypatch, london(2027, 2, 15, 10, 0))  # 91 days
    assert not access_for(norwich.worker, norwich.child).case
    assert access_for(norwich.worker, norwich.child).allows(Scope.IDENTITY)


def test_the_front_door_reads_a_contact_for_30_days_after_its_decision(monkeypatch: Any) -> None:
    freeze(monkeypatch, london(2026, 11, 6, 15, 0))
    contact = ContactFactory()  # received 6 November 2026, 14:00
    link = only_child(contact)
    DecisionFactory(contact_child=link)
    centre = make_user(
        Role.CONTACT_CENTRE_OFFICER,
        team=TeamFactory(name="Contact centre", kind=Team.Kind.CONTACT_CENTRE),
    )
    page = reverse("contacts:detail", args=[contact.pk])
    assert signed_in(centre).get(page).status_code == 200
    access = access_for(centre, link.person)
    assert access.allows(Scope.INTAKE) and not access.case  # never the whole file
    freeze(monkeypatch, london(2026, 12, 6, 13, 0))  # 30 days after the decision
    assert signed_in(centre).get(page).status_code == 200
    freeze(monkeypatch, london(2026, 12, 6, 15, 0))
    refused = signed_in(centre).get(page)
    assert refused.status_code == 403


def test_a_partner_gets_a_plain_refusal_with_no_way_in(norwich: Any) -> None:
    police = make_user(Role.MASH_PARTNER)
    page = signed_in(police).get(norwich.url)
    assert page.status_code == 403
    assert "Open the record" not in page.content.decode()
    with pytest.raises(Exception, match="cannot open children's records"):
        access_services.break_glass_open(actor=police, person_id=norwich.child.pk, reason="x")


# --- restricted records ----------------------------------------------------------------------


def restrict(child: Any, hos: User, named: list[User]) -> Restriction:
    return access_services.person_restrict(
        actor=hos,
        person_id=child.pk,
        category=Restriction.Category.STAFF,
        reason="The child's mother works in the Norwich team.",
        named_user_ids=[u.pk for u in named],
    )


def test_a_restricted_record_opens_only_to_its_named_users(norwich: Any) -> None:
    hos = head_of_service(first_name="Helen", last_name="Marsh", job_title="Head of service")
    restriction = restrict(norwich.child, hos, [norwich.manager])
    # The allocated worker is not named: refused, with whom to ask, and no glass to break.
    refused = signed_in(norwich.worker).get(norwich.url)
    assert refused.status_code == 403
    html = refused.content.decode()
    assert "This record is restricted" in html and "Open the record" not in html
    assert "Helen Marsh (Head of service)" in html
    with pytest.raises(Exception, match="restricted"):
        access_services.break_glass_open(
            actor=norwich.worker, person_id=norwich.child.pk, reason="I am the worker"
        )
    assert signed_in(norwich.manager).get(norwich.url).status_code == 200
    # In search others see that a record is there and whom to ask, nothing about the child.
    found = signed_in(norwich.worker).get(reverse("people:search"), {"name": "Ava Norwich"})
    assert found.status_code == 200
    html = found.content.decode()
    assert "Restricted record" in html and "Helen Marsh" in html
    assert reverse("people:detail", args=[norwich.child.pk]) not in html
    assert "27 March 2015" not in html
    # Review: lift it, and the worker reads it again.
    assert restriction.review_due_on == date(2027, 2, 14)  # 90 days from 16 November 2026
    access_services.restriction_review(
        actor=hos,
        restriction_id=restriction.pk,
        version=restriction.version,
        keep=False,
        note="Mother has left the council's employment.",
        named_user_ids=[],
    )
    assert signed_in(norwich.worker).get(norwich.url).status_code == 200


def test_only_a_head_of_service_restricts_and_the_queue_shows_reviews_due(norwich: Any) -> None:
    page = reverse("people:restrict", args=[norwich.child.pk])
    assert signed_in(norwich.manager).get(page).status_code == 403
    hos = head_of_service()
    client = signed_in(hos)
    blank = client.post(page, {"category": "staff", "reason": "  "})
    assert error_summary(blank.content.decode()) == [
        ("#id_reason", "Enter the reason for restricting the record")
    ]
    assert not Restriction.objects.exists()
    saved = client.post(page, {"category": "staff", "reason": "Staff member's child"})
    assert saved.status_code == 302
    queue = client.get(reverse("people:restrictions"))
    assert "14 February 2027" in queue.content.decode()


# --- who has seen, and subject access --------------------------------------------------------


def test_the_childs_team_manager_sees_who_has_seen_them(norwich: Any) -> None:
    outsider = breckland_worker()
    signed_in(outsider).get(norwich.url)  # refused, and that is recorded
    signed_in(norwich.worker).get(norwich.url)
    page = signed_in(norwich.manager).get(reverse("people:who_has_seen", args=[norwich.child.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert outsider.get_full_name() in html and norwich.worker.get_full_name() in html
    other_manager = team_manager(locality_team("Locality: Breckland", "IP24 IP25"))
    seen = reverse("people:who_has_seen", args=[norwich.child.pk])
    assert signed_in(other_manager).get(seen).status_code == 403


def test_subject_access_export_is_for_a_head_of_service_and_audited(norwich: Any) -> None:
    url = reverse("people:subject_access", args=[norwich.child.pk])
    assert signed_in(norwich.manager).get(url).status_code == 403
    events = audit_since_now()
    exported = signed_in(head_of_service()).get(url, {"format": "json"})
    assert exported.status_code == 200
    assert "no-store" in exported["Cache-Control"]
    data = exported.json()
    assert ANALYSIS in str(data)
    assert events.filter(person_id=norwich.child.pk).exists()


def test_searching_is_audited_with_its_terms() -> None:
    worker = make_user(Role.CSW)
    PersonFactory(first_name="Mia", last_name="Smith")
    events = audit_since_now()
    signed_in(worker).get(reverse("people:search"), {"name": "Smith"})
    (search,) = events.filter(action="search")
    assert search.actor == worker
    assert "Smith" in str(search.changes)
    assert timezone.is_aware(search.at)
