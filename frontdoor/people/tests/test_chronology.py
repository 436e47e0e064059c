"""The chronology: the registry of providers, the events each app gives, the page, its CSV and
adding a significant event by hand."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from frontdoor.accounts.models import Role, User
from frontdoor.accounts.tests.factories import (
    ContactChildFactory,
    ContactFactory,
    DecisionFactory,
    PersonFactory,
    checked_values,
    error_summary,
    give_case_access,
    input_value,
    london,
    make_user,
    only_child,
    textarea_text,
)
from frontdoor.casework.assessments import services as assessment_services
from frontdoor.casework.oversight import services as oversight_services
from frontdoor.casework.plans import services as plan_services
from frontdoor.casework.referrals import services as referral_services
from frontdoor.casework.tests.factories import (
    locality_team,
    make_referral,
    social_worker,
    team_manager,
    written_assessment,
)
from frontdoor.casework.transitions import services as transition_services
from frontdoor.contacts.models import Decision
from frontdoor.contacts.signals import decision_settled
from frontdoor.core.errors import DomainError
from frontdoor.core.models import AuditEvent
from frontdoor.people import chronology
from frontdoor.people.chronology import ChronologyEvent, chronology_for, event_kinds
from frontdoor.people.models import Address, Merge, Person, Relationship, SignificantEvent
from frontdoor.people.services import significant_event_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker() -> User:
    return make_user(Role.CSW, first_name="Sam", last_name="Patel")


@pytest.fixture
def child() -> Person:
    return PersonFactory(first_name="Amelia", last_name="Hart")


def titles(events: Sequence[ChronologyEvent]) -> list[tuple[str, str]]:
    return [(event.kind, event.title) for event in events]


# --- what each app records -----------------------------------------------------------------


def people_events(child: Person, worker: User) -> None:
    """One of each kind of event the people app gives."""
    SignificantEvent.objects.create(
        person=child,
        occurred_on=date(2026, 10, 1),
        title="Grandmother died",
        detail="Amelia was close to her.",
        source="Mother",
        recorded_by=worker,
    )
    Address.objects.create(
        person=child, address="4 Oak Lane, Norwich", postcode="NR3 2BB", moved_in=date(2026, 9, 15)
    )
    Address.objects.create(person=child, address="1 Elm Row", postcode="NR2 1AA")  # undated
    parent = PersonFactory(first_name="Jo", last_name="Hart", kind=Person.Kind.ADULT)
    Relationship.objects.create(
        person=parent, relative=child, kind=Relationship.Kind.PARENT, started=date(2026, 8, 1)
    )
    duplicate = PersonFactory(first_name="Amelie", last_name="Hart", merged_into=child)
    merge = Merge.objects.create(kept=child, merged=duplicate, merged_by=worker)
    Merge.objects.filter(pk=merge.pk).update(merged_at=london(2026, 7, 20, 9, 0))


def contacts_events(child: Person, worker: User) -> None:
    """A contact decided as early help, and a contact decided as a referral.

    Each decision is announced as settled, as the contacts services do, so the apps that act
    on decisions (casework opens early help and the referral) record what follows.
    """
    first = ContactFactory(child__person=child, csw=worker, received_at=london(2026, 11, 2, 10, 0))
    early_help = DecisionFactory(
        contact_child=only_child(first), outcome="early_help", decided_at=london(2026, 11, 2, 15)
    )
    second = ContactFactory(child__person=child, csw=worker, received_at=london(2026, 11, 6, 14, 0))
    referral = DecisionFactory(
        contact_child=only_child(second),
        outcome="social_work_assessment",
        need_level="targeted",
        decided_at=london(2026, 11, 6, 16, 30),
    )
    for decision in (early_help, referral):
        decision_settled.send(sender=Decision, decision=decision, actor=worker)


def casework_events(child: Person, worker: User) -> None:
    """The child's referral (the contacts' one, when open) placed with a locality team,
    allocated, assessed, planned, reviewed and stepped down, with oversight."""
    team = locality_team()
    manager, social_worker_ = team_manager(team), social_worker(team)
    referral = child.referrals.filter(closed_on__isnull=True).first() or make_referral(
        child, referral_date=date(2026, 11, 6), actor=worker
    )
    referral_services.referral_team_change(
        actor=manager, referral_id=referral.pk, version=None, team_id=team.pk, reason="Norwich"
    )
    referral_services.referral_allocate(
        actor=manager, referral_id=referral.pk, version=None, worker_id=social_worker_.pk
    )
    assessment = written_assessment(
        referral, social_worker_, started_on=date(2026, 11, 9), seen_on=date(2026, 11, 10)
    )
    assessment_services.assessment_complete(
        actor=social_worker_, assessment_id=assessment.pk, version=None
    )
    assessment_services.assessment_authorise(
        actor=manager, assessment_id=assessment.pk, version=None, authorised_on=date(2026, 11, 13)
    )
    plan = plan_services.cin_plan_start(
        actor=social_worker_, referral_id=referral.pk, start_date=date(2026, 11, 16)
    )
    plan_services.plan_review_record(
        actor=social_worker_, cin_plan_id=plan.pk, reviewed_on=date(2026, 11, 17), note="Going well"
    )
    referral_services.referral_primary_need_set(
        actor=social_worker_, referral_id=referral.pk, version=None, primary_need="N1"
    )
    transition_services.step_down(
        actor=social_worker_,
        referral_id=referral.pk,
        version=None,
        stepped_on=date(2026, 11, 18),
        reason="Needs can now be met by early help",
    )
    oversight_services.oversight_record(
        actor=manager, person=child, kind="oversight", discussion="Agreed the step down"
    )


def safeguarding_events(child: Person, worker: User) -> None:
    """A MASH enquiry, police protection, a strategy discussion starting a section 47 enquiry
    that ends in a conference, and the plan it decides, with a visit."""
    from frontdoor.casework.tests.factories import head_of_service
    from frontdoor.safeguarding.mash import services as mash_services
    from frontdoor.safeguarding.protection import services as protection_services
    from frontdoor.safeguarding.section47 import services as section47_services
    from frontdoor.safeguarding.strategy import services as strategy_services
    from frontdoor.safeguarding.tests.factories import FULL_ATTENDANCE

    mash_services.mash_enquiry_open(actor=worker, person=child)
    protection_services.immediate_protection_record(
        actor=worker,
        person=child,
        kind="police_protection",
        started_at=london(2026, 11, 19, 8, 0),
        authority="Inspector Dale",
    )
    strategy_services.strategy_discussion_record(
        actor=worker,
        held_at=london(2026, 11, 19, 10, 0),
        chair_id=worker.pk,
        attendance=FULL_ATTENDANCE,
        children=[strategy_services.ChildDecision(child.pk, True, "Likely inflicted injuries")],
        information_shared="What police and health know.",
        next_steps="Section 47 enquiry.",
    )
    hos = head_of_service()
    section47 = child.section47s.get()
    section47_services.section47_outcome_record(
        actor=hos,
        section47_id=section47.pk,
        version=None,
        outcome="icpc",
        outcome_on=date(2026, 11, 19),
    )
    conference = section47_services.conference_record(
        actor=hos,
        section47_id=section47.pk,
        held_on=date(2026, 11, 20),
        outcome="cp_plan",
        chair="Independent chair",
    )
    plan = protection_services.cp_plan_start(
        actor=hos, conference_id=conference.pk, start_date=date(2026, 11, 20), category="NEG"
    )
    protection_services.cp_visit_record(
        actor=hos, plan_id=plan.pk, visited_on=date(2026, 11, 20), child_seen=True
    )


# Each app that registers a provider says here how to record one of each of its events.
EVENTS_BY_APP: dict[str, Callable[[Person, User], None]] = {
    "people": people_events,
    "contacts": contacts_events,
    "casework": casework_events,
    "safeguarding": safeguarding_events,
}


def test_chronology_includes_events_from_every_app_that_has_them(child, worker) -> None:
    apps_with_events = {
        apps.get_containing_app_config(provider.module).label  # type: ignore[union-attr]
        for provider in chronology.registered_providers()
    }
    assert {"people", "contacts"} <= apps_with_events
    missing = apps_with_events - set(EVENTS_BY_APP)
    assert not missing, f"Add to EVENTS_BY_APP how to record events of: {sorted(missing)}"
    for record in EVENTS_BY_APP.values():
        record(child, worker)

    events = chronology_for(person=child)

    assert {event.kind for event in events} == {kind for kind, _ in event_kinds()}
    assert {"contact", "decision", "referral", "assessment", "significant_event", "address"} <= {
        event.kind for event in events
    }


def test_events_are_newest_first_and_described(child, worker) -> None:
    people_events(child, worker)
    contacts_events(child, worker)

    events = chronology_for(person=child)

    duplicate = Person.objects.get(first_name="Amelie")
    references = [f"C{link.contact_id:06d}" for link in child.contact_links.order_by("id")]
    referral = child.referrals.get()
    assert titles(events) == [
        ("decision", f"Decision: Social work assessment, on contact {references[1]}"),
        ("contact", f"Contact {references[1]} received from Northshire Primary School"),
        # On the day, no time. Referred while in early help, the child steps up from it.
        ("step", "Step up to social work"),
        ("referral", f"Referral {referral.reference} opened"),
        ("early_help", "Early help closed: Stepped up to children's social care"),
        ("decision", f"Decision: Early help, on contact {references[0]}"),
        ("contact", f"Contact {references[0]} received from Northshire Primary School"),
        ("early_help", "Early help requested"),
        ("significant_event", "Grandmother died"),
        ("address", "Moved to 4 Oak Lane, Norwich, NR3 2BB"),
        ("relationship", "Relationship started: Jo Hart is parent of Amelia Hart"),
        ("merge", f"Record merged: Amelie Hart ({duplicate.pk}) into Amelia Hart"),
    ]
    assert events[-1].url == f"/people/{duplicate.pk}/"
    contact = events[1]
    assert contact.kind_label == "Contact"
    assert contact.occurred_at == london(2026, 11, 6, 14, 0) and not contact.all_day
    assert contact.detail == "Bruises on the child's arm, explained differently twice."
    assert contact.by_line == "Sam Patel (source: Dana Whitfield, Northshire Primary School)"
    assert contact.url == f"/contacts/{child.contact_links.order_by('id')[1].contact_id}/"
    significant = events[8]
    assert (significant.occurred_on, significant.all_day) == (date(2026, 10, 1), True)
    assert significant.by_line == "Sam Patel (source: Mother)"
    assert significant.detail == "Amelia was close to her."


def test_a_decision_awaiting_authorisation_is_not_yet_a_referral(child, worker) -> None:
    contact = ContactFactory(child__person=child, csw=worker)
    DecisionFactory(
        contact_child=only_child(contact),
        outcome="strategy_discussion",
        status=Decision.Status.AWAITING_AUTHORISATION,
    )
    ContactFactory(child__person=child, status="draft", received_at=london(2026, 11, 9, 9))

    events = chronology_for(person=child)

    assert titles(events) == [
        (
            "decision",
            f"Decision: Strategy discussion (awaiting authorisation), on contact "
            f"{contact.reference}",
        ),
        ("contact", f"Contact {contact.reference} received from Northshire Primary School"),
    ]


def test_filters_by_type(child, worker) -> None:
    people_events(child, worker)
    contacts_events(child, worker)

    events = chronology_for(person=child, kinds=["referral", "significant_event"])

    assert [event.kind for event in events] == ["referral", "significant_event"]


def test_filters_by_local_days_inclusive(child, worker) -> None:
    # 00:30 on 1 July in London (BST) is 23:30 on 30 June in UTC.
    ContactFactory(child__person=child, received_at=london(2026, 7, 1, 0, 30))
    SignificantEvent.objects.create(
        person=child, occurred_on=date(2026, 7, 3), title="Started school", recorded_by=worker
    )

    def kinds(date_from: date | None, date_to: date | None) -> list[str]:
        return [e.kind for e in chronology_for(person=child, date_from=date_from, date_to=date_to)]

    assert kinds(date(2026, 7, 1), None) == ["significant_event", "contact"]
    assert kinds(None, date(2026, 6, 30)) == []
    assert kinds(date(2026, 7, 1), date(2026, 7, 1)) == ["contact"]
    assert kinds(date(2026, 7, 3), date(2026, 7, 3)) == ["significant_event"]
    assert kinds(date(2026, 7, 2), date(2026, 7, 2)) == []


def test_events_of_records_merged_into_the_person_are_included(child, worker) -> None:
    merged = PersonFactory(first_name="Amelie", last_name="Hart", merged_into=child)
    merged_earlier = PersonFactory(first_name="Emily", last_name="Hart", merged_into=merged)
    elsewhere = PersonFactory(first_name="Other", last_name="Child")
    SignificantEvent.objects.create(
        person=merged,
        occurred_on=date(2026, 5, 1),
        title="On the merged record",
        recorded_by=worker,
    )
    SignificantEvent.objects.create(
        person=merged_earlier,
        occurred_on=date(2026, 4, 1),
        title="Merged earlier",
        recorded_by=worker,
    )
    SignificantEvent.objects.create(
        person=elsewhere, occurred_on=date(2026, 4, 1), title="Not this child", recorded_by=worker
    )
    # One contact about the child and the (then separate) duplicate is one line.
    contact = ContactFactory(child__person=child, received_at=london(2026, 6, 1, 9, 0))
    ContactChildFactory(contact=contact, person=merged)

    events = chronology_for(person=child)

    assert [(e.person_id, e.title) for e in events] == [
        (child.pk, f"Contact {contact.reference} received from Northshire Primary School"),
        (merged.pk, "On the merged record"),
        (merged_earlier.pk, "Merged earlier"),
    ]
    assert [e.title for e in chronology_for(person=elsewhere)] == ["Not this child"]


def test_each_provider_reads_in_a_fixed_number_of_queries(child, worker) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            chronology_for(person=child)
        return len(captured)

    people_events(child, worker)
    contacts_events(child, worker)
    few = queries()
    for _ in range(3):
        contacts_events(child, worker)
        SignificantEvent.objects.create(
            person=child, occurred_on=date(2026, 1, 1), title="More", recorded_by=worker
        )
        ContactChildFactory(person=PersonFactory(merged_into=child))
    many = queries()
    # Every provider one query, and one per level of the merge chain (here one, and the
    # query that finds no more), however many events there are.
    assert many == few
    assert few == len(chronology.registered_providers()) + 2


# --- the registry ---------------------------------------------------------------------------


def missing_episodes(
    person_ids: Sequence[int], date_from: date | None, date_to: date | None
) -> Iterator[ChronologyEvent]:
    """Stands in for a provider another app (missing children, say) registers from its own code."""
    for person_id in person_ids:
        yield ChronologyEvent(
            person_id=person_id,
            occurred_at=london(2026, 11, 10, 11, 0),
            kind="missing_episode",
            title="Missing from home",
            recorded_by="Police, health and CADS",
        )


@contextmanager
def registered(provider: Any, **kinds: str) -> Iterator[None]:
    chronology.register_provider(provider, kinds=kinds)
    try:
        yield
    finally:
        chronology.unregister_provider(provider)


def test_a_provider_registered_by_another_app_plugs_in(child, worker, client) -> None:
    contacts_events(child, worker)
    assert "missing_episode" not in dict(event_kinds())

    with registered(missing_episodes, missing_episode="Missing episode"):
        events = chronology_for(person=child)
        assert titles(events)[0] == ("missing_episode", "Missing from home")
        assert events[0].kind_label == "Missing episode"
        only = chronology_for(person=child, kinds=["missing_episode"])
        assert titles(only) == [("missing_episode", "Missing from home")]
        assert not chronology_for(
            person=child, date_to=date(2026, 11, 9), kinds=["missing_episode"]
        )
        give_case_access(worker, child)
        client.force_login(worker)
        page = client.get(f"/people/{child.pk}/chronology/").content.decode()
        assert 'value="missing_episode"' in page and "Missing from home" in page

    assert "missing_episode" not in dict(event_kinds())
    assert "missing_episode" not in {e.kind for e in chronology_for(person=child)}


def test_the_registry_refuses_muddles(child) -> None:
    with pytest.raises(ValueError, match="must name the kinds"):
        chronology.register_provider(missing_episodes, kinds={})
    with pytest.raises(ValueError, match="already labelled"):
        chronology.register_provider(missing_episodes, kinds={"contact": "Phone call"})
    assert missing_episodes not in [p.fetch for p in chronology.registered_providers()]
    with (
        registered(missing_episodes, assessment="Assessment"),
        pytest.raises(ValueError, match="undeclared kind 'missing_episode'"),
    ):
        chronology_for(person=child)
    with pytest.raises(TypeError, match="aware datetime"):
        naive = date(2026, 1, 1)
        ChronologyEvent(person_id=1, occurred_at=naive, kind="contact", title="x")  # type: ignore[arg-type]


# --- the page -------------------------------------------------------------------------------


@pytest.fixture
def signed_in(client, worker, child):
    give_case_access(worker, child)
    client.force_login(worker)
    return client


def test_the_page_shows_the_chronology_and_is_audited(signed_in, child, worker) -> None:
    people_events(child, worker)
    contacts_events(child, worker)

    response = signed_in.get(f"/people/{child.pk}/chronology/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "12 events, newest first" in body
    assert body.index("Decision: Social work assessment") < body.index("Grandmother died")
    assert "Sam Patel (source: Mother)" in body
    assert "From merged record" not in body
    assert f'href="/people/{child.pk}/chronology/add/"' in body
    assert f'href="/people/{child.pk}/chronology/?print=1"' in body
    assert f'href="/people/{child.pk}/chronology.csv"' in body
    event = AuditEvent.objects.get(action="view")
    assert (event.actor, event.action, event.object_type, event.object_id, event.summary) == (
        worker,
        "view",
        "people.person",
        str(child.pk),
        "Chronology",
    )


def test_the_person_page_links_to_the_chronology(signed_in, child) -> None:
    body = signed_in.get(f"/people/{child.pk}/").content.decode()
    assert f'href="/people/{child.pk}/chronology/">Chronology</a>' in body


def test_people_without_access_are_refused(client, child) -> None:
    client.force_login(make_user(Role.MASH_PARTNER))
    for url in ("chronology/", "chronology.csv", "chronology/add/"):
        assert client.get(f"/people/{child.pk}/{url}").status_code == 403
    assert client.post(f"/people/{child.pk}/chronology/add/", {"title": "x"}).status_code == 403
    assert not AuditEvent.objects.exclude(action="refused").exists()
    assert AuditEvent.objects.filter(action="refused").count() == 4
    assert not SignificantEvent.objects.exists()


def test_an_analyst_reads_only_what_the_returns_need_not_the_chronology(client, child) -> None:
    client.force_login(make_user(Role.PERFORMANCE_ANALYST))
    response = client.get(f"/people/{child.pk}/chronology/")
    assert response.status_code == 403
    assert "You need a reason to open this record" in response.content.decode()
    assert not AuditEvent.objects.filter(action="view").exists()
    assert client.get(f"/people/{child.pk}/chronology/add/").status_code == 403
    assert client.post(f"/people/{child.pk}/chronology/add/", {"title": "x"}).status_code == 403
    assert not SignificantEvent.objects.exists()


def test_filters_in_the_url_are_applied_kept_and_carried_to_the_csv(
    signed_in, child, worker
) -> None:
    people_events(child, worker)
    contacts_events(child, worker)
    query = {
        "type": ["contact", "referral"],
        "date_from_day": "3",
        "date_from_month": "11",
        "date_from_year": "2026",
        "date_to_day": "",
        "date_to_month": "",
        "date_to_year": "",
    }

    response = signed_in.get(f"/people/{child.pk}/chronology/", query)

    body = response.content.decode()
    assert "2 events, newest first" in body
    assert "Referral R" in body and "Grandmother died" not in body
    assert checked_values(body, "type") == ["contact", "referral"]
    assert body.count('name="type" type="checkbox"') == len(event_kinds())
    assert input_value(body, "date_from_day") == "3"
    csv_link = (
        f'href="/people/{child.pk}/chronology.csv?type=contact&amp;type=referral&amp;'
        "date_from_day=3&amp;date_from_month=11&amp;date_from_year=2026&amp;date_to_day=&amp;"
        'date_to_month=&amp;date_to_year="'
    )
    assert csv_link in body
    csv = signed_in.get(f"/people/{child.pk}/chronology.csv", query).content.decode()
    assert [line.split(",")[1] for line in csv.splitlines()[1:]] == ["Contact", "Referral"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            {"date_from_day": "31", "date_from_month": "2", "date_from_year": "2026"},
            [("#id_date_from_day", "From must be a real date")],
        ),
        (
            {"date_to_day": "1", "date_to_month": "", "date_to_year": "26"},
            [("#id_date_to_day", "To must include a month")],
        ),
        (
            {
                **{"date_from_day": "2", "date_from_month": "3", "date_from_year": "2026"},
                **{"date_to_day": "1", "date_to_month": "3", "date_to_year": "2026"},
            },
            [("#id_date_to_day", "The ‘to’ date must be the same as or after the ‘from’ date")],
        ),
        ({"type": "nonsense"}, [("#id_type_0", "Select types of event from the list")]),
    ],
)
def test_bad_filters_get_messages_not_errors(signed_in, child, worker, query, expected) -> None:
    contacts_events(child, worker)

    response = signed_in.get(f"/people/{child.pk}/chronology/", query)

    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == expected
    assert "<title>Error: " in body
    assert "Correct the filters to see the chronology." in body
    assert 'id="chronology"' not in body and 'id="csv-link"' not in body
    csv = signed_in.get(f"/people/{child.pk}/chronology.csv", query)
    assert csv.status_code == 302
    assert csv["Location"].startswith(f"/people/{child.pk}/chronology/?")


def test_the_printable_version_leaves_out_the_filters(signed_in, child, worker) -> None:
    contacts_events(child, worker)

    body = signed_in.get(
        f"/people/{child.pk}/chronology/", {"type": "referral", "print": "1"}
    ).content.decode()

    assert 'id="chronology-filters"' not in body
    assert "Referral; " not in body and ">Referral</dd>" in body
    assert "by Sam Patel" in body
    assert "1 event, newest first" in body
    assert AuditEvent.objects.get(action="view").summary == "Chronology (print)"


def test_a_merged_records_events_say_where_they_came_from(signed_in, child, worker) -> None:
    merged = PersonFactory(first_name="Amelie", last_name="Hart", merged_into=child)
    SignificantEvent.objects.create(
        person=merged,
        occurred_on=date(2026, 5, 1),
        title="On the merged record",
        recorded_by=worker,
    )
    body = signed_in.get(f"/people/{child.pk}/chronology/").content.decode()
    assert "From merged record: Amelie Hart" in body
    body = signed_in.get(f"/people/{merged.pk}/chronology/").content.decode()
    assert f'href="/people/{child.pk}/chronology/">another record' in body


# --- the CSV --------------------------------------------------------------------------------


def test_the_csv_is_exact_guarded_and_audited(signed_in, child, worker) -> None:
    SignificantEvent.objects.create(
        person=child,
        occurred_on=date(2026, 10, 1),
        title='=HYPERLINK("http://example.test")',
        detail="-2+3",
        source="@school",
        recorded_by=worker,
    )
    contact = ContactFactory(
        child__person=child,
        csw=worker,
        received_at=london(2026, 11, 6, 14, 0),
        concern_summary='Bruises, "explained" twice.\nSeen by nurse.',
    )

    response = signed_in.get(f"/people/{child.pk}/chronology.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="chronology-{child.la_child_id or child.pk}-{today}.csv"'
    )
    assert response.content.decode() == (
        "date,type,title,detail,recorded by,link\r\n"
        f"2026-11-06 14:00,Contact,Contact {contact.reference} received from Northshire Primary "
        'School,"Bruises, ""explained"" twice.\nSeen by nurse.",'
        '"Sam Patel (source: Dana Whitfield, Northshire Primary School)",'
        f"http://testserver/contacts/{contact.pk}/\r\n"
        '2026-10-01,Significant event,"\'=HYPERLINK(""http://example.test"")",\'-2+3,'
        "Sam Patel (source: @school),\r\n"
    )
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.object_id, event.summary) == (
        worker,
        "view",
        str(child.pk),
        "Chronology CSV",
    )


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(signed_in, child, worker, start) -> None:
    SignificantEvent.objects.create(
        person=child, occurred_on=date(2026, 10, 1), title=f"{start}1+1", recorded_by=worker
    )
    rows = signed_in.get(f"/people/{child.pk}/chronology.csv").content.decode().splitlines()
    assert rows[1].split(",")[2] == f"'{start}1+1"


# --- adding a significant event ----------------------------------------------------------


def test_adding_a_significant_event(signed_in, child, worker) -> None:
    assert signed_in.get(f"/people/{child.pk}/chronology/add/").status_code == 200
    response = signed_in.post(
        f"/people/{child.pk}/chronology/add/",
        {
            "occurred_on_day": "1",
            "occurred_on_month": "10",
            "occurred_on_year": "2026",
            "title": " Moved school ",
            "detail": "To Northshire High.",
            "source": "Mother",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/people/{child.pk}/chronology/"
    event = SignificantEvent.objects.get()
    assert (event.person, event.occurred_on, event.title, event.detail, event.source) == (
        child,
        date(2026, 10, 1),
        "Moved school",
        "To Northshire High.",
        "Mother",
    )
    assert event.recorded_by == worker
    audit = AuditEvent.objects.get()
    assert (audit.actor, audit.action, audit.object_type, audit.object_id) == (
        worker,
        "significant_event.add",
        "people.significantevent",
        str(event.pk),
    )
    page = signed_in.get(response["Location"]).content.decode()
    assert "Significant event added: Moved school" in page and "To Northshire High." in page


def test_bad_input_gets_messages_at_the_fields_and_keeps_what_was_typed(signed_in, child) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = signed_in.post(
        f"/people/{child.pk}/chronology/add/",
        {
            "occurred_on_day": str(tomorrow.day),
            "occurred_on_month": str(tomorrow.month),
            "occurred_on_year": str(tomorrow.year),
            "title": "",
            "detail": "Long note that must not be lost.",
            "source": "Health visitor",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [
        ("#id_occurred_on_day", "Date of the event must be today or in the past"),
        ("#id_title", "Enter what happened"),
    ]
    assert 'id="id_title-error" class="govuk-error-message"' in body
    assert input_value(body, "occurred_on_day") == str(tomorrow.day)
    assert input_value(body, "occurred_on_year") == str(tomorrow.year)
    assert textarea_text(body, "detail") == "Long note that must not be lost."
    assert input_value(body, "source") == "Health visitor"
    assert not SignificantEvent.objects.exists() and not AuditEvent.objects.exists()

    long_title = "x" * 201
    body = signed_in.post(
        f"/people/{child.pk}/chronology/add/",
        {
            "occurred_on_day": "1",
            "occurred_on_month": "",
            "occurred_on_year": "",
            "title": long_title,
        },
    ).content.decode()
    assert error_summary(body) == [
        ("#id_occurred_on_day", "Date of the event must include a month and year"),
        ("#id_title", "What happened must be 200 characters or fewer"),
    ]
    assert input_value(body, "title") == long_title


def test_the_service_checks_its_input_and_audits(child, worker) -> None:
    with pytest.raises(DomainError) as error:
        significant_event_add(
            actor=worker,
            person_id=child.pk,
            occurred_on=timezone.localdate() + timedelta(days=1),
            title="Future",
        )
    assert error.value.field == "occurred_on"
    with pytest.raises(DomainError) as error:
        significant_event_add(
            actor=worker, person_id=child.pk, occurred_on=date(2026, 1, 1), title="   "
        )
    assert (error.value.field, error.value.message) == ("title", "Enter what happened")
    merged = PersonFactory(merged_into=child)
    with pytest.raises(DomainError, match="merged"):
        significant_event_add(
            actor=worker, person_id=merged.pk, occurred_on=date(2026, 1, 1), title="Late"
        )
    assert not SignificantEvent.objects.exists() and not AuditEvent.objects.exists()

    event = significant_event_add(
        actor=worker, person_id=child.pk, occurred_on=date(2026, 1, 1), title=" Court order "
    )
    audit = AuditEvent.objects.get()
    assert audit.summary == "Significant event for Amelia Hart: Court order"
    assert audit.changes == {
        "person_id": [None, child.pk],
        "occurred_on": [None, "2026-01-01"],
        "title": [None, "Court order"],
    }
    assert [e.title for e in chronology_for(person=child)] == [event.title]
