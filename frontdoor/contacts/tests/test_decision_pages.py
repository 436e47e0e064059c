"""Deciding for each child and authorising, through Django's test client, JavaScript off; the
work trays, and the audit trail of one journey."""

from __future__ import annotations

import pytest

from frontdoor.accounts.models import Role
from frontdoor.accounts.tests.factories import (
    ContactFactory,
    DecisionFactory,
    TeamFactory,
    checked_values,
    error_summary,
    input_value,
    london,
    make_user,
    only_child,
    textarea_text,
)
from frontdoor.casework.models import EarlyHelpEpisode
from frontdoor.contacts.models import Contact, Decision
from frontdoor.contacts.tests.pages import (
    DECISION_POST,
    NEW_CHILD,
    authorise_url,
    decide_url,
    edit_url,
    screen,
)
from frontdoor.core.models import AuditEvent
from frontdoor.people.models import Person

pytestmark = pytest.mark.django_db


def test_decision_page_is_audited_as_a_view_of_the_child(signed_in, csw) -> None:
    contact = ContactFactory(csw=csw)
    response = signed_in.get(decide_url(contact))
    assert response.status_code == 200
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.object_type, event.summary) == (
        csw,
        "view",
        "people.person",
        "Opened to decide",
    )
    assert event.object_id == str(only_child(contact).person_id)


def test_decision_without_rationale_keeps_the_other_text(signed_in, csw) -> None:
    contact = ContactFactory(csw=csw)
    response = signed_in.post(decide_url(contact), DECISION_POST | {"rationale": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [("#id_rationale", "Enter the rationale for this decision")]
    assert textarea_text(body, "best_placed") == "School to lead an early help assessment."
    assert textarea_text(body, "child_views") == "Amelia says she likes school."
    assert input_value(body, "agency_taking_action") == "Northshire Primary School"
    assert checked_values(body, "outcome") == ["early_help"]
    assert not Decision.objects.exists()


def test_decision_is_recorded(signed_in, csw) -> None:
    contact = ContactFactory(csw=csw)
    response = signed_in.post(decide_url(contact), DECISION_POST)
    assert response.status_code == 302
    assert response["Location"] == f"/contacts/{contact.pk}/"
    decision = Decision.objects.get()
    assert (decision.status, decision.decided_by, decision.child_views) == (
        "final",
        csw,
        "Amelia says she likes school.",
    )


def test_second_csw_sees_already_decided_and_keeps_their_text(client) -> None:
    team = TeamFactory()
    sam = make_user(Role.CSW, first_name="Sam", last_name="Patel", team=team)
    kim = make_user(Role.CSW, first_name="Kim", last_name="Ode", team=team)
    contact = ContactFactory(csw=sam)
    DecisionFactory(
        contact_child=only_child(contact), decided_by=sam, decided_at=london(2026, 11, 9, 10, 15)
    )
    client.force_login(kim)
    kims = "Kim's own careful reasoning about the bruises."
    response = client.post(decide_url(contact), DECISION_POST | {"rationale": kims})
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [
        ("", "Sam Patel already decided for this child at 10:15 on 9 November 2026")
    ]
    assert "<strong>Already decided:</strong> Early help by Sam Patel." in body
    assert textarea_text(body, "rationale") == kims
    assert Decision.objects.count() == 1
    assert Decision.objects.get().decided_by == sam


def test_contact_centre_officer_cannot_open_the_decision_page(client) -> None:
    contact = ContactFactory()
    client.force_login(make_user(Role.CONTACT_CENTRE_OFFICER))
    assert client.get(decide_url(contact)).status_code == 403
    assert client.post(decide_url(contact), DECISION_POST).status_code == 403
    assert not Decision.objects.exists()


def test_a_child_from_another_contact_is_404(signed_in) -> None:
    one, other = ContactFactory(), ContactFactory()
    url = f"/contacts/{one.pk}/children/{only_child(other).pk}/decide/"
    assert signed_in.get(url).status_code == 404


def test_decision_page_for_a_contact_received_on_29_february(signed_in, csw) -> None:
    contact = ContactFactory(csw=csw, received_at=london(2024, 2, 29, 11, 0))
    assert signed_in.get(decide_url(contact)).status_code == 200


def test_a_returned_decision_is_shown_to_change_and_can_be_revised(signed_in, csw) -> None:
    contact = ContactFactory(csw=csw)
    decision = DecisionFactory(
        contact_child=only_child(contact),
        status=Decision.Status.RETURNED,
        outcome="strategy_discussion",
        rationale="First thoughts",
        manager_comment="Check with the school nurse first.",
        version=2,
    )
    page = signed_in.get(decide_url(contact)).content.decode()
    assert "Check with the school nurse first." in page
    assert textarea_text(page, "rationale") == "First thoughts"
    assert input_value(page, "version") == "2"
    response = signed_in.post(decide_url(contact), DECISION_POST | {"version": "2"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.status, decision.outcome, decision.version) == ("final", "early_help", 3)


def test_manager_sees_and_authorises(client, waiting) -> None:
    manager = make_user(Role.TEAM_MANAGER)
    client.force_login(manager)
    page = client.get(authorise_url(waiting))
    assert page.status_code == 200
    assert "This outcome needs a manager&#x27;s authorisation" in page.content.decode()
    response = client.post(
        authorise_url(waiting), {"action": "authorise", "version": "1", "comment": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    waiting.refresh_from_db()
    assert (waiting.status, waiting.authorised_by) == ("authorised", manager)


def test_returning_without_a_comment_is_shown_at_the_field(client, waiting) -> None:
    client.force_login(make_user(Role.TEAM_MANAGER))
    response = client.post(
        authorise_url(waiting), {"action": "return", "version": "1", "comment": " "}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert error_summary(body) == [("#id_comment", "Enter a comment saying what needs to change")]
    waiting.refresh_from_db()
    assert waiting.status == Decision.Status.AWAITING_AUTHORISATION


def test_returning_with_a_comment(client, waiting) -> None:
    client.force_login(make_user(Role.TEAM_MANAGER))
    response = client.post(
        authorise_url(waiting), {"action": "return", "version": "1", "comment": "Not yet."}
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.status, waiting.manager_comment) == ("returned", "Not yet.")


def test_csw_cannot_open_the_authorise_page(signed_in, waiting) -> None:
    assert signed_in.get(authorise_url(waiting)).status_code == 403
    assert signed_in.post(authorise_url(waiting), {"version": "1"}).status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == Decision.Status.AWAITING_AUTHORISATION


def test_manager_cannot_authorise_their_own_decision_page(client) -> None:
    manager = make_user(Role.TEAM_MANAGER)
    decision = DecisionFactory(
        contact_child=only_child(ContactFactory()),
        decided_by=manager,
        status=Decision.Status.AWAITING_AUTHORISATION,
    )
    client.force_login(manager)
    response = client.post(authorise_url(decision), {"action": "authorise", "version": "1"})
    assert response.status_code == 200
    assert error_summary(response.content.decode()) == [
        ("", "A manager cannot authorise their own decision")
    ]
    decision.refresh_from_db()
    assert decision.status == Decision.Status.AWAITING_AUTHORISATION


# --- work trays ------------------------------------------------------------------------------


def test_work_trays_for_a_csw_and_a_manager(client, csw, waiting) -> None:
    overdue = ContactFactory(csw=csw)  # due 9 November 2026, long past
    client.force_login(csw)
    body = client.get("/").content.decode()
    assert "My contacts awaiting decision" in body
    assert f'href="/contacts/{overdue.pk}/">C{overdue.pk:06d}</a>' in body
    assert "govuk-tag--red" in body and "Overdue" in body
    assert "Awaiting my authorisation" not in body

    client.force_login(make_user(Role.TEAM_MANAGER))
    body = client.get("/").content.decode()
    assert "Awaiting my authorisation" in body
    assert f'href="/contacts/decisions/{waiting.pk}/authorise/"' in body


# --- the audit trail of one journey ----------------------------------------------------------


def test_the_audit_log_holds_every_view_and_write_of_a_journey(signed_in, csw) -> None:
    start = signed_in.post("/contacts/start/")
    contact = Contact.objects.get()
    signed_in.get(start["Location"])
    signed_in.post(edit_url(contact), screen(contact))
    contact.refresh_from_db()
    signed_in.post(edit_url(contact), screen(contact, "create_child", **NEW_CHILD))
    child = Person.objects.get()
    contact.refresh_from_db()
    recorded = signed_in.post(edit_url(contact), screen(contact, "record"))
    assert recorded.status_code == 302
    signed_in.get(f"/contacts/{contact.pk}/")
    assert signed_in.post(decide_url(contact), DECISION_POST).status_code == 302
    decision = Decision.objects.get()

    trail = [
        (e.actor_id, e.action, e.object_type, e.object_id)
        for e in AuditEvent.objects.order_by("id")
    ]
    c, p, d = str(contact.pk), str(child.pk), str(decision.pk)
    e = str(EarlyHelpEpisode.objects.get(person=child).pk)
    assert trail == [
        (csw.pk, "contact.start", "contacts.contact", c),
        (csw.pk, "view", "contacts.contact", c),
        (csw.pk, "contact.update", "contacts.contact", c),
        (csw.pk, "person.create", "people.person", p),
        (csw.pk, "contact.child_add", "contacts.contact", c),
        (csw.pk, "contact.record", "contacts.contact", c),
        (csw.pk, "view", "contacts.contact", c),
        (csw.pk, "decision.make", "contacts.decision", d),
        # An early help decision opens an episode for the pathway advisors (casework).
        (csw.pk, "early_help.open", "casework.earlyhelpepisode", e),
    ]
    update = AuditEvent.objects.get(action="contact.update")
    assert update.changes["referrer_name"] == ["", "Dana Whitfield"]
    assert update.changes["received_at"][1] == "2026-11-06T14:00:00+00:00"


def test_the_councils_threshold_descriptors_are_beside_the_level_of_need(signed_in, csw) -> None:
    contact = ContactFactory(csw=csw)
    body = signed_in.get(decide_url(contact)).content.decode()
    guidance = body[body.index('id="threshold-guidance"') :]
    # As the migration seeds them, in the order the levels are offered.
    assert guidance.index("Universal: needs met by universal services") < guidance.index(
        "Specialist: acute needs or child protection"
    )
    assert "significant harm" in guidance
    assert "Usually: Advice or information only; Early help" in guidance


def test_decisions_whose_outcome_does_not_follow_their_level_are_picked_out() -> None:
    from frontdoor.contacts.selectors import decisions_where_level_and_outcome_disagree

    DecisionFactory(need_level="early_help", outcome="early_help")  # fits: not picked out
    advice_at_specialist = DecisionFactory(need_level="specialist", outcome="advice")
    strategy_at_universal = DecisionFactory(need_level="universal", outcome="strategy_discussion")
    assert set(decisions_where_level_and_outcome_disagree(Decision.objects.all())) == {
        advice_at_specialist,
        strategy_at_universal,
    }
